"""Correcting an alignment in a real Chromium: with the mouse, with the keyboard alone, and
without JavaScript; the editor and history pages checked by axe-core, wide and narrow."""

from __future__ import annotations

import json
import re
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.corrections.helpers import Made, body, made_from, unlinked_pair

OVERFLOWING = """() => Array.from(document.querySelectorAll('main *'))
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
  .map(e => e.tagName + '.' + e.className)"""


def create(live_server: str, title: str) -> Made:
    request = urllib.request.Request(
        f"{live_server}/api/comparisons",
        data=json.dumps(body(title=title, unlisted=True)).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return made_from(json.loads(response.read()))


def links_of(page: Page, live_server: str, slug: str) -> dict[str, str]:
    page.goto(f"{live_server}/c/{slug}.json")
    data = json.loads(page.locator("body").inner_text())
    return {
        ",".join(map(str, link["left"])) + "/" + ",".join(map(str, link["right"])): link[
            "confidence"
        ]
        for link in data["links"]
    }


def test_drawing_removing_and_marking_links_with_the_mouse(
    page: Page, live_server: str, artifacts: Path
) -> None:
    made = create(live_server, "Mouse")
    i, j = unlinked_pair(made.data)
    page.goto(live_server + made.manage_url)
    page.click(f"#eL{i + 1}")
    expect(page.locator(f"#eL{i + 1}")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#edit-status")).to_contain_text(f"L{i + 1} selected")
    page.click(f"#eR{j + 1}")
    expect(page.locator(f"#eL{i + 1}")).to_have_attribute("aria-pressed", "false")
    expect(page.locator("#drawn li")).to_have_text(f"L{i + 1} ↔ R{j + 1} (likely)")
    page.get_by_label("Remove link 1", exact=True).check()
    page.get_by_label("Strength of link 2", exact=True).select_option("possible")
    page.fill("#note", "Drawn with the mouse")
    page.screenshot(path=str(artifacts / "edit-1400.png"), full_page=True)
    page.get_by_role("button", name="Save as revision 2").click()
    expect(page.locator(".edit-saved")).to_contain_text("Revision 2 saved")

    links = links_of(page, live_server, made.slug)
    assert links[f"{i}/{j}"] == "likely"
    assert made.keys[0] not in links and links[made.keys[1]] == "possible"
    page.goto(f"{live_server}/c/{made.slug}")
    expect(page.locator(".revision-line")).to_contain_text(
        "Corrected by hand (revision 2 of 2, 3 links changed from the automatic alignment)"
    )
    page.click(".revision-line >> text=History")
    expect(page.locator("#revision-2")).to_contain_text("Drawn with the mouse")
    expect(page.locator("#revision-2 .added")).to_contain_text(f"L{i + 1} ↔ R{j + 1}")
    page.screenshot(path=str(artifacts / "history-1400.png"), full_page=True)


def test_drawing_a_link_with_the_keyboard_alone(page: Page, live_server: str) -> None:
    made = create(live_server, "Keyboard")
    i, j = unlinked_pair(made.data)
    page.goto(live_server + made.manage_url)
    page.select_option("#add-strength", "strong")
    page.focus(f"#eR{j + 1}")
    page.keyboard.press("Space")
    expect(page.locator(f"#eR{j + 1}")).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("Escape")
    expect(page.locator(f"#eR{j + 1}")).to_have_attribute("aria-pressed", "false")
    expect(page.locator("#edit-status")).to_have_text("Selection cancelled.")
    page.keyboard.press("Enter")  # the right clause first, then its counterpart on the left
    page.focus(f"#eL{i + 1}")  # reaching it with Tab: test_clauses_are_reached_with_tab
    assert page.evaluate("document.activeElement.id") == f"eL{i + 1}"
    page.keyboard.press("Space")
    expect(page.locator("#drawn li")).to_have_text(f"L{i + 1} ↔ R{j + 1} (strong)")
    page.focus("#note")
    page.keyboard.type("Drawn from the keyboard")
    page.keyboard.press("Enter")  # submits the form
    expect(page.locator(".edit-saved")).to_contain_text("Revision 2 saved")
    assert links_of(page, live_server, made.slug)[f"{i}/{j}"] == "strong"


def test_clauses_are_reached_with_tab(page: Page, live_server: str) -> None:
    made = create(live_server, "Tabbing")
    page.goto(live_server + made.manage_url)
    page.focus("#add-strength")
    reached = []
    for _ in range(60):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.id"))
        if reached[-1] == "eR1":
            break
    assert "eL1" in reached and reached[-1] == "eR1"


def test_the_editor_works_without_javascript(browser: Browser, live_server: str) -> None:
    made = create(live_server, "No script")
    i, j = unlinked_pair(made.data)
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live_server + made.manage_url)
        page.select_option("#add-left", str(i))
        page.select_option("#add-right", str(j))
        page.select_option("#add-strength", "possible")
        page.get_by_label("Remove link 1", exact=True).check()
        page.get_by_role("button", name="Save as revision 2").click()
        expect(page.locator(".edit-saved")).to_contain_text("Revision 2 saved")
        links = links_of(page, live_server, made.slug)
    finally:
        context.close()
    assert links[f"{i}/{j}"] == "possible" and made.keys[0] not in links


@pytest.mark.parametrize("width", [1400, 390])
def test_editor_and_history_pass_axe_and_fit_narrow_screens(
    live_server: str,
    axe: Callable[[str, int], list[dict[str, Any]]],
    browser: Browser,
    artifacts: Path,
    width: int,
) -> None:
    made = create(live_server, f"Axe {width}")
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto(live_server + made.manage_url)
        page.get_by_label("Remove link 1", exact=True).check()
        page.fill("#note", "Checked by axe")
        page.get_by_role("button", name="Save as revision 2").click()
        expect(page.locator(".edit-saved")).to_be_visible()
        pages = [
            made.manage_url,
            f"/c/{made.slug}/history",
            f"/c/{made.slug}",
            f"/c/{made.slug}/r/1",
        ]
        for path in pages:
            page.goto(live_server + path)
            name = re.sub(r"\W+", "-", path.split("?")[0].split(made.slug)[-1]).strip("-") or "page"
            page.screenshot(path=str(artifacts / f"correct-{name}-{width}.png"), full_page=True)
            # The page's own content (the site's menu is base.html's, owned by the layout).
            wider = page.evaluate(OVERFLOWING)
            assert wider == [], f"{path} is wider than {width}px: {wider}"
    finally:
        context.close()
    for path in pages:
        assert axe(live_server + path, width) == [], path
