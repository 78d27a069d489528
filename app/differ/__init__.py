"""The differ: two statements in, their clause-by-clause alignment out.

Pure: strings in, frozen dataclasses out; nothing here knows about the web, the database or
ingestion. `align()` is the one entry point; `DIFFER_VERSION` is recorded with every stored
alignment so that a newer differ knows to recompute.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from app.differ import grouping
from app.differ.budget import AlignmentTimeout, Deadline
from app.differ.evidence import shown
from app.differ.inline import SpanCache as _SpanCache
from app.differ.inline import names as _names
from app.differ.params import Params, trained
from app.differ.points import Collation, PairLinks, Point
from app.differ.points import collate as _collate
from app.differ.prepare import prepare, shared_cutting
from app.differ.types import (
    Alignment,
    Clause,
    Confidence,
    Link,
    LinkKind,
    NearMiss,
    Side,
    Span,
    SpanKind,
)

DIFFER_VERSION = "2.0"


def align(
    left: str,
    right: str,
    *,
    left_label: str = "Left",
    right_label: str = "Right",
    budget_seconds: float | None = None,
    deadline: Deadline | None = None,
    params: Params | None = None,
) -> Alignment:
    """Align two statements clause by clause: out of order, reworded, one-to-many.

    With `budget_seconds`, raise AlignmentTimeout rather than run longer than that (about:
    the expensive loops check the clock as they go), so that a server can refuse a
    pathological pair instead of holding a worker for it. A `deadline` already running
    replaces it: the caller's budget, which then also covers what the caller does with the
    result (storing, serialising). `params` replaces the trained thresholds (for the
    training script and the quality benchmark).
    """
    if deadline is None:
        deadline = Deadline(budget_seconds)
    with _no_cycle_collection():
        return _aligned(left, right, left_label, right_label, deadline, params or trained())


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector while aligning.

    A long text makes hundreds of thousands of small tuples, and each batch of them sets off
    a collection that walks every object alive: on a megabyte of text that doubled the
    time. The differ makes no reference cycles, so nothing is left for the collector to find;
    it resumes (if it was on) as soon as the alignment is done or fails.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _aligned(
    left: str, right: str, left_label: str, right_label: str, deadline: Deadline, p: Params
) -> Alignment:
    lp, rp = prepare(left, right, deadline)
    linked = grouping.link(lp, rp, p, deadline)
    links = []
    cache = _SpanCache(lp, rp, _names(lp, rp))
    for k, g in enumerate(linked.groups):
        deadline.every(k, 31)
        left_spans, right_spans = cache.spans(g.left, g.right)
        links.append(
            Link(
                g.left,
                g.right,
                g.score,
                g.kind,
                left_spans=left_spans,
                right_spans=right_spans,
                confidence=g.confidence,
                evidence=shown(lp, rp, g.left, g.right),
            )
        )
    return Alignment(
        differ_version=DIFFER_VERSION,
        left=Side(left_label, left, lp.clauses, _near(linked.near_left)),
        right=Side(right_label, right, rp.clauses, _near(linked.near_right)),
        links=tuple(links),
    )


def collate(
    texts: list[str] | tuple[str, ...],
    labels: list[str] | tuple[str, ...],
    *,
    budget_seconds: float | None = None,
    deadline: Deadline | None = None,
) -> Collation:
    """Two to six statements: every pair aligned, the links joined into points (points.py).

    One budget covers every pair: the caller's `deadline`, or a new one of `budget_seconds`.
    """
    if deadline is None:
        deadline = Deadline(budget_seconds)
    with _no_cycle_collection(), shared_cutting():
        return _collate(texts, labels, deadline=deadline, align=align)


def _near(found: dict[int, tuple[int, float]]) -> tuple[NearMiss, ...]:
    return tuple(NearMiss(k, other, score) for k, (other, score) in sorted(found.items()))


__all__ = [
    "DIFFER_VERSION",
    "Alignment",
    "AlignmentTimeout",
    "Clause",
    "Collation",
    "Confidence",
    "Deadline",
    "Link",
    "LinkKind",
    "NearMiss",
    "PairLinks",
    "Point",
    "Side",
    "Span",
    "SpanKind",
    "align",
    "collate",
]
