#!/usr/bin/env python3
"""Speed of the differ as numbers: median time and peak memory, against difflib.

usage: .venv/bin/python tests/benchmarks/speed.py [--quick] [--regex] [--many]
  (--quick: fewer runs, no hostile input; --regex: only the regex table; --many: only six
  statements of 1,000 words collated, which must take under 1 s)

Inputs are the dev gold pair and synthetic pairs of about 1k, 5k, 20k and 50k words a side,
built from the real sentences of data/eval: the start of one real sentence is joined to the
end of another, numbers are changed and some words swapped for made-up names, and the
right side reorders,
drops, rewords and adds sentences, so tokens are neither all identical nor all unique. For
the same inputs, split into lines by sentence, the time of difflib.HtmlDiff().make_table is
printed, with the ratio: machines differ, a ratio travels.

The regex table takes every regular expression the differ applies to user text, builds
for each an input of 10,000 and of 40,000 characters made to make it backtrack (long runs
of what it repeats, followed by what makes it fail), and times the differ step that applies
it (and the whole alignment) on both: time that grows at most linearly grows about 4x.
The load average is printed: the machine may be shared.
"""

from __future__ import annotations

import difflib
import os
import random
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from app.differ import align, collate  # noqa: E402
from app.differ.prepare import prepare  # noqa: E402
from app.differ.segment import clauses, sentences  # noqa: E402
from app.differ.similarity import tokenize  # noqa: E402

EVAL = ROOT / "data" / "eval"
SIZES = (1_000, 5_000, 20_000, 50_000)
SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ne",
    "ru",
    "sa",
    "ti",
    "vo",
    "ze",
    "ba",
    "de",
    "fi",
    "go",
    "hu",
    "ja",
    "ko",
    "li",
    "mu",
    "no",
    "pe",
    "ra",
    "si",
    "tu",
]


