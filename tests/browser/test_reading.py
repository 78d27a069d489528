"""What a reader does on a comparison page, in a real Chromium: the aligned rows (the default)
and the full-text view, on a desk and on a phone."""

from __future__ import annotations

import json
import re
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

SLUG = "2025-03-18-trump-putin-call"


def open_comparison(page: Page, live_server: str, anchor: str = "", query: str = "") -> None:
    page.goto(f"{live_server}/c/{SLUG}{query}{anchor}")
    expect(page.locator(".view-aligned .row").first).to_be_attached()


def visible_rows(page: Page) -> list[str]:
    return page.locator(".view-aligned .row:visible").evaluate_all("rs => rs.map(r => r.id)")


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()


def test_the_black_sea_clauses_of_both_readouts_stand_in_one_row(
    page: Page, live_server: str
) -> None:
    open_comparison(page, live_server)
    row = page.locator(".view-aligned .row").filter(
        has=page.locator(".cell-left .clause", has_text="Black Sea")
    )
    expect(row).to_have_count(1)
    expect(row.locator(".cell-right .clause", has_text="Black Sea")).to_have_count(1)
    left = row.locator(".cell-left").bounding_box()
    right = row.locator(".cell-right").bounding_box()
    assert left and right and right["x"] > left["x"] + left["width"]  # side by side
    assert abs(right["y"] - left["y"]) < 5


def test_a_clause_said_by_one_side_has_a_row_that_says_so(page: Page, live_server: str) -> None:
    open_comparison(page, live_server)
    row = page.locator(".view-aligned .row").filter(
        has=page.locator(".cell-right .clause", has_text="military aid")
    )
    expect(row).to_have_count(1)
    expect(row.locator(".cell-left")).to_have_text(re.compile("Not mentioned by White House"))
    expect(row.locator(".gutter")).to_have_text("only Kremlin")
    assert row.locator(".cell-left .clause").count() == 0


