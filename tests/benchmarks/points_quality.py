#!/usr/bin/env python3
"""Quality of points (three accounts or more) against the gold in data/eval/many/.

usage: .venv/bin/python tests/benchmarks/points_quality.py [--json]

Per pair: each pair of statements inside the collation, scored as a two-statement pair is
(scoring.py: precision, recall, F1, one-side-only F1 over gold sentences). Per point:
- said-by accuracy: the share of gold sentences whose set of issuers ("said by") is the one
  the predicted points give them (a sentence's predicted issuers are those of the points its
  clauses are in; its gold issuers those of its sure-linked group, see data/eval/many/README.md);
- together P/R/F1: over pairs of sentences of different statements, "in one point" as
  predicted, against gold groups by sure links (recall) and by sure or possible (precision).
The thresholds of the differ were trained on two-statement gold only; nothing here tunes them.
"""

from __future__ import annotations

import json
import sys
from itertools import combinations
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from scoring import locate, score, sentence_at  # noqa: E402

from app.differ import collate  # noqa: E402
from app.differ.points import Collation  # noqa: E402
from app.differ.types import dump  # noqa: E402

MANY = ROOT / "data" / "eval" / "many"
Sentence = tuple[int, int]  # (statement, sentence)


def groups(gold: dict[str, Any], kinds: tuple[str, ...]) -> dict[Sentence, frozenset[Sentence]]:
    """Each gold sentence's group: sentences joined by links of these kinds, across pairs."""
    parent: dict[Sentence, Sentence] = {}

    def root(x: Sentence) -> Sentence:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for s, statement in enumerate(gold["statements"]):
        for k in range(len(statement["sentences"])):
            root((s, k))
    for pair in gold["pairs"]:
        for kind in kinds:
            for i, j in pair.get(kind, []):
                parent[root((pair["a"], i))] = root((pair["b"], j))
    found: dict[Sentence, set[Sentence]] = {}
    for x in parent:
        found.setdefault(root(x), set()).add(x)
    return {x: frozenset(found[root(x)]) for x in parent}


def predicted(gold: dict[str, Any], collation: Collation) -> dict[Sentence, set[int]]:
    """For each gold sentence, the points (by number) its clauses are in."""
    of: dict[Sentence, set[int]] = {}
    for s, (statement, side) in enumerate(
        zip(gold["statements"], collation.statements, strict=True)
    ):
        spans = locate(side.text, statement["sentences"])
        for k, point in enumerate(collation.points):
            for c in point.clauses.get(s, ()):
                clause = side.clauses[c]
                middle = (clause.start + max(clause.start, clause.end - 1)) // 2
                of.setdefault((s, sentence_at(spans, middle)), set()).add(k)
    return of


def score_points(gold: dict[str, Any], collation: Collation) -> dict[str, float]:
    sure, possible = groups(gold, ("sure",)), groups(gold, ("sure", "possible"))
    points = predicted(gold, collation)
    said_by = {k: set(p.said_by) for k, p in enumerate(collation.points)}
    right = 0
    for x, group in sure.items():
        mine = set().union(*(said_by[k] for k in points.get(x, ()))) or {x[0]}
        right += mine == {s for s, _ in group}
    cross = [(x, y) for x, y in combinations(sorted(sure), 2) if x[0] != y[0]]
    together = {(x, y) for x, y in cross if points.get(x, set()) & points.get(y, set())}
    gold_sure = {(x, y) for x, y in cross if y in sure[x]}
    gold_possible = {(x, y) for x, y in cross if y in possible[x]}
    p = len(together & gold_possible) / len(together) if together else 0.0
    r = len(together & gold_sure) / len(gold_sure) if gold_sure else 1.0
    return {
        "said_by_accuracy": round(right / len(sure), 3),
        "together_precision": round(p, 3),
        "together_recall": round(r, 3),
        "together_f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
        "points": len(collation.points),
        "gold_groups": len(set(sure.values())),
    }


def evaluate(path: Path) -> dict[str, Any]:
    gold = json.loads(path.read_text(encoding="utf-8"))
    texts = [(path.parent / s["file"]).read_text(encoding="utf-8") for s in gold["statements"]]
    collation = collate(texts, [s["label"] for s in gold["statements"]])
    pairs = {}
    for pair in gold["pairs"]:
        a, b = pair["a"], pair["b"]
        two = {
            "left": gold["statements"][a]["sentences"],
            "right": gold["statements"][b]["sentences"],
            "sure": pair["sure"],
            "possible": pair.get("possible", []),
        }
        labels = gold["statements"][a]["label"], gold["statements"][b]["label"]
        pairs[f"{labels[0]} / {labels[1]}"] = score(two, dump(collation.pair(a, b)))
    return {"name": path.stem, "pairs": pairs, "points": score_points(gold, collation)}


def main() -> None:
    results = [evaluate(path) for path in sorted(MANY.glob("*.json"))]
    if "--json" in sys.argv:
        print(json.dumps(results, indent=1))
        return
    for result in results:
        print(f"== {result['name']}, per pair")
        print(f"  {'pair':<48} {'P':>6} {'R':>6} {'F1':>6} {'only-F1':>8}")
        for name, row in result["pairs"].items():
            print(
                f"  {name:<48} {row['precision']:>6.3f} {row['recall']:>6.3f}"
                f" {row['f1']:>6.3f} {row['only_f1']:>8.3f}"
            )
        pts = result["points"]
        print(f"== {result['name']}, per point")
        print(
            f"  said-by accuracy {pts['said_by_accuracy']:.3f};"
            f" together P {pts['together_precision']:.3f}"
            f" R {pts['together_recall']:.3f} F1 {pts['together_f1']:.3f};"
            f" {pts['points']} points predicted, {pts['gold_groups']} gold groups"
        )


if __name__ == "__main__":
    main()
