"""What a reader does on a comparison page, in a real Chromium."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

SLUG = "2025-03-18-trump-putin-call"


def open_comparison(page: Page, live_server: str, anchor: str = "") -> None:
    page.goto(f"{live_server}/c/{SLUG}{anchor}")
    expect(page.locator(".side-left .clause").first).to_be_visible()


def test_hovering_a_black_sea_clause_lights_up_the_kremlin_counterpart(
    page: Page, live_server: str, artifacts: Path
) -> None:
    open_comparison(page, live_server)
    black_sea = page.locator(".side-left .clause.linked", has_text="Black Sea").first
    black_sea.locator(".marker").first.hover()
    expect(black_sea).to_have_class(re.compile(r"\bis-active\b"))
    lit = page.locator(".side-right .clause.is-counterpart")
    expect(lit.first).to_be_visible()
    assert any("Black Sea" in text for text in lit.all_inner_texts())
    page.screenshot(path=str(artifacts / "comparison.png"), full_page=True)


def test_a_deep_link_to_a_clause_scrolls_to_it_and_highlights_it(
    page: Page, live_server: str
) -> None:
    open_comparison(page, live_server, "#R7")
    clause = page.locator("#R7")
    expect(clause).to_have_class(re.compile(r"\bis-active\b"))
    expect(clause).to_be_in_viewport()
    expect(clause).to_be_focused()


def test_a_deep_link_to_a_link_highlights_both_sides(page: Page, live_server: str) -> None:
    open_comparison(page, live_server, "#link-2")
    expect(page.locator(".side-left .clause.is-active").first).to_be_visible()
    expect(page.locator(".side-right .clause.is-counterpart").first).to_be_visible()
    expect(page.locator("#status")).to_have_text(re.compile(r"Link 2 of \d+"))


def test_the_keyboard_walks_links_and_jumps_to_the_counterpart(
    page: Page, live_server: str
) -> None:
    open_comparison(page, live_server)
    page.keyboard.press("j")
    expect(page.locator("#status")).to_have_text(re.compile(r"Link 1 of \d+"))
    page.keyboard.press("j")
    expect(page.locator("#status")).to_have_text(re.compile(r"Link 2 of \d+"))
    focused_side = page.evaluate("document.activeElement.dataset.side")
    assert focused_side == "left"
    page.keyboard.press("Enter")
    expect(page.locator("#status")).to_have_text(re.compile(r"Counterpart R\d+"))
    assert page.evaluate("document.activeElement.dataset.side") == "right"
    page.keyboard.press("k")
    expect(page.locator("#status")).to_have_text(re.compile(r"Link 1 of \d+"))


def test_one_sided_clauses_are_listed_and_labelled(page: Page, live_server: str) -> None:
    open_comparison(page, live_server)
    only_kremlin = page.locator("#only-right li")
    assert only_kremlin.count() > 0
    assert any("military aid" in t for t in only_kremlin.all_inner_texts())
    first = only_kremlin.first.locator("a")
    anchor = first.inner_text()
    first.click()
    expect(page.locator(f"#{anchor} .only-label")).to_have_text("only here")
    expect(page.locator(f"#{anchor}")).to_be_in_viewport()


def test_narrow_screens_stack_the_columns(page: Page, live_server: str) -> None:
    page.set_viewport_size({"width": 400, "height": 800})
    open_comparison(page, live_server)
    left = page.locator(".side-left").bounding_box()
    right = page.locator(".side-right").bounding_box()
    assert left and right and right["y"] >= left["y"] + left["height"] - 1
