"""Pages go out gzip-encoded to clients that accept it, plain to the others; tiny answers
are never compressed; conditional requests work the same either way."""

from __future__ import annotations

import gzip

import httpx2
import pytest
from fastapi.testclient import TestClient

from app.web.compression import MIN_BYTES, accepts_gzip

SLUG = "2025-03-18-trump-putin-call"
PLAIN = {"Accept-Encoding": "identity"}
GZIP = {"Accept-Encoding": "gzip, deflate, br"}


def wire_bytes(
    client: TestClient, path: str, headers: dict[str, str]
) -> tuple[httpx2.Response, bytes]:
    """The answer and its body as sent (not decoded)."""
    with client.stream("GET", path, headers=headers) as response:
        raw = b"".join(response.iter_raw())
    return response, raw


@pytest.mark.parametrize("path", [f"/c/{SLUG}", f"/c/{SLUG}.json", "/", "/articles"])
def test_a_page_is_gzip_encoded_when_asked_and_plain_when_not(
    corpus_client: TestClient, path: str
) -> None:
    plain, plain_raw = wire_bytes(corpus_client, path, PLAIN)
    packed, packed_raw = wire_bytes(corpus_client, path, GZIP)
    assert plain.status_code == packed.status_code == 200
    assert "content-encoding" not in plain.headers
    assert packed.headers["content-encoding"] == "gzip"
    assert gzip.decompress(packed_raw) == plain_raw, "the same page, only encoded"
    assert int(packed.headers["content-length"]) == len(packed_raw) < len(plain_raw)
    for response in (plain, packed):
        assert "accept-encoding" in response.headers["vary"].lower()


def test_the_comparison_page_shrinks_to_under_a_quarter(corpus_client: TestClient) -> None:
    _, plain = wire_bytes(corpus_client, f"/c/{SLUG}", PLAIN)
    _, packed = wire_bytes(corpus_client, f"/c/{SLUG}", GZIP)
    assert len(plain) > 20_000 and len(packed) < len(plain) / 4


def test_a_cached_page_is_served_compressed_again(corpus_client: TestClient) -> None:
    """The second answer comes from the render cache, which keeps the encoded bytes too."""
    _, first_raw = wire_bytes(corpus_client, f"/c/{SLUG}", GZIP)
    again, again_raw = wire_bytes(corpus_client, f"/c/{SLUG}", GZIP)
    plain, plain_raw = wire_bytes(corpus_client, f"/c/{SLUG}", PLAIN)
    assert again.headers["content-encoding"] == "gzip" and again_raw == first_raw
    assert "content-encoding" not in plain.headers
    assert gzip.decompress(again_raw) == plain_raw


def test_a_client_refusing_gzip_gets_it_plain(corpus_client: TestClient) -> None:
    response, raw = wire_bytes(corpus_client, f"/c/{SLUG}", {"Accept-Encoding": "gzip;q=0"})
    assert "content-encoding" not in response.headers and b"<html" in raw
    response, _ = wire_bytes(corpus_client, "/docs", {"Accept-Encoding": "gzip;q=0, br"})
    assert "content-encoding" not in response.headers


def test_tiny_answers_are_not_compressed(corpus_client: TestClient) -> None:
    response, raw = wire_bytes(corpus_client, "/-/ping", GZIP)
    assert response.status_code == 200 and len(raw) < MIN_BYTES
    assert "content-encoding" not in response.headers


def test_answers_outside_the_render_cache_are_compressed_too(corpus_client: TestClient) -> None:
    for path in ("/openapi.json", "/static/style.css", "/static/readouts.js"):
        response, raw = wire_bytes(corpus_client, path, GZIP)
        assert response.headers.get("content-encoding") == "gzip", path
        assert gzip.decompress(raw)


@pytest.mark.parametrize("path", [f"/c/{SLUG}", f"/c/{SLUG}.json"])
def test_one_etag_for_both_encodings_and_a_304_for_either(
    corpus_client: TestClient, path: str
) -> None:
    packed, _ = wire_bytes(corpus_client, path, GZIP)
    plain, _ = wire_bytes(corpus_client, path, PLAIN)
    etag = packed.headers["etag"]
    assert etag.startswith("W/") and plain.headers["etag"] == etag
    for headers in (GZIP, PLAIN):
        again, raw = wire_bytes(corpus_client, path, {**headers, "If-None-Match": etag})
        assert again.status_code == 304 and raw == b""
        assert "content-encoding" not in again.headers


def test_head_declares_the_length_of_the_encoded_page(corpus_client: TestClient) -> None:
    _, raw = wire_bytes(corpus_client, f"/c/{SLUG}", GZIP)
    head = corpus_client.head(f"/c/{SLUG}", headers=GZIP)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-encoding"] == "gzip"
    assert head.headers["content-length"] == str(len(raw))


@pytest.mark.parametrize(
    ("header", "accepted"),
    [
        ("gzip", True),
        ("gzip, deflate, br, zstd", True),
        ("br;q=1.0, gzip;q=0.8, *;q=0.1", True),
        ("*", True),
        ("", False),
        ("identity", False),
        ("br", False),
        ("gzip;q=0", False),
        ("GZIP; q=0.0", False),
        ("*;q=0", False),
        ("gzip;q=nonsense", False),
        ("*;q=0, gzip", True),
    ],
)
def test_accept_encoding_is_read_with_its_weights(header: str, accepted: bool) -> None:
    assert accepts_gzip(header) is accepted
