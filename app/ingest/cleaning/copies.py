"""Copies: a body pasted twice, found as a run of sentence-ish units that already appeared."""

from __future__ import annotations

import bisect
import functools
from collections.abc import Callable, Sequence
from typing import NamedTuple

from app.ingest.cleaning.span import Span, line_start
from app.ingest.textutil import Line, rx, word_count

# A repeated run of text shorter than this is a coincidence (a "Thanks!"), not a copy.
MIN_DUPLICATE_WORDS = 12
# Where one sentence is glued to the next ("this.The"): the match ends at the cut. Matching
# the stop first lets the regex engine skip quickly to the few candidate characters.
_GLUE = rx(r"[.!?:](?<=[a-z0-9)\]\"”\u2019][.!?:])(?=[A-Z“\"(\[])")


class _Unit(NamedTuple):
    start: int
    end: int
    key: str  # the text with whitespace runs folded to one space


_new_unit: Callable[[tuple[int, int, str]], _Unit] = functools.partial(tuple.__new__, _Unit)


def duplicates(raw: str, lines: Sequence[Line], spans: Sequence[Span]) -> list[Span]:
    """Later copies of runs of units that already appeared (a body pasted twice); what
    ``spans`` remove already is left out of the units."""
    units = _units(raw, lines, spans)
    seen: dict[str, list[int]] = {}
    found: list[Span] = []
    j = 0
    while j < len(units):
        length = _longest_repeat(units, seen.get(units[j].key, []), j)
        if length and _has_words(units[j : j + length], MIN_DUPLICATE_WORDS):
            found.append(Span(units[j].start, units[j + length - 1].end, "duplicate-body"))
            j += length
            continue
        seen.setdefault(units[j].key, []).append(j)
        j += 1
    return found


def _kept_chars(
    raw: str, line: Line, inside: Sequence[tuple[int, int]]
) -> tuple[str, Sequence[int]]:
    """The line's text without the removed ``inside`` ranges (sorted, clipped to the line),
    and the raw offset of each kept character."""
    if not inside:
        return line.text, range(line.start, line.end)
    pieces: list[str] = []
    offsets: list[int] = []
    position = line.start
    for start, end in inside:
        if start > position:
            pieces.append(raw[position:start])
            offsets.extend(range(position, start))
        position = max(position, end)
    if position < line.end:
        pieces.append(raw[position : line.end])
        offsets.extend(range(position, line.end))
    return "".join(pieces), offsets


def _removed_by_line(
    lines: Sequence[Line], spans: Sequence[Span]
) -> dict[int, list[tuple[int, int]]]:
    """The parts of each line that ``spans`` remove: sorted (start, end), clipped to the line;
    lines from which nothing is removed are left out."""
    removed: dict[int, list[tuple[int, int]]] = {}
    for span in spans:
        first = bisect.bisect_right(lines, span.start, key=line_start) - 1
        for index in range(max(first, 0), len(lines)):
            line = lines[index]
            if line.start >= span.end:
                break
            if span.start < line.end:
                part = (max(span.start, line.start), min(span.end, line.end))
                removed.setdefault(index, []).append(part)
    for parts in removed.values():
        parts.sort()
    return removed


def _units(raw: str, lines: Sequence[Line], spans: Sequence[Span]) -> list[_Unit]:
    """Sentence-ish units: lines, split where a sentence is glued to the next ("this.The")."""
    units: list[_Unit] = []
    removed = _removed_by_line(lines, spans)
    for index, line in enumerate(lines):
        text = line.text
        if not text or text.isspace():
            continue  # holds no unit, whatever is removed from it
        offsets: Sequence[int]
        if index in removed:
            text, offsets = _kept_chars(raw, line, removed[index])
        else:
            offsets = range(line.start, line.end)
        cuts = [m.end() for m in _GLUE.finditer(text)]
        bounds = zip([0, *cuts], [*cuts, len(text)], strict=True) if cuts else ((0, len(text)),)
        for a, b in bounds:
            piece = text[a:b]
            key = piece if _is_folded(piece) else " ".join(piece.split())
            if key:
                lead = len(piece) - len(piece.lstrip())
                trail = len(piece.rstrip())
                units.append(_new_unit((offsets[a + lead], offsets[a + trail - 1] + 1, key)))
    return units


def _is_folded(text: str) -> bool:
    """Whether ``" ".join(text.split()) == text``, tested without splitting: a printable text
    holds no whitespace but the plain space (every other whitespace character is a control or
    separator character, which is not printable)."""
    return (
        text.isprintable()
        and "  " not in text
        and not text.startswith(" ")
        and not text.endswith(" ")
    )


def _has_words(units: Sequence[_Unit], minimum: int) -> bool:
    """Whether the units hold at least ``minimum`` words (counting stops once they do)."""
    total = 0
    for unit in units:
        total += word_count(unit.key)
        if total >= minimum:
            return True
    return total >= minimum


def _longest_repeat(units: Sequence[_Unit], earlier: Sequence[int], j: int) -> int:
    best = 0
    for i in earlier[-20:]:
        length = 0
        while (
            j + length < len(units)
            and i + length < j
            and units[i + length].key == units[j + length].key
        ):
            length += 1
        best = max(best, length)
    return best
