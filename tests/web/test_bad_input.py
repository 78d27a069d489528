"""Every kind of bad input gets a clear 4xx and loses nothing; odd but valid text just works."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from tests.support import serving

LEFT = "The ministers discussed grain exports through the Black Sea and agreed to meet again."
RIGHT = "Grain shipments across the Black Sea were discussed; a further meeting is planned."
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))


def form(**changes: str) -> dict[str, str]:
    data = {
        "title": "Grain talks",
        "left_label": "Ministry A",
        "left_text": LEFT,
        "right_label": "Ministry B",
        "right_text": RIGHT,
    }
    data.update(changes)
    return data


def api_side(text: str, label: str = "A") -> dict[str, Any]:
    return {"label": label, "text": text}


@pytest.fixture
def base_url(app: FastAPI) -> Iterator[str]:
    with serving(app) as url:
        yield url


def stored(client: TestClient) -> int:
    return int(client.get("/api/comparisons").json()["total"])


@pytest.mark.parametrize("blank", ["", "   ", "\n\t \n"])
def test_empty_statements_are_refused_next_to_the_field(client: TestClient, blank: str) -> None:
    response = client.post("/new", data=form(left_text=blank))
    assert response.status_code == 422
    assert 'id="left_text-error"' in response.text and "Paste the first statement" in response.text
    assert RIGHT in response.text, "the other side's text is kept"
    api = client.post("/api/align", json={"left": api_side(blank), "right": api_side(RIGHT)})
    assert api.status_code == 422 and "left.text" in api.json()["error"]["message"]
    assert stored(client) == 0


def test_a_missing_side_is_refused(client: TestClient) -> None:
    data = form()
    del data["right_text"]
    response = client.post("/new", data=data)
    assert response.status_code == 422 and "Paste the second statement" in response.text
    api = client.post("/api/comparisons", json={"title": "t", "left": api_side(LEFT)})
    assert api.status_code == 422 and "right" in api.json()["error"]["message"]


def test_an_upload_over_the_limit_is_413_next_to_its_field(client: TestClient) -> None:
    big = b"word " * 220_000
    response = client.post(
        "/new", data=form(right_text=""), files={"right_file": ("big.txt", big, "text/plain")}
    )
    assert response.status_code == 413
    assert "big.txt is larger than 1 MB" in response.text
    assert LEFT in response.text
    assert stored(client) == 0


def test_a_huge_body_is_refused_before_it_is_read(base_url: str) -> None:
    """The server answers 413 to the headers alone, while the body is still unsent."""
    address = urlsplit(base_url)
    with socket.create_connection((address.hostname, address.port), timeout=10) as sock:
        sock.sendall(
            b"POST /api/comparisons HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 500000000\r\n\r\n{"
        )
        reply = b""
        while chunk := sock.recv(4096):  # the server closes the connection after its answer
            reply += chunk
    assert reply.decode("latin-1").startswith("HTTP/1.1 413"), reply
    assert b"larger than" in reply


@pytest.mark.parametrize(
    ("name", "payload"),
    [("photo.txt", PNG), ("statement.md", b"\x00\x01\x02binary\x00" * 50), ("fake.pdf", b"hello")],
)
def test_binary_files_and_lying_extensions_are_refused(
    client: TestClient, name: str, payload: bytes
) -> None:
    response = client.post(
        "/new", data=form(left_text=""), files={"left_file": (name, payload, "text/plain")}
    )
    assert response.status_code == 415
    assert 'id="left_text-error"' in response.text and name in response.text
    assert RIGHT in response.text


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ("Café talks in Genève.".encode("utf-16"), "Café talks in Genève."),
        ("Café talks in Genève.".encode("utf-8-sig"), "Café talks in Genève."),
        ("Café talks — “quoted” in Genève.".encode("cp1252"), "Café talks — “quoted” in Genève."),
    ],
)
def test_other_encodings_are_decoded(client: TestClient, payload: bytes, expected: str) -> None:
    response = client.post(
        "/new",
        data=form(left_text=""),
        files={"left_file": ("left.txt", payload, "text/plain")},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert client.get(response.headers["location"] + ".json").json()["left"]["text"] == expected


def test_nul_characters_are_refused_with_a_reason(client: TestClient) -> None:
    response = client.post("/new", data=form(left_text="Grain\x00 talks."))
    assert response.status_code == 422 and "NUL" in response.text
    api = client.post("/api/align", json={"left": api_side("a\x00b"), "right": api_side(RIGHT)})
    assert api.status_code == 422 and "NUL" in api.json()["error"]["message"]
    title = client.post(
        "/api/comparisons",
        json={"title": "t\x00", "left": api_side(LEFT), "right": api_side(RIGHT)},
    )
    assert title.status_code == 422


def test_other_control_characters_are_kept_as_text(client: TestClient) -> None:
    text = "Grain\x07 talks\x1b[31m in the Black Sea.\x7f"
    made = client.post(
        "/api/comparisons", json={"title": "t", "left": api_side(text), "right": api_side(RIGHT)}
    )
    assert made.status_code == 201
    assert made.json()["left"]["text"] == text
    assert client.get(made.json()["url"]).status_code == 200


def test_rtl_text_and_emoji_work(client: TestClient) -> None:
    arabic = "ناقش الوزيران صادرات الحبوب عبر البحر الأسود. 🌾 سيلتقيان مرة أخرى."
    hebrew = "השרים דנו ביצוא תבואה דרך הים השחור. 🌾"
    made = client.post(
        "/api/comparisons",
        json={"title": "חבר 🌾", "left": api_side(arabic, "وزارة"), "right": api_side(hebrew)},
    )
    assert made.status_code == 201
    data = made.json()
    for clause in data["left"]["clauses"]:
        assert arabic[clause["start"] : clause["end"]].strip()
    page = client.get(data["url"])
    assert page.status_code == 200 and "🌾" in page.text and "وزارة" in page.text


def test_malformed_multipart_is_a_clear_400(client: TestClient) -> None:
    response = client.post(
        "/new",
        content=b'--XYZ\r\nContent-Disposition: form-data; name="title"\r\n\r\nno end',
        headers={"Content-Type": "multipart/form-data; boundary=XYZ"},
    )
    assert 400 <= response.status_code < 500
    assert "Traceback" not in response.text
    no_boundary = client.post("/new", content=b"x", headers={"Content-Type": "multipart/form-data"})
    assert 400 <= no_boundary.status_code < 500


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("' OR 1=1 --", "or 1"),
        ("'; DROP TABLE comparisons; --", "drop table comparisons"),
        ("Black Sea%'", "black sea"),
        ("%", ""),
        ("_", ""),
        ("\\", ""),
    ],
)
def test_sql_metacharacters_are_searched_for_literally(
    corpus_client: TestClient, query: str, words: str
) -> None:
    """Punctuation is not searched for; what remains are plain words, matched as words."""
    everything = corpus_client.get("/.json").json()["total"]
    response = corpus_client.get("/.json", params={"q": query})
    assert response.status_code == 200
    expected = corpus_client.get("/.json", params={"q": words}).json()["total"] if words else 0
    assert response.json()["total"] == expected < everything
    assert corpus_client.get("/.json").json()["total"] == everything


def test_search_matches_words_by_prefix_across_case_and_accents(client: TestClient) -> None:
    client.post(
        "/api/comparisons",
        json={
            "title": "Élysée readout",
            "left": api_side("Négociations sur la mer Noire."),
            "right": api_side(RIGHT),
        },
    )
    for query in ("elysee", "ÉLYSÉE", "negoc", "noire grain", "Black Sea"):
        assert client.get("/.json", params={"q": query}).json()["total"] == 1, query
    for query in ("lysee", "noire pizza"):
        assert client.get("/.json", params={"q": query}).json()["total"] == 0, query


def test_control_characters_in_search_and_slugs_are_4xx(corpus_client: TestClient) -> None:
    assert corpus_client.get("/.json", params={"q": "a\x00b"}).status_code == 422
    assert corpus_client.get("/c/a%00b").status_code == 404
    assert corpus_client.get("/c/a%00b.json").json()["error"]["status"] == 404
    assert corpus_client.get("/c/" + "x" * 5000).status_code == 404


def test_pathological_texts_align_within_bounds(client: TestClient) -> None:
    one_line = ("word " * 199_990).strip()  # a single line of nearly 1 MB, no punctuation
    one_word_sentences = " ".join(f"Yes{n % 7}." for n in range(20_000))
    for text in (one_line, one_word_sentences):
        response = client.post(
            "/api/align", json={"left": api_side(text), "right": api_side(RIGHT)}
        )
        assert response.status_code == 200
        data = response.json()
        assert data["left"]["text"] == text
        assert all(c["end"] <= len(text) for c in data["left"]["clauses"])


def test_an_alignment_over_the_time_budget_is_a_clear_422(migrated: Settings) -> None:
    impatient = create_app(migrated.model_copy(update={"align_budget_seconds": 1e-6}))
    text = " ".join(f"The ministers discussed item {n} of the agenda." for n in range(400))
    with TestClient(impatient) as client:
        api = client.post("/api/align", json={"left": api_side(text), "right": api_side(text)})
        assert api.status_code == 422
        assert "could not be aligned within" in api.json()["error"]["message"]
        page = client.post("/new", data=form(left_text=text, right_text=text))
        assert page.status_code == 422 and "could not be aligned within" in page.text
        assert "The ministers discussed item 399" in page.text, "the typed text is kept"
        assert client.get("/api/comparisons").json()["total"] == 0
    impatient.state.db.dispose()
