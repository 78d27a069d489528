"""`readouts export-gold`: every comparison corrected by hand, in the gold form of data/eval/,
so that corrections become evaluation data for the differ.

The gold form links sentences, not clauses: each side's sentences (the stored clauses
grouped by their `sentence`, from the first clause's start to the last one's end, so that
each is found in the text as it stands), and the sentence pairs that a hand-corrected link
joins, `sure` for strong and likely links and `possible` for possible ones (a pair both
sure and possible is sure). tests/benchmarks/scoring.py reads it as it reads data/eval/.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.differ.types import Alignment, Side, load
from app.models import Comparison, Revision
from app.services import history

SURE = ("strong", "likely")


def sentences(side: Side) -> tuple[list[str], dict[int, int]]:
    """A side's sentences in order, and each clause's position among them."""
    spans: dict[int, tuple[int, int]] = {}
    for clause in side.clauses:
        start, end = spans.get(clause.sentence, (clause.start, clause.end))
        spans[clause.sentence] = (min(start, clause.start), max(end, clause.end))
    order = sorted(spans)
    position = {number: k for k, number in enumerate(order)}
    texts = [side.text[spans[n][0] : spans[n][1]].strip() for n in order]
    return texts, {k: position[c.sentence] for k, c in enumerate(side.clauses)}


def gold_of(slug: str, alignment: Alignment) -> dict[str, Any]:
    left, left_of = sentences(alignment.left)
    right, right_of = sentences(alignment.right)
    sure: set[tuple[int, int]] = set()
    possible: set[tuple[int, int]] = set()
    for link in alignment.links:
        pairs = {(left_of[i], right_of[j]) for i in link.left for j in link.right}
        (sure if link.confidence in SURE else possible).update(pairs)
    return {
        "event": slug,
        "left_label": alignment.left.label,
        "right_label": alignment.right.label,
        "left_file": f"{slug}_left.txt",
        "right_file": f"{slug}_right.txt",
        "left": left,
        "right": right,
        "sure": [list(p) for p in sorted(sure)],
        "possible": [list(p) for p in sorted(possible - sure)],
    }


@dataclass(frozen=True)
class Exported:
    slug: str
    revision: int
    path: Path


def export_gold(session: Session, folder: Path) -> list[Exported]:
    """Write SLUG.json and its two texts for every comparison whose current revision is
    corrected by hand; the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    latest = select(Revision.comparison_id).where(Revision.kind == "hand").distinct()
    written = []
    for comparison in session.scalars(
        select(Comparison).where(Comparison.id.in_(latest)).order_by(Comparison.slug)
    ):
        last = history.latest(session, comparison.id)
        if last is None or last.kind != "hand":
            continue
        alignment = load(last.data)
        gold = gold_of(comparison.slug, alignment)
        (folder / gold["left_file"]).write_text(alignment.left.text, encoding="utf-8")
        (folder / gold["right_file"]).write_text(alignment.right.text, encoding="utf-8")
        path = folder / f"{comparison.slug}.json"
        path.write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        written.append(Exported(comparison.slug, last.number, path))
    return written
