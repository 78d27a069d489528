"""A stored comparison is served from what was stored, and a client's fresh copy gets a 304."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

SLUG = "2025-03-18-trump-putin-call"


@pytest.mark.parametrize("path", [f"/c/{SLUG}", f"/c/{SLUG}.json"])
def test_permalinks_answer_conditional_requests_with_304(
    corpus_client: TestClient, path: str
) -> None:
    first = corpus_client.get(path)
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert first.status_code == 200 and modified.endswith("GMT")
    again = corpus_client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    since = corpus_client.get(path, headers={"If-Modified-Since": modified})
    assert since.status_code == 304
    stale = corpus_client.get(path, headers={"If-None-Match": 'W/"something-else"'})
    assert stale.status_code == 200 and stale.content == first.content


def test_the_page_and_its_twin_have_different_etags(corpus_client: TestClient) -> None:
    html = corpus_client.get(f"/c/{SLUG}").headers["etag"]
    json = corpus_client.get(f"/c/{SLUG}.json").headers["etag"]
    assert html != json


def test_showing_a_stored_comparison_never_runs_the_differ(
    corpus_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    import app.services.comparisons

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the differ ran to show a stored comparison")

    monkeypatch.setattr(app.services.comparisons, "align", refuse)
    assert corpus_client.get(f"/c/{SLUG}").status_code == 200
    assert corpus_client.get(f"/c/{SLUG}.json").status_code == 200
