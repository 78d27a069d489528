"""A stored comparison is served from what was stored, and a client's fresh copy gets a 304."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app

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


def test_rendered_pages_kept_in_memory_stay_under_the_byte_budget(
    corpus: FastAPI, migrated: Settings
) -> None:
    """One big comparison must not hold the memory of many: pages are evicted by size."""
    one_page = len(TestClient(corpus).get(f"/c/{SLUG}").content)
    budget = one_page + 1000  # room for one page, not for all
    small = create_app(migrated.model_copy(update={"render_cache_bytes": budget}))
    with TestClient(small) as client:
        slugs = [c["slug"] for c in client.get("/.json").json()["comparisons"]]
        pages = {slug: client.get(f"/c/{slug}").text for slug in slugs}
        cache = small.state.context.cache
        assert sum(len(page.encode()) for page in pages.values()) > budget, "must evict"
        assert 0 < cache.bytes <= budget
        again = {slug: client.get(f"/c/{slug}").text for slug in slugs}
        assert again == pages, "evicted pages are rendered again, the same"
    small.state.db.dispose()
