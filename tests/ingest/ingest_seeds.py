"""Where the sample corpus lives, and which shipped article is which seed."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
ARTICLES = REPO / "data" / "articles"
PAIRS = REPO / "data" / "pairs"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED_SEEDS = REPO.parent / "shared" / "seeds"

SEED_FILES = {
    "000": "2025-05-20-moon-of-alabama-ukraine-negotiations-still-hover-around-root-cause.txt",
    "001": "2025-03-putin-trump-call-productive-conversation-new-detente.txt",
    "002": "2025-03-us-backs-zelensky-with-pre-rejected-ceasefire-scheme.txt",
    "003": "2025-03-19-thomas-fazi-trump-putin-call-no-breakthrough.txt",
    "004": "2025-us-led-ceasefire-talks-hold-potential-for-russia.txt",
}
ORIGINAL_NAMES = {
    "000": "000_a15e3192499b1521.txt",
    "001": "001_b72f525f5d8c5ecf.txt",
    "002": "002_fa157defeb9da5f3.txt",
    "003": "003_903be04dddfa174f.txt",
    "004": "004_cf6596be2bca1c3d.txt",
}


def seed_raw(seed: str) -> str:
    return (ARTICLES / SEED_FILES[seed]).read_text(encoding="utf-8")


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def squash(text: str) -> str:
    """Whitespace-insensitive form (the seeds use no-break spaces between some words)."""
    return " ".join(text.split())
