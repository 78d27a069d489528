"""Size limits, enforced before a large body is read and again on each statement."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.web.security import refuse

# Room for the form's other fields and multipart framing around two statements.
ENVELOPE_BYTES = 64 * 1024
# JSON clients may escape non-ASCII text as \uXXXX: up to three times its UTF-8 size.
ESCAPING_FACTOR = 3


def request_limit(max_statement_bytes: int) -> int:
    """The largest body that can carry two statements within the limit."""
    return 2 * ESCAPING_FACTOR * max_statement_bytes + ENVELOPE_BYTES


# NUL never occurs in text people write; it marks binary data (and PostgreSQL refuses it).
NUL_MESSAGE = "contains NUL characters (\\0), which text never does; is it a binary file?"


def human_size(size: int) -> str:
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB".replace(".0 MB", " MB")
    if size >= 1_000:
        return f"{size / 1_000:.0f} kB"
    return f"{size} bytes"


def statement_too_large(text: str, which: str, limit: int) -> str | None:
    """A message for a person when a statement is over the limit, else None."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size <= limit:
        return None
    return (
        f"The {which} statement is {size:,} bytes; "
        f"the limit is {limit:,} bytes ({human_size(limit)}) a statement."
    )


class BodyLimit:
    """Answer 413 as soon as a request body is known to exceed the limit, unread.

    A declared Content-Length over the limit is refused before any byte is read; a body
    without one (chunked) is counted as it arrives and cut off when it passes the limit.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self.refuse(scope, send)
            return
        seen = 0
        started = False

        async def counted_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await self.refuse(scope, send)

    async def refuse(self, scope: Scope, send: Send) -> None:
        message = (
            f"The request is larger than {human_size(self.max_bytes)}, more than two "
            "statements within the size limit can take. Nothing was stored."
        )
        await refuse(scope, send, 413, message)


class BodyTooLarge(Exception):
    """Raised inside the app's receive() when the body passes the limit."""
