"""Adding a pair of one's own through the form, in a real Chromium."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

LEFT = (
    "The two ministers discussed the supply of grain through the Black Sea. "
    "They agreed to meet again in Geneva in thirty days."
)
RIGHT = (
    "Grain exports across the Black Sea were discussed by the ministers. "
    "A further meeting in Geneva is planned within 30 days. "
    "The Russian side raised the question of sanctions on fertiliser."
)


def test_a_new_pair_lands_on_its_permalink_with_highlights(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/new")
    page.fill("#title", "Grain talks")
    page.fill("#date", "2025-06-01")
    page.fill("#left_label", "Ministry A")
    page.fill("#left_text", LEFT)
    page.fill("#right_label", "Ministry B")
    page.fill("#right_text", RIGHT)
    page.get_by_role("button", name="Compare", exact=True).click()
    expect(page).to_have_url(re.compile(r"/c/grain-talks-[0-9a-f]+$"))
    expect(page.locator("h1")).to_have_text("Grain talks")
    expect(page.locator(".view-aligned .cell-left mark").first).to_be_visible()
    expect(page.locator(".row[data-kind=right]")).to_contain_text("fertiliser")
    first_url = page.url

    # The same pair sent again gets the same link.
    page.goto(f"{live_server}/new")
    page.fill("#title", "Grain talks again")
    page.fill("#left_label", "Ministry A")
    page.fill("#left_text", LEFT)
    page.fill("#right_label", "Ministry B")
    page.fill("#right_text", RIGHT)
    page.get_by_role("button", name="Compare", exact=True).click()
    expect(page).to_have_url(first_url)


def test_a_form_error_keeps_what_was_typed(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/new")
    page.fill("#title", "Half a pair")
    page.fill("#left_text", LEFT)
    page.fill("#right_text", "   ")
    page.get_by_role("button", name="Compare", exact=True).click()
    expect(page.locator("#right_text-error")).to_contain_text("Paste the second statement")
    expect(page.locator("#left_text")).to_have_value(LEFT)
    expect(page.locator("#title")).to_have_value("Half a pair")
    expect(page.locator("#right_text")).to_have_attribute("aria-invalid", "true")