def corpus() -> list[str]:
    found: list[str] = []
    for path in sorted(EVAL.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        found.extend(" ".join(text[a:b].split()) for a, b in sentences(text))
    return sorted(set(found))


def made_up_word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def vary(sentence: str, rng: random.Random, names: list[str]) -> str:
    words = sentence.split()
    for k, word in enumerate(words):
        if word[:1].isdigit():
            words[k] = str(rng.randint(2, 500))
        elif len(word) > 5 and rng.random() < 0.15:
            words[k] = rng.choice(names)
    return " ".join(words)


def recombined(pool: list[str], rng: random.Random) -> str:
    """The start of one real sentence joined to the end of another: new sentences, real words."""
    head, tail = rng.choice(pool).split(), rng.choice(pool).split()
    cut_head, cut_tail = rng.randint(1, max(1, len(head) - 1)), rng.randint(0, len(tail) - 1)
    return " ".join(head[:cut_head] + tail[cut_tail:])


def synthetic(words: int, seed: int = 7) -> tuple[str, str]:
    """A left text of about `words` words and a right text telling mostly the same."""
    rng = random.Random(seed)
    pool = corpus()
    names = [made_up_word(rng) for _ in range(max(200, words // 10))]
    left: list[str] = []
    count = 0
    while count < words:
        sentence = vary(recombined(pool, rng), rng, names)
        left.append(sentence)
        count += len(sentence.split())
    right = [vary(s, rng, names) if rng.random() < 0.5 else s for s in left if rng.random() > 0.2]
    right.extend(vary(recombined(pool, rng), rng, names) for _ in range(len(left) // 5))
    blocks = [right[k : k + 5] for k in range(0, len(right), 5)]
    rng.shuffle(blocks)
    return _paragraphs(left), _paragraphs([s for b in blocks for s in b])


def _paragraphs(sents: list[str]) -> str:
    return "\n".join(" ".join(sents[k : k + 4]) for k in range(0, len(sents), 4))


def hostile() -> dict[str, str]:
    """Input the web app may receive (up to 1 MB a statement), as in tests/differ/test_hostile."""
    mb = 1_000_000
    sentence = "It was agreed to begin negotiations to further work out specific details. "
    return {
        "1 MB line, no punctuation": " ".join(
            ["ceasefire negotiations energy Putin Kyiv agreed words"] * (mb // 54)
        ),
        "20k one-word sentences": " ".join(["Yes.", "No."] * 10_000),
        "20k times one word": "Yes. " * 20_000,
        "1 MB of one sentence": sentence * (mb // len(sentence)),
        "emoji and RTL": ("مرحبا بالعالم 🎉🇺🇦 שלום עולם. " * 30_000)[:mb],
        "control characters": "".join(chr(i % 32) + "ab" for i in range(300_000)),
        "no letters": ("123, 456. 7.8 -- !!! ??? 2025-03-18 " * 30_000)[:mb],
    }


def hostile_table(readout: str) -> None:
    """Median of 3 runs against a real readout and against itself, and peak memory."""
    print(f"\n{'hostile input':<28} {'vs readout':>11} {'vs itself':>11} {'peak MiB':>9}")
    for name, text in hostile().items():
        t_other, _ = measure(lambda text=text: align(text, readout), 3, trace=False)
        t_self, mem = measure(lambda text=text: align(text, text), 3)
        print(f"{name:<28} {t_other * 1000:>9.1f}ms {t_self * 1000:>9.1f}ms {mem:>9.1f}")


def _prefixed_words(n: int) -> str:
    rng = random.Random(3)
    words = ("con" + "".join(rng.choice("abcdefghij") for _ in range(6)) for _ in range(n // 10))
    return " ".join(words)


# (regex, where the differ applies it, the step timed, an adversarial input of n characters)
REGEXES: list[tuple[str, str, Callable[[str], object], Callable[[int], str]]] = [
    ("_TERMINAL (dots)", "segment: sentence ends", sentences, lambda n: "." * n + "a"),
    ("_TERMINAL (?!)", "segment: sentence ends", sentences, lambda n: "!?" * (n // 2) + "a"),
    ("_TERMINAL (closers)", "segment: sentence ends", sentences, lambda n: "a." + '"' * n + "b"),
    ("_NEWLINE/_NEXT_CHAR", "segment: paragraphs", sentences, lambda n: "a" + "\n " * (n // 2)),
    ("_WORD", "segment: word after a period", sentences, lambda n: "A. " + "b-" * (n // 2)),
    ("_WORD_BEFORE", "segment: word before a period", sentences, lambda n: "a" * n + ". B"),
    ("_LIST_MARKER", "segment: numbered items", sentences, lambda n: "\n1. A" * (n // 5)),
    ("_HAS_WORD", "segment: empty sentences", sentences, lambda n: "?! " * (n // 3)),
    (
        "_PHRASE_SPLIT (spaces)",
        "segment: clause cuts",
        clauses,
        lambda n: "The two leaders met today in Geneva" + " " * n + "and they agreed on trade.",
    ),
    ("_PHRASE_SPLIT (commas)", "segment: clause cuts", clauses, lambda n: "a," * (n // 2) + "b"),
    ("_STRONG_SPLIT", "segment: clause cuts", clauses, lambda n: "a word here; " * (n // 13)),
    ("_VERBISH/_WORDS", "segment: clause cuts", clauses, lambda n: "x, and The " + "ed" * n),
    ("_TOKEN (U.S.)", "similarity: words", tokenize, lambda n: "U." * (n // 2) + "1"),
    ("_TOKEN (1,000)", "similarity: words", tokenize, lambda n: "1," * (n // 2) + "a"),
    ("_TOKEN (apostrophes)", "similarity: words", tokenize, lambda n: "a'" * (n // 2) + "1"),
    (
        "variant merging",
        "similarity: spelling variants",
        lambda t: prepare(t, t[::-1]),
        _prefixed_words,
    ),
    (
        "_SPACE/_EVENT/_ANAPHORA",
        "linking: openings",
        lambda t: prepare(t, t),
        lambda n: "discuss" + "x" * n + " spoke.",
    ),
    (
        "_QUESTION_MARK",
        "prepare: questions",
        lambda t: prepare(t, "Q?"),
        lambda n: "Q " * (n // 2) + "?",
    ),
]


def regex_table() -> None:
    """Time of each differ step on its regex's adversarial input, at 10k and 40k chars."""
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"\nregex on user text (load average {load}); linear growth is about 4x")
    print(
        f"{'regex':<26} {'step':<30} {'10k':>9} {'40k':>9} {'x':>5}"
        f" {'align 10k':>10} {'align 40k':>10} {'x':>5}"
    )
    other = "A readout. It has two sentences."
    for name, where, step, make in REGEXES:
        small, large = make(10_000), make(40_000)
        t_small = _cpu(lambda step=step, text=small: step(text))
        t_large = _cpu(lambda step=step, text=large: step(text))
        a_small = _cpu(lambda text=small: align(text, other))
        a_large = _cpu(lambda text=large: align(text, other))
        print(
            f"{name:<26} {where:<30} {t_small * 1000:>7.1f}ms {t_large * 1000:>7.1f}ms"
            f" {t_large / max(t_small, 1e-9):>5.1f} {a_small * 1000:>8.1f}ms"
            f" {a_large * 1000:>8.1f}ms {a_large / max(a_small, 1e-9):>5.1f}"
        )


def _cpu(run: Callable[[], object], repeats: int = 3) -> float:
    """Least thread CPU time of a few runs: the least disturbed by other processes."""
    times = []
    for _ in range(repeats):
        start = time.thread_time()
        run()
        times.append(time.thread_time() - start)
    return min(times)


def measure(run: Callable[[], object], repeats: int, trace: bool = True) -> tuple[float, float]:
    """Median seconds over `repeats` runs, and peak traced memory in MiB of one run."""
    run()  # warm caches (word frequencies, stems) as a long-running server would have them
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    if not trace:
        return statistics.median(times), float("nan")
    tracemalloc.start()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(times), peak / 2**20


def six_accounts(words: int = 1_000) -> list[str]:
    """Six accounts of about `words` words: three synthetic pairs (each pair telling mostly
    the same, the pairs telling different things, as six governments' readouts would)."""
    texts: list[str] = []
    for seed in (7, 8, 9):
        texts.extend(synthetic(words, seed))
    return texts


def many_table(quick: bool) -> None:
    """Six statements of 1,000 words each, collated (15 pairs and the points): under 1 s."""
    texts = six_accounts()
    labels = [f"Issuer {k + 1}" for k in range(len(texts))]
    run = lambda: collate(texts, labels)  # noqa: E731
    t, mem = measure(run, 3 if quick else 5)
    cpu = _cpu(run)
    words = "/".join(str(len(text.split())) for text in texts)
    print(
        f"\nsix statements ({words} words): {t * 1000:.0f} ms wall (median), "
        f"{cpu * 1000:.0f} ms CPU (least), peak {mem:.1f} MiB; the goal is under 1,000 ms"
    )


def html_diff(left: str, right: str) -> Callable[[], object]:
    a = [left[s:e] for s, e in sentences(left)]
    b = [right[s:e] for s, e in sentences(right)]
    return lambda: difflib.HtmlDiff().make_table(a, b)


def main() -> None:
    quick = "--quick" in sys.argv
    if "--regex" in sys.argv:
        regex_table()
        return
    if "--many" in sys.argv:
        many_table(quick)
        return
    print(f"load average: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    dev_left = (EVAL / "2025-03-18_whitehouse.txt").read_text(encoding="utf-8")
    dev_right = (EVAL / "2025-03-18_kremlin.txt").read_text(encoding="utf-8")
    cases = [("dev pair 2025-03-18", dev_left, dev_right)]
    cases += [(f"synthetic {n // 1000}k words/side", *synthetic(n)) for n in SIZES]
    print(
        f"{'input':<28} {'words L/R':>15} {'differ':>10} {'peak MiB':>9}"
        f" {'HtmlDiff':>10} {'ratio':>7}"
    )
    for name, left, right in cases:
        size = len(left.split()) + len(right.split())
        repeats = 21 if size < 5_000 else 5 if size < 50_000 else 3
        if quick:
            repeats = min(repeats, 3)
        t, mem = measure(lambda left=left, right=right: align(left, right), repeats)
        skip_html = quick and size > 50_000
        h = float("nan") if skip_html else measure(html_diff(left, right), min(repeats, 3))[0]
        words = f"{len(left.split())}/{len(right.split())}"
        print(
            f"{name:<28} {words:>15} {t * 1000:>8.1f}ms {mem:>9.1f}"
            f" {h * 1000:>8.1f}ms {h / t:>6.1f}x"
        )
    print("\nratio = HtmlDiff time / differ time (above 1: the differ is faster).")
    many_table(quick)
    if not quick:
        hostile_table(dev_right)
        regex_table()


if __name__ == "__main__":
    main()
