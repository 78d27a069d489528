"""Synthetic data built from the sample corpus, for the benchmarks (not run by pytest).

Pairs are real readout sentences, sampled and reordered with a fixed seed, so the differ
does real work on each; every pair differs from every other, so none is deduplicated.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.config import DATA_DIR
from app.models import Comparison
from app.services.comparisons import SideInput, store_comparison

EVAL = DATA_DIR / "eval"
ISSUERS = [
    ("White House", "Kremlin"),
    ("Élysée", "Kremlin"),
    ("Downing Street", "Kremlin"),
    ("White House", "Chinese MFA"),
    ("Bundesregierung", "Kremlin"),
    ("White House", "Office of the President of Ukraine"),
]


def sentences(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]


def readout_pool() -> tuple[list[str], list[str]]:
    left = sentences(EVAL / "2025-03-18_whitehouse.txt")
    right = sentences(EVAL / "2025-03-18_kremlin.txt")
    for name in ("2025-03-18-kremlin-retold_retold.txt", "2025-05-talks-summary_body.txt"):
        left += sentences(EVAL / name)
    right += sentences(EVAL / "2025-03-18-kremlin-retold_kremlin.txt")
    return left, right


def synthetic_pairs(count: int, seed: int = 7) -> Iterator[tuple[str, SideInput, SideInput]]:
    rng = random.Random(seed)
    left_pool, right_pool = readout_pool()
    for n in range(count):
        left_label, right_label = ISSUERS[n % len(ISSUERS)]
        left = rng.sample(left_pool, k=min(len(left_pool), rng.randint(6, 14)))
        right = rng.sample(right_pool, k=min(len(right_pool), rng.randint(8, 20)))
        left.append(f"The sides agreed to hold consultations number {n} in {2000 + n % 30}.")
        title = f"{left_label} and {right_label} readouts, exchange {n}"
        yield (
            title,
            SideInput(left_label, " ".join(left)),
            SideInput(right_label, " ".join(right)),
        )


def ensure_comparisons(session: Session, count: int) -> int:
    """Store synthetic comparisons until there are `count` of them; return how many were added."""
    have = session.scalar(select(func.count(Comparison.id))) or 0
    added = 0
    for title, left, right in synthetic_pairs(count):
        if have + added >= count:
            break
        stored = store_comparison(session, title=title, left=left, right=right, origin="bench")
        added += int(stored.created)
    return added
