"""Limits: sizes, enforced before a large body is read and again on each statement, and how
many alignments a worker runs at once."""

from __future__ import annotations

import asyncio
import contextlib
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import anyio
import anyio.to_thread
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.web.security import error_response

T = TypeVar("T")

# Room for the form's other fields and multipart framing around two statements.
ENVELOPE_BYTES = 64 * 1024
# JSON clients may escape non-ASCII text as \uXXXX: up to three times its UTF-8 size.
ESCAPING_FACTOR = 3
# A body over the limit is still read (and thrown away) up to this many times the limit,
# for this long, so that the client hears the 413 (see BodyLimit).
DRAIN_FACTOR = 4
DRAIN_SECONDS = 30.0


def request_limit(max_statement_bytes: int) -> int:
    """The largest body that can carry two statements within the limit."""
    return 2 * ESCAPING_FACTOR * max_statement_bytes + ENVELOPE_BYTES


# NUL never occurs in text people write; it marks binary data (and PostgreSQL refuses it).
NUL_MESSAGE = "contains NUL characters (\\0), which text never does; is it a binary file?"


# A comparison's JSON body is a few dozen values; a body of millions of tiny ones (6 MB of
# `[],`) takes json.loads seconds, holding the interpreter lock whatever thread runs it.
MAX_JSON_VALUES = 1000
_JSON_TOKEN = re.compile(rb'"[^"]*"?|[\[{:,]')


def json_values_within(body: bytes, bound: int = MAX_JSON_VALUES) -> bool:
    """Whether a JSON body has at most `bound` strings, containers and separators.

    Counted without parsing, in C loops over the bytes: first every bracket, comma, colon
    and quote (no more than the bound: done); else, with escaped backslashes and quotes and
    whitespace taken out, each string counts one (`"[^"]*"`, a single-byte loop) and so do
    the brackets, commas and colons outside them, stopping past the bound. Invalid JSON may
    be miscounted only past its first error, where the parser stops anyway.
    """
    if sum(body.count(c) for c in (b"[", b"{", b",", b":", b'"')) <= bound:
        return True
    plain = body.translate(None, b" \t\r\n").replace(b"\\\\", b"").replace(b'\\"', b"")
    return all(n < bound for n, _ in enumerate(_JSON_TOKEN.finditer(plain)))


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
    """Answer 413 as soon as a request body is known to exceed the limit, and make it heard.

    A declared Content-Length over the limit is refused before any byte is read; a body
    without one (chunked) is counted as it arrives and refused when it passes the limit,
    whatever the route was doing with it (FastAPI would call the cut-off body a parse error,
    400). The answer is sent at once; then the rest of the body is read and thrown away, up
    to `DRAIN_FACTOR` times the limit and `DRAIN_SECONDS`, before the connection closes:
    a server that closes a socket with unread data resets it, and clients that send the
    whole body before reading (urllib, requests with a generator) lose the answer.
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
            await self.refuse(scope, receive, send, int(declared))
            return
        seen = 0
        over = started = False

        async def counted_receive() -> Message:
            nonlocal seen, over
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    over = True
                    raise BodyTooLarge
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if over and not started:
                return  # the route's own answer to a body cut short: the 413 replaces it
            started = started or message["type"] == "http.response.start"
            await send(message)

        with contextlib.suppress(BodyTooLarge):
            await self.app(scope, counted_receive, guarded_send)
        if over and not started:
            await self.refuse(scope, receive, send, None, already_read=seen)

    async def refuse(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        declared: int | None,
        already_read: int = 0,
    ) -> None:
        message = (
            f"The request is larger than {human_size(self.max_bytes)}, more than two "
            "statements within the size limit can take. Nothing was stored."
        )
        start, body = error_response(scope, 413, message)
        await send(start)
        await send({"type": "http.response.body", "body": body, "more_body": True})
        bound = DRAIN_FACTOR * self.max_bytes
        if declared is None or declared <= bound:
            await drain(receive, bound - already_read)
        await send({"type": "http.response.body", "body": b""})


async def drain(receive: Receive, max_bytes: int) -> None:
    """Read and discard what the client still sends, within `max_bytes` and DRAIN_SECONDS."""
    read = 0
    with anyio.move_on_after(DRAIN_SECONDS):
        while read <= max_bytes:
            message = await receive()
            if message["type"] != "http.request":
                return
            read += len(message.get("body", b""))
            if not message.get("more_body", False):
                return


class BodyTooLarge(Exception):
    """Raised inside the app's receive() when the body passes the limit."""


class Busy(Exception):
    """Every alignment slot of this worker is taken and its queue is full: 503, Retry-After."""

    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(
            "The server is aligning other texts right now and cannot take more. "
            f"Nothing was stored; try again in {retry_after} seconds."
        )


class AlignSlots:
    """At most `running` alignments at once in this worker; up to `waiting` more wait their
    turn (first come, first served), each for at most one budget.

    The time budget counts each thread's own processor time; alignments running side by
    side share one interpreter lock, so four at once each kept within budget while taking
    four times as long in wall time. One at a time, the budget holds in wall time too.
    Whoever finds the line full, or waits in it longer than a budget, is told to come back
    (`Busy`: 503 with Retry-After, one budget) rather than left waiting behind a row of
    hostile inputs: no request takes more than two budgets of wall time. A burst of
    ordinary pairs (milliseconds each) all get through. Alignments run in threads of their
    own, never in the page readers' (see threads.py).
    """

    def __init__(self, running: int, waiting: int, budget_seconds: float) -> None:
        self.running = running
        self.waiting = waiting
        self.patience = budget_seconds
        self.retry_after = max(1, math.ceil(budget_seconds))
        self._lines: dict[asyncio.AbstractEventLoop, _Line] = {}

    async def run(self, function: Callable[..., T], *args: object) -> T:
        """`function(*args)` in a worker thread once a slot is free; Busy if none comes."""
        line = self._line()
        if line.admitted >= self.running + self.waiting:
            raise Busy(self.retry_after)
        line.admitted += 1
        try:
            await self._take_slot(line)
            try:
                return await anyio.to_thread.run_sync(function, *args)
            finally:
                line.slots.release()
        finally:
            line.admitted -= 1

    async def _take_slot(self, line: _Line) -> None:
        """A free slot at once, else the first to come free within one budget, else Busy."""
        try:
            line.slots.acquire_nowait()
        except anyio.WouldBlock:
            with anyio.move_on_after(self.patience) as waited:
                await line.slots.acquire()
            if waited.cancelled_caught:
                raise Busy(self.retry_after) from None

    def _line(self) -> _Line:
        """One line per event loop (a test client runs a loop of its own)."""
        loop = asyncio.get_running_loop()
        line = self._lines.get(loop)
        if line is None:
            self._lines = {k: v for k, v in self._lines.items() if not k.is_closed()}
            line = self._lines[loop] = _Line(anyio.CapacityLimiter(self.running))
        return line


@dataclass
class _Line:
    slots: anyio.CapacityLimiter
    admitted: int = 0  # running and waiting
