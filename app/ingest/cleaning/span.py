"""A stretch of raw text a cleaning rule takes out, and why: what every rule yields."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from app.ingest.textutil import Line


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    reason: str  # short machine tag, e.g. "page-chrome", "shop-ad", "comments"


def line_span(line: Line, reason: str) -> Span:
    return Span(line.start, line.end, reason)


def line_start(line: Line) -> int:
    return line.start


def line_at(lines: Sequence[Line], offset: int) -> int:
    """Index of the line holding ``offset``."""
    return bisect.bisect_right(lines, offset, key=line_start) - 1
