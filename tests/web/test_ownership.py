"""Unlisted comparisons cannot be found, and only their uploader can delete what they made."""

from __future__ import annotations

import base64
import re
from typing import Any

from fastapi.testclient import TestClient

LEFT = "The ministers discussed grain exports through the Black Sea and agreed to meet again."
RIGHT = "Grain shipments across the Black Sea were discussed; a further meeting is planned."


def pair(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "title": "Grain talks",
        "left": {"label": "Ministry A", "text": LEFT},
        "right": {"label": "Ministry B", "text": RIGHT},
    }
    body.update(changes)
    return body


def test_unlisted_slugs_carry_128_random_bits(client: TestClient) -> None:
    slugs = set()
    for n in range(5):
        made = client.post(
            "/api/comparisons",
            json=pair(unlisted=True, left={"label": "A", "text": f"{LEFT} Number {n}."}),
        ).json()
        slug = made["slug"]
        assert len(base64.urlsafe_b64decode(slug + "==")) >= 16
        assert "grain" not in slug.lower()
        slugs.add(slug)
    assert len(slugs) == 5


def test_unlisted_comparisons_are_absent_from_every_list_and_search(
    corpus_client: TestClient,
) -> None:
    slug = corpus_client.post("/api/comparisons", json=pair(unlisted=True)).json()["slug"]
    assert corpus_client.get(f"/c/{slug}.json").status_code == 200
    for path in ("/", "/.json", "/api/comparisons", "/.json?q=grain", "/?q=Grain"):
        assert slug not in corpus_client.get(path).text
    assert corpus_client.get("/.json", params={"issuer": "Ministry A"}).json()["total"] == 0
    assert "Ministry A" not in corpus_client.get("/.json").json()["issuers"]


def test_the_uploader_alone_can_delete_through_the_api(client: TestClient) -> None:
    made = client.post("/api/comparisons", json=pair()).json()
    delete_url = made["delete_url"]
    token = re.search(r"token=([^&]+)", delete_url)
    assert token is not None
    again = client.post("/api/comparisons", json=pair()).json()
    assert "delete_url" not in again, "only the first uploader receives the secret"
    assert made["slug"] in client.get("/.json").text
    wrong = client.delete(f"/api/comparisons/{made['slug']}", params={"token": "guess"})
    assert wrong.status_code == 403 and "token" in wrong.json()["error"]["message"]
    assert client.get(made["url"]).status_code == 200
    done = client.delete(f"/api/comparisons/{made['slug']}", params={"token": token.group(1)})
    assert done.status_code == 204
    assert client.get(made["url"]).status_code == 404
    assert made["slug"] not in client.get("/.json").text, "browse forgets it at once"


def test_curated_comparisons_cannot_be_deleted(corpus_client: TestClient) -> None:
    slug = "2025-03-18-trump-putin-call"
    for token in ("", "x", "None"):
        response = corpus_client.delete(f"/api/comparisons/{slug}", params={"token": token})
        assert response.status_code in (403, 422)
    assert corpus_client.get(f"/c/{slug}").status_code == 200


def test_the_form_shows_the_delete_link_once_and_it_works(client: TestClient) -> None:
    form = {
        "title": "Grain talks",
        "left_label": "Ministry A",
        "left_text": LEFT,
        "right_label": "Ministry B",
        "right_text": RIGHT,
    }
    created = client.post("/new", data=form, follow_redirects=False)
    location = created.headers["location"]
    first = client.get(location)
    link = re.search(r'class="delete-link" href="([^"]+)"', first.text)
    assert link is not None and "Keep this link secret" in first.text
    assert "no-store" in first.headers["cache-control"]
    second = client.get(location)
    assert "delete-link" not in second.text, "the secret is shown only once"

    delete_path = link.group(1).replace("http://testserver", "")
    confirm = client.get(delete_path)
    assert confirm.status_code == 200 and "cannot be undone" in confirm.text
    token = re.search(r'name="token" value="([^"]+)"', confirm.text)
    assert token is not None
    refused = client.post(location + "/delete", data={"token": "wrong"})
    assert refused.status_code == 403
    deleted = client.post(location + "/delete", data={"token": token.group(1)})
    assert deleted.status_code == 200 and "has been deleted" in deleted.text
    assert client.get(location).status_code == 404


def test_cross_site_form_posts_are_refused(client: TestClient) -> None:
    form = {
        "title": "x",
        "left_label": "A",
        "left_text": LEFT,
        "right_label": "B",
        "right_text": RIGHT,
    }
    evil = client.post("/new", data=form, headers={"Origin": "https://evil.example"})
    assert evil.status_code == 403 and "Cross-site" in evil.text
    fetch = client.post("/new", data=form, headers={"Sec-Fetch-Site": "cross-site"})
    assert fetch.status_code == 403
    api = client.post("/api/comparisons", json=pair(), headers={"Origin": "null"})
    assert api.status_code == 403 and api.json()["error"]["status"] == 403
    same = client.post(
        "/new", data=form, headers={"Origin": "http://testserver"}, follow_redirects=False
    )
    assert same.status_code == 303
    assert client.get("/api/comparisons").json()["total"] == 1
