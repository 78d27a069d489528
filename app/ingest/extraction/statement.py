"""A statement found in an article, and a pair of them: what every extraction form yields."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.ingest.textutil import Line

# The issuer of an excerpt that cites a source naming no one: listed, never paired.
UNATTRIBUTED = "Unattributed"


@dataclass(frozen=True)
class Statement:
    """A statement found in an article; ``text`` is exactly ``cleaned_text[start:end]``."""

    issuer: str
    text: str
    start: int
    end: int
    kind: str  # "section" | "block" | "quote"
    intro: str = ""  # the header or lead-in that attributes it
    intro_start: int = -1  # where that lead-in starts in the cleaned text (-1: none)


@dataclass(frozen=True)
class StatementPair:
    """Two statements about the same event (indexes into the statements list)."""

    left: int
    right: int


def span_statement(
    text: str, paras: Sequence[Line], intro: int, last: int, issuer: str, kind: str
) -> Statement:
    """The paragraphs after the header or lead-in ``paras[intro]`` up to ``paras[last]``."""
    first = paras[intro + 1]
    end = paras[last].start + len(paras[last].text.rstrip())
    start = first.start + (len(first.text) - len(first.text.lstrip()))
    return Statement(
        issuer, text[start:end], start, end, kind, paras[intro].text.strip(), paras[intro].start
    )
