"""Concurrent writes against a real server: one comparison per pair, nothing lost.

The app runs in its own process (`uvicorn --factory app.main:create_app`), as in production,
on a fresh migrated database: a SQLite file (WAL, busy timeout) or, when DATABASE_URL names a
PostgreSQL server, a schema of its own there. 50 clients post at the same instant.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app.config import PROJECT_ROOT
from app.db import make_engine
from app.migrate import upgrade
from app.models import Comparison, Statement
from tests.support import corpus_settings, free_port, fresh_database

CLIENTS = 50
REQUEST_TIMEOUT = 90.0

LEFT = (
    "The leaders agreed that the movement to peace will begin with an energy and infrastructure "
    "ceasefire. They discussed the Middle East as a region of potential cooperation. "
    "Both sides stressed that Iran should never be in a position to destroy Israel."
)
RIGHT = (
    "Donald Trump proposed that the parties refrain from attacks on energy infrastructure for "
    "30 days. Vladimir Putin responded positively and gave the order to the military. "
    "The situation in the Middle East was discussed at length."
)


@dataclass(frozen=True)
class Server:
    url: str
    database_url: str


def wait_until_up(process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server exited with {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url + "/-/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.1)
    pytest.fail(f"the server did not come up in 30 s:\n{log.read_text()}")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """A fresh migrated database and uvicorn serving the app on it, in a subprocess."""
    with fresh_database(tmp_path) as database_url:
        upgrade(corpus_settings(database_url))
        port = free_port()
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "READOUTS_INGEST_ON_START": "false",
            # Writes racing each other in the database, as several workers would: one
            # worker's alignment limit (1 at once, 8 waiting) would keep them apart.
            "READOUTS_ALIGN_CONCURRENCY": "16",
            "READOUTS_ALIGN_QUEUE": "64",
        }
        log = tmp_path / "server.log"
        with log.open("wb") as output:
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "uvicorn",
                    "--factory",
                    "app.main:create_app",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(port),
                    "--log-level",
                    "warning",
                ],
                cwd=PROJECT_ROOT,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        url = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(process, url, log)
            yield Server(url, database_url)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        server_log = log.read_text(errors="replace")
        assert "Traceback" not in server_log, server_log


def post_json(url: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Accept": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        payload = error.read()
        try:
            return error.code, json.loads(payload)
        except ValueError:
            return error.code, {"raw": payload.decode(errors="replace")}


def submit_all(server: Server, bodies: list[dict[str, Any]]) -> list[tuple[int, dict[str, Any]]]:
    """Post every body from its own thread, all released at the same instant."""
    start = threading.Barrier(len(bodies))

    def submit(body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        start.wait(timeout=30)
        return post_json(server.url + "/api/comparisons", body)

    with ThreadPoolExecutor(max_workers=len(bodies)) as pool:
        return list(pool.map(submit, bodies))


def pair(n: int | None = None, title: str = "A call") -> dict[str, Any]:
    suffix = "" if n is None else f" This was point number {n} of the exchange."
    return {
        "title": title,
        "date": "2025-03-18",
        "left": {"label": "White House", "text": LEFT + suffix},
        "right": {"label": "Kremlin", "text": RIGHT},
    }


def count(database_url: str, model: type[Comparison] | type[Statement]) -> int:
    engine = make_engine(corpus_settings(database_url))
    try:
        with engine.connect() as connection:
            return int(connection.scalar(select(func.count()).select_from(model)) or 0)
    finally:
        engine.dispose()


def test_the_same_pair_submitted_50_times_at_once_is_stored_once(server: Server) -> None:
    # Titles differ: the pair (the two texts) is what identifies a comparison.
    bodies = [pair(title=f"The same call, submission {i}") for i in range(CLIENTS)]
    results = submit_all(server, bodies)

    statuses = sorted(status for status, _ in results)
    problems = [(status, body) for status, body in results if status not in (200, 201)]
    assert not problems, f"statuses {statuses}; first failure: {problems[0]}"
    assert statuses.count(201) == 1, statuses
    assert statuses.count(200) == CLIENTS - 1, statuses
    slugs = {body["slug"] for _, body in results}
    assert len(slugs) == 1, slugs
    assert count(server.database_url, Comparison) == 1
    # The losers' statements were rolled back with their comparison: two sides, one pair.
    assert count(server.database_url, Statement) == 2
    (slug,) = slugs
    with urllib.request.urlopen(f"{server.url}/c/{slug}.json", timeout=10) as response:
        assert json.loads(response.read())["left"]["text"] == LEFT


def test_50_different_pairs_submitted_at_once_are_all_stored(server: Server) -> None:
    bodies = [pair(n) for n in range(CLIENTS)]
    results = submit_all(server, bodies)

    problems = [(status, body) for status, body in results if status != 201]
    assert not problems, f"{len(problems)} not created; first: {problems[0]}"
    slugs = {body["slug"] for _, body in results}
    assert len(slugs) == CLIENTS
    assert count(server.database_url, Comparison) == CLIENTS
    for (_, body), sent in zip(results, bodies, strict=True):
        assert body["left"]["text"] == sent["left"]["text"]
