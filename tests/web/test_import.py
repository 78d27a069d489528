"""Importing a statement from its web address, on /new and in the API.

The fixture pages are served on 127.0.0.2, the one address these apps allow besides the
public internet (`fetch_allowed_networks`), so that 127.0.0.1, like every other address off
the public internet, is refused as it would be in production. Refused addresses are
refused after name resolution and before any connection: nothing leaves this machine.
"""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from html import unescape
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from tests.pages_server import pdf, readout, serving_pages
from tests.web.test_bad_input import RIGHT, form

FIXTURE_HOST = "127.0.0.2"
WHITE_HOUSE = readout("whitehouse-2025-03-18")
KREMLIN = readout("kremlin-2025-03-18")
TITLE = "Readout of President Donald J. Trump’s Call with President Vladimir Putin"


@pytest.fixture(scope="module")
def pages() -> Iterator[str]:
    with serving_pages(FIXTURE_HOST) as url:
        yield url


def app_with(settings: Settings, **changes: Any) -> Iterator[TestClient]:
    allowed: dict[str, Any] = {"fetch_allowed_networks": (f"{FIXTURE_HOST}/32",)}
    application = create_app(settings.model_copy(update={**allowed, **changes}))
    with TestClient(application, raise_server_exceptions=False) as client:
        yield client
    application.state.db.dispose()


@pytest.fixture
def web(migrated: Settings) -> Iterator[TestClient]:
    """The app, allowed to fetch the fixture pages."""
    yield from app_with(migrated)


def field(html: str, name: str) -> str:
    """The value of an input or the text of a textarea, as the page shows it."""
    textarea = re.search(rf'<textarea id="{name}"[^>]*>(.*?)</textarea>', html, re.S)
    if textarea:
        return unescape(textarea.group(1))
    found = re.search(rf'<input id="{name}" [^>]*value="([^"]*)"', html)
    assert found, f"no field {name}"
    return unescape(found.group(1))


def error(html: str, name: str) -> str:
    found = re.search(rf'id="{name}-error" role="alert">([^<]*)<', html)
    return unescape(found.group(1)) if found else ""


def imported(client: TestClient, side: str = "left", **changes: str) -> Any:
    """Press the side's Import button with the form as `changes` fill it."""
    data = {**form(), f"{side}_text": "", "title": "", **changes, "import": side}
    return client.post("/new", data=data)


def stored(client: TestClient) -> int:
    return int(client.get("/api/comparisons").json()["total"])


def escaped(url: str) -> str:
    return quote(url, safe="")


# --------------------------------------------------------------------------- the form


def test_import_fills_the_form_for_review_and_keeps_the_rest(web: TestClient, pages: str) -> None:
    response = imported(web, left_url=f"{pages}/page", right_label="Kremlin", right_text=RIGHT)
    assert response.status_code == 200
    html = response.text
    assert field(html, "left_text") == WHITE_HOUSE
    assert field(html, "left_source") == f"{pages}/page"
    assert field(html, "left_url") == f"{pages}/page"
    assert field(html, "title") == TITLE, "the page's title where none was typed"
    assert field(html, "date") == "2025-03-18"
    assert field(html, "right_text") == RIGHT and field(html, "right_label") == "Kremlin"
    words = len(WHITE_HOUSE.split())
    assert f"Imported {words:,} words from {pages}/page." in html
    assert stored(web) == 0, "nothing is compared before the person has reviewed it"


def test_what_was_typed_is_not_replaced_by_what_the_page_suggests(
    web: TestClient, pages: str
) -> None:
    html = imported(
        web, left_url=f"{pages}/page", title="My title", date="2025-03-19", left_label="WH"
    ).text
    assert (field(html, "title"), field(html, "date")) == ("My title", "2025-03-19")
    assert field(html, "left_label") == "WH"


def test_an_unknown_site_leaves_the_issuer_to_the_person(web: TestClient, pages: str) -> None:
    """The form's default label is a guess: a page from an unknown site clears it."""
    html = imported(web, left_url=f"{pages}/page", left_label="White House").text
    assert field(html, "left_label") == ""
    assert "Check the text, and say who issued it, before you compare." in html


