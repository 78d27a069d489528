"""HTML page -> main text and metadata, with the standard library's HTML parser only.

Why our own code: the pages we meet are news articles; what matters is (1) prefer the
``<article>`` or ``<main>`` element when a page has one, (2) never emit scripts, styles,
navigation, headers, footers, forms or asides, (3) one block element = one paragraph.
Whatever page furniture survives that is the boilerplate ``clean()`` exists to remove, so a
heavy extraction library would add dependencies without changing the outcome much.
"""

from __future__ import annotations

import datetime
import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from app.ingest.meta import ArticleMeta

_SKIP = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "nav",
        "header",
        "footer",
        "aside",
        "form",
        "button",
        "select",
        "iframe",
        "head",
    }
)
_BLOCK = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "main",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "pre",
        "tr",
        "table",
        "figure",
        "figcaption",
        "dd",
        "dt",
        "dl",
        "br",
        "hr",
        "body",
        "address",
    }
)
_VOID = frozenset(
    {
        "br",
        "hr",
        "img",
        "meta",
        "link",
        "input",
        "area",
        "base",
        "col",
        "embed",
        "source",
        "track",
        "wbr",
        "param",
    }
)
_META_NAMES = {
    "og:title": "title",
    "twitter:title": "title",
    "og:site_name": "outlet",
    "author": "author",
    "article:author": "author",
    "og:url": "url",
    "article:published_time": "date",
    "date": "date",
    "pubdate": "date",
    "dc.date": "date",
    "citation_publication_date": "date",
}


@dataclass(frozen=True)
class HtmlText:
    """Text of a page (paragraphs separated by blank lines) and what its head tells."""

    text: str
    meta: ArticleMeta


class _Collector(HTMLParser):
    """Collects text per region (whole body and each article/main) plus head metadata."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip_depth = 0
        self.stack: list[str] = []
        self.body: list[str] = []
        self.main: list[str] = []
        self.main_depth = 0
        self.title: list[str] = []
        self.in_title = False
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._meta_tag(tag, dict(attrs))
        if tag in _VOID:
            self._break(tag)
            return
        self.stack.append(tag)
        if tag == "title":
            self.in_title = True
        if tag in _SKIP:
            self.skip_depth += 1
        if tag in ("article", "main"):
            self.main_depth += 1
        self._break(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.stack:
            return
        while self.stack:
            top = self.stack.pop()
            self._close(top)
            if top == tag:
                break

    def _close(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in _SKIP:
            self.skip_depth = max(0, self.skip_depth - 1)
        self._break(tag)
        if tag in ("article", "main"):
            self.main_depth = max(0, self.main_depth - 1)

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        if self.skip_depth:
            return
        self.body.append(data)
        if self.main_depth:
            self.main.append(data)

    def _break(self, tag: str) -> None:
        if tag in _BLOCK and not self.skip_depth:
            self.body.append("\n\n")
            if self.main_depth:
                self.main.append("\n\n")

    def _meta_tag(self, tag: str, attrs: dict[str, str | None]) -> None:
        if tag == "meta":
            key = (attrs.get("property") or attrs.get("name") or "").lower()
            value = attrs.get("content")
            if key in _META_NAMES and value and _META_NAMES[key] not in self.meta:
                self.meta[_META_NAMES[key]] = value.strip()
        elif tag == "link" and (attrs.get("rel") or "").lower() == "canonical":
            href = attrs.get("href")
            if href:
                self.meta.setdefault("url", href.strip())


def _paragraphs(chunks: list[str]) -> str:
    """Collapse whitespace inside paragraphs; paragraphs are separated by one blank line."""
    text = "".join(chunks)
    paras = (re.sub(r"[ \t\f\v\r\n]+", " ", p).strip() for p in re.split(r"\n\s*\n", text))
    return "\n\n".join(p for p in paras if p)


def _date(value: str | None) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def html_to_text(source: str) -> HtmlText:
    """Main text of an HTML page: the ``<article>``/``<main>`` text when present, else body."""
    parser = _Collector()
    parser.feed(source)
    parser.close()
    main = _paragraphs(parser.main)
    text = main if len(main.split()) >= 50 else _paragraphs(parser.body)
    found = parser.meta
    title = found.get("title") or html.unescape(" ".join("".join(parser.title).split())) or None
    meta = ArticleMeta(
        title=title,
        outlet=found.get("outlet"),
        author=found.get("author"),
        date=_date(found.get("date")),
        url=found.get("url"),
    )
    return HtmlText(text=text, meta=meta)
