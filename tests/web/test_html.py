"""HTML structure a screen reader relies on, and hostile text shown as text, never run."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

HOSTILE = '<script>alert("x")</script><img src=x onerror="alert(1)"> The leaders spoke.'


class Outline(HTMLParser):
    """Collects what the tests look at: tags with attributes, and label targets."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.label_for: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "label" and attributes.get("for"):
            self.label_for.add(str(attributes["for"]))

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    return parser


def form(**changes: str) -> dict[str, str]:
    data = {
        "title": "A call",
        "date": "2025-03-18",
        "left_label": "White House",
        "left_text": "The leaders discussed the Black Sea and energy infrastructure.",
        "left_source": "",
        "right_label": "Kremlin",
        "right_text": "Negotiations on navigation in the Black Sea were agreed.",
        "right_source": "",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("path", ["/", "/articles", "/new", "/c/2025-03-18-trump-putin-call"])
def test_pages_have_landmarks_and_one_h1(corpus_client: TestClient, path: str) -> None:
    page = outline(corpus_client.get(path).text)
    assert len(page.all("main")) == 1
    assert len(page.all("h1")) == 1
    assert any(a.get("role") == "banner" for a in page.all("header"))
    assert all(nav.get("aria-label") for nav in page.all("nav"))
    assert page.all("html")[0].get("lang") == "en"
    assert all(img.get("alt") is not None for img in page.all("img"))


def test_every_form_control_has_a_label(client: TestClient) -> None:
    page = outline(client.get("/new").text)
    inputs = [c for c in page.all("input") if c.get("type") != "hidden"]  # not shown
    controls = inputs + page.all("textarea") + page.all("select")
    assert controls
    for control in controls:
        assert control.get("id") in page.label_for, f"no label for {control}"


def test_pasted_html_and_script_are_shown_escaped(client: TestClient) -> None:
    response = client.post(
        "/new", data=form(left_text=HOSTILE, title="<b>bold</b> title"), follow_redirects=False
    )
    assert response.status_code == 303
    page = client.get(response.headers["location"]).text
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert "&lt;b&gt;bold&lt;/b&gt; title" in page


def test_a_refused_form_keeps_the_typed_text_escaped(client: TestClient) -> None:
    response = client.post("/new", data=form(left_text=HOSTILE, right_text=" "))
    assert response.status_code == 422
    assert "Paste the second statement" in response.text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in response.text
    assert "<script>alert" not in response.text


def test_form_posts_redirect_to_the_permalink_and_dedupe(client: TestClient) -> None:
    first = client.post("/new", data=form(), follow_redirects=False)
    second = client.post("/new", data=form(title="Other title"), follow_redirects=False)
    assert first.status_code == second.status_code == 303
    assert first.headers["location"] == second.headers["location"]
    assert first.headers["location"].startswith("/c/a-call-")


def test_an_uploaded_file_replaces_the_text_field(client: TestClient) -> None:
    upload = "Grain through the Black Sea was discussed.".encode("utf-16")
    response = client.post(
        "/new",
        data=form(right_text=""),
        files={"right_file": ("kremlin.txt", upload, "text/plain")},
        follow_redirects=False,
    )
    assert response.status_code == 303
    data = client.get(response.headers["location"] + ".json").json()
    assert data["right"]["text"] == "Grain through the Black Sea was discussed."


def test_a_binary_upload_is_refused_next_to_its_field(client: TestClient) -> None:
    response = client.post(
        "/new",
        data=form(right_text=""),
        files={"right_file": ("kremlin.txt", bytes(range(256)) * 4, "text/plain")},
    )
    assert response.status_code == 415
    assert 'id="right_text-error"' in response.text


def test_unlisted_comparisons_stay_out_of_browse(client: TestClient) -> None:
    response = client.post("/new", data=form(unlisted="1"), follow_redirects=False)
    slug = response.headers["location"].removeprefix("/c/")
    assert client.get(f"/c/{slug}").status_code == 200
    assert slug not in client.get("/").text
    assert client.get("/.json", params={"q": "Black Sea"}).json()["total"] == 0
