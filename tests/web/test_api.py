"""The JSON API: create, list and align, with one error shape for everything that goes wrong."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

LEFT = (
    "The leaders agreed that the movement to peace will begin with an energy and infrastructure "
    "ceasefire. The two leaders shared the view that Iran should never be in a position to "
    "destroy Israel."
)
RIGHT = (
    "Donald Trump proposed that the parties refrain from attacks on energy infrastructure "
    "facilities for 30 days. Hockey matches between Russian and American players were discussed."
)


def body(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "A call",
        "date": "2025-03-18",
        "left": {"label": "White House", "text": LEFT, "source": "https://example.org/wh"},
        "right": {"label": "Kremlin", "text": RIGHT},
    }
    data.update(changes)
    return data


def test_create_answers_201_then_200_with_the_same_slug(client: TestClient) -> None:
    first = client.post("/api/comparisons", json=body())
    assert first.status_code == 201
    created = first.json()
    assert created["url"] == f"/c/{created['slug']}"
    assert created["left"]["text"] == LEFT and created["left"]["source"] == "https://example.org/wh"
    again = client.post("/api/comparisons", json=body(title="Another title"))
    assert again.status_code == 200 and again.json()["slug"] == created["slug"]
    assert client.get(created["url"] + ".json").json()["links"] == created["links"]


def test_created_comparisons_are_listed_unless_unlisted(client: TestClient) -> None:
    listed = client.post("/api/comparisons", json=body()).json()
    hidden = client.post(
        "/api/comparisons",
        json=body(unlisted=True, left={"label": "A", "text": "Something else entirely."}),
    ).json()
    slugs = [c["slug"] for c in client.get("/api/comparisons").json()["comparisons"]]
    assert listed["slug"] in slugs and hidden["slug"] not in slugs
    assert client.get(hidden["url"]).status_code == 200


def test_align_stores_nothing(client: TestClient) -> None:
    response = client.post("/api/align", json={"left": body()["left"], "right": body()["right"]})
    assert response.status_code == 200
    assert response.json()["right"]["text"] == RIGHT
    assert client.get("/api/comparisons").json()["total"] == 0


def test_blank_text_is_refused_with_a_message(client: TestClient) -> None:
    response = client.post(
        "/api/comparisons", json=body(left={"label": "White House", "text": "   \n "})
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["status"] == 422 and "left.text" in error["message"]
    assert "empty" in error["message"]


def test_missing_side_and_bad_json_are_4xx(client: TestClient) -> None:
    missing = client.post("/api/comparisons", json={"title": "x", "left": body()["left"]})
    assert missing.status_code == 422 and "right" in missing.json()["error"]["message"]
    broken = client.post(
        "/api/align", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert broken.status_code == 422 and "error" in broken.json()


def test_too_long_statement_is_413_naming_the_limit(client: TestClient) -> None:
    big = {"label": "A", "text": "word " * 200_001}
    response = client.post("/api/align", json={"left": big, "right": body()["right"]})
    assert response.status_code == 413
    assert response.json()["error"]["message"] == (
        "The left statement is 1,000,005 bytes; the limit is 1,000,000 bytes (1 MB) a statement."
    )
