"""A small in-process cache of rendered permalink pages, keyed by their ETag.

A stored comparison changes only when its ETag does, so the bytes rendered once can be
served again until then: thousands of readers of one shared link cost one rendering.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from starlette.responses import Response


@dataclass(frozen=True)
class Rendered:
    body: bytes
    media_type: str
    headers: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, response: Response) -> Rendered:
        """Keep what a fresh response needs: the bytes, the type and the Link header."""
        kept = tuple((k, v) for k, v in response.headers.items() if k.lower() == "link")
        return cls(bytes(response.body), response.media_type or "text/html", kept)

    def response(self, headers: dict[str, str] | None = None) -> Response:
        return Response(
            self.body, media_type=self.media_type, headers={**dict(self.headers), **(headers or {})}
        )


class RenderCache:
    def __init__(self, capacity: int = 256) -> None:
        self.capacity = capacity
        self._items: OrderedDict[str, Rendered] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> Rendered | None:
        with self._lock:
            item = self._items.get(key)
            if item is not None:
                self._items.move_to_end(key)
            return item

    def put(self, key: str, item: Rendered) -> None:
        if self.capacity <= 0:
            return
        with self._lock:
            self._items[key] = item
            self._items.move_to_end(key)
            while len(self._items) > self.capacity:
                self._items.popitem(last=False)
