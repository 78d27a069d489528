#!/usr/bin/env python3
"""Copied verbatim from the shared eval kit (shared/eval/score.py) so that the benchmarks can
import `score()` without reading ../shared at run time. Only this docstring was added; the
original module's docstring follows unchanged.

Score a predicted clause alignment against a sure/possible gold alignment of sentences.

usage: score.py GOLD.json PRED.json   (PRED: the JSON that `readouts align A B --json` prints)

GOLD: {"left": [sentence, ...], "right": [sentence, ...], "sure": [[i, j], ...], "possible": [[i, j], ...]}
PRED: {"left": {"text": str, "clauses": [{"start": int, "end": int}, ...]}, "right": {...},
       "links": [{"left": [clause index, ...], "right": [clause index, ...]}, ...]}

Each gold sentence is located in the predicted side's text (whitespace-insensitive, in order); each
predicted clause counts for the gold sentence holding its midpoint. A predicted link between clauses
becomes links between their sentences. precision = |A & possible| / |A|, recall = |A & sure| / |sure|.
"only_f1" scores the sentences that a side alone said (no sure or possible link in gold) against those
the prediction leaves unlinked; sentences with only possible links are not counted either way.
"""
import json
import re
import sys


def locate(text, sentences):
    """(start, end) of each sentence within text, searched in order, whitespace-insensitive."""
    spans, pos = [], 0
    for s in sentences:
        pattern = r"\s+".join(re.escape(w) for w in s.split())
        m = re.compile(pattern).search(text, pos)
        if not m:
            raise SystemExit(f"gold sentence not found in predicted text: {s[:60]!r}")
        spans.append((m.start(), m.end()))
        pos = m.end()
    return spans


def sentence_at(spans, offset):
    """Index of the first sentence that ends after offset (text between sentences goes to the next)."""
    for k, (_, end) in enumerate(spans):
        if offset < end:
            return k
    return len(spans) - 1


def score(gold, pred):
    ls = locate(pred["left"]["text"], gold["left"])
    rs = locate(pred["right"]["text"], gold["right"])
    lc, rc = pred["left"]["clauses"], pred["right"]["clauses"]
    mid = lambda c: (c["start"] + max(c["start"], c["end"] - 1)) // 2
    A = {(sentence_at(ls, mid(lc[i])), sentence_at(rs, mid(rc[j])))
         for link in pred["links"] for i in link["left"] for j in link["right"]}
    S = {tuple(p) for p in gold["sure"]}
    P = S | {tuple(p) for p in gold.get("possible", [])}
    prec = len(A & P) / len(A) if A else 0.0
    rec = len(A & S) / len(S) if S else 1.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    tp = fp = fn = 0
    for n, side in ((len(ls), 0), (len(rs), 1)):
        gold_alone = {k for k in range(n) if all(p[side] != k for p in P)}
        gold_linked = {p[side] for p in S}
        pred_alone = set(range(n)) - {p[side] for p in A}
        tp += len(pred_alone & gold_alone)
        fp += len(pred_alone & gold_linked)
        fn += len(gold_alone - pred_alone)
    op = tp / (tp + fp) if tp + fp else 1.0
    orr = tp / (tp + fn) if tp + fn else 1.0
    of1 = 2 * op * orr / (op + orr) if op + orr else 0.0
    return {"precision": round(prec, 3), "recall": round(rec, 3), "f1": round(f1, 3),
            "only_f1": round(of1, 3), "links": len(A), "sure": len(S)}


if __name__ == "__main__":
    gold = json.load(open(sys.argv[1]))
    pred = json.load(open(sys.argv[2]) if len(sys.argv) > 2 else sys.stdin)
    print(json.dumps(score(gold, pred)))
