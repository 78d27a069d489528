#!/usr/bin/env python3
"""Train the differ's linking thresholds from the gold pairs in data/eval/.

usage: .venv/bin/python tests/benchmarks/train_linking.py   (writes app/differ/data/linking.json)

The thresholds of app/differ/params.py are chosen by coordinate descent over GRID: starting
from the differ 1 values, each parameter in turn takes the grid value that gives the best
mean of F1 and one-side-only F1 (scoring.py) over the training pairs, keeping its value on
a tie; two passes. The training pairs are the real readout pairs (the ten of
data/eval/README.md); the four pairs cut from the corpus are not readouts and are only
reported. quality.py calls `train()` without the pair it scores, for leave-one-pair-out
figures.
"""

from __future__ import annotations

import json
import statistics
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import scoring  # noqa: E402

from app.differ import DIFFER_VERSION, grouping  # noqa: E402
from app.differ.params import GRID, Params  # noqa: E402
from app.differ.prepare import Prepared, prepare  # noqa: E402
from app.differ.similarity import active  # noqa: E402

EVAL = ROOT / "data" / "eval"
OUT = ROOT / "app" / "differ" / "data" / "linking.json"
CORPUS_CUTS = {
    "2025-03-11-jeddah-ceasefire",
    "2025-03-18-kremlin-retold",
    "2025-05-19-statements-press",
    "2025-05-talks-summary",
}
PASSES = 2
Pair = tuple[str, dict[str, Any], str, str]


def load_pairs() -> list[Pair]:
    pairs = []
    for gold_file in sorted(EVAL.glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        left = (EVAL / gold["left_file"]).read_text(encoding="utf-8")
        right = (EVAL / gold["right_file"]).read_text(encoding="utf-8")
        pairs.append((gold_file.stem, gold, left, right))
    return pairs


def is_real(name: str) -> bool:
    """One of the ten real readout pairs (not a cut from the corpus)."""
    return name not in CORPUS_CUTS


_locate = scoring.locate


@cache
def _located(text: str, sentences: tuple[str, ...]) -> list[tuple[int, int]]:
    return _locate(text, list(sentences))


# The scorer finds each gold sentence in the text with a regex, every time it scores: the
# same texts are scored thousands of times here, so their positions are remembered.
scoring.locate = lambda text, sentences: _located(text, tuple(sentences))  # type: ignore[assignment]


@cache
def _prepared(left: str, right: str, lexicon_id: int) -> tuple[Prepared, Prepared]:
    return prepare(left, right)


def predict(left: str, right: str, params: Params) -> dict[str, Any]:
    """The JSON contract's clauses and links, as scoring.py reads them."""
    lp, rp = _prepared(left, right, id(active()))
    linked = grouping.link(lp, rp, params)

    def side(p: Prepared) -> dict[str, Any]:
        return {"text": p.text, "clauses": [{"start": c.start, "end": c.end} for c in p.clauses]}

    links = [{"left": list(g.left), "right": list(g.right)} for g in linked.groups]
    return {"left": side(lp), "right": side(rp), "links": links}


def score(pair: Pair, params: Params) -> dict[str, Any]:
    _, gold, left, right = pair
    return scoring.score(gold, predict(left, right, params))


def objective(pairs: Sequence[Pair], params: Params) -> float:
    """Mean of F1 and one-side-only F1 over the pairs: both errors count alike."""
    return statistics.mean((r["f1"] + r["only_f1"]) / 2 for r in (score(p, params) for p in pairs))


def train(pairs: Sequence[Pair], log: Callable[[str], None] | None = None) -> Params:
    """The parameters that score best on the real readout pairs among `pairs`."""
    training = [p for p in pairs if is_real(p[0])]
    params = Params()
    best = objective(training, params)
    for _ in range(PASSES):
        for name, values in GRID.items():
            for value in values:
                trial = replace(params, **{name: value})
                got = objective(training, trial)
                if got > best + 1e-9:
                    params, best = trial, got
        if log:
            log(f"pass: objective {best:.4f} with {params}")
    return params


def main() -> None:
    pairs = load_pairs()
    params = train(pairs, log=print)
    OUT.write_text(
        json.dumps(
            {
                "differ_version": DIFFER_VERSION,
                "trained_on": sorted(p[0] for p in pairs if is_real(p[0])),
                "objective": "mean of (F1 + one-side-only F1) / 2 over the pairs",
                "params": params.to_dict(),
            },
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
