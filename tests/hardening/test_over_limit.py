"""A body over the limit gets its 413, in words, whatever client sends it and however.

Against a live uvicorn server, because the failure was in the socket: a server that
answers without reading the body, then closes, resets the connection under a client that
was still sending it (urllib, requests), and the client never sees the answer. A body sent
in chunks, whose size is not declared, was cut off inside the JSON parser and came back as
a 400 "error parsing the body".
"""

from __future__ import annotations

import json
import subprocess
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx2
import pytest
import requests
from fastapi import FastAPI

from app.config import Settings
from app.main import create_app
from app.web.limits import request_limit
from tests.support import serving

# The default limit: a body over it is larger than the kernel buffers on both ends, so a
# server that does not read it really does leave the client writing into a closed socket.
LIMIT = request_limit(Settings.model_fields["max_statement_bytes"].default)


def over_limit_body() -> bytes:
    """Valid JSON, twice the largest body the server takes."""
    text = "The ministers discussed grain. " * (2 * LIMIT // 31)
    return json.dumps(
        {"title": "t", "left": {"label": "A", "text": text}, "right": {"label": "B", "text": "x"}}
    ).encode()


BODY = over_limit_body()
HEADERS = {"Content-Type": "application/json"}


def in_chunks(data: bytes, size: int = 16_384) -> Iterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


Reply = tuple[int, str]


def by_urllib(url: str, chunked: bool) -> Reply:
    data: bytes | Iterator[bytes] = in_chunks(BODY) if chunked else BODY
    request = urllib.request.Request(url, data=data, headers=HEADERS, method="POST")
    if chunked:
        request.add_header("Transfer-Encoding", "chunked")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return int(response.status), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def by_requests(url: str, chunked: bool) -> Reply:
    data = in_chunks(BODY) if chunked else BODY
    response = requests.post(url, data=data, headers=HEADERS, timeout=30)
    return response.status_code, response.text


def by_httpx(url: str, chunked: bool) -> Reply:
    content = in_chunks(BODY) if chunked else BODY
    response = httpx2.post(url, content=content, headers=HEADERS, timeout=30)
    return response.status_code, response.text


def by_curl(url: str, chunked: bool, tmp: Path) -> Reply:
    body = tmp / "body.json"
    body.write_bytes(BODY)
    command = ["curl", "-sS", "--max-time", "30", "-H", "Content-Type: application/json"]
    if chunked:
        command += ["-H", "Transfer-Encoding: chunked"]
    command += ["--data-binary", f"@{body}", "-w", "\n%{http_code}", url]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    text, _, status = result.stdout.rpartition("\n")
    return int(status), text


@pytest.fixture
def base_url(migrated: Settings) -> Iterator[str]:
    application: FastAPI = create_app(migrated)
    with serving(application) as url:
        yield url
    application.state.db.dispose()


CLIENTS: dict[str, Callable[..., Reply]] = {
    "urllib": by_urllib,
    "requests": by_requests,
    "httpx": by_httpx,
    "curl": by_curl,
}


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
@pytest.mark.parametrize("client", list(CLIENTS))
def test_every_client_reads_the_413_in_words(
    base_url: str, client: str, chunked: bool, tmp_path: Path
) -> None:
    url = base_url + "/api/comparisons"
    send = CLIENTS[client]
    status, text = send(url, chunked, tmp_path) if client == "curl" else send(url, chunked)
    assert status == 413, text
    error = json.loads(text)["error"]
    assert error["status"] == 413 and "larger than" in error["message"]
    # The server is still there for the next request, and nothing was stored.
    listed = requests.get(base_url + "/api/comparisons", timeout=10)
    assert listed.status_code == 200 and listed.json()["total"] == 0


def test_a_form_over_the_limit_gets_the_413_page(base_url: str) -> None:
    form = {"title": "t", "left_label": "A", "left_text": "x" * (2 * LIMIT)}
    response = requests.post(base_url + "/new", data=form, timeout=30)
    assert response.status_code == 413
    assert "larger than" in response.text and "<html" in response.text
