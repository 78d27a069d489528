"""Alignments against a live server: hostile ones never starve readers, a worker runs them one
at a time, the overflow is told to come back (503, Retry-After), nothing is lost, and the
budget covers the answer as well as the alignment.

Liveness checks with a wide margin (a page within 1 s while the worker is busy), not
speed assertions.
"""

from __future__ import annotations

import json
import random
import string
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import pytest
import requests
from fastapi import FastAPI

import app.web.render
from app.config import Settings
from app.main import create_app
from tests.support import loaded_corpus, serving

PAGE = "/c/2025-03-18-trump-putin-call"
READ_WITHIN = 1.0


def one_word(n: int) -> str:
    """40 KB of one word: every sentence the same, the worst case for grouping."""
    return f"Peace{n} " + "peace " * 6_700


def shared_prefix(n: int) -> str:
    """4,000 distinct words sharing a prefix: the worst case for merging spelling variants."""
    rnd = random.Random(n)
    return " ".join("pre" + "".join(rnd.choices(string.ascii_lowercase, k=6)) for _ in range(4000))


def big_pair(n: int, sentences: int = 3_000) -> dict[str, Any]:
    """An ordinary but long pair (about 25,000 words a side): a second or so of aligning."""
    left = " ".join(f"Minister {n} said point {i} about the sea." for i in range(sentences))
    right = " ".join(f"The sea was point {i} for minister {n}." for i in range(sentences))
    return body(left, right, f"Long pair {n}")


def body(left: str, right: str, title: str = "A pair") -> dict[str, Any]:
    return {
        "title": title,
        "left": {"label": "A", "text": left},
        "right": {"label": "B", "text": right},
    }


def post(url: str, data: dict[str, Any], timeout: float = 120) -> requests.Response:
    return requests.post(url, json=data, timeout=timeout)


@pytest.fixture
def live(settings: Settings) -> Iterator[Callable[..., str]]:
    """Start the app (the corpus loaded) on a live server with the given settings."""
    loaded_corpus(settings)
    apps: list[FastAPI] = []
    stack: list[Any] = []

    def start(**changes: Any) -> str:
        application = create_app(settings.model_copy(update=changes))
        apps.append(application)
        server = serving(application)
        stack.append(server)
        return server.__enter__()

    yield start
    for server in reversed(stack):
        server.__exit__(None, None, None)
    for application in apps:
        application.state.db.dispose()


