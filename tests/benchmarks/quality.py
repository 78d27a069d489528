#!/usr/bin/env python3
"""Quality of the differ as numbers: precision, recall, F1 and one-side-only F1 per gold pair.

usage: .venv/bin/python tests/benchmarks/quality.py [--json] [--quick] [--segmenters]
  (--quick: no ablation; --segmenters: our sentence splitter against pysbd and syntok, if
  installed: boundary agreement with the gold sentences, and the leave-one-out figures
  with each splitter in the differ)

Every `data/eval/*.json` gold file is scored (see scoring.py). The mean that counts is over
the ten real readout pairs (the corpus cuts are shown, marked *, outside the mean). The
differ is scored twice: leave one pair out (its thresholds trained, by train_linking.py,
without the pair it scores: the figure that says how it does on readouts it has never
seen), and as shipped (thresholds trained on all ten: a fit, shown for reference). An
ablation retrains and scores it, leave one pair out, without each word list. In the same
run, two naive baselines are scored on the same sentences, so that the differ's figures
always come with a reference: (a) an order-keeping sentence aligner (an LCS over sentences where two
sentences "match" when their fuzzy similarity clears a threshold, as difflib.SequenceMatcher
would over exact lines) and (b) rapidfuzz token_set_ratio over every sentence pair with one
threshold. Each baseline's threshold is the one that gives it the best F1 on the dev pair
(2025-03-18), so the baselines are shown tuned on a pair they are then scored on.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, utils

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import train_linking  # noqa: E402
from scoring import score  # noqa: E402
from train_linking import EVAL, Pair, is_real, load_pairs, predict, train  # noqa: E402

from app.differ import align  # noqa: E402
from app.differ.lexicon import lexicon  # noqa: E402
from app.differ.segment import sentences  # noqa: E402
from app.differ.similarity import use_lexicon  # noqa: E402
from app.differ.types import dump  # noqa: E402

DEV = "2025-03-18"
THRESHOLDS = range(20, 100, 5)
KEYS = ("precision", "recall", "f1", "only_f1")
Predictor = Callable[[str, str], dict[str, Any]]
ABLATION = {"aliases": "aliases", "concept groups": "concepts", "frame words": "frame"}


def differ(left: str, right: str) -> dict[str, Any]:
    return dump(align(left, right))


def leave_one_out(name: str, pairs: list[Pair]) -> dict[str, Any]:
    """Each pair scored with thresholds trained on the other pairs."""
    rows = {}
    for held in pairs:
        params = train([p for p in pairs if p is not held])
        rows[held[0]] = score(held[1], predict(held[2], held[3], params))
    return {"name": name, "pairs": rows, "mean": _mean(rows)}


def _mean(rows: dict[str, dict[str, Any]]) -> dict[str, float]:
    real = [r for pair, r in rows.items() if is_real(pair)]
    return {key: round(statistics.mean(r[key] for r in real), 3) for key in KEYS}


def ablation(pairs: list[Pair]) -> list[dict[str, Any]]:
    """Leave-one-out means without each word list (thresholds retrained without it too)."""
    found = []
    for label, key in ABLATION.items():
        with use_lexicon(lexicon().without(key)):
            result = leave_one_out(f"without {label}", pairs)
        found.append(result)
    return found


def _contract(left: str, right: str, links: list[tuple[int, int]]) -> dict[str, Any]:
    """The JSON contract for a sentence-level prediction (each sentence one clause)."""

    def side(text: str) -> dict[str, Any]:
        return {"text": text, "clauses": [{"start": a, "end": b} for a, b in sentences(text)]}

    return {
        "left": side(left),
        "right": side(right),
        "links": [{"left": [i], "right": [j]} for i, j in links],
    }


def _fuzzy(a: str, b: str) -> float:
    """Case- and punctuation-blind token_set_ratio: the baselines' best fuzzy match."""
    return float(fuzz.token_set_ratio(a, b, processor=utils.default_process))


