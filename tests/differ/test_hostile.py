"""Hostile input, as the web app may receive it (up to 1 MB a statement): no crash, valid
offsets, and a time budget that stops a pathological pair instead of holding a worker."""

from __future__ import annotations

import random
import string
import time
from pathlib import Path

import pytest

from app.differ import Alignment, AlignmentTimeout, align

EVAL = Path(__file__).resolve().parents[2] / "data" / "eval"
MB = 1_000_000


def _readout() -> str:
    return (EVAL / "2025-03-18_kremlin.txt").read_text(encoding="utf-8")


def _sentence() -> str:
    return "It was agreed to begin negotiations to further work out specific details. "


HOSTILE: dict[str, str] = {
    "one 1 MB line without punctuation": " ".join(
        ["ceasefire negotiations energy Putin Kyiv agreed words"] * (MB // 54)
    ),
    "20,000 one-word sentences": " ".join(["Yes.", "No."] * 10_000),
    "20,000 times the same word": "Yes. " * 20_000,
    "1 MB of one sentence repeated": _sentence() * (MB // len(_sentence())),
    "emoji and right-to-left text": ("مرحبا بالعالم 🎉🇺🇦 שלום עולם. " * 30_000)[:MB],
    "control characters": "".join(chr(i % 32) + "ab" for i in range(300_000)),
    "no letters at all": ("123, 456. 7.8 -- !!! ??? 2025-03-18 " * 30_000)[:MB],
}


def _check_well_formed(result: Alignment, left: str, right: str) -> None:
    """Offsets slice the texts, clauses are in order without overlap, links are valid."""
    for side, text in ((result.left, left), (result.right, right)):
        assert side.text == text
        last = 0
        for clause in side.clauses:
            assert last <= clause.start < clause.end <= len(text)
            assert text[clause.start : clause.end].strip()
            last = clause.end
    for link in result.links:
        assert link.left and link.right
        assert all(0 <= i < len(result.left.clauses) for i in link.left)
        assert all(0 <= j < len(result.right.clauses) for j in link.right)
        for spans, text in ((link.left_spans, left), (link.right_spans, right)):
            assert all(0 <= s.start < s.end <= len(text) for s in spans)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_text_against_a_readout(name: str) -> None:
    text, readout = HOSTILE[name], _readout()
    result = align(text, readout)
    _check_well_formed(result, text, readout)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_text_against_itself(name: str) -> None:
    text = HOSTILE[name]
    result = align(text, text)
    _check_well_formed(result, text, text)
    assert len(result.links) == len(result.left.clauses)
    assert all(link.kind == "same" for link in result.links)


def test_a_line_without_punctuation_is_cut_into_readable_clauses() -> None:
    result = align(HOSTILE["one 1 MB line without punctuation"], "")
    assert len(result.left.clauses) > 100
    assert all(c.sentence == 0 for c in result.left.clauses)


def test_punctuation_alone_is_not_a_sentence() -> None:
    result = align("Talks went well. ??? They will meet again. ***", "")
    texts = [result.left.text[c.start : c.end] for c in result.left.clauses]
    assert texts == ["Talks went well. ???", "They will meet again. ***"]


def test_a_tiny_budget_stops_a_large_alignment() -> None:
    text = HOSTILE["1 MB of one sentence repeated"]
    with pytest.raises(AlignmentTimeout) as caught:
        align(text, _readout(), budget_seconds=0.0001)
    assert "0.0001 seconds" in str(caught.value)
    assert caught.value.budget_seconds == 0.0001


def test_a_generous_budget_changes_nothing() -> None:
    readout = _readout()
    other = (EVAL / "2025-03-18_whitehouse.txt").read_text(encoding="utf-8")
    assert align(other, readout, budget_seconds=60.0) == align(other, readout)


def test_alignment_timeout_is_an_exception() -> None:
    assert issubclass(AlignmentTimeout, Exception)


def _prefix_words(count: int, seed: int) -> str:
    """`count` distinct made-up words that all share their first three letters."""
    rng = random.Random(seed)
    letters = string.ascii_lowercase
    return " ".join("con" + "".join(rng.choice(letters) for _ in range(6)) for _ in range(count))


# About 40 KB each: what once held a worker for 20 s to a minute of CPU, inside one regex
# call or one loop that never looked at the clock.
ADVERSARIAL: dict[str, tuple[str, str]] = {
    "a run of dots before a letter": ("." * 40_000 + "a", "A readout."),
    "a run of ?! before a letter": ("!?" * 20_000 + "a", "A readout."),
    "a run of closing quotes after a period": ("a." + '"' * 40_000 + "b", "A readout."),
    "a run of spaces inside a long sentence": (
        "The two leaders met today in Geneva"
        + " " * 40_000
        + "and agreed on many things about trade, energy and security.",
        "A readout.",
    ),
    "4,000 distinct words a side sharing a prefix": (
        _prefix_words(4000, 1),
        _prefix_words(4000, 2),
    ),
}


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_adversarial_text_holds_a_worker_no_longer_than_its_budget(name: str) -> None:
    """The promise of the README: aligning stops within its budget (give or take the
    interval between two looks at the clock), whatever the text, or finishes sooner."""
    left, right = ADVERSARIAL[name]
    start = time.thread_time()
    try:
        result = align(left, right, budget_seconds=1.0)
    except AlignmentTimeout:
        pass
    else:
        _check_well_formed(result, left, right)
    assert time.thread_time() - start < 2.0