def test_the_site_suggests_its_issuer(
    web: TestClient, pages: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """www.kremlin.ru (resolved here to the fixture server) publishes for one issuer only."""
    port = int(pages.rsplit(":", 1)[1])
    real = socket.getaddrinfo

    def resolve(host: str, *args: Any, **kwargs: Any) -> Any:
        if host == "www.kremlin.ru":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (FIXTURE_HOST, port))]
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    url = f"http://www.kremlin.ru:{port}/page?name=kremlin-2025-03-18"
    html = imported(web, side="right", right_url=url, right_label="").text
    assert field(html, "right_label") == "Kremlin"
    assert field(html, "right_text") == KREMLIN
    assert field(html, "left_text") == form()["left_text"]


def test_a_redirect_is_followed_and_the_final_address_is_the_source(
    web: TestClient, pages: str
) -> None:
    start = f"{pages}/redirect?to={escaped('/page')}&status=301"
    html = imported(web, left_url=start).text
    assert field(html, "left_source") == f"{pages}/page"
    assert field(html, "left_text") == WHITE_HOUSE


def test_a_pdf_is_imported_as_its_text(web: TestClient, pages: str) -> None:
    html = imported(web, left_url=f"{pages}/pdf").text
    assert field(html, "left_text") == readout("whitehouse-2021-04-21")


def test_compare_with_an_address_alone_imports_it_for_review(web: TestClient, pages: str) -> None:
    data = {**form(), "left_text": "", "left_url": f"{pages}/page"}
    review = web.post("/new", data=data)
    assert review.status_code == 200 and stored(web) == 0
    assert field(review.text, "left_text") == WHITE_HOUSE
    values = {name: field(review.text, name) for name in form()}
    values["left_source"] = field(review.text, "left_source")
    made = web.post("/new", data=values, follow_redirects=False)
    assert made.status_code == 303
    shown = web.get(made.headers["location"] + ".json").json()
    assert shown["left"]["text"] == WHITE_HOUSE and shown["left"]["source"] == f"{pages}/page"


REFUSED = [
    ("http://127.0.0.1/", "that address is this machine (loopback) (127.0.0.1)"),
    ("http://10.1.2.3/readout", "that address is on a private network (10.1.2.3)"),
    ("http://169.254.169.254/latest/", "that address is a link-local address (169.254.169.254)"),
    ("http://[::1]/", "that address is this machine (loopback) (::1)"),
]


@pytest.mark.parametrize("redirected", [False, True], ids=["direct", "by-redirect"])
@pytest.mark.parametrize(("url", "words"), REFUSED, ids=["loopback", "10/8", "metadata", "::1"])
def test_addresses_off_the_public_internet_are_refused(
    web: TestClient, pages: str, url: str, words: str, redirected: bool
) -> None:
    asked = f"{pages}/redirect?to={escaped(url)}" if redirected else url
    response = imported(web, left_url=asked, title="Kept title", right_text=RIGHT)
    assert response.status_code == 422
    html = response.text
    assert error(html, "left_url") == words[0].upper() + words[1:] + "."
    assert 'aria-describedby="left_url-error"' in html
    assert field(html, "left_url") == asked
    assert field(html, "title") == "Kept title" and field(html, "right_text") == RIGHT
    for path in ("/api/comparisons", "/api/align"):
        api = web.post(path, json=api_body(left={"label": "A", "url": asked}))
        assert api.status_code == 422
        assert api.json() == {"error": {"status": 422, "message": f"left.url: {words}"}}
    assert stored(web) == 0


@pytest.mark.parametrize(
    ("route", "changes", "status", "words"),
    [
        (
            "/slow?seconds=3",
            {"fetch_timeout_seconds": 0.5},
            504,
            "that page did not answer in 0.5 s",
        ),
        ("/big", {"fetch_max_bytes": 10_000}, 413, "the page is larger than 10,000 bytes"),
        ("/missing", {}, 502, "that page answered with an error (404 Not Found)"),
        ("/image", {}, 422, "that is not a web page or PDF (image/png)"),
    ],
)
def test_a_page_that_cannot_be_imported_says_why(
    migrated: Settings, pages: str, route: str, changes: dict[str, Any], status: int, words: str
) -> None:
    for client in app_with(migrated, **changes):
        page_response = imported(client, left_url=pages + route, right_text=RIGHT)
        assert page_response.status_code == status
        assert error(page_response.text, "left_url") == words[0].upper() + words[1:] + "."
        assert field(page_response.text, "right_text") == RIGHT
        api = client.post("/api/align", json=api_body(left={"label": "A", "url": pages + route}))
        assert api.status_code == status
        assert api.json()["error"]["message"] == f"left.url: {words}"


