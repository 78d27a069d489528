"""Listed and unlisted comparisons are separate namespaces: the same texts never lead from one
to the other.

Before, "the same pair gets the same link" held across both: sending the two texts of an
unlisted comparison returned its secret slug, title and labels to anyone who had the texts,
and ticking "unlisted" for a pair already listed sent the person to the public page.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

LEFT = "The ministers discussed grain exports through the Black Sea and agreed to meet again."
RIGHT = "Grain shipments across the Black Sea were discussed; a further meeting is planned."
SECRET_TITLE = "Secret grain talks"
SECRET_LABELS = ("Ministry of Secrets", "Hidden Office")


def api(client: TestClient, *, unlisted: bool, title: str, labels: tuple[str, str]) -> Any:
    body = {
        "title": title,
        "unlisted": unlisted,
        "left": {"label": labels[0], "text": LEFT},
        "right": {"label": labels[1], "text": RIGHT},
    }
    return client.post("/api/comparisons", json=body)


def form(
    client: TestClient, *, unlisted: bool, title: str, labels: tuple[str, str]
) -> tuple[str, str]:
    """Submit /new; the new page's path, and the page as its creator first sees it."""
    data = {
        "title": title,
        "left_label": labels[0],
        "left_text": LEFT,
        "right_label": labels[1],
        "right_text": RIGHT,
    }
    if unlisted:
        data["unlisted"] = "1"
    response = client.post("/new", data=data, follow_redirects=False)
    assert response.status_code == 303, response.text
    location = response.headers["location"]
    return location, client.get(location).text


def reveals_secret(text: str, secret_slug: str) -> bool:
    return any(s in text for s in (secret_slug, SECRET_TITLE, *SECRET_LABELS))


def test_the_same_pair_unlisted_gets_its_own_secret_link_each_time_api(
    client: TestClient,
) -> None:
    listed = api(client, unlisted=False, title="Grain talks", labels=("A", "B"))
    assert listed.status_code == 201
    slugs = {listed.json()["slug"]}
    for _ in range(2):
        hidden = api(client, unlisted=True, title=SECRET_TITLE, labels=SECRET_LABELS)
        assert hidden.status_code == 201, "a new comparison, not the stored one"
        made = hidden.json()
        assert made["slug"] not in slugs and made["title"] == SECRET_TITLE
        assert made["delete_url"] and made["slug"] in made["delete_url"]
        slugs.add(made["slug"])
    # Each unlisted copy has its own delete link: deleting one leaves the others.
    first_hidden = sorted(slugs - {listed.json()["slug"]})[0]
    assert client.get(f"/c/{first_hidden}.json").json()["title"] == SECRET_TITLE
    assert client.get("/api/comparisons").json()["total"] == 1


def test_a_listed_submission_never_resolves_to_an_unlisted_one_api(client: TestClient) -> None:
    hidden = api(client, unlisted=True, title=SECRET_TITLE, labels=SECRET_LABELS).json()
    public = api(client, unlisted=False, title="Grain talks", labels=("A", "B"))
    assert public.status_code == 201
    assert not reveals_secret(public.text, hidden["slug"])
    again = api(client, unlisted=False, title="Other title", labels=("C", "D"))
    assert again.status_code == 200 and again.json()["slug"] == public.json()["slug"]
    assert not reveals_secret(again.text, hidden["slug"])
    listing = client.get("/api/comparisons").json()
    assert listing["total"] == 1 and not reveals_secret(str(listing), hidden["slug"])


def test_deleting_one_unlisted_copy_leaves_the_others(client: TestClient) -> None:
    first = api(client, unlisted=True, title=SECRET_TITLE, labels=SECRET_LABELS).json()
    second = api(client, unlisted=True, title=SECRET_TITLE, labels=SECRET_LABELS).json()
    token = re.search(r"token=([^&]+)", first["delete_url"])
    assert token is not None
    response = client.delete(f"/api/comparisons/{first['slug']}", params={"token": token[1]})
    assert response.status_code == 204
    assert client.get(f"/c/{first['slug']}").status_code == 404
    assert client.get(f"/c/{second['slug']}").status_code == 200


def test_the_same_pair_unlisted_gets_its_own_secret_link_each_time_form(
    client: TestClient,
) -> None:
    listed_path, _ = form(client, unlisted=False, title="Grain talks", labels=("A", "B"))
    paths = {listed_path}
    for _ in range(2):
        path, page = form(client, unlisted=True, title=SECRET_TITLE, labels=SECRET_LABELS)
        assert path not in paths
        assert SECRET_TITLE in page and "delete-link" in page, "its own delete link, shown once"
        paths.add(path)


def test_a_listed_submission_never_resolves_to_an_unlisted_one_form(client: TestClient) -> None:
    hidden_path, _ = form(client, unlisted=True, title=SECRET_TITLE, labels=SECRET_LABELS)
    hidden_slug = hidden_path.rsplit("/", 1)[1]
    path, page = form(client, unlisted=False, title="Grain talks", labels=("A", "B"))
    assert path != hidden_path and not reveals_secret(page, hidden_slug)
    again, page = form(client, unlisted=False, title="Other", labels=("C", "D"))
    assert again == path and not reveals_secret(page, hidden_slug)


def test_pages_of_the_same_pair_show_their_own_title(client: TestClient) -> None:
    """Each comparison of one pair is its own page, also when served from the render cache."""
    public = api(client, unlisted=False, title="Grain talks", labels=("A", "B")).json()
    for suffix in ("", ".json"):
        assert "Grain talks" in client.get(public["url"] + suffix).text  # now cached
    hidden = api(client, unlisted=True, title=SECRET_TITLE, labels=SECRET_LABELS).json()
    for suffix in ("", ".json"):
        assert SECRET_TITLE in client.get(hidden["url"] + suffix).text
        assert SECRET_TITLE not in client.get(public["url"] + suffix).text
