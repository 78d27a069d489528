"""Forms and the API take writes only from the app's own origin, whatever Host a request names.

The origin is the configured public one (READOUTS_PUBLIC_ORIGIN), else the address the
server answers on. Comparing the Origin header with the request's Host instead let any
page whose name resolves to the server (DNS rebinding: Host and Origin both the
attacker's) post as if it were the app's own.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from tests.support import serving

FORM = {
    "title": "Grain talks",
    "left_label": "Ministry A",
    "left_text": "The ministers discussed grain exports through the Black Sea.",
    "right_label": "Ministry B",
    "right_text": "Grain shipments across the Black Sea were discussed.",
}


def api_body() -> dict[str, Any]:
    return {
        "title": "Grain talks",
        "left": {"label": "A", "text": FORM["left_text"]},
        "right": {"label": "B", "text": FORM["right_text"]},
    }


@pytest.fixture
def public_client(migrated: Settings) -> Iterator[TestClient]:
    settings = migrated.model_copy(
        update={
            "public_origin": "https://readouts.example",
            "trusted_origins": ("https://mirror.example:8443",),
        }
    )
    application = create_app(settings)
    with TestClient(application, base_url="http://10.0.0.5:8000") as client:
        yield client
    application.state.db.dispose()


@pytest.mark.parametrize(
    ("origin", "host", "status"),
    [
        ("https://readouts.example", "10.0.0.5:8000", 303),  # through the proxy
        ("https://READOUTS.example:443", "10.0.0.5:8000", 303),  # the same origin, spelled out
        ("https://mirror.example:8443", "10.0.0.5:8000", 303),  # a trusted origin
        ("http://readouts.example", "readouts.example", 403),  # another scheme
        ("https://readouts.example:8443", "readouts.example", 403),  # another port
        ("https://evil.example", "evil.example", 403),  # Host agrees with Origin: not enough
        ("http://10.0.0.5:8000", "10.0.0.5:8000", 403),  # the inner address is not public
        ("null", "readouts.example", 403),
    ],
)
def test_the_configured_public_origin_decides(
    public_client: TestClient, origin: str, host: str, status: int
) -> None:
    headers = {"Origin": origin, "Host": host}
    form = public_client.post("/new", data=FORM, headers=headers, follow_redirects=False)
    assert form.status_code == status, form.text
    api = public_client.post("/api/align", json=api_body(), headers=headers)
    assert api.status_code == (200 if status == 303 else 403)
    if status == 403:
        assert "Cross-site" in form.text and api.json()["error"]["status"] == 403


@pytest.fixture
def live(app: FastAPI) -> Iterator[str]:
    with serving(app) as base:
        yield base


def test_without_configuration_the_servers_own_address_is_the_origin(live: str) -> None:
    port = live.rsplit(":", 1)[1]
    for origin in (live, f"http://localhost:{port}"):
        ok = requests.post(
            live + "/api/align", json=api_body(), headers={"Origin": origin}, timeout=30
        )
        assert ok.status_code == 200, (origin, ok.text)
    rebound = f"evil.example:{port}"  # a name the attacker points at 127.0.0.1
    refused = requests.post(
        live + "/new",
        data=FORM,
        headers={"Origin": f"http://{rebound}", "Host": rebound},
        timeout=30,
        allow_redirects=False,
    )
    assert refused.status_code == 403 and "Cross-site" in refused.text
    other_port = requests.post(
        live + "/api/align", json=api_body(), headers={"Origin": "http://127.0.0.1:1"}, timeout=30
    )
    assert other_port.status_code == 403
