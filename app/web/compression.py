"""Responses gzip-encoded for clients that accept it; small ones, and the rest, as they are.

Measured on the sample corpus (tests/benchmarks/compression.py): the 18 March comparison page
goes from 33,623 bytes to 6,203 (gzip level 6, 0.8 ms), its JSON twin from 27,792 to 5,577.
Brotli (the `brotli` package) at quality 4 saves 4 % more than gzip at the same speed, and at
quality 11 another 27 %, but takes 200 ms a page: not worth a compiled dependency while
every browser takes gzip. Level 9 saves 1.5 % more than 6 for 45 % more time.

Two paths: pages kept in the render cache are compressed once, in the thread that renders
them, and served as `Negotiated` responses that pick the encoding per request (no work per
request); everything else (errors, API answers, static files) passes through `Compression`,
Starlette's GZipMiddleware, which compresses in a worker thread past THREAD_BYTES. Bodies
under MIN_BYTES are never compressed: the header costs more than it saves. Both send
`Vary: Accept-Encoding`; ETags stay as they are (weak, so one ETag serves both encodings and
a 304 answers either).
"""

from __future__ import annotations

import zlib

from starlette.datastructures import Headers
from starlette.middleware.gzip import GZipMiddleware, IdentityResponder
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

MIN_BYTES = 1024
LEVEL = 6
# Up to this size a body is compressed on the event loop (under a millisecond); past it, in
# a worker thread.
THREAD_BYTES = 32 * 1024


def accepts_gzip(accept_encoding: str) -> bool:
    """Whether an Accept-Encoding header takes gzip (`gzip;q=0` refuses it, as `*;q=0` does)."""
    star = False
    for item in accept_encoding.lower().split(","):
        coding, _, params = item.partition(";")
        coding = coding.strip()
        if coding not in ("gzip", "x-gzip", "*"):
            continue
        quality = params.strip().removeprefix("q=").strip() if "q=" in params else "1"
        try:
            wanted = float(quality) > 0
        except ValueError:
            wanted = False
        if coding != "*":
            return wanted
        star = wanted
    return star


def _accepts_gzip(scope: Scope) -> bool:
    return accepts_gzip(Headers(scope=scope).get("accept-encoding", ""))


def gzipped(body: bytes) -> bytes | None:
    """The body gzip-encoded, or None when it is too small to be worth it."""
    if len(body) < MIN_BYTES:
        return None
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    packed = compressor.compress(body) + compressor.flush()
    return packed if len(packed) < len(body) else None


class Negotiated(Response):
    """A response held plain and gzip-encoded; the request's Accept-Encoding picks one."""

    def __init__(
        self,
        content: bytes,
        packed: bytes | None,
        media_type: str,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(content, media_type=media_type, headers=headers)
        self.packed = packed
        if packed is not None:
            self.headers.add_vary_header("Accept-Encoding")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.packed is not None and _accepts_gzip(scope):
            self.body = self.packed
            self.headers["Content-Encoding"] = "gzip"
            self.headers["Content-Length"] = str(len(self.packed))
        await super().__call__(scope, receive, send)


class Compression(GZipMiddleware):
    """GZipMiddleware with this app's sizes and level, and `gzip;q=0` taken as a refusal."""

    def __init__(self, app: ASGIApp) -> None:
        super().__init__(
            app, minimum_size=MIN_BYTES, compresslevel=LEVEL, thread_minimum_size=THREAD_BYTES
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not _accepts_gzip(scope):
            responder = IdentityResponder(
                self.app, self.minimum_size, exclude_content_types=self.exclude_content_types
            )
            await responder(scope, receive, send)
            return
        await super().__call__(scope, receive, send)
