"""Importing a statement from its web address on /new, in a real Chromium, without script.

The app may fetch from 127.0.0.2, where the fixture pages are served; every other address
off the public internet is refused, as in production.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from app.migrate import upgrade
from tests.pages_server import readout, serving_pages
from tests.support import corpus_settings, fresh_database, serving_app

FIXTURE_HOST = "127.0.0.2"
KREMLIN = readout("kremlin-2025-03-18")


@pytest.fixture(scope="module")
def pages() -> Iterator[str]:
    with serving_pages(FIXTURE_HOST) as url:
        yield url


@pytest.fixture(scope="module")
def importing_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a fresh database, allowed to fetch the fixture pages."""
    with fresh_database(tmp_path_factory.mktemp("import")) as url:
        allowed = {"fetch_allowed_networks": (f"{FIXTURE_HOST}/32",)}
        settings = corpus_settings(url).model_copy(update=allowed)
        upgrade(settings)
        with serving_app(settings) as base_url:
            yield base_url


@pytest.fixture
def no_script(browser: Browser) -> Iterator[Page]:
    """The form must work with JavaScript off: the Import buttons are plain submit buttons."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, java_script_enabled=False
    )
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


def test_import_a_statement_review_it_and_compare(
    no_script: Page, importing_server: str, pages: str, artifacts: Path
) -> None:
    page = no_script
    page.goto(f"{importing_server}/new")
    page.fill("#right_label", "Kremlin")
    page.fill("#right_text", KREMLIN)
    page.fill("#left_url", f"{pages}/page")
    page.get_by_role("button", name="Import the first statement").click()

    note = page.locator("#left_url-note")
    expect(note).to_contain_text(f"words from {pages}/page")
    expect(page.locator("#left_text")).to_have_value(readout("whitehouse-2025-03-18"))
    expect(page.locator("#left_source")).to_have_value(f"{pages}/page")
    expect(page.locator("#title")).to_have_value(re.compile("^Readout of President Donald J"))
    expect(page.locator("#date")).to_have_value("2025-03-18")
    expect(page.locator("#right_text")).to_have_value(KREMLIN)
    # An unknown site: the default label is cleared, for the person to say who issued it.
    expect(page.locator("#left_label")).to_have_value("")
    page.screenshot(path=str(artifacts / "new-imported.png"), full_page=True)

    page.fill("#left_label", "White House")
    page.locator("#title").press("Enter")  # Enter compares: Compare is the default button
    expect(page).to_have_url(re.compile(r"/c/readout-of-president-donald-j-trump"))
    expect(page.locator(".view-aligned")).to_contain_text("energy and infrastructure ceasefire")


def test_a_refused_address_is_explained_next_to_its_field(
    no_script: Page, importing_server: str, artifacts: Path
) -> None:
    page = no_script
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{importing_server}/new")
    page.fill("#title", "Kept title")
    page.fill("#left_text", "The ministers met in Geneva.")
    page.fill("#right_url", "http://169.254.169.254/latest/meta-data/")
    page.get_by_role("button", name="Import the second statement").click()

    expect(page.locator("#right_url-error")).to_have_text(
        "That address is a link-local address (169.254.169.254)."
    )
    expect(page.locator("#right_url")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#title")).to_have_value("Kept title")
    expect(page.locator("#left_text")).to_have_value("The ministers met in Geneva.")
    # The form itself fits a phone (the site header's overflow at 390 px is the layout's own).
    right = page.evaluate(
        "Math.max(...Array.from(document.querySelectorAll('form.new, form.new *'),"
        " e => e.getBoundingClientRect().right))"
    )
    assert right <= 390, f"the form is wider than the phone ({right} px)"
    page.screenshot(path=str(artifacts / "new-import-refused-390.png"), full_page=True)
