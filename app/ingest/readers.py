"""Turn article files (or uploaded bytes) into ``Document`` values: text plus metadata.

Pure module: no database, no web. Everything that can go wrong with a file a person chose
raises ``ReadError`` whose message names the file and says what is wrong in plain words,
because these messages end up in the CLI output and on the upload page.

Decoding policy (documented choice): UTF-8, UTF-8 with BOM and UTF-16 with BOM are read as
such. Bytes that are not valid UTF-8 are decoded as Windows-1252 (the usual encoding of
legacy Western text files) *and the fallback is recorded* in ``Document.notes``; if even
Windows-1252 cannot decode them, or the bytes look binary (NUL bytes, control characters),
``ReadError`` is raised.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from app.ingest.budget import Budget, ReadError, ReadLimits, ReadTooLarge, ReadTooSlow
from app.ingest.html_text import HtmlText, html_to_text
from app.ingest.meta import ArticleMeta
from app.ingest.pdf_text import pdf_to_text

__all__ = [
    "ArticleMeta",
    "Document",
    "ReadError",
    "ReadLimits",
    "ReadTooLarge",
    "ReadTooSlow",
    "iter_articles",
    "read_bytes",
    "read_file",
    "read_sidecar",
]

ARTICLE_SUFFIXES: Mapping[str, str] = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
}
SIDECAR_SUFFIX = ".meta.json"
DEFAULT_LIMITS = ReadLimits()
META_KEYS = ("title", "outlet", "author", "date", "url", "event_date")
_SKIPPED_STEMS = frozenset({"readme", "license", "changelog", "manifest", "index"})
# Control characters other than the whitespace ones (\t \n \v \f \r).
_CONTROL_BYTES = bytes(b for b in range(32) if chr(b) not in "\n\r\t\f\v")
_FRONT_MATTER_LINE = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$")


@dataclass(frozen=True)
class Document:
    """One article as read from disk or an upload, before cleaning."""

    name: str  # path relative to the folder (posix), the stable key
    raw: str  # the text as the article has it (front matter removed, newlines normalised)
    meta: ArticleMeta
    format: str  # "txt" | "md" | "html" | "pdf"
    notes: tuple[str, ...] = field(default=())  # e.g. "decoded as Windows-1252"


# --------------------------------------------------------------------------- public API


def read_file(
    path: Path, root: Path | None = None, limits: ReadLimits = DEFAULT_LIMITS
) -> Document:
    """Read one article file and its metadata (front matter, then a sidecar that overrides it)."""
    name = _relative_name(path, root)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"{name}: cannot read the file ({exc.strerror or exc})") from exc
    doc = _read(data, name, path.name, limits.start(name))
    sidecar = sidecar_path(path)
    if sidecar.is_file():
        doc = replace(doc, meta=_merge(doc.meta, read_sidecar(sidecar)))
    return doc


def read_bytes(
    data: bytes, filename: str, limits: ReadLimits = DEFAULT_LIMITS, *, name: str | None = None
) -> Document:
    """Read an uploaded file; the format comes from the content's signature, else the name.

    CPU-bound and bounded by ``limits`` (pages, text, processor time): a server calls it in
    a worker thread with a time budget, and maps ReadTooLarge to 413, ReadTooSlow to 422
    and any other ReadError to 415. ``name`` is what messages call the file (its file name
    unless given: a fetched page has none a person would know).
    """
    name = name or filename
    return _read(data, name, filename, limits.start(name))


def iter_articles(folder: Path) -> Iterator[Path]:
    """Yield article files under ``folder`` in a stable (sorted) order.

    Skips hidden files and folders, ``*.meta.json`` sidecars, JSON manifests and files such
    as README.md that describe a folder rather than being an article.
    """
    if not folder.is_dir():
        raise ReadError(f"{folder}: not a folder")
    found = [p for p in folder.rglob("*") if _is_article(p, folder)]
    yield from sorted(found, key=lambda p: p.relative_to(folder).as_posix())


def sidecar_path(path: Path) -> Path:
    """The metadata sidecar of an article: ``<stem>.meta.json`` next to it."""
    return path.with_name(path.stem + SIDECAR_SUFFIX)


def read_json_object(path: Path, what: str) -> dict[str, Any]:
    """A JSON file holding one object (a sidecar, a pair manifest); ReadError naming the file
    and ``what`` it should have been otherwise."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReadError(f"{path.name}: not a readable JSON {what} file ({exc})") from exc
    if not isinstance(data, dict):
        raise ReadError(f"{path.name}: {what} must be a JSON object")
    return data


def read_sidecar(path: Path) -> ArticleMeta:
    """Parse a sidecar; unknown keys are refused because they are almost always typos."""
    data = read_json_object(path, "metadata")
    unknown = sorted(set(data) - set(META_KEYS))
    if unknown:
        known = ", ".join(META_KEYS)
        raise ReadError(f"{path.name}: unknown metadata key(s) {unknown}; known keys: {known}")
    return meta_from_mapping(data, path.name)


def meta_from_mapping(data: Mapping[str, Any], where: str) -> ArticleMeta:
    """Build ``ArticleMeta`` from loose key/values (JSON or front matter); dates are ISO."""
    values: dict[str, Any] = {}
    for key in META_KEYS:
        value = data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if not isinstance(value, str):
            raise ReadError(f"{where}: metadata '{key}' must be text, got {value!r}")
        values[key] = parse_date(value, key, where) if key.endswith("date") else value.strip()
    return ArticleMeta(**values)


def parse_date(value: str, key: str, where: str) -> datetime.date:
    """Parse ``YYYY-MM-DD`` (a full ISO timestamp is accepted; its date part is kept)."""
    text = value.strip()
    try:
        return datetime.date.fromisoformat(text[:10])
    except ValueError as exc:
        raise ReadError(f"{where}: '{key}' must be a date like 2025-03-19, got {value!r}") from exc