def _texts(text: str) -> list[str]:
    return [text[a:b] for a, b in sentences(text)]


def ordered_baseline(threshold: int) -> Predictor:
    """Order-keeping aligner: the heaviest in-order chain of fuzzy-matching sentence pairs."""

    def predict(left: str, right: str) -> dict[str, Any]:
        a, b = _texts(left), _texts(right)
        sim = [[_fuzzy(x, y) for y in b] for x in a]
        best = [[0.0] * (len(b) + 1) for _ in range(len(a) + 1)]
        for i in range(len(a) - 1, -1, -1):
            for j in range(len(b) - 1, -1, -1):
                take = sim[i][j] + best[i + 1][j + 1] if sim[i][j] >= threshold else -1.0
                best[i][j] = max(take, best[i + 1][j], best[i][j + 1])
        links, i, j = [], 0, 0
        while i < len(a) and j < len(b):
            if sim[i][j] >= threshold and best[i][j] == sim[i][j] + best[i + 1][j + 1]:
                links.append((i, j))
                i, j = i + 1, j + 1
            elif best[i][j] == best[i + 1][j]:
                i += 1
            else:
                j += 1
        return _contract(left, right, links)

    return predict


def token_set_baseline(threshold: int) -> Predictor:
    """Every sentence pair whose token_set_ratio clears one threshold, in any order."""

    def predict(left: str, right: str) -> dict[str, Any]:
        a, b = _texts(left), _texts(right)
        links = [
            (i, j) for i, x in enumerate(a) for j, y in enumerate(b) if _fuzzy(x, y) >= threshold
        ]
        return _contract(left, right, links)

    return predict


def tuned(make: Callable[[int], Predictor], pairs: list[Pair]) -> tuple[int, Predictor]:
    """The baseline at the threshold that gives it its best F1 on the dev pair."""
    dev = [p for p in pairs if p[0] == DEV] or pairs[:1]
    _, gold, left, right = dev[0]
    best = max(THRESHOLDS, key=lambda t: (score(gold, make(t)(left, right))["f1"], -t))
    return best, make(best)


def evaluate(name: str, predictor: Predictor, pairs: list[Pair]) -> dict[str, Any]:
    rows = {pair: score(gold, predictor(left, right)) for pair, gold, left, right in pairs}
    return {"name": name, "pairs": rows, "mean": _mean(rows)}


def _table(result: dict[str, Any]) -> str:
    lines = [f"== {result['name']}"]
    lines.append(f"  {'pair':<34} {'P':>6} {'R':>6} {'F1':>6} {'only-F1':>8} {'links':>6}")
    for pair, r in result["pairs"].items():
        pair = pair if is_real(pair) else f"*{pair}"
        lines.append(
            f"  {pair:<34} {r['precision']:>6.3f} {r['recall']:>6.3f} {r['f1']:>6.3f}"
            f" {r['only_f1']:>8.3f} {r['links']:>6}"
        )
    m = result["mean"]
    lines.append(
        f"  {'MEAN of the ten':<34} {m['precision']:>6.3f} {m['recall']:>6.3f} {m['f1']:>6.3f}"
        f" {m['only_f1']:>8.3f}"
    )
    return "\n".join(lines)


def _gold_ends(text: str, gold: list[str]) -> set[int]:
    from scoring import locate

    return {end for _, end in locate(text, gold)}


def _pysbd(text: str) -> list[tuple[int, int]]:
    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)
    return _trimmed(text, [(s.start, s.end) for s in segmenter.segment(text)])


def _syntok(text: str) -> list[tuple[int, int]]:
    from syntok import segmenter

    spans = []
    for paragraph in segmenter.analyze(text):
        for sentence in paragraph:
            spans.append((sentence[0].offset, sentence[-1].offset + len(sentence[-1].value)))
    return _trimmed(text, spans)


