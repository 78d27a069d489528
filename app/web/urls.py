"""One URL builder for pages, the JSON API and templates, so a link is spelled in one place."""

from __future__ import annotations

from typing import Literal, Protocol
from urllib.parse import urlencode

Side = Literal["left", "right"]


class StaticNaming(Protocol):
    def hashed(self, path: str) -> str: ...


class Urls:
    """Paths of every page; `fmt="json"` gives a page's JSON twin.

    With `static_names` (the app's; see statics.py) static files are linked under their
    content-hashed names, which browsers may cache for a year; without, under their own.
    """

    def __init__(self, static_names: StaticNaming | None = None) -> None:
        self._static_names = static_names

    def home(self, fmt: str | None = None, **query: str | int | None) -> str:
        path = "/.json" if fmt == "json" else "/"
        return path + _query(query)

    def comparison(self, slug: str, fmt: str | None = None) -> str:
        """`fmt`: "json" for the twin, "csv", "md" or "html" for a download."""
        return f"/c/{slug}.{fmt}" if fmt else f"/c/{slug}"

    def feed(self) -> str:
        """The Atom feed of new listed comparisons."""
        return "/feed.atom"

    def pair(self, slug: str, a: int, b: int, fmt: str | None = None) -> str:
        """Statements a and b (1-based) of a comparison, as the two-sided page: `/c/x/1-3`."""
        return f"{self.comparison(slug)}/{a}-{b}" + (".json" if fmt == "json" else "")

    @staticmethod
    def clause_in(statement: int, index: int) -> str:
        """`S2.4`: clause 4 of statement 2 (1-based), in a comparison of any number."""
        return f"S{statement + 1}.{index + 1}"

    @staticmethod
    def point_anchor(index: int) -> str:
        return f"point-{index + 1}"

    @staticmethod
    def clause_anchor(side: Side, index: int) -> str:
        """`L4`/`R7`: 1-based, as a reader counts clauses."""
        return f"{'L' if side == 'left' else 'R'}{index + 1}"

    @staticmethod
    def link_anchor(index: int) -> str:
        return f"link-{index + 1}"

    @staticmethod
    def statement_anchor(index: int) -> str:
        """`s2`: a statement marked in an article's text."""
        return f"s{index + 1}"

    def delete(self, slug: str, token: str | None = None) -> str:
        """The secret delete link (with the token) or the form's target (without)."""
        path = f"/c/{slug}/delete"
        return path + _query({"token": token}) if token else path

    def manage(self, slug: str, token: str | None = None) -> str:
        """The secret manage link: the page that corrects the alignment (and deletes it)."""
        path = f"/c/{slug}/edit"
        return path + _query({"token": token}) if token else path

    def history(self, slug: str, fmt: str | None = None) -> str:
        return f"/c/{slug}/history.json" if fmt == "json" else f"/c/{slug}/history"

    def revision(self, slug: str, number: int, fmt: str | None = None) -> str:
        path = f"/c/{slug}/r/{number}"
        return path + ".json" if fmt == "json" else path

    def new(self) -> str:
        return "/new"

    def articles(self, fmt: str | None = None) -> str:
        return "/articles.json" if fmt == "json" else "/articles"

    def article(self, article_id: int, fmt: str | None = None) -> str:
        return f"/articles/{article_id}.json" if fmt == "json" else f"/articles/{article_id}"

    def docs(self) -> str:
        return "/docs"

    def version(self) -> str:
        return "/-/version"

    def static(self, path: str) -> str:
        names = self._static_names
        return f"/static/{names.hashed(path) if names else path}"

    @staticmethod
    def is_json(path: str) -> bool:
        """The API and the JSON twins answer in JSON, errors included."""
        return path.startswith("/api/") or path.endswith(".json")


def _query(query: dict[str, str | int | None]) -> str:
    kept = {k: v for k, v in query.items() if v not in (None, "")}
    return "?" + urlencode(kept) if kept else ""
