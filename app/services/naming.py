"""How a comparison is named and recognised: its slug, the hashes that find the same pair
again, and the digest its secret link is checked against.

Kept apart from storing so that ingestion, collations and corrections name things the same
way without importing the whole of `comparisons`.
"""

from __future__ import annotations

import hashlib
import secrets

from slugify import slugify

from app.text import normalise


def pair_hash(left: str, right: str) -> str:
    joined = normalise(left) + "\x00" + normalise(right)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()


def text_hash(text: str) -> str:
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


def plausible_slug(slug: str) -> bool:
    """Slugs are short and printable; anything else cannot exist, so skip the database."""
    return 0 < len(slug) <= 200 and slug.isprintable()


def slug_of(text: str, limit: int = 60) -> str:
    """Readable ASCII: 'Biden–Putin' gives 'biden-putin', 'Путин' gives 'putin'.

    Only new comparisons get slugs: a stored slug never changes, whatever this gives."""
    return str(slugify(text, max_length=limit))


def upload_slug(title: str, digest: str) -> str:
    """Readable and stable: the title for people, the pair's hash for uniqueness."""
    stem = slug_of(title, limit=48)
    return f"{stem}-{digest[:12]}" if stem else digest[:16]


def unlisted_slug() -> str:
    """128 random bits: an unlisted comparison cannot be found by guessing or by its texts."""
    return secrets.token_urlsafe(16)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
