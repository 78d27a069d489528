"""Three to six accounts of one event: the API, the grid page, its JSON, pair views, the form."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

WH = (
    "The leaders agreed that the movement to peace will begin with an energy and infrastructure "
    "ceasefire. The two leaders shared the view that Iran should never be in a position to "
    "destroy Israel."
)
KREMLIN = (
    "Donald Trump proposed that the parties refrain from attacks on energy infrastructure "
    "facilities for 30 days. Hockey matches between Russian and American players were discussed."
)
KYIV = (
    "Ukraine supports a ceasefire on energy infrastructure. President Zelensky thanked the "
    "partners for air defence systems."
)


def three(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "One call, three accounts",
        "date": "2025-03-18",
        "statements": [
            {"label": "White House", "text": WH, "source": "https://example.org/wh"},
            {"label": "Kremlin", "text": KREMLIN},
            {"label": "Kyiv", "text": KYIV},
        ],
    }
    data.update(changes)
    return data


def test_three_statements_make_one_comparison_of_points(client: TestClient) -> None:
    made = client.post("/api/comparisons", json=three())
    assert made.status_code == 201, made.text
    data = made.json()
    assert [s["label"] for s in data["statements"]] == ["White House", "Kremlin", "Kyiv"]
    assert data["statements"][0]["source"] == "https://example.org/wh"
    assert "links" not in data and "left" not in data and data["delete_url"]
    points = data["points"]
    for s, statement in enumerate(data["statements"]):
        held = sorted(c for p in points for c in p["clauses"].get(str(s), []))
        assert held == list(range(len(statement["clauses"])))
    energy = [p for p in points if len(p["said_by"]) == 3]
    assert energy, "the energy ceasefire is in all three accounts"
    hockey = next(
        p
        for p in points
        if any(
            "Hockey" in data["statements"][1]["text"][c["start"] : c["end"]]
            for c in [data["statements"][1]["clauses"][i] for i in p["clauses"].get("1", [])]
        )
    )
    assert hockey["said_by"] == [1]
    assert [(p["a"], p["b"]) for p in data["pairs"]] == [(1, 2), (1, 3), (2, 3)]
    again = client.post("/api/comparisons", json=three(title="Again"))
    assert again.status_code == 200 and again.json()["slug"] == data["slug"]
    assert client.get(data["url"] + ".json").json()["points"] == points


def test_the_grid_page_has_a_row_per_point_and_deep_anchors(client: TestClient) -> None:
    data = client.post("/api/comparisons", json=three()).json()
    html = client.get(data["url"]).text
    assert html.count('<tr class="point ') == len(data["points"])
    assert 'id="point-1"' in html and 'id="S2.1"' in html and 'id="S3.2"' in html
    assert "not mentioned" in html
    assert "Only Kremlin: <strong>" in html and "said by one only" in html
    for pair in data["pairs"]:
        assert f'href="{pair["url"]}"' in html
    assert "&lt;" not in WH and "<script>" not in html.split("</header>", 1)[1]


def test_each_pair_opens_as_the_two_sided_page_at_its_own_address(client: TestClient) -> None:
    data = client.post("/api/comparisons", json=three()).json()
    slug = data["slug"]
    one_three = client.get(f"/c/{slug}/1-3.json")
    assert one_three.status_code == 200
    pair = one_three.json()
    assert pair["left"]["text"] == WH and pair["right"]["text"] == KYIV
    assert pair["left"]["source"] == "https://example.org/wh"
    assert pair["links"] == data["pairs"][1]["links"]
    swapped = client.get(f"/c/{slug}/3-1.json").json()
    assert swapped["left"]["text"] == KYIV and len(swapped["links"]) == len(pair["links"])
    page = client.get(f"/c/{slug}/1-3")
    assert page.status_code == 200 and 'id="L1"' in page.text and "Kyiv" in page.text
    for bad in ("1-1", "1-4", "0-2"):
        missing = client.get(f"/c/{slug}/{bad}.json")
        assert missing.status_code == 404
        assert "pair" in missing.json()["error"]["message"]


def test_two_statements_keep_their_json_and_answer_pair_1_2(client: TestClient) -> None:
    pair = {"title": "A call", "left": three()["statements"][0], "right": three()["statements"][1]}
    data = client.post("/api/comparisons", json=pair).json()
    assert set(data) >= {"left", "right", "links"} and "statements" not in data
    as_list = client.post(
        "/api/comparisons", json={"title": "A call", "statements": three()["statements"][:2]}
    )
    assert as_list.status_code == 200 and as_list.json()["slug"] == data["slug"]
    view = client.get(f"/c/{data['slug']}/1-2.json").json()
    assert view["links"] == data["links"] and view["left"] == data["left"]


def test_api_align_takes_statements_and_stores_nothing(client: TestClient) -> None:
    answer = client.post("/api/align", json={"statements": three()["statements"]})
    assert answer.status_code == 200
    assert len(answer.json()["statements"]) == 3 and answer.json()["points"]
    assert client.get("/api/comparisons").json()["total"] == 0


def test_statements_refused_with_a_message(client: TestClient) -> None:
    one = {"label": "A", "text": "Something."}
    cases = [
        {"title": "t", "statements": [one] * 7},
        {"title": "t", "statements": [one]},
        {"title": "t", "statements": [one, one], "left": one, "right": one},
        {"title": "t", "left": one},
        {"title": "t", "statements": [one, one, {"label": "B", "text": "a\x00b"}]},
    ]
    for case in cases:
        answer = client.post("/api/comparisons", json=case)
        assert answer.status_code == 422, case
        assert answer.json()["error"]["message"]
    assert client.get("/api/comparisons").json()["total"] == 0


def test_browsing_by_a_third_accounts_issuer_finds_the_grid(client: TestClient) -> None:
    # Kyiv's account is the grid's third: only comparison_statements knows its issuer.
    assert client.post("/api/comparisons", json=three()).status_code == 201
    hidden = three(title="Kept unlisted", unlisted=True, date="2025-03-19")
    hidden["statements"][2] = {"label": "Kyiv", "text": KYIV + " Unlisted, this one."}
    assert client.post("/api/comparisons", json=hidden).status_code == 201
    for params in ({"issuer": "Kyiv"}, {"issuer": "Kyiv", "q": "ceasefire"}):
        found = client.get("/.json", params=params).json()
        assert [c["title"] for c in found["comparisons"]] == ["One call, three accounts"]
        assert found["total"] == 1
    listed = client.get("/.json").json()
    assert "Kyiv" in listed["issuers"]
    assert [c["later_labels"] for c in listed["comparisons"]] == [["Kyiv"]]
    assert (
        client.get("/.json", params={"issuer": "Kyiv", "since": "2025-03-19"}).json()["comparisons"]
        == []
    )
    page = client.get("/", params={"issuer": "Kyiv"}).text
    assert '<option value="Kyiv" selected>Kyiv</option>' in page
    # The row names the three accounts, not the first two's coverage alone.
    assert "3 accounts: White House, Kremlin, Kyiv" in page


def test_deleting_a_grid_removes_its_statements(client: TestClient) -> None:
    data = client.post("/api/comparisons", json=three()).json()
    token = data["delete_url"].split("token=")[1]
    assert client.delete(f"/api/comparisons/{data['slug']}?token=wrong").status_code == 403
    assert client.delete(f"/api/comparisons/{data['slug']}?token={token}").status_code == 204
    assert client.get(data["url"]).status_code == 404
    assert client.get(f"{data['url']}/1-3").status_code == 404


def form_fields(html: str) -> list[str]:
    return re.findall(r"<legend>([^<]+) statement</legend>", html)


def test_the_form_adds_and_removes_accounts_without_javascript(client: TestClient) -> None:
    origin = {"Origin": "http://testserver"}
    blank = client.get("/new").text
    assert form_fields(blank) == ["First", "Second"] and "Add another account" in blank
    values = {
        "title": "Three accounts",
        "count": "2",
        "left_label": "White House",
        "left_text": WH,
        "right_label": "Kremlin",
        "right_text": KREMLIN,
    }
    added = client.post("/new", data={**values, "add": "1"}, headers=origin)
    assert added.status_code == 200
    assert form_fields(added.text) == ["First", "Second", "Third"]
    assert KREMLIN in added.text and 'name="count" value="3"' in added.text
    third = {**values, "count": "3", "s3_label": "Kyiv", "s3_text": KYIV}
    removed = client.post("/new", data={**third, "remove": "1"}, headers=origin)
    assert form_fields(removed.text) == ["First", "Second"]
    assert 'value="Kremlin"' in removed.text and 'value="Kyiv"' in removed.text
    assert WH not in removed.text
    missing = client.post("/new", data={**third, "s3_text": " "}, headers=origin)
    assert missing.status_code == 422 and "Paste the third statement" in missing.text
    stored = client.post("/new", data=third, headers=origin, follow_redirects=False)
    assert stored.status_code == 303
    grid = client.get(stored.headers["location"])
    assert grid.status_code == 200 and "Who said what" in grid.text and "Kyiv" in grid.text


def test_the_corpus_holds_the_three_accounts_of_the_may_2025_call(
    corpus_client: TestClient,
) -> None:
    data = corpus_client.get("/c/2025-05-19-trump-putin-ft.json").json()
    labels = [s["label"] for s in data["statements"]]
    assert labels == ["Donald Trump", "Vladimir Putin", "Financial Times"]
    said = {tuple(p["said_by"]) for p in data["points"]}
    assert (0, 2) in said, "the FT quotes Trump's post word for word"
    assert (1,) in said, "the root causes are Putin's alone"
    pair = corpus_client.get("/c/2025-05-19-trump-putin-call.json").json()
    assert "links" in pair and "statements" not in pair
    listed = corpus_client.get("/.json").json()["comparisons"]
    assert "2025-05-19-trump-putin-ft" in [c["slug"] for c in listed]


def test_corrections_are_for_two_statements_and_realign_recollates_a_grid(
    client: TestClient, app: Any
) -> None:
    from sqlalchemy import update

    from app.models import Comparison
    from app.services.realigning import realign

    data = client.post("/api/comparisons", json=three()).json()
    slug = data["slug"]
    assert client.get(f"/c/{slug}/r/1").status_code == 404
    assert client.get(f"/c/{slug}/r/1.json").json()["error"]["status"] == 404
    with app.state.db.sessions() as session:
        session.execute(update(Comparison).values(differ_version="1.0"))
        session.commit()
        assert realign(session).realigned == 1
    again = client.get(f"/c/{slug}.json").json()
    assert again["points"] == data["points"] and again["differ_version"] == data["differ_version"]
