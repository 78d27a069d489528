"""The differ: two statements in, their clause-by-clause alignment out.

Pure: strings in, frozen dataclasses out; nothing here knows about the web, the database or
ingestion. `align()` is the one entry point; `DIFFER_VERSION` is recorded with every stored
alignment so that a newer differ knows to recompute.
"""

from __future__ import annotations

# The submodule `align` is imported first, so that the function defined below, not the
# module, is what `app.differ.align` names from then on.
from app.differ import align as _align_module
from app.differ.inline import names as _names
from app.differ.inline import spans as _spans
from app.differ.types import Alignment, Clause, Link, LinkKind, Side, Span, SpanKind

DIFFER_VERSION = "1.0"


def align(
    left: str, right: str, *, left_label: str = "Left", right_label: str = "Right"
) -> Alignment:
    """Align two statements clause by clause: out of order, reworded, one-to-many."""
    lp, rp = _align_module.prepare(left, right)
    links = []
    known_names = _names(lp, rp)
    for g in _align_module.groups(lp, rp):
        left_spans, right_spans = _spans(lp, rp, g.left, g.right, known_names)
        links.append(
            Link(g.left, g.right, g.score, g.kind, left_spans=left_spans, right_spans=right_spans)
        )
    return Alignment(
        differ_version=DIFFER_VERSION,
        left=Side(left_label, left, lp.clauses),
        right=Side(right_label, right, rp.clauses),
        links=tuple(links),
    )


__all__ = [
    "DIFFER_VERSION",
    "Alignment",
    "Clause",
    "Link",
    "LinkKind",
    "Side",
    "Span",
    "SpanKind",
    "align",
]