# --------------------------------------------------------------------------- internals


def _relative_name(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.name


def _is_article(path: Path, folder: Path) -> bool:
    rel = path.relative_to(folder)
    if any(part.startswith((".", "_")) for part in rel.parts):
        return False
    if not path.is_file() or path.name.endswith(SIDECAR_SUFFIX):
        return False
    if path.stem.lower() in _SKIPPED_STEMS:
        return False
    return path.suffix.lower() in ARTICLE_SUFFIXES


def _detect_format(data: bytes, filename: str) -> str:
    """Trust content signatures over names: an upload called x.txt may well be a PDF."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    suffix = Path(filename).suffix.lower()
    if suffix in ARTICLE_SUFFIXES:
        return ARTICLE_SUFFIXES[suffix]
    head = data[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return "html"
    return "txt"


def _read(data: bytes, name: str, filename: str, budget: Budget) -> Document:
    document = _read_format(data, name, filename, budget)
    raw, note = valid_unicode(document.raw)
    budget.check_text(len(raw.encode("utf-8")))
    notes = document.notes if note is None else (*document.notes, note)
    return replace(document, raw=raw, notes=notes)


def _read_format(data: bytes, name: str, filename: str, budget: Budget) -> Document:
    fmt = _detect_format(data, filename)
    if fmt == "pdf":
        return Document(name=name, raw=pdf_to_text(data, budget), meta=ArticleMeta(), format="pdf")
    text, notes = decode_text(data, name)
    text = normalise_newlines(text)
    if fmt == "html":
        page: HtmlText = html_to_text(text, budget)
        return Document(name=name, raw=page.text, meta=page.meta, format="html", notes=notes)
    meta, body = split_front_matter(text, name)
    return Document(name=name, raw=body, meta=meta, format=fmt, notes=notes)


def valid_unicode(text: str) -> tuple[str, str | None]:
    """``text`` with each lone surrogate replaced by U+FFFD, and a note saying how many.

    A PDF's character map, an HTML character reference or a JSON escape can name half of a
    UTF-16 pair; Python holds it in a str, but it cannot be encoded, stored or shown.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        pass
    else:
        return text, None
    # Through UTF-16: a high and low surrogate in a row make one character again.
    fixed = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    count = fixed.count("\ufffd") - text.count("\ufffd")
    return fixed, f"{count} character(s) that are not valid Unicode were replaced by \ufffd"


def decode_text(data: bytes, name: str) -> tuple[str, tuple[str, ...]]:
    """Decode bytes to text following the module's decoding policy (see module docstring)."""
    for bom, codec in (
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if data.startswith(bom):
            return _checked(_decode_strict(data[len(bom) :], codec, name), name), ()
    if b"\x00" in data:
        raise ReadError(f"{name}: this looks like a binary file, not text (it contains NUL bytes)")
    try:
        return _checked(data.decode("utf-8"), name, data), ()
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise ReadError(
            f"{name}: file is not UTF-8 text (byte 0x{data[exc.start]:02x} at position "
            f"{exc.start}); save it as UTF-8 and try again"
        ) from exc
    note = "not valid UTF-8: decoded as Windows-1252; check accented letters and quotes"
    return _checked(text, name), (note,)


def _decode_strict(data: bytes, codec: str, name: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise ReadError(
            f"{name}: file starts with a {codec} byte-order mark but is not "
            f"valid {codec} text (position {exc.start})"
        ) from exc


def _checked(text: str, name: str, encoded: bytes | None = None) -> str:
    """Refuse text that is mostly control characters: that is binary data, not an article.

    ``encoded``: the text's UTF-8 bytes, when the caller has them.
    """
    # In UTF-8 a character below 32 is that byte, and no other character has such a byte; so
    # the count is what deleting them from the bytes (a quick C loop) takes away.
    if encoded is None:
        encoded = text.encode("utf-8", "surrogatepass")
    controls = len(encoded) - len(encoded.translate(None, _CONTROL_BYTES))
    if "\x00" in text or (text and controls / len(text) > 0.01):
        raise ReadError(f"{name}: this looks like a binary file, not text")
    return text


def normalise_newlines(text: str) -> str:
    """CRLF and CR become LF so that offsets mean the same on every platform."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(text: str, where: str) -> tuple[ArticleMeta, str]:
    """Split a ``---`` / ``key: value`` lines / ``---`` block off the top of a text.

    Unknown keys are ignored (front matter written for Jekyll or Hugo carries layout, tags …);
    a block whose lines are not all ``key: value`` is not front matter and stays in the text.
    """
    first_end = text.find("\n")
    if text[: first_end if first_end >= 0 else len(text)].strip() != "---":
        return ArticleMeta(), text
    lines = text.split("\n")
    values: dict[str, str] = {}
    for index, line in enumerate(lines[1:], start=1):
        if line.strip() == "---":
            body = "\n".join(lines[index + 1 :]).lstrip("\n")
            return meta_from_mapping(values, f"{where} (front matter)"), body
        match = _FRONT_MATTER_LINE.match(line)
        if match is None:
            if line.strip():
                return ArticleMeta(), text
            continue
        values[match.group(1).lower()] = _unquote(match.group(2))
    return ArticleMeta(), text


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _merge(base: ArticleMeta, override: ArticleMeta) -> ArticleMeta:
    """Sidecar values win over front matter; fields the sidecar leaves empty are kept."""
    changes = {k: getattr(override, k) for k in META_KEYS if getattr(override, k) is not None}
    return replace(base, **changes)
