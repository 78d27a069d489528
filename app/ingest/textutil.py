"""Small text helpers shared by cleaning and extraction: lines with offsets, word counts."""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD = re.compile(r"\w+(?:['\u2019.-]\w+)*")


@dataclass(frozen=True)
class Line:
    """One line of a text; ``text == source[start:end]`` and never contains a newline."""

    start: int
    end: int
    text: str


def split_lines(text: str) -> list[Line]:
    """Lines of ``text`` (split on ``\\n`` only), each with its offsets into ``text``."""
    lines: list[Line] = []
    start = 0
    for chunk in text.split("\n"):
        lines.append(Line(start, start + len(chunk), chunk))
        start += len(chunk) + 1
    return lines


def word_count(text: str) -> int:
    """Number of words; used for thresholds, so an approximate count is enough."""
    return len(_WORD.findall(text))


def rx(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """Compile a pattern in which a literal space means any run of whitespace.

    Pages use no-break spaces between words ("makes a\\u00a0similar claim"); writing ``\\s+``
    at every word gap would make the patterns unreadable. Patterns passed here must not
    contain a space inside a character class.
    """
    return re.compile(pattern.replace(" ", r"\s+"), flags)
