"""Reading pages in worker threads of their own, first come, first served.

Every database read and page render runs off the event loop, in one thread hop that opens,
uses and closes its connection. Reads get a small pool of their own rather than FastAPI's
shared 40 threads: renders are CPU work under one GIL, so 40 at once only stretch each
other (and the event loop waits its turn for the GIL too); with a few threads, requests
wait in arrival order (anyio's CapacityLimiter is FIFO) and then run at full speed.

Measured on a 2-core machine busy with other work (load 4-8, so figures are rough), 10,000
comparisons, 2 workers; p99 of load_uncached.py at c64 / c128, and of load.py's cached
comparison page at c16:
  FastAPI's shared pool (40)  0.9-1.2 s / 2.7-3.9 s    55-160 ms
  8 threads                   0.6-1.6 s / 1.2-1.8 s    30-100 ms
  4 threads (the default)     0.65 s    / 1.1 s        16-27 ms
  2 threads                   0.83 s    / 0.90 s       8-25 ms
  (main, hits on the loop)    stalls                   15-29 ms
Four keeps the cached path as it was and leaves room for PostgreSQL's network waits.
Alignments (the API and the form) run in the shared pool, one at a time per worker
(limits.AlignSlots), so a long one never takes a reader's thread. JSON bodies are parsed
in the shared pool too (`ParsedOffLoop`), never on the loop.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

import anyio.to_thread
from anyio import CapacityLimiter
from fastapi import HTTPException, Request, Response
from fastapi.routing import APIRoute

from app.web.limits import MAX_JSON_VALUES, json_values_within

T = TypeVar("T")


class ReadThreads:
    def __init__(self, size: int) -> None:
        self.size = size
        self._limiters: dict[asyncio.AbstractEventLoop, CapacityLimiter] = {}

    async def run(self, function: Callable[..., T], *args: object) -> T:
        return await anyio.to_thread.run_sync(function, *args, limiter=self._limiter())

    def _limiter(self) -> CapacityLimiter:
        """One limiter per event loop (a test client runs a loop of its own)."""
        loop = asyncio.get_running_loop()
        limiter = self._limiters.get(loop)
        if limiter is None:
            self._limiters = {k: v for k, v in self._limiters.items() if not k.is_closed()}
            limiter = self._limiters[loop] = CapacityLimiter(self.size)
        return limiter


class JsonOffLoop(Request):
    """A request whose JSON body is checked and parsed in a worker thread, not on the loop.

    FastAPI parses a JSON body on the loop, before the handler runs. A body within the size
    limit made of millions of tiny values (ignored by the model, but parsed first) takes
    json.loads seconds, during which the worker answers nobody; in a thread it would still
    hold the interpreter lock, so such a body is refused before it is parsed.
    """

    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            body = await self.body()
            self._json = await anyio.to_thread.run_sync(parse_json, body)
        return self._json


def parse_json(body: bytes) -> Any:
    if not json_values_within(body, MAX_JSON_VALUES):
        raise HTTPException(
            422,
            f"The request has more than {MAX_JSON_VALUES:,} JSON values; "
            "a comparison has a few dozen.",
        )
    return json.loads(body)


class ParsedOffLoop(APIRoute):
    """Routes whose JSON bodies are parsed in a worker thread (FastAPI's documented way to
    change how a route reads its request: a Request subclass and a route class)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def parsed_off_loop(request: Request) -> Response:
            return await handler(JsonOffLoop(request.scope, request.receive))

        return parsed_off_loop
