"""The one text normaliser: how texts are compared for sameness, and folded for matching.

Deduplication (the same pair, the same statement), search and curated-pair matching all ask
"is this the same text?" with different strictness; each asks it here so that none drifts.
"""

from __future__ import annotations

import unicodedata


def squash(text: str) -> str:
    """Whitespace folded: runs of spaces, tabs and newlines count as one space."""
    return " ".join(text.split())


def normalise(text: str) -> str:
    """The form two texts are compared in for sameness: NFC, whitespace folded.

    Stored hashes (pair and statement) are taken of this form: changing it changes them.
    """
    return squash(unicodedata.normalize("NFC", text))


def fold(text: str) -> str:
    """Case and accents folded, so 'Élysée' is found by 'elysee'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