def _store(live_server: str, left: str, right: str) -> str:
    body = json.dumps(
        {
            "title": "Two readouts that share a sentence",
            "left": {"label": "Ottawa", "text": left},
            "right": {"label": "Washington", "text": right},
        }
    ).encode()
    request = urllib.request.Request(
        f"{live_server}/api/comparisons", body, {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request) as answer:
        return str(json.load(answer)["slug"])


def test_differences_only_hides_the_rows_worded_the_same(page: Page, live_server: str) -> None:
    slug = _store(
        live_server,
        "The leaders agreed to meet in Geneva next month. Prime Minister Carney raised the "
        "tariffs on steel and aluminium. They discussed Arctic security.",
        "The leaders agreed to meet in Geneva next month. President Trump spoke about tariffs "
        "on steel and autos. The President thanked the Prime Minister for the hospitality.",
    )
    page.goto(f"{live_server}/c/{slug}")
    same = page.locator(".row[data-kind=same]")
    expect(same).to_have_count(1)
    expect(same).to_be_visible()
    before = len(visible_rows(page))
    page.get_by_label("differences only").check()
    expect(same).to_be_hidden()
    assert len(visible_rows(page)) == before - 1
    expect(page.locator(".toolbar .shown")).to_have_text(f"Showing {before - 1} of {before} rows")
    page.get_by_label("differences only").uncheck()
    expect(same).to_be_visible()


def test_one_side_only_and_confidence_filters(page: Page, live_server: str) -> None:
    open_comparison(page, live_server)
    page.get_by_label("one side only").check()
    kinds = page.locator(".row:visible").evaluate_all("rs => rs.map(r => r.dataset.kind)")
    assert kinds and set(kinds) <= {"left", "right"}
    page.get_by_label("one side only").uncheck()
    page.get_by_label("possible", exact=True).uncheck()
    page.get_by_label("likely", exact=True).uncheck()
    confidences = page.locator(".row:visible[data-confidence]").evaluate_all(
        "rs => rs.map(r => r.dataset.confidence)"
    )
    assert confidences == ["strong"] * len(confidences)
    assert page.locator(".row[data-confidence=likely]:visible").count() == 0


def test_a_links_confidence_shows_its_evidence_on_focus(page: Page, live_server: str) -> None:
    open_comparison(page, live_server)
    row = page.locator(".row").filter(has=page.locator(".cell-left", has_text="Black Sea"))
    badge = row.locator(".gutter .confidence")
    expect(badge).to_have_text(re.compile(r"^(strong|likely|possible)"))
    evidence = badge.locator(".evidence")
    expect(evidence).to_be_hidden()
    badge.focus()
    expect(evidence).to_be_visible()
    expect(evidence).to_contain_text("Black Sea")


def _first_anchors(page: Page, side: str) -> list[int]:
    return page.locator(f".row:visible .cell-{side} .clause:first-of-type").evaluate_all(
        "cs => cs.map(c => parseInt(c.dataset.anchor.slice(1), 10))"
    )


def test_the_order_toggle_follows_either_side(page: Page, live_server: str) -> None:
    open_comparison(page, live_server)
    left = _first_anchors(page, "left")
    assert left == sorted(left) and left[0] == 1
    assert _first_anchors(page, "right") != sorted(_first_anchors(page, "right"))
    page.get_by_label("Kremlin’s").check()
    right = _first_anchors(page, "right")
    assert right == sorted(right) and right[0] == 1
    # A White House clause said elsewhere in its own text says where.
    expect(page.locator(".moved-left:visible").first).to_have_text(
        re.compile(r"L\d+, said \d+(st|nd|rd|th) by White House")
    )
    page.get_by_label("White House’s").check()
    assert _first_anchors(page, "left") == left


def test_link_3_focuses_the_linked_clauses_in_the_rows(page: Page, live_server: str) -> None:
    open_comparison(page, live_server, "#link-3")
    focused = page.locator(":focus")
    expect(focused).to_have_attribute("data-anchor", re.compile(r"^L\d+$"))
    expect(focused).to_be_in_viewport()
    expect(focused).to_have_class(re.compile(r"\bis-active\b"))
    expect(page.locator(".view-aligned .clause.is-counterpart").first).to_be_visible()
    expect(page.locator("#status")).to_have_text(re.compile(r"Link 3 of \d+"))


def test_link_3_focuses_the_linked_clauses_in_the_full_text(page: Page, live_server: str) -> None:
    open_comparison(page, live_server, "#link-3", "?view=text")
    expect(page.locator(".view-aligned")).to_be_hidden()
    focused = page.locator(":focus")
    expect(focused).to_have_id(re.compile(r"^t-L\d+$"))
    expect(focused).to_be_in_viewport()
    # The texts run whole, so the counterpart may stand further down; it is lit all the same.
    expect(page.locator(".view-text .clause.is-counterpart")).not_to_have_count(0)


def test_a_deep_link_to_a_clause_scrolls_to_it_and_highlights_it_in_either_view(
    page: Page, live_server: str
) -> None:
    for query, target in (("", "#R7"), ("?view=text", "#t-R7")):
        open_comparison(page, live_server, "#R7", query)
        clause = page.locator(target)
        expect(clause).to_have_class(re.compile(r"\bis-active\b"))
        expect(clause).to_be_in_viewport()
        expect(clause).to_be_focused()


def test_switching_views_is_one_click_and_kept_in_the_address(page: Page, live_server: str) -> None:
    open_comparison(page, live_server)
    expect(page.locator(".view-text")).to_be_hidden()
    page.get_by_role("link", name="Full text").click()
    expect(page.locator(".view-text")).to_be_visible()
    expect(page.locator(".view-aligned")).to_be_hidden()
    assert "view=text" in page.url
    page.reload()
    expect(page.locator(".view-text")).to_be_visible()
    page.get_by_role("link", name="Aligned rows").click()
    expect(page.locator(".view-aligned")).to_be_visible()
    assert "view=text" not in page.url


def test_print_uses_the_full_text(page: Page, live_server: str) -> None:
    open_comparison(page, live_server)
    page.emulate_media(media="print")
    expect(page.locator(".view-text")).to_be_visible()
    expect(page.locator(".view-aligned")).to_be_hidden()


def test_without_javascript_everything_shows(browser: Browser, live_server: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(f"{live_server}/c/{SLUG}")
        expect(tab.locator(".view-aligned .row").first).to_be_visible()
        expect(tab.locator(".view-text .clause").first).to_be_visible()
        expect(tab.locator(".toolbar")).to_be_hidden()
    finally:
        context.close()


def test_the_keyboard_walks_links_and_jumps_to_the_counterpart(
    page: Page, live_server: str
) -> None:
    open_comparison(page, live_server)
    page.keyboard.press("j")
    expect(page.locator("#status")).to_have_text(re.compile(r"Link 1 of \d+"))
    page.keyboard.press("j")
    expect(page.locator("#status")).to_have_text(re.compile(r"Link 2 of \d+"))
    assert page.evaluate("document.activeElement.dataset.side") == "left"
    page.keyboard.press("Enter")
    expect(page.locator("#status")).to_have_text(re.compile(r"Counterpart R\d+"))
    assert page.evaluate("document.activeElement.dataset.side") == "right"
    page.keyboard.press("k")
    expect(page.locator("#status")).to_have_text(re.compile(r"Link 1 of \d+"))


def test_copying_a_link_or_a_quotation_says_so_next_to_the_control(
    browser: Browser, live_server: str
) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        tab = context.new_page()
        tab.goto(f"{live_server}/c/{SLUG}")
        clause = tab.locator(".view-aligned .clause", has_text="Black Sea").first
        anchor = clause.get_attribute("data-anchor")
        control = clause.locator(".copy")
        control.click()
        tab.get_by_role("button", name="Copy quotation").click()
        note = clause.locator(".copy + .copied")
        expect(note).to_have_text("Quotation copied")
        box, near = control.bounding_box(), note.bounding_box()
        assert box and near and abs(near["y"] - box["y"]) < 40 and abs(near["x"] - box["x"]) < 200
        quote = tab.evaluate("navigator.clipboard.readText()")
        assert "Black Sea" in quote and quote.startswith("\u201c")
        assert "White House, 2025-03-18" in quote
        assert quote.rstrip().endswith(f"/c/{SLUG}#{anchor}")
        control.click()
        tab.get_by_role("button", name="Copy link").click()
        expect(note).to_have_text("Link copied")
        assert tab.evaluate("navigator.clipboard.readText()") == f"{live_server}/c/{SLUG}#{anchor}"
    finally:
        context.close()


def test_markers_stay_on_their_clauses_line_and_only_here_never_breaks(
    page: Page, live_server: str
) -> None:
    page.set_viewport_size({"width": 900, "height": 900})
    open_comparison(page, live_server, query="?view=text")
    numbers = page.locator(".view-text .marker").all_inner_texts()
    for side in ("left", "right"):
        shown = page.locator(f".side-{side} .marker").all_inner_texts()
        assert len(shown) == len(set(shown))  # one marker per link on each side
    assert numbers
    apart = page.evaluate(
        """() => Array.from(document.querySelectorAll('.view-text .marker')).filter(m => {
             let next = m.nextSibling;
             while (next && next.classList && next.classList.contains('marker')) {
               next = next.nextSibling;
             }
             if (!next) return false;
             const range = document.createRange();
             const node = next.nodeType === 3 ? next : next.firstChild || next;
             range.setStart(node, 0);
             range.setEnd(node, Math.min(1, (node.textContent || '').length));
             const a = m.getBoundingClientRect(), b = range.getClientRects()[0];
             return b && Math.abs(a.bottom - b.bottom) > 8;
           }).length"""
    )
    assert apart == 0
    for label in page.locator(".only-label").all():
        box = label.bounding_box()
        assert box and box["height"] < 24 and label.evaluate("e => e.scrollWidth <= e.clientWidth")


def test_phones_get_pair_cards_without_sideways_scroll(phone: Page, live_server: str) -> None:
    open_comparison(phone, live_server)
    assert phone.evaluate("document.documentElement.scrollWidth") == 390
    row = phone.locator(".row").filter(has=phone.locator(".cell-left", has_text="Black Sea"))
    left = row.locator(".cell-left").bounding_box()
    right = row.locator(".cell-right").bounding_box()
    assert left and right and right["y"] >= left["y"] + left["height"] - 1  # one above the other
    expect(row.locator(".cell-left .cell-label")).to_have_text("White House")
    expect(row.locator(".cell-right .cell-label")).to_have_text("Kremlin")
    alone = phone.locator(".row[data-kind=right]").first
    expect(alone.locator(".gutter")).to_have_text("only Kremlin")


def test_keyboard_help_is_hidden_on_touch_screens(browser: Browser, live_server: str) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
    )
    try:
        tab = context.new_page()
        tab.goto(f"{live_server}/c/{SLUG}")
        expect(tab.locator(".help .keys")).to_be_hidden()
    finally:
        context.close()
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        tab = context.new_page()
        tab.goto(f"{live_server}/c/{SLUG}")
        expect(tab.locator(".help .keys")).to_be_visible()
    finally:
        context.close()


@pytest.mark.parametrize("width", [1400, 390])
def test_screenshots_of_both_views(
    browser: Browser, live_server: str, artifacts: Path, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        tab = context.new_page()
        for view, query in (("aligned", ""), ("text", "?view=text")):
            tab.goto(f"{live_server}/c/{SLUG}{query}")
            expect(tab.locator(f".view-{view}")).to_be_visible()
            tab.screenshot(path=str(artifacts / f"comparison-{view}-{width}.png"), full_page=True)
    finally:
        context.close()