@pytest.mark.parametrize("value", ["", "ftp://example.org/readout", "whitehouse.gov"])
def test_import_without_a_web_address_says_so(web: TestClient, value: str) -> None:
    response = imported(web, left_url=value, right_text=RIGHT)
    assert response.status_code == 422
    assert error(response.text, "left_url") == (
        "Give the web address of the first statement, starting with https://."
    )
    assert field(response.text, "right_text") == RIGHT


# --------------------------------------------------------------------------- the API


def api_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "title": "Trump–Putin call",
        "left": {"label": "White House", "text": WHITE_HOUSE},
        "right": {"label": "Kremlin", "text": KREMLIN},
    }
    return {**body, **changes}


def test_the_api_fetches_a_statement_given_by_its_url(web: TestClient, pages: str) -> None:
    start = f"{pages}/redirect?to={escaped('/page')}"
    body = api_body(left={"label": "White House", "url": start})
    created = web.post("/api/comparisons", json=body)
    assert created.status_code == 201
    left = created.json()["left"]
    assert left["text"] == WHITE_HOUSE and left["source"] == f"{pages}/page"
    aligned = web.post("/api/align", json={"left": body["left"], "right": body["right"]})
    assert aligned.status_code == 200
    assert aligned.json()["left"]["source"] == f"{pages}/page"
    assert aligned.json()["right"]["source"] is None
    assert stored(web) == 1


@pytest.mark.parametrize(
    ("side", "words"),
    [
        ({"label": "A"}, "give the statement's text or its url"),
        ({"label": "A", "text": "Words.", "url": "https://example.org/"}, "one of the two"),
        ({"label": "A", "url": "https://a.example/", "source": "https://b.example/"}, "source"),
        ({"label": "A", "url": "file:///etc/passwd"}, "http:// or https://"),
    ],
)
def test_a_statement_is_its_text_or_its_url(
    web: TestClient, side: dict[str, str], words: str
) -> None:
    response = web.post("/api/align", json=api_body(left=side))
    assert response.status_code == 422
    message = response.json()["error"]["message"]
    assert message.startswith("The request is not valid: left") and words in message


def test_the_openapi_description_says_how_to_give_a_url(web: TestClient) -> None:
    schema = web.get("/openapi.json").json()
    side = schema["components"]["schemas"]["SideIn"]["properties"]
    assert "url" in side and "public internet" in side["url"]["description"]
    statuses = schema["paths"]["/api/comparisons"]["post"]["responses"]
    assert {"413", "422", "502", "504"} <= set(statuses)


# --------------------------------------------------------------------------- the test


def test_the_printed_readout_aligns_exactly_like_its_pasted_text(
    web: TestClient, pages: str
) -> None:
    """Issue 13: the White House readout printed to PDF by Chromium, uploaded or imported by
    its address, gives the same clauses and the same links as its text pasted."""
    name = "chromium-whitehouse-2025-03-18"
    pasted = web.post("/api/align", json={"left": api_body()["left"], "right": api_body()["right"]})
    expected = pasted.json()
    assert expected["links"], "the pair has links to compare"

    def same_alignment(result: dict[str, Any]) -> None:
        assert result["left"]["clauses"] == expected["left"]["clauses"]
        assert result["right"]["clauses"] == expected["right"]["clauses"]
        assert result["links"] == expected["links"]

    by_api = web.post(
        "/api/align",
        json={
            "left": {"label": "White House", "url": f"{pages}/pdf?name={name}"},
            "right": api_body()["right"],
        },
    )
    same_alignment(by_api.json())

    typed = {**form(), "title": "Trump–Putin call", "left_label": "White House"}
    typed |= {"right_label": "Kremlin", "right_text": KREMLIN}
    uploaded = web.post(
        "/new",
        data={**typed, "left_text": ""},
        files={"left_file": (f"{name}.pdf", pdf(name), "application/pdf")},
        follow_redirects=False,
    )
    assert uploaded.status_code == 303
    permalink = uploaded.headers["location"]
    same_alignment(web.get(permalink + ".json").json())

    review = imported(web, **{**typed, "left_url": f"{pages}/pdf?name={name}"})
    assert field(review.text, "left_text") == WHITE_HOUSE
    compared = web.post(
        "/new",
        data={**typed, "left_text": field(review.text, "left_text")},
        follow_redirects=False,
    )
    assert compared.headers["location"] == permalink, "the same pair, so the same link"
