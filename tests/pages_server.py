"""A local web server of fixture pages, for fetching by address without leaving this machine.

It serves the readout pages written in the layouts of real sites (tests/ingest/fixtures/
make_html.py), the PDFs printed from readouts (tests/ingest/fixtures/pdf/), and the ways a
server can misbehave: too slow, too large, an error, a redirect anywhere. The app fetches
from it only where a test's settings allow its address (`fetch_allowed_networks`).

Routes: /page[?name=], /pdf[?name=], /image, /big, /chunked-big, /huge, /slow[?seconds=],
/trickle, /redirect?to=[&status=], /loop; anything else is 404.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.ingest.ingest_seeds import FIXTURES, html_pages

PDFS = FIXTURES / "pdf"
READOUTS = FIXTURES / "readouts"
DEFAULT_PAGE = "whitehouse-2025-03-18"
DEFAULT_PDF = "chromium-whitehouse-2021-04-21"


@cache
def page(name: str = DEFAULT_PAGE) -> bytes:
    return html_pages()[name]


def pdf(name: str = DEFAULT_PDF) -> bytes:
    return (PDFS / f"{name}.pdf").read_bytes()


def readout(name: str) -> str:
    """The text a fixture page or PDF was made from, as a person would paste it."""
    return (READOUTS / f"{name}.txt").read_text("utf-8").strip()


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        route = getattr(self, "route_" + parts.path.strip("/").replace("-", "_"), None)
        if route is None:
            self.send_error(404)
            return
        route(query)

    def _send(self, body: bytes, content_type: str, length: bool = True) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(ConnectionError):  # a client that gave up waiting
            self.wfile.write(body)

    def route_page(self, query: dict[str, str]) -> None:
        self._send(page(query.get("name", DEFAULT_PAGE)), "text/html; charset=utf-8")

    def route_pdf(self, query: dict[str, str]) -> None:
        name = Path(query.get("name", DEFAULT_PDF)).name  # a fixture's name, not a path
        self._send(pdf(name), "application/pdf")

    def route_image(self, query: dict[str, str]) -> None:
        self._send(b"\x89PNG\r\n\x1a\n", "image/png")

    def route_big(self, query: dict[str, str]) -> None:
        self._send(b"<p>" + b"x" * 20_000 + b"</p>", "text/html")

    def route_chunked_big(self, query: dict[str, str]) -> None:
        # No Content-Length: the size is only known by reading.
        self.close_connection = True
        self._send(b"<p>" + b"x" * 20_000 + b"</p>", "text/html", length=False)

    def route_huge(self, query: dict[str, str]) -> None:
        self._send(b"x" * 5_000_001, "text/plain")

    def route_slow(self, query: dict[str, str]) -> None:
        time.sleep(float(query.get("seconds", "3")))
        self._send(page(), "text/html")

    def route_trickle(self, query: dict[str, str]) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "100")
        self.end_headers()
        for _ in range(100):  # one byte every 0.1 s: each read is quick, the whole is not
            try:
                self.wfile.write(b"x")
                self.wfile.flush()
            except OSError:
                return
            time.sleep(0.1)

    def route_redirect(self, query: dict[str, str]) -> None:
        self.send_response(int(query.get("status", "302")))
        self.send_header("Location", query["to"])
        self.send_header("Content-Length", "0")
        self.end_headers()

    def route_loop(self, query: dict[str, str]) -> None:
        self.route_redirect({"to": "/loop"})

    def log_message(self, format: str, *args: Any) -> None:  # quiet test output
        return None


@contextmanager
def serving_pages(host: str = "127.0.0.1") -> Iterator[str]:
    """Serve the fixture pages on ``host`` and a free port; yield the base URL."""
    httpd = ThreadingHTTPServer((host, 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
