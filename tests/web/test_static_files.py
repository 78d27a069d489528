"""Static files are linked under content-hashed names and cached for a year; their plain
names (and hashed names gone stale) still answer, with a short cache."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.config import PROJECT_ROOT
from app.web.statics import IMMUTABLE, SHORT, StaticNames
from app.web.urls import Urls

STATIC = PROJECT_ROOT / "static"
SLUG = "2025-03-18-trump-putin-call"


def digest_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def linked(html: str, attribute: str) -> list[str]:
    return re.findall(rf'{attribute}="(/static/[^"]+)"', html)


def test_pages_link_static_files_by_their_content(corpus_client: TestClient) -> None:
    html = corpus_client.get(f"/c/{SLUG}").text
    links = linked(html, "href") + linked(html, "src")
    expected = {
        f"/static/style.{digest_of(STATIC / 'style.css')}.css",
        f"/static/favicon.{digest_of(STATIC / 'favicon.svg')}.svg",
        f"/static/readouts.{digest_of(STATIC / 'readouts.js')}.js",
    }
    assert expected <= set(links)
    assert "/static/style.css" not in links


def test_a_hashed_name_is_the_file_cached_for_a_year(corpus_client: TestClient) -> None:
    html = corpus_client.get("/").text
    stylesheet = next(link for link in linked(html, "href") if "/style." in link)
    response = corpus_client.get(stylesheet)
    assert response.status_code == 200
    assert response.content == (STATIC / "style.css").read_bytes()
    assert response.headers["content-type"].startswith("text/css")
    assert response.headers["cache-control"] == IMMUTABLE == ("public, max-age=31536000, immutable")


def test_the_docs_page_links_its_vendored_files_by_content_too(
    corpus_client: TestClient,
) -> None:
    html = corpus_client.get("/docs").text
    links = linked(html, "href") + linked(html, "src")
    vendored = [link for link in links if "swagger-ui" in link]
    assert len(vendored) == 2
    for link in vendored:
        assert re.search(r"\.[0-9a-f]{12}\.(css|js)$", link), link
        response = corpus_client.get(link)
        assert response.status_code == 200 and response.headers["cache-control"] == IMMUTABLE


@pytest.mark.parametrize("name", ["style.css", "readouts.js", "favicon.svg"])
def test_the_plain_name_still_answers_with_a_short_cache(
    corpus_client: TestClient, name: str
) -> None:
    response = corpus_client.get(f"/static/{name}")
    assert response.status_code == 200
    assert response.content == (STATIC / name).read_bytes()
    assert response.headers["cache-control"] == SHORT
    assert "immutable" not in response.headers["cache-control"]


def test_a_stale_hashed_name_gets_the_current_file_not_cached_for_long(
    corpus_client: TestClient,
) -> None:
    """A page rendered before a deploy asks for the old digits: it gets the new file, and no
    cache may keep it under the old name for a year."""
    stale = "0" * 12 if digest_of(STATIC / "style.css") != "0" * 12 else "1" * 12
    response = corpus_client.get(f"/static/style.{stale}.css")
    assert response.status_code == 200
    assert response.content == (STATIC / "style.css").read_bytes()
    assert response.headers["cache-control"] == SHORT


@pytest.mark.parametrize(
    "path",
    [
        "/static/nothing.0123456789ab.css",
        "/static/style.0123456789ab.nothing",
        "/static/../pyproject.0123456789ab.toml",
        "/static/%2e%2e/pyproject.0123456789ab.toml",
        "/static/vendor",
    ],
)
def test_names_of_no_file_are_404(corpus_client: TestClient, path: str) -> None:
    assert corpus_client.get(path).status_code == 404


def test_revalidating_a_static_file_gives_a_304(corpus_client: TestClient) -> None:
    first = corpus_client.get("/static/style.css")
    etag = first.headers["etag"]
    assert etag.startswith("W/"), "weak: the file goes out plain or gzip-encoded"
    again = corpus_client.get("/static/style.css", headers={"If-None-Match": etag})
    assert again.status_code == 304


def test_an_edited_file_gets_a_new_name_at_once(tmp_path: Path) -> None:
    (tmp_path / "css").mkdir()
    sheet = tmp_path / "css" / "site.css"
    sheet.write_text("body { color: black }")
    names = StaticNames(tmp_path)
    old = names.hashed("css/site.css")
    assert old == f"css/site.{digest_of(sheet)}.css"
    assert names.original(old) == ("css/site.css", True)
    sheet.write_text("body { color: navy; background: white }")
    new = names.hashed("css/site.css")
    assert new != old and new == f"css/site.{digest_of(sheet)}.css"
    assert names.original(old) == ("css/site.css", False)
    assert names.original(new) == ("css/site.css", True)


def test_names_outside_the_folder_or_of_no_file_are_left_as_they_are(tmp_path: Path) -> None:
    (tmp_path / "static").mkdir()
    (tmp_path / "secret.txt").write_text("not served")
    names = StaticNames(tmp_path / "static")
    assert names.hashed("missing.css") == "missing.css"
    assert names.hashed("../secret.txt") == "../secret.txt"
    assert names.original(f"../secret.{digest_of(tmp_path / 'secret.txt')}.txt") is None
    assert names.original("no-digits.css") is None


def test_urls_without_static_names_link_plain_names() -> None:
    assert Urls().static("style.css") == "/static/style.css"
    assert Urls(StaticNames(STATIC)).static("style.css") == (
        f"/static/style.{digest_of(STATIC / 'style.css')}.css"
    )
