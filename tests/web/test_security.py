"""Headers that keep pages from running injected script or being framed, on every response."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


@pytest.mark.parametrize(
    "path", ["/", "/c/2025-03-18-trump-putin-call", "/c/missing.json", "/docs", "/static/style.css"]
)
def test_every_response_carries_the_security_headers(corpus_client: TestClient, path: str) -> None:
    headers = corpus_client.get(path).headers
    csp = headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"


def test_pages_hold_no_inline_script(corpus_client: TestClient) -> None:
    for path in ("/", "/new", "/articles", "/c/2025-03-18-trump-putin-call", "/docs"):
        html = corpus_client.get(path).text
        for chunk in html.split("<script")[1:]:
            assert chunk.lstrip().startswith("src="), f"inline script on {path}"
