"""A small in-process cache of rendered pages, bounded by entries and by bytes.

A stored comparison changes only when its ETag does (and a browse page only when the
listing's generation does), so the bytes rendered once can be served again until then:
thousands of readers of one shared link cost one rendering. A worker keeps at most
`render_cache_size` pages and `render_cache_bytes` bytes of them (64 MB by default), least
recently used out first: one huge comparison cannot hold the memory of 256. A page is kept
plain and gzip-encoded (about a fifth of its size more), both counted.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from cachetools import LRUCache
from starlette.responses import Response

from app.web.compression import Negotiated, gzipped

# What a kept page costs beside its body: the object, its key and the cache's bookkeeping.
ENTRY_OVERHEAD = 512


@dataclass(frozen=True)
class Rendered:
    body: bytes
    media_type: str
    headers: tuple[tuple[str, str], ...]
    packed: bytes | None = None  # the body gzip-encoded (None: too small to be worth it)

    @classmethod
    def of(cls, response: Response) -> Rendered:
        """Keep what a fresh response needs: the bytes (plain and gzip-encoded, compressed
        here, once, in the rendering thread), the type and the Link header."""
        kept = tuple((k, v) for k, v in response.headers.items() if k.lower() == "link")
        body = bytes(response.body)
        return cls(body, response.media_type or "text/html", kept, gzipped(body))

    def response(self, headers: dict[str, str] | None = None) -> Response:
        """The page, gzip-encoded or not as the request accepts (see compression.py)."""
        return Negotiated(
            self.body, self.packed, self.media_type, {**dict(self.headers), **(headers or {})}
        )

    def size(self) -> int:
        return len(self.body) + len(self.packed or b"") + ENTRY_OVERHEAD


class RenderCache:
    """cachetools' LRU cache sized in bytes, with a count limit on top; thread-safe."""

    def __init__(self, capacity: int = 256, max_bytes: int = 64_000_000) -> None:
        self.capacity = capacity
        self._items: LRUCache[str, Rendered] = LRUCache(
            maxsize=max(max_bytes, 1), getsizeof=Rendered.size
        )
        self._lock = threading.Lock()

    def get(self, key: str) -> Rendered | None:
        with self._lock:
            return self._items.get(key)

    def put(self, key: str, item: Rendered) -> None:
        if self.capacity <= 0 or item.size() > self._items.maxsize:
            return
        with self._lock:
            self._items[key] = item
            while len(self._items) > self.capacity:
                self._items.popitem()

    @property
    def bytes(self) -> int:
        return int(self._items.currsize)

    def __len__(self) -> int:
        return len(self._items)
