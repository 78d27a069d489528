"""Fetching a statement by its address: what is fetched, and every address that is refused.

A local server on 127.0.0.1 (allowed by ``allowed_networks``, as the setting allows it in
tests) serves the pages; the refused addresses are never connected to: they are refused
after name resolution, before any connection, so no traffic leaves this machine.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from typing import Any

import pytest

from app.ingest.fetch import FetchError, FetchRefused, FetchTimeout, FetchTooLarge, fetch
from app.ingest.readers import read_bytes
from tests.pages_server import page, pdf, serving_pages

LOCAL = ("127.0.0.1/32",)
PAGE = page()
PDF = pdf()


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serving_pages() as url:
        yield url


# --------------------------------------------------------------------------- happy path


def test_a_web_page_is_fetched_and_reads_as_its_readout(server: str) -> None:
    fetched = fetch(f"{server}/page", allowed_networks=LOCAL)
    assert fetched.final_url == fetched.url == f"{server}/page"
    assert fetched.content_type == "text/html"
    assert fetched.body == PAGE
    document = read_bytes(fetched.body, "page.html")
    assert document.raw.startswith("Readout of President Donald J. Trump’s Call")
    assert document.meta.date is not None and document.meta.url is not None


def test_a_pdf_is_fetched(server: str) -> None:
    fetched = fetch(f"{server}/pdf", allowed_networks=LOCAL)
    assert (fetched.content_type, fetched.body) == ("application/pdf", PDF)


def test_redirects_are_followed_and_the_final_address_kept(server: str) -> None:
    fetched = fetch(
        f"{server}/redirect?to=/redirect%3Fto%3D/page&status=301", allowed_networks=LOCAL
    )
    assert fetched.final_url == f"{server}/page"
    assert fetched.body == PAGE


def test_more_than_five_redirects_are_refused(server: str) -> None:
    with pytest.raises(FetchError, match="redirected more than 5 times"):
        fetch(f"{server}/loop", allowed_networks=LOCAL)


# --------------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("http://127.0.0.1/", r"is this machine \(loopback\) \(127\.0\.0\.1\)"),
        ("http://localhost:8000/", r"is this machine \(loopback\) \((127\.0\.0\.1|::1)\)"),
        ("http://10.1.2.3/", r"is on a private network \(10\.1\.2\.3\)"),
        ("http://10.255.255.254:8080/x", r"is on a private network \(10\.255\.255\.254\)"),
        ("http://169.254.169.254/latest/", r"is a link-local address \(169\.254\.169\.254\)"),
        ("http://[::1]/", r"is this machine \(loopback\) \(::1\)"),
        ("http://[::ffff:127.0.0.1]/", r"is this machine \(loopback\) \(127\.0\.0\.1\)"),
        ("http://0.0.0.0/", r"is unspecified \(0\.0\.0\.0\)"),
        ("http://192.168.1.1/", r"is on a private network \(192\.168\.1\.1\)"),
        ("http://224.0.0.1/", r"is a multicast address \(224\.0\.0\.1\)"),
        ("http://100.64.0.1/", r"is not on the public internet \(100\.64\.0\.1\)"),
    ],
)
def test_addresses_off_the_public_internet_are_refused(url: str, words: str) -> None:
    with pytest.raises(FetchRefused, match=f"^that address {words}$"):
        fetch(url)


@pytest.mark.parametrize(
    ("target", "words"),
    [
        ("http://127.0.0.2:{port}/page", r"this machine \(loopback\) \(127\.0\.0\.2\)"),
        ("http://10.0.0.1/", r"private network \(10\.0\.0\.1\)"),
        ("http://169.254.169.254/latest/meta-data/", r"link-local address \(169\.254\.169\.254\)"),
        ("http://[::1]:{port}/page", r"this machine \(loopback\) \(::1\)"),
    ],
)
def test_a_redirect_to_a_refused_address_is_refused(server: str, target: str, words: str) -> None:
    port = server.rsplit(":", 1)[1]
    to = target.format(port=port).replace(":", "%3A").replace("/", "%2F")
    with pytest.raises(FetchRefused, match=words):
        fetch(f"{server}/redirect?to={to}", allowed_networks=LOCAL)


@pytest.mark.parametrize(
    "url", ["ftp://example.org/x", "file:///etc/passwd", "gopher://x/", "javascript:alert(1)"]
)
def test_only_http_and_https_are_fetched(url: str) -> None:
    with pytest.raises(FetchRefused, match="only http:// and https://"):
        fetch(url)


def test_credentials_in_the_address_are_refused() -> None:
    with pytest.raises(FetchRefused, match="user name or password"):
        fetch("http://user:secret@example.org/")


def test_something_else_than_a_page_or_pdf_is_refused(server: str) -> None:
    with pytest.raises(FetchRefused, match=r"^that is not a web page or PDF \(image/png\)$"):
        fetch(f"{server}/image", allowed_networks=LOCAL)


@pytest.mark.parametrize("route", ["big", "chunked-big"])
def test_a_page_over_the_size_limit_is_refused(server: str, route: str) -> None:
    with pytest.raises(FetchTooLarge, match=r"^the page is larger than 10,000 bytes$"):
        fetch(f"{server}/{route}", allowed_networks=LOCAL, max_bytes=10_000)
    assert len(fetch(f"{server}/{route}", allowed_networks=LOCAL, max_bytes=30_000).body) > 20_000


def test_five_megabytes_is_the_default_limit(server: str) -> None:
    with pytest.raises(FetchTooLarge, match=r"^the page is larger than 5 MB$"):
        fetch(f"{server}/huge", allowed_networks=LOCAL)


def test_a_page_that_does_not_answer_in_time(server: str) -> None:
    with pytest.raises(FetchTimeout, match=r"^that page did not answer in 0\.5 s$"):
        fetch(f"{server}/slow?seconds=3", allowed_networks=LOCAL, timeout=0.5)


def test_the_time_limit_covers_the_whole_download(server: str) -> None:
    """A server sending one byte every 0.1 s answers every read at once, but not in time."""
    started = time.monotonic()
    with pytest.raises(FetchTimeout, match="did not answer in 1 s"):
        fetch(f"{server}/trickle", allowed_networks=LOCAL, timeout=1.0)
    assert time.monotonic() - started < 5  # not the 10 s the trickle takes


def test_an_error_page_is_an_error(server: str) -> None:
    with pytest.raises(FetchError, match=r"answered with an error \(404 Not Found\)"):
        fetch(f"{server}/missing", allowed_networks=LOCAL)


def test_the_connection_goes_to_the_address_that_was_checked(
    server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DNS rebinding: a name that resolves to an allowed address, then to a private one."""
    port = int(server.rsplit(":", 1)[1])
    answers = iter(["127.0.0.1", "10.9.9.9", "10.9.9.9"])
    calls = []

    def rebinding(host: str, *args: Any, **kwargs: Any) -> list[Any]:
        calls.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    fetched = fetch(f"http://rebind.test:{port}/page", allowed_networks=LOCAL)
    assert fetched.body == PAGE
    assert calls == ["rebind.test"]  # resolved once; connected to what was checked
