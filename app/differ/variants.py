"""Spelling variants: "organis"/"organiz", "relat"/"relationship" are one word.

Two readouts spell and derive words differently (British and American spelling, noun and
verb). A term found on one side only is mapped to its variant on the other side, at a cost
that stays linear in the number of terms whatever the input.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

from rapidfuzz.distance import Indel

from app.differ.budget import NO_DEADLINE, Deadline
from app.differ.similarity import active


def merge_variants(
    left: Iterable[str], right: Iterable[str], deadline: Deadline = NO_DEADLINE
) -> dict[str, str]:
    """Map terms found on one side only to a variant of them on the other side.

    "organis"/"organiz" or "relat"/"relationship" are the same word spelt or derived
    differently. Only terms missing from the other side are looked up, only within buckets
    of the same first three letters, and within a bucket only among the VARIANT_WINDOW
    terms on either side of it in alphabetical order (variants share a prefix, so they sort
    together): the cost stays linear even when thousands of words share a prefix. The
    result does not depend on which side is which.
    """
    lset, rset = set(left), set(right)
    pairs = sorted(
        _variant_pairs(lset - rset, rset, deadline) | _variant_pairs(rset - lset, lset, deadline)
    )
    mapping: dict[str, str] = {}
    targets: set[str] = set()
    for _, only, other in pairs:
        if only not in mapping and only not in targets and other not in mapping:
            mapping[only] = other
            targets.add(other)
    return mapping


VARIANT_WINDOW = 16


def _variant_pairs(
    only: set[str], other: set[str], deadline: Deadline = NO_DEADLINE
) -> set[tuple[float, str, str]]:
    """(-similarity, term found on one side only, its likely variant on the other side)."""
    buckets: dict[str, list[str]] = {}
    for t in sorted(other):
        if _mergeable(t):
            buckets.setdefault(t[:3], []).append(t)
    found: set[tuple[float, str, str]] = set()
    for step, a in enumerate(sorted(only)):
        deadline.every(step, 63)
        if not _mergeable(a):
            continue
        bucket = buckets.get(a[:3], [])
        at = bisect.bisect_left(bucket, a)
        for b in bucket[max(0, at - VARIANT_WINDOW) : at + VARIANT_WINDOW]:
            sim = variant_similarity(a, b)
            if sim > 0:
                found.add((-sim, a, b))
    return found


def _mergeable(term: str) -> bool:
    return len(term) >= 4 and not term.startswith(("#", "="))


def variant_similarity(a: str, b: str) -> float:
    """Similarity of two stems if they look like variants of one word, else 0."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if any(long == p + short for p in active().negating_prefixes):
        return 0.0  # "nonprolifer" is the opposite of "prolifer", not a spelling of it
    if len(short) >= 5 and long.startswith(short) and len(short) >= 0.4 * len(long):
        return 0.9
    sim = Indel.normalized_similarity(a, b)
    return sim if sim >= 0.84 else 0.0
