"""Two editors saving from the same revision, against real servers: two app instances (as two
worker processes or machines would be) on one SQLite file or PostgreSQL schema, their saves
sent at the same moment. Exactly one is stored; the other gets 409 with its changes back."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from app.migrate import upgrade
from tests.corrections.helpers import body, made_from
from tests.support import corpus_settings, fresh_postgres_schema, serving_app

ROUNDS = 4


class _Stay(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # the 303 itself is the answer looked at


OPENER = urllib.request.build_opener(_Stay)


def send(url: str, form: dict[str, str] | None = None, json_body: Any = None) -> tuple[int, str]:
    """(status, body) of a GET, a form POST or a JSON POST; errors are answers too."""
    data, headers = None, {}
    if form is not None:
        data = urlencode(form).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    elif json_body is not None:
        data = json.dumps(json_body).encode()
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(url, data=data, headers=headers)
    try:
        with OPENER.open(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture(params=["sqlite", "postgresql"])
def two_servers(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str]]:
    with ExitStack() as stack:
        if request.param == "sqlite":
            url = f"sqlite:///{tmp_path / 'live.db'}"
        else:
            url = stack.enter_context(fresh_postgres_schema())
        settings = corpus_settings(url)
        upgrade(settings)
        first = stack.enter_context(serving_app(settings))
        second = stack.enter_context(serving_app(settings))
        yield first, second


def save_at_once(
    servers: tuple[str, str],
    slug: str,
    token: str,
    base: int,
    pairs: list[tuple[int, int]],
    tag: str,
) -> dict[str, tuple[int, str]]:
    """Editor A on the first server and editor B on the second, both from revision `base`,
    each drawing a link of its own, released together by a barrier."""
    barrier = threading.Barrier(2)
    answers: dict[str, tuple[int, str]] = {}

    def save(name: str, server: str, pair: tuple[int, int]) -> None:
        fields = {
            "token": token,
            "base": str(base),
            "add": f"{pair[0]}/{pair[1]}/likely",
            "note": f"{name} in {tag}",
        }
        barrier.wait()
        answers[name] = send(f"{server}/c/{slug}/edit", form=fields)

    threads = [
        threading.Thread(target=save, args=("A", servers[0], pairs[0])),
        threading.Thread(target=save, args=("B", servers[1], pairs[1])),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_two_editors_at_once_one_is_saved_the_other_gets_409_and_its_changes(
    two_servers: tuple[str, str],
) -> None:
    first, _ = two_servers
    status, answer = send(f"{first}/api/comparisons", json_body=body())
    assert status == 201, answer
    made = made_from(json.loads(answer))
    free = [
        (i, j)
        for i in range(len(made.data["left"]["clauses"]))
        for j in range(len(made.data["right"]["clauses"]))
        if not any(i in link["left"] and j in link["right"] for link in made.data["links"])
    ]
    for server in two_servers:
        # Each server's first request builds its routes (FastAPI does it lazily, under
        # warnings.catch_warnings, which is not thread-safe: two servers of one test
        # process building at once can turn an ignored warning into an error). Warm
        # them one after the other, with a save that is refused: nothing to save.
        nothing = {"token": made.token, "base": "1"}
        assert send(f"{server}/c/{made.slug}/edit", form=nothing)[0] == 422
    for base in range(1, ROUNDS + 1):
        tag = f"round {base}"
        pairs = free[2 * base : 2 * base + 2]
        answers = save_at_once(two_servers, made.slug, made.token, base, pairs, tag)
        statuses = sorted(status for status, _ in answers.values())
        assert statuses == [303, 409], {k: (v[0], v[1][:300]) for k, v in answers.items()}
        loser = next(name for name, (status, _) in answers.items() if status == 409)
        page = answers[loser][1]
        assert f"Revision {base + 1} was saved meanwhile; reload to see it" in page
        assert f'value="{loser} in {tag}"' in page
        lost = pairs[0] if loser == "A" else pairs[1]
        assert f'name="add" value="{lost[0]}/{lost[1]}/likely" checked' in page
    history = json.loads(send(f"{first}/c/{made.slug}/history.json")[1])
    assert [r["number"] for r in history["revisions"]] == list(range(ROUNDS + 1, 0, -1))
