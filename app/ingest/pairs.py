"""Curated pairs: small JSON manifests in data/pairs/ naming the two statements to compare
(`left`, `right`), or two to six accounts of one event (`statements`: a list of sides).

A side is either a text ``file`` next to the manifest, or an ``article`` in data/articles
whose extracted statement of ``issuer`` is used (``match`` picks one when the article quotes
that issuer more than once). Manifests are checked strictly when read, because a typo in
one should stop ingestion with a message naming the file, not produce an empty comparison.

Example::

    {"slug": "2025-03-18-trump-putin-call", "title": "Trump-Putin phone call, 18 March 2025",
     "date": "2025-03-18",
     "left":  {"issuer": "White House", "article": "2025-03-19-….txt"},
     "right": {"issuer": "Kremlin", "file": "kremlin.txt", "source": "https://…"}}
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.ingest.extract import Statement
from app.ingest.readers import ReadError, parse_date, read_file, read_json_object
from app.text import fold, squash

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_MANIFEST_KEYS = frozenset({"slug", "title", "date", "left", "right", "statements"})
MAX_STATEMENTS = 6
_SIDE_KEYS = frozenset({"issuer", "file", "article", "source", "match"})
_KIND_RANK = {"section": 0, "block": 1, "quote": 2}


@dataclass(frozen=True)
class PairSide:
    """One side of a curated pair."""

    issuer: str
    file: str | None = None  # text file relative to the manifest's folder, OR
    article: str | None = None  # an article name in data/articles
    source: str | None = None  # URL of the original statement, when known
    match: str | None = None  # words the article statement must contain (to choose one)


@dataclass(frozen=True)
class PairManifest:
    """A curated comparison of two statements."""

    slug: str
    title: str
    date: datetime.date | None
    left: PairSide
    right: PairSide
    name: str  # manifest file name
    more: tuple[PairSide, ...] = ()  # a third to sixth account of the same event

    @property
    def sides(self) -> tuple[PairSide, ...]:
        return (self.left, self.right, *self.more)


def read_manifests(folder: Path) -> list[PairManifest]:
    """All ``*.json`` manifests in ``folder``, sorted by file name; slugs must be unique."""
    manifests = [
        read_manifest(p) for p in sorted(folder.glob("*.json")) if not p.name.startswith(".")
    ]
    seen: dict[str, str] = {}
    for manifest in manifests:
        if manifest.slug in seen:
            raise ReadError(
                f"{manifest.name}: slug '{manifest.slug}' is already used by {seen[manifest.slug]}"
            )
        seen[manifest.slug] = manifest.name
    return manifests


def read_manifest(path: Path) -> PairManifest:
    """Read and check one manifest; every problem is reported with the file name."""
    data = read_json_object(path, "pair manifest")
    _check_keys(data, _MANIFEST_KEYS, path.name, "manifest")
    slug = _text(data, "slug", path.name, required=True)
    if slug is None or not _SLUG.fullmatch(slug):
        raise ReadError(f"{path.name}: slug must be lowercase words joined by '-', got {slug!r}")
    date_text = _text(data, "date", path.name)
    if "statements" in data:
        given = data["statements"]
        if "left" in data or "right" in data:
            raise ReadError(f"{path.name}: give 'left' and 'right', or 'statements', not both")
        if not isinstance(given, list) or not 2 <= len(given) <= MAX_STATEMENTS:
            raise ReadError(f"{path.name}: 'statements' must be a list of 2 to 6 sides")
        sides = [_side(side, path, f"statement {k + 1}") for k, side in enumerate(given)]
    else:
        sides = [_side(data.get("left"), path, "left"), _side(data.get("right"), path, "right")]
    return PairManifest(
        slug=slug,
        title=_text(data, "title", path.name, required=True) or slug,
        date=parse_date(date_text, "date", path.name) if date_text else None,
        left=sides[0],
        right=sides[1],
        name=path.name,
        more=tuple(sides[2:]),
    )


def side_text(side: PairSide, manifest_folder: Path) -> str:
    """The text of a ``file`` side (read with the same rules as articles)."""
    if side.file is None:
        raise ValueError("side_text() is for file sides; use pick_statement() for articles")
    return read_file(manifest_folder / side.file, manifest_folder).raw.strip()


def pick_statement(side: PairSide, statements: Sequence[Statement]) -> Statement | None:
    """The article statement a side means: its issuer, ``match`` if given, longest form first."""
    wanted = fold(squash(side.match)) if side.match else None
    fits = [
        s
        for s in statements
        if s.issuer == side.issuer and (wanted is None or wanted in fold(squash(s.text)))
    ]
    if not fits:
        return None
    return min(fits, key=lambda s: (_KIND_RANK.get(s.kind, 9), s.start))


# --------------------------------------------------------------------------- internals


def _check_keys(data: Mapping[str, Any], allowed: frozenset[str], name: str, what: str) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ReadError(f"{name}: unknown {what} key(s) {unknown}; allowed: {sorted(allowed)}")


def _text(data: Mapping[str, Any], key: str, name: str, required: bool = False) -> str | None:
    value = data.get(key)
    if value is None or value == "":
        if required:
            raise ReadError(f"{name}: '{key}' is required")
        return None
    if not isinstance(value, str):
        raise ReadError(f"{name}: '{key}' must be text, got {value!r}")
    return value.strip()


def _side(value: Any, path: Path, which: str) -> PairSide:
    where = f"{path.name} ({which})"
    if not isinstance(value, dict):
        raise ReadError(f"{path.name}: '{which}' must be an object with an issuer")
    _check_keys(value, _SIDE_KEYS, where, "side")
    side = PairSide(
        issuer=_text(value, "issuer", where, required=True) or "",
        file=_text(value, "file", where),
        article=_text(value, "article", where),
        source=_text(value, "source", where),
        match=_text(value, "match", where),
    )
    if (side.file is None) == (side.article is None):
        raise ReadError(f"{where}: give exactly one of 'file' or 'article'")
    if side.file is not None and not (path.parent / side.file).is_file():
        raise ReadError(f"{where}: file '{side.file}' not found next to the manifest")
    return side
