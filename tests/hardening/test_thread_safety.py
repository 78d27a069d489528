"""The differ is called from many threads at once: FastAPI runs every sync endpoint in a
thread pool, so concurrent submissions align concurrently in one process.

The concurrent-submission test against a real server (test_concurrency.py) showed an
occasional 500 (IndexError inside snowballstemmer): the stemmer instance is shared between
threads, and a Snowball stemmer keeps its working state on the instance. These tests make
the race likely (fresh words, so no stem is cached yet, and a short thread switch interval)
and check that concurrent alignment neither raises nor stems a word wrongly.
"""

from __future__ import annotations

import random
import string
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
import snowballstemmer

from app.differ import align
from app.differ.similarity import tokenize

THREADS = 8
SUFFIXES = ("ational", "ization", "fulness", "iveness", "ically", "ements", "ousness", "ingly")


@pytest.fixture
def frequent_thread_switches() -> Iterator[None]:
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-4)
    try:
        yield
    finally:
        sys.setswitchinterval(before)


def fresh_texts(seed: int, count: int) -> list[str]:
    """Texts of made-up words no earlier test has stemmed (the stems are cached)."""
    rng = random.Random(seed)
    salt = "".join(rng.choice(string.ascii_lowercase) for _ in range(3))

    def word() -> str:
        letters = "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(4, 8)))
        return salt + letters + rng.choice(SUFFIXES)

    def sentence() -> str:
        return "The " + " ".join(word() for _ in range(12)) + "."

    return [" ".join(sentence() for _ in range(10)) for _ in range(count)]


def run_concurrently(function: object, items: list[object]) -> list[object]:
    """Call function(item) for every item from THREADS threads; return results or errors."""

    def call(item: object) -> object:
        try:
            return function(item)  # type: ignore[operator]
        except Exception as error:
            return error

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        return list(pool.map(call, items))


def test_concurrent_alignments_do_not_fail(frequent_thread_switches: None) -> None:
    texts = fresh_texts(seed=1, count=2 * THREADS)
    pairs = list(zip(texts[::2], texts[1::2], strict=True))
    results = run_concurrently(lambda pair: align(pair[0], pair[1]), pairs)  # type: ignore[arg-type]
    errors = [repr(result) for result in results if isinstance(result, Exception)]
    assert not errors, f"{len(errors)} of {len(pairs)} concurrent alignments failed: {errors[:3]}"


def test_concurrent_tokenizing_stems_every_word_as_a_single_thread_does(
    frequent_thread_switches: None,
) -> None:
    texts = fresh_texts(seed=2, count=2 * THREADS)
    results = run_concurrently(tokenize, texts)  # type: ignore[arg-type]
    errors = [repr(result) for result in results if isinstance(result, Exception)]
    assert not errors, f"{len(errors)} of {len(texts)} concurrent tokenizings failed: {errors[:3]}"
    private = snowballstemmer.stemmer("english")  # used by this thread only
    wrong = [
        (token.surface, token.term, private.stemWord(token.surface))
        for tokens in results
        for token in tokens  # type: ignore[attr-defined]
        if token.surface.islower() and token.surface != "the"
        if token.term != private.stemWord(token.surface)
    ]
    assert not wrong, f"{len(wrong)} words stemmed wrongly, e.g. (word, got, expected): {wrong[:3]}"
