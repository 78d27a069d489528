"""What each page shows, as frozen dataclasses: templates read them, and they are the JSON.

A page's JSON twin is its object serialised by a pydantic TypeAdapter (see `to_json`), and
the OpenAPI schema is generated from the same classes; the alignment inside a comparison is
the differ's own contract objects, described once in `app/differ/types.py`. Nothing here is
re-validated on the way out: the objects are ours.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from functools import cache
from typing import Any, Protocol

from pydantic import TypeAdapter

from app.differ.types import Alignment as Alignment  # re-exported for the web
from app.differ.types import Link, Side
from app.differ.types import Span as Span  # for the web, which never imports the differ


class Links(Protocol):
    """The web's URL builder, as far as page data needs it (services never import web)."""

    def comparison(self, slug: str, fmt: str | None = None) -> str: ...

    def pair(self, slug: str, a: int, b: int, fmt: str | None = None) -> str: ...

    def article(self, article_id: int, fmt: str | None = None) -> str: ...

    def home(self, fmt: str | None = None, **query: str | int | None) -> str: ...

    def history(self, slug: str, fmt: str | None = None) -> str: ...

    def revision(self, slug: str, number: int, fmt: str | None = None) -> str: ...


@dataclass(frozen=True)
class Coverage:
    """Share of each side's clauses that have a counterpart on the other side."""

    left: float
    right: float


@dataclass(frozen=True)
class Summary:
    """A comparison as lists show it, and what identifies it."""

    slug: str
    title: str
    date: dt.date | None
    left_label: str
    right_label: str
    coverage: Coverage
    url: str
    json_url: str


@dataclass(frozen=True)
class Listed(Summary):
    """A comparison as a list shows it; one of three statements or more also names the
    issuers of its third and later statements, in order (its summary has only two labels)."""

    later_labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class SourcedSide(Side):
    """A side of the contract, with where the statement was published."""

    source: str | None = None


def sourced(side: Side, source: str | None) -> SourcedSide:
    """The contract's side as it is, whatever fields it has, with its source added."""
    return SourcedSide(**{f.name: getattr(side, f.name) for f in fields(side)}, source=source)


@dataclass(frozen=True)
class AlignedPair:
    """Two texts aligned and not stored: the contract, each side with where its text came
    from (the address it was fetched from, or the source sent with it)."""

    differ_version: str
    left: SourcedSide
    right: SourcedSide
    links: tuple[Link, ...]


@dataclass(frozen=True)
class OneSided:
    """Clause indexes said by one side only."""

    left: tuple[int, ...]
    right: tuple[int, ...]


@dataclass(frozen=True)
class RevisionLine:
    """Which revision of a corrected alignment is shown ("corrected by hand (revision 3 of
    3, 2 links changed from the automatic alignment)"), and where its history is."""

    number: int
    latest: int
    kind: str  # "auto" (the differ's) or "hand"
    changed: int  # links added, removed or re-marked against the automatic alignment
    differ_version: str
    history_url: str
    current_url: str
    proposal: str | None = None  # a newer differ's version, when it proposes other links


@dataclass(frozen=True)
class Downloads:
    """Where the comparison can be downloaded (see app/services/exports.py)."""

    csv: str
    markdown: str
    html: str


@dataclass(frozen=True)
class ComparisonPage(Summary):
    """The JSON contract of DESIGN.md, plus what identifies the comparison."""

    differ_version: str
    left: SourcedSide
    right: SourcedSide
    links: tuple[Link, ...]
    one_sided: OneSided
    # Given once, to the creator: the secret link that deletes it (absent otherwise).
    delete_url: str | None = None
    # The same secret as a link that edits the alignment and deletes it (given once too).
    manage_url: str | None = None
    # Only for comparisons corrected by hand (and their revision pages).
    revision: RevisionLine | None = None
    # Where it can be downloaded (not on revision pages: downloads are of the current one).
    downloads: Downloads | None = None

    @property
    def alignment(self) -> Alignment:
        return Alignment(self.differ_version, self.left, self.right, self.links)


@dataclass(frozen=True)
class Validators:
    """What decides whether a rendered page is still current: read without the ORM."""

    pair_hash: str
    updated_at: dt.datetime
    differ_version: str


@dataclass(frozen=True)
class Shown:
    page: ComparisonPage
    validators: Validators


@dataclass(frozen=True)
class Created:
    shown: Shown
    created: bool
    delete_token: str | None  # given once, to whoever created an uploaded comparison


@dataclass(frozen=True)
class Filters:
    q: str
    issuer: str
    since: dt.date | None
    until: dt.date | None


@dataclass(frozen=True)
class BrowsePage:
    comparisons: list[Listed]
    filters: Filters
    issuers: list[str]
    total: int  # counted up to 1,000: with total_capped, "more than 1,000"
    total_capped: bool
    page: int
    pages: int | None  # None when the total is capped (then next_url says if there is more)
    next_url: str | None
    prev_url: str | None


@dataclass(frozen=True)
class ArticleHead:
    id: int
    name: str
    title: str
    outlet: str | None
    author: str | None
    date: dt.date | None
    event_date: dt.date | None
    source_url: str | None
    url: str
    json_url: str


@dataclass(frozen=True)
class ArticleRow(ArticleHead):
    statements: int


@dataclass(frozen=True)
class ArticlesPage:
    articles: list[ArticleRow]


@dataclass(frozen=True)
class FoundStatement:
    """A statement found in an article: `clean_text[start:end]`."""

    id: int
    issuer: str
    kind: str
    start: int | None
    end: int | None
    text: str


@dataclass(frozen=True)
class Removal:
    """What cleaning removed from an article, and why."""

    start: int
    end: int
    reason: str
    text: str


@dataclass(frozen=True)
class ArticlePage(ArticleHead):
    clean_text: str
    statements: list[FoundStatement]
    removals: list[Removal]
    comparisons: list[Summary]


@cache
def _adapter(kind: Any) -> TypeAdapter[Any]:
    return TypeAdapter(kind)


def to_json(page: object) -> bytes:
    """A page object as its JSON twin; a secret link or revision line not given is left out."""
    optional = ("delete_url", "manage_url", "revision")
    exclude = {name for name in optional if getattr(page, name, True) is None} or None
    kind: Any = type(page)
    return _adapter(kind).dump_json(page, exclude=exclude)
