"""Security headers on every response: no inline script, no framing, no sniffing."""

from __future__ import annotations

import html
import json
from collections.abc import Sequence

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.config import DEFAULT_PORTS, Origin, parse_origin
from app.web.urls import Urls

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

HEADERS: list[tuple[bytes, bytes]] = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


class SecurityHeaders:
    """Plain ASGI middleware (cheaper than BaseHTTPMiddleware on every request)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(n, v) for n, v in HEADERS if n not in present]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)


UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
LOOPBACK = ("127.0.0.1", "localhost", "::1")


class SameOriginWrites:
    """Refuse writes another site's page makes a visitor's browser send (CSRF).

    Browsers mark such requests: `Sec-Fetch-Site: cross-site` and an `Origin` that is not
    ours. Ours is the configured public origin (and the trusted ones), compared by scheme,
    host and port; unconfigured, the address the server answers on (scope["server"], the
    socket's, which no header sets). Never the request's Host header: a page on a name the
    attacker points at the server (DNS rebinding) sends a Host that agrees with its Origin.
    Scripts and the CLI send no Origin and are not affected.
    """

    def __init__(
        self, app: ASGIApp, public_origin: str | None = None, trusted_origins: Sequence[str] = ()
    ) -> None:
        self.app = app
        configured = [public_origin] if public_origin else []
        self.public = {o for o in map(parse_origin, configured) if o is not None}
        self.trusted = {o for o in map(parse_origin, trusted_origins) if o is not None}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in UNSAFE_METHODS:
            headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
            if self.cross_site(headers, scope):
                message = "Cross-site form submissions are refused: post from this site's pages."
                await refuse(scope, send, 403, message)
                return
        await self.app(scope, receive, send)

    def cross_site(self, headers: dict[str, str], scope: Scope) -> bool:
        if headers.get("sec-fetch-site") == "cross-site":
            return True
        origin = headers.get("origin")
        if origin is None:
            return False
        ours = self.public or served_origins(scope)
        return parse_origin(origin) not in ours | self.trusted


def served_origins(scope: Scope) -> set[Origin]:
    """The origins of the address this request reached, the loopback names being one."""
    server = scope.get("server")
    if not server:
        return set()
    host, port = server
    scheme = scope.get("scheme", "http")
    port = port or DEFAULT_PORTS.get(scheme, 80)
    hosts = LOOPBACK if host in LOOPBACK else (host.lower(),)
    return {(scheme, name, port) for name in hosts}


def public_origin(scope: Scope, configured: str | None) -> str:
    """The app's address for absolute links (share cards, the feed): the public origin
    setting, else the address the server answers on (the socket's); never the Host header,
    which a client sets at will and which would then be cached into pages."""
    if configured:
        return configured
    server = scope.get("server")
    if not server or server[0] is None:
        return ""
    host, port = server
    scheme = scope.get("scheme", "http")
    host = f"[{host}]" if ":" in host else host
    default = DEFAULT_PORTS.get(scheme)
    return f"{scheme}://{host}" + ("" if port in (None, default) else f":{port}")


async def refuse(scope: Scope, send: Send, status: int, message: str) -> None:
    """A complete error response from middleware: JSON for programs, a page for people."""
    start, body = error_response(scope, status, message)
    await send(start)
    await send({"type": "http.response.body", "body": body})


def error_response(scope: Scope, status: int, message: str) -> tuple[Message, bytes]:
    """The start message and body of an error answered by middleware, before any route.

    The connection is closed after it: the request's body may be left unread.
    """
    if Urls.is_json(scope.get("path", "")):
        body = json.dumps({"error": {"status": status, "message": message}}).encode()
        content_type = b"application/json"
    else:
        body = (
            f"<!doctype html><html lang=en><title>Error {status}</title>"
            f"<main><h1>Error {status}</h1><p>{html.escape(message)}</p>"
            f'<p><a href="{Urls().home()}">Readouts</a></p></main></html>'
        ).encode()
        content_type = b"text/html; charset=utf-8"
    headers = [
        (b"content-type", content_type),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),
    ]
    return {"type": "http.response.start", "status": status, "headers": headers}, body