class Reader(threading.Thread):
    """Reads a page over and over, noting how long each read took, until told to stop."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.url = url
        self.stop = threading.Event()
        self.reads: list[tuple[float, float, int]] = []  # (started, seconds, status)

    def run(self) -> None:
        with requests.Session() as session:
            while not self.stop.is_set():
                started = time.monotonic()
                try:
                    status = session.get(self.url, timeout=30).status_code
                except requests.RequestException:
                    status = 0
                self.reads.append((started, time.monotonic() - started, status))
                time.sleep(0.05)


def test_hostile_statements_never_keep_a_reader_waiting(live: Callable[..., str]) -> None:
    base = live()
    hostile = [body(one_word(n), one_word(n + 1)) for n in range(3)]
    hostile += [body(shared_prefix(n), shared_prefix(n + 100)) for n in range(3)]
    # Bodies FastAPI parsed on the event loop, before any handler: 4 MB of small objects
    # (ignored by the model, but parsed first) held the worker for a second each.
    junk = json.dumps({"junk": [{"a": 1}] * 400_000, **body("x", "y")})
    reader = Reader(base + PAGE)
    reader.start()
    time.sleep(0.5)
    window_start = time.monotonic()
    with ThreadPoolExecutor(len(hostile) + 4) as pool:
        aligned = [pool.submit(post, base + "/api/align", data) for data in hostile]
        junked = [
            pool.submit(
                requests.post,
                base + "/api/align",
                data=junk,
                headers={"Content-Type": "application/json"},
                timeout=120,
            )
            for _ in range(4)
        ]
        statuses = [f.result().status_code for f in aligned]
        junk_statuses = [f.result().status_code for f in junked]
    window_end = time.monotonic()
    reader.stop.set()
    reader.join(timeout=60)
    during = [r for r in reader.reads if window_start <= r[0] <= window_end]
    assert len(during) >= 3, (
        f"only {len(during)} reads while {window_end - window_start:.1f} s busy"
    )
    slow = [f"{seconds:.2f} s" for _, seconds, status in during if seconds > READ_WITHIN]
    assert not slow, f"reads that waited over {READ_WITHIN} s: {slow}"
    assert all(status == 200 for _, _, status in during)
    assert set(statuses) <= {200, 503} and 200 in statuses, statuses
    assert junk_statuses == [422] * 4, "refused before it is parsed"


def test_the_overflow_is_told_to_come_back_and_nothing_is_lost(live: Callable[..., str]) -> None:
    # A budget long enough that nobody waiting in line is sent away for waiting too long.
    base = live(align_concurrency=1, align_queue=2, align_budget_seconds=120)
    before = requests.get(base + "/api/comparisons", timeout=30).json()["total"]
    bodies = [big_pair(n) for n in range(8)]
    start = threading.Barrier(len(bodies))

    def send(data: dict[str, Any]) -> requests.Response:
        start.wait(timeout=30)
        return post(base + "/api/comparisons", data)

    with ThreadPoolExecutor(len(bodies)) as pool:
        replies = list(pool.map(send, bodies))
    statuses = [reply.status_code for reply in replies]
    assert set(statuses) <= {201, 503}, statuses
    assert statuses.count(503) >= 1, f"all were taken at once: {statuses}"
    assert statuses.count(201) >= 3, "one running and two waiting are served"
    for reply in replies:
        if reply.status_code == 503:
            assert int(reply.headers["Retry-After"]) >= 1
            error = reply.json()["error"]
            assert error["status"] == 503 and "try again in" in error["message"]
    listed = requests.get(base + "/api/comparisons", timeout=30).json()
    assert listed["total"] == before + statuses.count(201), "exactly the accepted are stored"
    # Sent again, one by one, the refused ones are all taken.
    for data, reply in zip(bodies, replies, strict=True):
        if reply.status_code == 503:
            assert post(base + "/api/comparisons", data).status_code == 201
    total = requests.get(base + "/api/comparisons", timeout=30).json()["total"]
    assert total == before + len(bodies)


def test_a_busy_worker_gives_the_form_back_with_what_was_typed(live: Callable[..., str]) -> None:
    base = live(align_concurrency=1, align_queue=0, align_budget_seconds=120)
    occupied = occupy(base)
    form = {
        "title": "Grain talks",
        "left_label": "Ministry A",
        "left_text": "The ministers discussed grain exports through the Black Sea.",
        "right_label": "Ministry B",
        "right_text": "Grain shipments across the Black Sea were discussed.",
    }
    refused = requests.post(base + "/new", data=form, timeout=60, allow_redirects=False)
    assert occupied.result().status_code == 200
    assert refused.status_code == 503, refused.text[:500]
    assert int(refused.headers["Retry-After"]) >= 1
    assert "Nothing you typed was lost" in refused.text
    assert "grain exports through the Black Sea" in refused.text and "Ministry B" in refused.text
    again = requests.post(base + "/new", data=form, timeout=60, allow_redirects=False)
    assert again.status_code == 303


def occupy(base: str) -> Future[requests.Response]:
    """A long alignment running in the worker's one slot (seen taken by a probe)."""
    probe = body("The ministers met.", "The ministers talked.")
    pool = ThreadPoolExecutor(1)
    for _ in range(5):
        occupied = pool.submit(post, base + "/api/align", big_pair(0, sentences=12_000))
        while not occupied.done():
            if post(base + "/api/align", probe).status_code == 503:
                return occupied
            time.sleep(0.02)
        # The probe had the slot when the long one came, which was sent away: again.
    raise AssertionError("never saw the slot taken")


def slow(function: Callable[..., Any], seconds: float) -> Callable[..., Any]:
    """`function`, after burning `seconds` of this thread's processor time."""

    def slowed(*args: Any, **kwargs: Any) -> Any:
        end = time.thread_time() + seconds
        while time.thread_time() < end:
            pass
        return function(*args, **kwargs)

    return slowed


def test_the_budget_covers_the_answer_too(
    live: Callable[..., str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An alignment within budget whose answer would take it past the end is refused (422),
    and nothing is stored; before, serialising was outside the budget."""
    base = live(align_budget_seconds=0.5)
    before = requests.get(base + "/api/comparisons", timeout=30).json()["total"]
    pair = body("The ministers met in Geneva.", "The ministers talked in Geneva.")
    assert post(base + "/api/align", pair).status_code == 200
    monkeypatch.setattr(app.web.render, "to_json", slow(app.web.render.to_json, 1.0))
    refused = post(base + "/api/align", pair)
    message = refused.json()["error"]["message"]
    assert refused.status_code == 422 and "could not be aligned" in message
    created = post(base + "/api/comparisons", pair)
    assert created.status_code == 422, created.text
    assert requests.get(base + "/api/comparisons", timeout=30).json()["total"] == before
