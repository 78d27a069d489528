"""The grid of a comparison of three accounts: filters, deep links, pairs, narrow screens."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

GRID = "/c/2025-05-19-trump-putin-ft"  # seed 000: Trump, Putin and the FT on the May 2025 call
ACCOUNTS = [
    (
        "White House",
        "The presidents agreed to a 30-day halt to strikes on energy infrastructure. "
        "Hockey matches between Russian and American players were discussed. "
        "Prisoners of war will be exchanged tomorrow.",
    ),
    (
        "Kremlin",
        "A 30-day halt to strikes on energy infrastructure was agreed by the presidents. "
        "Prisoners of war will be exchanged tomorrow, 175 for 175.",
    ),
    (
        "Kyiv",
        "The presidents agreed to halt strikes on energy infrastructure for 30 days. "
        "Ukraine asked its partners for more air defence systems.",
    ),
]


@pytest.fixture(scope="module")
def made_grid(live_server: str, browser: Browser) -> str:
    """A grid with points said by all, by some and by one, made through the API."""
    context = browser.new_context()
    try:
        body = {
            "title": "Energy truce: three accounts",
            "statements": [{"label": label, "text": text} for label, text in ACCOUNTS],
        }
        answer = context.request.post(live_server + "/api/comparisons", data=body)
        assert answer.status == 201, answer.text()
        return str(answer.json()["url"])
    finally:
        context.close()


# The widest right edge of anything in the page's main part (the site header's own overflow at
# 390 px is the layout's, tests/browser/test_importing.py says so too).
WIDEST = """() => Math.max(...[...document.querySelectorAll('main *')]
    .map(e => e.getBoundingClientRect().right))"""


def visible_rows(page: Page) -> list[str]:
    return page.locator("tr.point:visible").evaluate_all("rows => rows.map(r => r.dataset.said)")


def test_the_filters_show_points_said_by_all_some_or_one(
    live_server: str, made_grid: str, page: Page
) -> None:
    page.goto(live_server + made_grid)
    every = visible_rows(page)
    assert len(every) == page.locator("tr.point").count()
    assert {"all", "some", "one"} <= set(every)
    expect(page.locator(".tally")).to_contain_text("Only Kyiv: 1 point")
    for said in ("all", "some", "one"):
        page.get_by_label(f"said by {'one only' if said == 'one' else said}").check()
        shown = visible_rows(page)
        assert shown == [s for s in every if s == said]
    page.get_by_label("every point").check()
    assert visible_rows(page) == every


def test_the_filters_work_by_keyboard(live_server: str, made_grid: str, page: Page) -> None:
    page.goto(live_server + made_grid)
    page.get_by_label("every point").focus()
    page.keyboard.press("ArrowRight")  # radio buttons move and select with the arrows
    assert set(visible_rows(page)) == {"all"}


def test_deep_links_open_a_point_and_a_clause(live_server: str, made_grid: str, page: Page) -> None:
    page.set_viewport_size({"width": 1280, "height": 300})
    page.goto(live_server + made_grid + "#point-3")
    expect(page.locator("#point-3")).to_be_in_viewport()
    assert page.evaluate("document.querySelector(':target').id") == "point-3"
    page.goto(live_server + made_grid + "#S2.2")
    assert page.evaluate("document.querySelector(':target').id") == "S2.2"
    expect(page.locator('[id="S2.2"]')).to_contain_text("175 for 175")
    expect(page.locator('[id="S2.2"]')).to_be_in_viewport()
    page.locator('[id="S3.2"] a.anchor').click()
    assert page.url.endswith("#S3.2")


def test_each_pair_opens_as_the_two_sided_page(live_server: str, page: Page) -> None:
    page.goto(live_server + GRID)
    page.get_by_role("link", name="Donald Trump and Financial Times").click()
    expect(page).to_have_url(live_server + GRID + "/1-3")
    expect(page.locator("h1")).to_contain_text("Donald Trump and Financial Times")
    expect(page.locator("#L1")).to_contain_text("Russia and Ukraine")


@pytest.mark.parametrize("width", [1400, 390])
def test_the_grid_is_accessible_and_fits_the_screen(
    live_server: str,
    made_grid: str,
    browser: Browser,
    axe: Callable[[str, int], list[dict[str, Any]]],
    artifacts: Path,
    width: int,
) -> None:
    assert axe(live_server + GRID, width) == []
    assert axe(live_server + made_grid, width) == []
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        tab = context.new_page()
        tab.goto(live_server + GRID)
        assert tab.evaluate(WIDEST) <= width, "the grid is wider than the screen"
        if width == 390:  # cards: each cell says whose it is
            expect(tab.locator("tr.point").first.locator(".cell-label").first).to_be_visible()
        tab.screenshot(path=str(artifacts / f"grid-{width}.png"), full_page=True)
        tab.goto(live_server + made_grid)
        assert tab.evaluate(WIDEST) <= width, "the grid is wider than the screen"
        absent = tab.locator("#point-2 td.absent").first
        if width == 390:  # a card says in one line who did not mention the point
            expect(tab.locator("#point-2 .absent-note")).to_have_text(
                "Not mentioned by Kremlin, Kyiv"
            )
            expect(absent).to_be_hidden()
        else:
            expect(absent).to_contain_text("not mentioned")
        tab.screenshot(path=str(artifacts / f"grid-made-{width}.png"), full_page=True)
        tab.goto(live_server + "/new")
        tab.get_by_role("button", name="Add another account").click()
        expect(tab.get_by_role("group", name="Third statement")).to_be_visible()
        tab.screenshot(path=str(artifacts / f"new-three-{width}.png"), full_page=True)
    finally:
        context.close()


def test_the_form_takes_three_accounts_without_javascript(
    live_server: str, browser: Browser
) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(live_server + "/new")
        tab.get_by_label("Title").fill("One call, three accounts")
        tab.get_by_role("button", name="Add another account").click()
        texts = {
            "First": ("White House", "The presidents agreed an energy ceasefire for 30 days."),
            "Second": (
                "Kremlin",
                "Putin agreed to halt strikes on energy infrastructure for 30 days.",
            ),
            "Third": ("Kyiv", "Ukraine supports the energy ceasefire. Air defence was discussed."),
        }
        for which, (label, text) in texts.items():
            group = tab.get_by_role("group", name=f"{which} statement")
            group.get_by_label("Issued by").fill(label)
            group.get_by_label("Text").fill(text)
        tab.get_by_role("button", name="Add another account").click()
        tab.get_by_role("button", name="Remove the fourth statement").click()
        expect(tab.get_by_role("group", name="Fourth statement")).to_have_count(0)
        expect(tab.get_by_role("group", name="Third statement").get_by_label("Text")).to_have_value(
            texts["Third"][1]
        )
        tab.get_by_role("button", name="Compare", exact=True).last.click()
        expect(tab.locator("h2#h-summary")).to_have_text("Who said what")
        expect(tab.locator("table.grid thead th")).to_have_text(
            ["Point", "White House", "Kremlin", "Kyiv"]
        )
    finally:
        context.close()