def _trimmed(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    for a, b in spans:
        piece = text[a:b]
        if piece.strip():
            a += len(piece) - len(piece.lstrip())
            b -= len(piece) - len(piece.rstrip())
            out.append((a, b))
    return out


def segmenters(pairs: list[Pair]) -> None:
    """Sentence-boundary F1 against the gold sentences of the ten real pairs, and the
    leave-one-out figures of the differ with each splitter in place of ours."""
    import app.differ.segment as segment

    ours = segment.sentences
    splitters: dict[str, Callable[[str], list[tuple[int, int]]]] = {
        "readouts (app/differ/segment.py)": lambda t: ours(t)
    }
    for name, fn in (("pysbd", _pysbd), ("syntok", _syntok)):
        try:
            fn("Test. Text.")
        except ImportError:
            print(f"{name}: not installed")
            continue
        splitters[name] = fn
    print(
        f"  {'splitter':<34} {'bound-P':>8} {'bound-R':>8} {'bound-F1':>8} {'F1':>6} {'only-F1':>8}"
    )
    for name, split in splitters.items():
        tp = fp = fn_ = 0
        for pair, gold, left, right in pairs:
            if not is_real(pair):
                continue
            for text, sents in ((left, gold["left"]), (right, gold["right"])):
                want, got = _gold_ends(text, sents), {b for _, b in split(text)}
                tp, fp, fn_ = tp + len(want & got), fp + len(got - want), fn_ + len(want - got)
        p, r = tp / (tp + fp), tp / (tp + fn_)
        segment.sentences = lambda text, deadline=None, split=split: split(text)  # type: ignore[assignment,misc]
        train_linking._prepared.cache_clear()
        start = time.process_time()
        for _, _, left, right in pairs:
            split(left), split(right)
        cost = (time.process_time() - start) / len(pairs)
        try:
            m = leave_one_out(name, pairs)["mean"]
        finally:
            segment.sentences = ours
            train_linking._prepared.cache_clear()
        print(
            f"  {name:<34} {p:>8.3f} {r:>8.3f} {2 * p * r / (p + r):>8.3f}"
            f" {m['f1']:>6.3f} {m['only_f1']:>8.3f} {cost * 1000:>7.2f}ms"
        )


def main() -> None:
    pairs = load_pairs()
    if "--segmenters" in sys.argv:
        segmenters(pairs)
        return
    if not pairs:
        raise SystemExit(f"no gold pairs in {EVAL}")
    t_ord, ordered = tuned(ordered_baseline, pairs)
    t_set, token_set = tuned(token_set_baseline, pairs)
    results = [
        leave_one_out("readouts differ, leave one pair out", pairs),
        evaluate("readouts differ as shipped (trained on all ten: a fit)", differ, pairs),
        evaluate(
            f"baseline (a) order-keeping fuzzy sentence aligner, match>={t_ord}", ordered, pairs
        ),
        evaluate(f"baseline (b) token_set_ratio>={t_set} over sentence pairs", token_set, pairs),
    ]
    ablated = [] if "--quick" in sys.argv else ablation(pairs)
    if "--json" in sys.argv:
        print(json.dumps(results + ablated, indent=1))
        return
    real = sum(is_real(p[0]) for p in pairs)
    print(
        f"{len(pairs)} gold pairs in {EVAL.relative_to(ROOT)}: {real} real readout pairs;"
        f" * marks a cut from the corpus, outside the mean\n"
    )
    print("\n\n".join(_table(r) for r in results))
    if ablated:
        print("\n== ablation: leave one pair out, without one word list")
        print(f"  {'':<34} {'P':>6} {'R':>6} {'F1':>6} {'only-F1':>8}")
        for r in [results[0], *ablated]:
            m = r["mean"]
            label = "all lists" if r is results[0] else r["name"]
            print(
                f"  {label:<34} {m['precision']:>6.3f} {m['recall']:>6.3f} {m['f1']:>6.3f}"
                f" {m['only_f1']:>8.3f}"
            )


if __name__ == "__main__":
    main()
