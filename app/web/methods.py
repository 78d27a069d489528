"""HTTP methods: HEAD wherever GET is, and a 405 that says which methods an address takes.

FastAPI's GET routes do not answer HEAD (Starlette's own routes do); rather than declare
HEAD on every route, a HEAD request is served as the GET it asks about, with the body left
out and the headers (Content-Length, ETag) kept, as RFC 9110 says.
"""

from __future__ import annotations

from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


class HeadAsGet:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, without_body)


def allowed_methods(app: ASGIApp, scope: Scope) -> list[str]:
    """The methods some route takes at this request's path (for the Allow header)."""
    routes = getattr(getattr(app, "router", None), "routes", [])
    allowed = [
        method
        for method in METHODS
        if any(route.matches({**scope, "method": method})[0] == Match.FULL for route in routes)
    ]
    if "GET" in allowed:
        allowed.insert(1, "HEAD")
    return allowed
