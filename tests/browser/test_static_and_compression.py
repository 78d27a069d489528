"""In a real Chromium: the page arrives gzip-encoded, and its stylesheet and script load
under their content-hashed names, cached for a year, and take effect."""

from __future__ import annotations

import re

from playwright.sync_api import Page, Response, expect

SLUG = "2025-03-18-trump-putin-call"
HASHED = re.compile(r"/static/[\w./-]+\.[0-9a-f]{12}\.(css|js|svg)$")


def test_a_comparison_page_and_its_hashed_files_load_compressed_and_cached(
    page: Page, live_server: str
) -> None:
    statics: list[Response] = []
    page.on("response", lambda r: statics.append(r) if "/static/" in r.url else None)
    document = page.goto(f"{live_server}/c/{SLUG}?view=text")  # the full texts, side by side
    assert document is not None and document.status == 200
    assert document.header_value("content-encoding") == "gzip"
    expect(page.locator(".side-left .clause").first).to_be_visible()
    page.wait_for_load_state("load")

    loaded = {r.url.rsplit("/", 1)[-1].split(".")[0]: r for r in statics}
    assert {"style", "readouts"} <= set(loaded)
    for response in statics:
        assert response.status == 200, response.url
        assert HASHED.search(response.url), response.url
        assert response.header_value("cache-control") == "public, max-age=31536000, immutable"
    assert loaded["style"].header_value("content-encoding") == "gzip"
    rules = page.evaluate("Array.from(document.styleSheets).map(s => s.cssRules.length)")
    assert rules and all(count > 10 for count in rules), "the stylesheet was read and applied"
    # The script ran: hovering a linked clause lights up its counterpart.
    page.locator(".side-left .clause.linked .marker").first.hover()
    expect(page.locator(".side-right .clause.is-counterpart").first).to_be_visible()
