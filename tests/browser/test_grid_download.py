"""The standalone HTML download of a grid (three accounts), saved to a file and opened
offline in Chromium with JavaScript disabled: one row per point, a column per issuer, cells
stacked as cards on a phone, nothing fetched; axe-core finds no serious violation."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.downloads import offline_page, save_download

SLUG = "2025-05-19-trump-putin-ft"  # seed 000: Trump, Putin and the FT on the May 2025 call


@pytest.fixture(scope="module")
def saved(live_server: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return save_download(live_server, tmp_path_factory.mktemp("download"), SLUG)


def test_the_grid_download_reads_offline_without_script(
    browser: Browser, saved: Path, artifacts: Path
) -> None:
    tab, requested = offline_page(browser, 1400)
    try:
        tab.goto(saved.as_uri())
        heads = tab.locator("table.grid thead th")
        texts = [t.strip() for t in heads.all_inner_texts()]
        assert texts[0] == "Point" and texts[1:3] == ["Donald Trump", "Vladimir Putin"]
        assert len(texts) == 4
        rows = tab.locator("table.grid tbody tr")
        assert rows.count() >= 3
        cells = rows.first.locator("td")
        assert cells.count() == 3
        first, last = cells.nth(0).bounding_box(), cells.nth(2).bounding_box()
        assert first and last
        assert abs(first["y"] - last["y"]) < 2 and first["x"] + first["width"] <= last["x"] + 1
        assert tab.locator("td.absent").first.inner_text().strip() == "not mentioned"
        assert "made by all" in tab.locator(".summary").inner_text()
        tab.screenshot(path=str(artifacts / "export-grid-1400.png"), full_page=True)
        assert requested == [saved.as_uri()]  # the file itself, nothing else
    finally:
        tab.context.close()


def test_the_grid_download_stacks_cards_on_a_phone(
    browser: Browser, saved: Path, artifacts: Path
) -> None:
    tab, requested = offline_page(browser, 390)
    try:
        tab.goto(saved.as_uri())
        assert tab.evaluate("document.documentElement.scrollWidth") == 390
        cells = tab.locator("table.grid tbody tr").first.locator("td")
        first, second = cells.nth(0).bounding_box(), cells.nth(1).bounding_box()
        assert first and second and second["y"] >= first["y"] + first["height"] - 1  # stacked
        tab.screenshot(path=str(artifacts / "export-grid-390.png"), full_page=True)
        assert requested == [saved.as_uri()]
    finally:
        tab.context.close()


@pytest.mark.parametrize("width", [1400, 390])
def test_no_serious_violation_in_the_grid_download(
    saved: Path, axe: Callable[[str, int], list[dict[str, Any]]], width: int
) -> None:
    assert axe(saved.as_uri(), width) == []


def test_the_grid_page_offers_the_downloads(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/c/{SLUG}")
    assert page.locator(".downloads a").count() == 4
    with page.expect_download() as caught:
        page.get_by_role("link", name="Markdown table").click()
    assert caught.value.suggested_filename == f"readouts-{SLUG}.md"
