"""Static files under content-hashed names, cached for a year; the plain names still work.

`style.css` is linked as `style.3f2a1b9c0d4e.css`, the first 12 hex digits of the SHA-256 of
its bytes: a browser (or a proxy) may keep it forever (`immutable`), and a new version gets
a new name, so a deploy is seen at once and nothing is ever asked again to be revalidated.
The plain name (`/static/style.css`, linked by older pages, bookmarks, other sites) is still
served, with a short cache, and so is a hashed name whose digits are not the file's current
ones (a page rendered before the file changed): the current file, with the short cache, so
that no proxy keeps the new bytes under the old name for a year.

The digest is computed on first use and kept while the file's size and modification time
stay the same, so an edited file gets a new name without a restart.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import threading
from pathlib import Path, PurePosixPath

import anyio.to_thread
from starlette.responses import Response
from starlette.staticfiles import PathLike, StaticFiles
from starlette.types import Scope

IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=300"
DIGITS = 12
_HASHED = re.compile(rf"^(?P<stem>.+)\.(?P<digest>[0-9a-f]{{{DIGITS}}})(?P<suffix>\.[^./]+)$")


class StaticNames:
    """The content-hashed name of each file of a folder, and the file a hashed name means."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._root = str(directory)
        # path -> (size, mtime, digest, hashed name); written under the lock, read without
        # (a dict lookup is atomic), so that pages rendering in parallel never wait here.
        self._known: dict[str, tuple[int, int, str, str]] = {}
        self._lock = threading.Lock()

    def hashed(self, path: str) -> str:
        """`css/site.css` -> `css/site.<digest>.css`; the path as given if there is no file
        (or it has no suffix to put the digest before)."""
        known = self._current(path)
        return known[3] if known else path

    def digest(self, path: str) -> str | None:
        """The file's digest (DIGITS hex digits); None when no file of the folder has the path."""
        known = self._current(path)
        return known[2] if known else None

    def _current(self, path: str) -> tuple[int, int, str, str] | None:
        """What is known of the file, brought up to date.

        Called for every link a page renders: a known file costs one stat; only a new or
        changed one is checked to lie inside the folder (a path resolve) and read.
        """
        known = self._known.get(path)
        if known is not None:
            try:
                now = os.stat(os.path.join(self._root, path))
            except (OSError, ValueError):
                now = None
            if now is not None and known[:2] == (now.st_size, now.st_mtime_ns):
                return known
        found = self.file(path)
        pure = PurePosixPath(path)
        if found is None or not pure.suffix:
            return None
        digest = hashlib.sha256((self.directory / path).read_bytes()).hexdigest()[:DIGITS]
        name = str(pure.with_name(f"{pure.stem}.{digest}{pure.suffix}"))
        fresh = (found.st_size, found.st_mtime_ns, digest, name)
        with self._lock:
            self._known[path] = fresh
        return fresh

    def file(self, path: str) -> os.stat_result | None:
        """The file's status, if `path` names a file inside the folder."""
        full = self.directory / path
        try:
            inside = full.resolve().is_relative_to(self.directory.resolve())
            found = os.stat(full)
        except (OSError, ValueError):
            return None
        return found if inside and stat.S_ISREG(found.st_mode) else None

    def original(self, name: str) -> tuple[str, bool] | None:
        """The file a hashed name stands for, and whether the digits are its current ones;
        None when the name is not a hashed one (or names no file)."""
        match = _HASHED.match(name)
        if match is None:
            return None
        path = match["stem"] + match["suffix"]
        digest = self.digest(path)
        return None if digest is None else (path, digest == match["digest"])


class HashedStaticFiles(StaticFiles):
    """Starlette's static files, answering hashed names too, with the cache headers above.

    The ETag is made weak: the same file goes out plain or gzip-encoded (see compression.py),
    and a strong ETag promises the same bytes.
    """

    def __init__(self, names: StaticNames) -> None:
        super().__init__(directory=names.directory)
        self.names = names

    async def get_response(self, path: str, scope: Scope) -> Response:
        original = await anyio.to_thread.run_sync(self._original, path)
        if original is None:
            return _cached(await super().get_response(path, scope), SHORT)
        real, current = original
        return _cached(await super().get_response(real, scope), IMMUTABLE if current else SHORT)

    def _original(self, path: str) -> tuple[str, bool] | None:
        """What a hashed name means (None: serve the path as named; a real file wins)."""
        if self.names.file(path) is not None:
            return None
        return self.names.original(path)

    def file_response(
        self, full_path: PathLike, stat_result: os.stat_result, scope: Scope, status_code: int = 200
    ) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        etag = response.headers.get("etag")
        if etag and not etag.startswith("W/"):
            response.headers["etag"] = "W/" + etag
        return response


def _cached(response: Response, policy: str) -> Response:
    if response.status_code in (200, 304):
        response.headers["Cache-Control"] = policy
    return response
