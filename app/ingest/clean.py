"""Keep the article, drop what is not the article, and record every removal.

Why rules and not a list of strings: the corpus will grow with pages we have never seen, so
each rule describes a *kind* of boilerplate (a line that is navigation, a shop widget glued
into a sentence, a comment thread after its header, the end matter after an author's
signature, a body pasted twice) rather than the words of five particular pages. The rules
live in ``app/ingest/cleaning/`` by kind: ``chrome.py`` (navigation, widgets, shop ads, where
comments start), ``end_matter.py`` (bio, signature, pleas, teasers), ``copies.py`` (a body
pasted twice); this module runs them and assembles the removals.

The contract: ``Cleaned.text`` is ``raw`` with every removal span deleted, stripped of
leading and trailing whitespace. Removals are sorted, never overlap, and
``raw[r.start:r.end] == r.text``. A removal that takes whole lines also takes the blank
lines after them, so the remaining paragraphs keep their own separators.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from app.ingest.cleaning.chrome import chrome_lines, comment_cut, shop_ads
from app.ingest.cleaning.copies import duplicates
from app.ingest.cleaning.end_matter import (
    cue_lines,
    label_tail,
    pleading_lines,
    pleas,
    tail_start,
    teaser_runs,
)
from app.ingest.cleaning.span import Span
from app.ingest.textutil import Folded, line_word_counts, split_lines


@dataclass(frozen=True)
class Removal:
    """One piece of the raw text that is not the article, and why."""

    start: int  # offsets into Document.raw
    end: int
    reason: str  # short machine tag, e.g. "page-chrome", "shop-ad", "comments"
    text: str  # raw[start:end]


@dataclass(frozen=True)
class Cleaned:
    """The article alone, plus what was taken out of it."""

    text: str
    removals: tuple[Removal, ...]


def clean(raw: str) -> Cleaned:
    """Find the boilerplate in ``raw`` and return the article text with the removals."""
    lines = split_lines(raw)
    spans: list[Span] = list(shop_ads(raw, lines))
    cut = comment_cut(lines)
    spans += chrome_lines(lines[:cut])
    if cut is not None:
        spans.append(Span(lines[cut].start, len(raw), "comments"))
    body_end = cut if cut is not None else len(lines)
    body = raw[: lines[body_end - 1].end] if body_end else ""
    counts = line_word_counts(body) if body_end else []
    # Lines (by index) that may hold two bio cues, or a plea: see end_matter.
    folded = Folded(body, lines[:body_end])
    cues = cue_lines(folded)
    pleading = pleading_lines(folded)
    tail = tail_start(lines, body_end, counts, cues)
    if tail is not None:
        spans += label_tail(lines[tail:body_end], tail, cues, pleading)
    article = lines[: tail if tail is not None else body_end]
    spans += teaser_runs(article)
    spans += pleas(article, counts, pleading)
    spans += duplicates(raw, article, spans)
    removals = _resolve(raw, spans)
    return Cleaned(text=_remaining(raw, removals), removals=removals)


def _widen(raw: str, span: Span) -> Span:
    """A span of whole lines also takes the blank lines after it (the paragraph separator)."""
    at_line_start = span.start == 0 or raw[span.start - 1] == "\n"
    at_line_end = span.end == len(raw) or raw[span.end] == "\n"
    if not (at_line_start and at_line_end):
        return span
    end = span.end
    while end < len(raw) and raw[end] in " \t\r\n\f\v":
        end += 1
    return Span(span.start, end, span.reason)


def _resolve(raw: str, spans: Iterable[Span]) -> tuple[Removal, ...]:
    """Sort, drop spans inside bigger ones, trim partial overlaps, merge touching same-reason."""
    ordered = sorted(
        (_widen(raw, s) for s in spans if s.end > s.start), key=lambda s: (s.start, -s.end)
    )
    merged: list[Span] = []
    for span in ordered:
        if merged and span.start < merged[-1].end:
            if span.end <= merged[-1].end:
                continue
            span = Span(merged[-1].end, span.end, span.reason)
        if merged and span.start == merged[-1].end and span.reason == merged[-1].reason:
            span = Span(merged[-1].start, span.end, span.reason)
            merged.pop()
        merged.append(span)
    return tuple(Removal(s.start, s.end, s.reason, raw[s.start : s.end]) for s in merged)


def _remaining(raw: str, removals: Sequence[Removal]) -> str:
    pieces: list[str] = []
    position = 0
    for removal in removals:
        pieces.append(raw[position : removal.start])
        position = removal.end
    pieces.append(raw[position:])
    return "".join(pieces).strip()
