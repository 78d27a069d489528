"""Many readers at once, each asking for a page nobody asked for before: none is left hanging.

A stall detector, not a speed test: before database work left the event loop, a worker
with an empty connection pool blocked its loop in the pool's queue, while the requests
holding connections waited for that loop to hand them back; pages then hung for the pool
timeout (30 s) and ended in errors.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import quote_plus

import pytest
import sqlalchemy

import app.db
from app.config import Settings
from app.main import create_app
from tests.support import loaded_corpus, serving

CLIENTS = 96
PER_REQUEST_TIMEOUT = 20.0
WORDS = [
    "black",
    "sea",
    "energy",
    "ceasefire",
    "trump",
    "putin",
    "call",
    "peace",
    "ukraine",
    "talks",
    "prisoners",
]


def fetch(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=PER_REQUEST_TIMEOUT) as response:
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except OSError:  # timed out, reset: the stall this test looks for
        return 0


def distinct_paths(count: int) -> list[str]:
    """Browse pages, searches and filters: each one a cache miss that reads the database."""
    paths = []
    for n in range(count):
        kind = n % 3
        if kind == 0:
            paths.append(f"/?page={n + 1}")
        elif kind == 1:
            paths.append(f"/.json?q={quote_plus(WORDS[n % len(WORDS)])}&page={n}")
        else:
            paths.append(f"/articles/{n}.json" if n % 2 else f"/?issuer=Kremlin&page={n}")
    return paths


def small_pool_engine(url: Any, **options: Any) -> sqlalchemy.Engine:
    """Two connections: far fewer than concurrent requests, as on a busy server."""
    return sqlalchemy.create_engine(url, **options, pool_size=2, max_overflow=0)


def test_concurrent_uncached_pages_are_all_answered(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded_corpus(settings)
    monkeypatch.setattr(app.db, "create_engine", small_pool_engine)
    application = create_app(settings)
    with serving(application) as base:
        started = time.monotonic()
        with ThreadPoolExecutor(CLIENTS) as pool:
            statuses = list(pool.map(fetch, [base + p for p in distinct_paths(CLIENTS)]))
        elapsed = time.monotonic() - started
    application.state.db.dispose()
    unanswered = statuses.count(0)
    assert unanswered == 0, f"{unanswered} of {CLIENTS} requests hung ({elapsed:.0f} s)"
    assert set(statuses) <= {200, 404}, statuses
