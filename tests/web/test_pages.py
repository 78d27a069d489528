"""Pages and their JSON twins, through the app factory with the sample corpus loaded."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

SLUG = "2025-03-18-trump-putin-call"


def test_home_lists_the_sample_comparisons(corpus_client: TestClient) -> None:
    page = corpus_client.get("/")
    assert page.status_code == 200
    assert f'href="/c/{SLUG}"' in page.text
    assert '<link rel="alternate" type="application/json" href="/.json">' in page.text
    data = corpus_client.get("/.json").json()
    assert SLUG in [c["slug"] for c in data["comparisons"]]
    assert data["total"] == len(data["comparisons"])


def test_search_finds_statement_text_and_filters_by_issuer(corpus_client: TestClient) -> None:
    found = corpus_client.get("/.json", params={"q": "hockey"}).json()
    assert [c["slug"] for c in found["comparisons"]] == [SLUG]
    assert corpus_client.get("/.json", params={"q": "zzzz-nothing"}).json()["total"] == 0
    kremlin = corpus_client.get("/.json", params={"issuer": "Kremlin"}).json()
    assert all("Kremlin" in (c["left_label"], c["right_label"]) for c in kremlin["comparisons"])
    # SQL wildcards are searched for literally.
    assert corpus_client.get("/.json", params={"q": "%"}).json()["total"] == 0


def test_comparison_json_is_the_contract(corpus_client: TestClient) -> None:
    response = corpus_client.get(f"/c/{SLUG}.json")
    assert response.status_code == 200
    data = response.json()
    assert data["differ_version"]
    for side in ("left", "right"):
        text = data[side]["text"]
        for clause in data[side]["clauses"]:
            assert text[clause["start"] : clause["end"]].strip()
    assert data["left"]["label"] == "White House" and data["right"]["label"] == "Kremlin"
    for link in data["links"]:
        assert link["kind"] in ("same", "similar", "related") and 0 <= link["score"] <= 1


def test_comparison_page_shows_both_sides_and_advertises_its_twin(
    corpus_client: TestClient,
) -> None:
    page = corpus_client.get(f"/c/{SLUG}")
    assert page.status_code == 200
    assert page.headers["link"] == f'</c/{SLUG}.json>; rel="alternate"; type="application/json"'
    assert "Only in the Kremlin readout" in page.text
    assert 'id="L1"' in page.text and 'id="R1"' in page.text
    assert "hockey matches" in page.text


def test_unknown_comparison_is_a_404_page_and_a_json_error(corpus_client: TestClient) -> None:
    page = corpus_client.get("/c/no-such-thing")
    assert page.status_code == 404 and "There is no comparison" in page.text
    twin = corpus_client.get("/c/no-such-thing.json")
    assert twin.status_code == 404
    assert twin.json() == {
        "error": {
            "status": 404,
            "message": "There is no comparison at /c/no-such-thing. Check the link.",
        }
    }


def test_articles_list_and_article_page_show_statements_and_removals(
    corpus_client: TestClient,
) -> None:
    articles = corpus_client.get("/articles.json").json()["articles"]
    assert len(articles) == 5
    fazi = next(a for a in articles if "no breakthrough" in a["title"].lower())
    page = corpus_client.get(fazi["url"])
    assert page.status_code == 200
    assert re.search(r'<mark class="statement" id="s\d+" title="White House">', page.text)
    assert "What cleaning removed" in page.text
    data = corpus_client.get(fazi["json_url"]).json()
    issuers = {s["issuer"] for s in data["statements"]}
    assert {"White House", "Kremlin"} <= issuers
    for statement in data["statements"]:
        assert data["clean_text"][statement["start"] : statement["end"]] == statement["text"]
    assert data["removals"], "the article ends in a bio and comments that cleaning removes"
    assert SLUG in [c["slug"] for c in data["comparisons"]]


def test_system_pages_answer(client: TestClient) -> None:
    assert client.get("/-/health").json() == {"status": "ok", "database": "ok"}
    version = client.get("/-/version").json()
    assert version["differ"] and version["readouts"]
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert "/c/{slug}.json" in paths and "/-/health" in paths


def test_bad_query_parameters_get_a_clear_4xx(corpus_client: TestClient) -> None:
    response = corpus_client.get("/.json", params={"page": "zero"})
    assert response.status_code == 422
    assert "page" in response.json()["error"]["message"]
    long = corpus_client.get("/.json", params={"q": "x" * 5000})
    assert long.status_code == 422
