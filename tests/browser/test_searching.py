"""Searching from the list page's form, in a real Chromium: phrases in quotes, odd input."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

SLUG = "2025-03-18-trump-putin-call"


def search(page: Page, live_server: str, words: str) -> None:
    page.goto(live_server + "/")
    page.get_by_label("Search").fill(words)
    page.get_by_role("button", name="Search").click()
    page.wait_for_load_state()


def test_a_phrase_in_quotes_finds_the_call_and_words_out_of_order_do_not(
    page: Page, live_server: str, artifacts: Path
) -> None:
    search(page, live_server, '"Black Sea" ceasefire')
    expect(page.locator(f'.comparisons a[href="/c/{SLUG}"]')).to_be_visible()
    expect(page.locator(".count")).to_have_text("1 comparison")
    expect(page.get_by_label("Search")).to_have_value('"Black Sea" ceasefire')
    for width, name in ((1400, "search-wide.png"), (390, "search-narrow.png")):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(artifacts / name), full_page=True)
    search(page, live_server, '"Sea Black"')
    expect(page.get_by_text("No comparison matches.")).to_be_visible()
    expect(page.locator(".count")).to_have_text("0 comparisons")


def test_operators_and_a_stray_quote_are_searched_as_words(page: Page, live_server: str) -> None:
    search(page, live_server, 'NEAR(black* AND "sea')
    assert page.title() and page.locator("h1").inner_text() == "Comparisons"
    expect(page.get_by_text("No comparison matches.")).to_be_visible()  # "near", "and": no
    search(page, live_server, '(black* "sea')
    expect(page.locator(f'.comparisons a[href="/c/{SLUG}"]')).to_be_visible()
