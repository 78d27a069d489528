"""What a shared link shows (Open Graph / Twitter card) and the Atom feed of new listed
comparisons, read with the feedparser library."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import feedparser
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app

SLUG = "2025-03-18-trump-putin-call"


class Head(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.links: list[dict[str, str | None]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        key = found.get("property") or found.get("name")
        if tag == "meta" and key:
            self.meta[key] = found.get("content") or ""
        if tag == "link":
            self.links.append(found)


def pair(n: int, **changes: Any) -> dict[str, Any]:
    return {
        "title": f"Call number {n} & <friends>",
        "date": f"2025-04-{n:02d}",
        "left": {"label": "White House", "text": f"The leaders spoke about trade {n} times."},
        "right": {"label": "Kremlin", "text": f"The presidents discussed energy on day {n}."},
        **changes,
    }


def test_comparison_page_has_a_card_with_the_counts(corpus_client: TestClient) -> None:
    data = corpus_client.get(f"/c/{SLUG}.json").json()
    html = corpus_client.get(f"/c/{SLUG}").text
    head = Head(html)
    n, left, right = (
        points_on_page(html),
        len(data["one_sided"]["left"]),
        len(data["one_sided"]["right"]),
    )
    # Points, as the page counts them: links sharing a clause are one point.
    assert 0 < n < len(data["links"])
    counts = f"{n} points made by both, {left} only by White House, {right} only by Kremlin."
    assert head.meta["og:title"] == head.meta["twitter:title"] == data["title"]
    assert head.meta["og:description"].endswith(counts)
    assert head.meta["twitter:description"] == head.meta["og:description"]
    assert head.meta["description"] == head.meta["og:description"]
    assert head.meta["og:type"] == "article" and head.meta["twitter:card"] == "summary"
    # No public origin set: the address the server answers on, never the Host header.
    assert head.meta["og:url"] == f"http://testserver/c/{SLUG}"
    spoofed = Head(corpus_client.get(f"/c/{SLUG}", headers={"Host": "evil.example"}).text)
    assert spoofed.meta["og:url"] == f"http://testserver/c/{SLUG}"


def test_card_uses_the_public_origin(migrated: Settings) -> None:
    app = create_app(migrated.model_copy(update={"public_origin": "https://readouts.example"}))
    try:
        with TestClient(app) as client:
            created = client.post("/api/comparisons", json=pair(1)).json()
            head = Head(client.get(created["url"]).text)
            feed = feedparser.parse(client.get("/feed.atom").content)
    finally:
        app.state.db.dispose()
    assert head.meta["og:url"] == f"https://readouts.example{created['url']}"
    assert {"rel": "canonical", "href": head.meta["og:url"]} in head.links
    assert feed.entries[0].link == f"https://readouts.example{created['url']}"
    assert feed.feed.links[0]["href"] == "https://readouts.example/feed.atom"


def test_every_page_advertises_the_feed(corpus_client: TestClient) -> None:
    for path in ("/", f"/c/{SLUG}", "/articles", "/new"):
        links = Head(corpus_client.get(path).text).links
        feeds = [link for link in links if link.get("type") == "application/atom+xml"]
        assert feeds and feeds[0]["rel"] == "alternate" and feeds[0]["href"] == "/feed.atom"


def test_feed_lists_new_listed_comparisons_newest_first(client: TestClient) -> None:
    made = [client.post("/api/comparisons", json=pair(n)).json() for n in (1, 2, 3)]
    hidden = client.post("/api/comparisons", json=pair(4, unlisted=True)).json()
    response = client.get("/feed.atom")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/atom+xml; charset=utf-8"
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == "Readouts: new comparisons"
    titles = [entry.title for entry in feed.entries]
    assert titles == [f"Call number {n} & <friends>" for n in (3, 2, 1)]
    links = [entry.link for entry in feed.entries]
    assert links == [f"http://testserver{c['url']}" for c in reversed(made)]
    assert all(hidden["slug"] not in link for link in links)
    assert hidden["slug"].encode() not in response.content
    entry = feed.entries[0]
    assert entry.id == entry.link and entry.published_parsed and entry.updated_parsed
    assert {tag.term for tag in entry.tags} == {"White House", "Kremlin"}
    assert "2025-04-03" in entry.summary


def test_feed_is_valid_when_empty_and_answers_304(client: TestClient) -> None:
    first = client.get("/feed.atom")
    feed = feedparser.parse(first.content)
    assert feed.bozo == 0 and feed.version == "atom10" and feed.entries == []
    again = client.get("/feed.atom", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    client.post("/api/comparisons", json=pair(5))
    changed = client.get("/feed.atom", headers={"If-None-Match": first.headers["etag"]})
    assert changed.status_code == 200 and len(feedparser.parse(changed.content).entries) == 1


def test_feed_holds_the_corpus(corpus_client: TestClient) -> None:
    feed = feedparser.parse(corpus_client.get("/feed.atom").content)
    assert feed.bozo == 0
    assert f"http://testserver/c/{SLUG}" in [entry.link for entry in feed.entries]


def points_on_page(html: str) -> int:
    """The count the page's own summary line shows: "<strong>6</strong> points both made"."""
    found = re.search(r"<strong>(\d+)</strong> points? both made", html)
    assert found, "the page's summary line"
    return int(found.group(1))
