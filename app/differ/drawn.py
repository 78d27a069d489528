"""A link drawn by hand between clauses the differ did not link: its highlights and evidence.

An editor who links two clauses expects them marked up like any other link (shared words,
numbers set against each other) and its evidence listed; only the differ knows how. The
texts are prepared again, as `align` prepares them, so the offsets match the stored clauses;
if they do not (an alignment kept from an older differ that cut the texts otherwise), the
link is kept bare, without highlights, rather than marked up wrongly.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.differ.budget import Deadline
from app.differ.evidence import shown
from app.differ.inline import SpanCache, names
from app.differ.prepare import prepare
from app.differ.similarity import cosine
from app.differ.types import Alignment, Confidence, Link


def drawn_links(
    alignment: Alignment,
    pairs: Sequence[tuple[tuple[int, ...], tuple[int, ...], Confidence]],
    deadline: Deadline | None = None,
) -> list[Link]:
    """Links between the given clauses of `alignment` (left indexes, right indexes, how
    sure the editor is), scored by the cosine of their words and marked up."""
    if not pairs:
        return []
    lp, rp = prepare(alignment.left.text, alignment.right.text, deadline or Deadline(None))
    if lp.clauses != alignment.left.clauses or rp.clauses != alignment.right.clauses:
        return [Link(left, right, 0.0, "related", confidence=c) for left, right, c in pairs]
    cache = SpanCache(lp, rp, names(lp, rp))
    links = []
    for left, right, confidence in pairs:
        left_spans, right_spans = cache.spans(left, right)
        score = max((cosine(lp.vectors[i], rp.vectors[j]) for i in left for j in right), default=0)
        links.append(
            Link(
                left,
                right,
                round(score, 3),
                "related",
                left_spans=left_spans,
                right_spans=right_spans,
                confidence=confidence,
                evidence=shown(lp, rp, left, right),
            )
        )
    return links
