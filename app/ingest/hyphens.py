"""Rejoin a word that a page layout split across two lines at a hyphen.

A line that ends in "nego-" before "tiations" held a hyphen that the typesetter added;
one that ends in "cross-" before "border" held a hyphen of the word itself. The two look
the same on the page, so the choice is made on evidence, strongest first:

1. the document itself writes one of the two forms elsewhere ("cross-border" in another
   sentence, or "negotiations");
2. otherwise the form more frequent in English (wordfreq, already a dependency: its
   frequency of a hyphenated form is that of its parts as a phrase), so "negotiations"
   beats "nego tiations" and "cross border" beats "crossborder";
3. a tie between two unknown forms ("Zelen-" "skyy") is a break inside a name, unless
   the second part starts with a digit or a capital ("COVID-" "19", "Euro-" "Atlantic").
"""

from __future__ import annotations

import re
from collections.abc import Sequence, Set

from wordfreq import zipf_frequency

HYPHENS = "-\u2010"  # hyphen-minus, hyphen: the marks a line may end in inside a word
SOFT = "\u00ad"  # soft hyphen: a break the typesetter chose, always inside a word
_INSIDE = frozenset(".'’")  # characters a word may hold between its letters ("U.S.", "Putin’s")
_FIRST = re.compile(r"\w+")  # the next line's first word
_HYPHENATED = re.compile(r"\b(\w+)-(\w+)\b")


def document_forms(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """Lower-cased words and hyphenated pairs written whole somewhere in ``text``."""
    words = frozenset(w.lower() for w in re.findall(r"\w+", text))
    pairs = frozenset(f"{a}-{b}".lower() for a, b in _HYPHENATED.findall(text))
    return words, pairs


def join(left: str, right: str, words: Set[str], pairs: Set[str]) -> str:
    """``left`` (a line's last word, its trailing hyphen removed) joined to ``right``."""
    closed, hyphenated = left + right, f"{left}-{right}"
    if hyphenated.lower() in pairs:
        return hyphenated
    if closed.lower() in words:
        return closed
    closed_freq = zipf_frequency(closed, "en")
    hyphenated_freq = zipf_frequency(hyphenated, "en")
    if closed_freq != hyphenated_freq:
        return closed if closed_freq > hyphenated_freq else hyphenated
    return hyphenated if right[:1].isdigit() or right[:1].isupper() else closed


def join_lines(lines: Sequence[str], words: Set[str], pairs: Set[str]) -> str:
    """The lines of one paragraph as one line: a space between them, or a rejoined word."""
    out = lines[0]
    for line in lines[1:]:
        mark = out[-1:]
        start = _last_word_start(out, len(out) - 1) if mark in HYPHENS or mark == SOFT else -1
        right = _FIRST.match(line)
        if start < 0 or right is None:
            out = f"{out.removesuffix(SOFT)} {line}"
            continue
        a, b = out[start:-1], right.group(0)
        whole = a + b if mark == SOFT else join(a, b, words, pairs)
        out = out[:start] + whole + line[right.end() :]
    return out.removesuffix(SOFT)


def _last_word_start(text: str, end: int) -> int:
    """Where the word ending at ``text[end - 1]`` starts; -1 when no word ends there.

    A scan back from the end, not a regex search: a search for a word at the end of a line
    tries every position of a long word and costs its length squared.
    """
    start = end
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in _INSIDE):
        start -= 1
    while start < end and not text[start].isalnum():
        start += 1
    last = text[end - 1] if end else ""
    # A word ends in a letter or digit, or is an abbreviation such as "U.S." ("U.S.-Canada").
    whole = last.isalnum() or (last == "." and "." in text[start : end - 1])
    return start if start < end and whole else -1
