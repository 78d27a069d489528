"""The standalone HTML download, saved to a file and opened offline in Chromium with
JavaScript disabled: the counterparts side by side, one-sided clauses saying the other side
does not mention them, nothing fetched; and axe-core finds no serious violation in it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.downloads import offline_page, save_download

SLUG = "2025-03-18-trump-putin-call"


@pytest.fixture(scope="module")
def saved(live_server: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return save_download(live_server, tmp_path_factory.mktemp("download"), SLUG)


def test_the_download_reads_offline_without_script(
    browser: Browser, saved: Path, artifacts: Path
) -> None:
    tab, requested = offline_page(browser, 1400)
    try:
        tab.goto(saved.as_uri())
        rows = tab.locator("table.rows tbody tr")
        assert rows.count() > 10
        linked = tab.locator("tr.link").first
        left, right = linked.locator("td").nth(0), linked.locator("td").nth(1)
        lbox, rbox = left.bounding_box(), right.bounding_box()
        assert lbox and rbox
        assert abs(lbox["y"] - rbox["y"]) < 2 and lbox["x"] + lbox["width"] <= rbox["x"] + 1
        assert left.locator("mark").count() > 0  # word-level differences marked
        background = left.locator("mark.w-changed").first.evaluate(
            "m => getComputedStyle(m).backgroundColor"
        )
        assert background == "rgb(253, 231, 233)"  # the inlined style applies
        alone = tab.locator("tr.alone td.absent").first
        assert "does not mention this" in alone.inner_text()
        tab.screenshot(path=str(artifacts / "export-1400.png"), full_page=True)
        assert requested == [saved.as_uri()]  # the file itself, nothing else
    finally:
        tab.context.close()


def test_the_download_fits_a_phone(browser: Browser, saved: Path, artifacts: Path) -> None:
    tab, requested = offline_page(browser, 390)
    try:
        tab.goto(saved.as_uri())
        width = tab.evaluate("document.documentElement.scrollWidth")
        assert width == 390
        linked = tab.locator("tr.link").first
        lbox = linked.locator("td").nth(0).bounding_box()
        rbox = linked.locator("td").nth(1).bounding_box()
        assert lbox and rbox and rbox["y"] >= lbox["y"] + lbox["height"] - 1  # stacked
        tab.screenshot(path=str(artifacts / "export-390.png"), full_page=True)
        assert requested == [saved.as_uri()]
    finally:
        tab.context.close()


@pytest.mark.parametrize("width", [1400, 390])
def test_no_serious_violation_in_the_download(
    saved: Path, axe: Callable[[str, int], list[dict[str, Any]]], width: int
) -> None:
    assert axe(saved.as_uri(), width) == []


def test_the_comparison_page_offers_the_downloads(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/c/{SLUG}")
    downloads = page.locator(".downloads a")
    assert downloads.count() == 4
    with page.expect_download() as caught:
        page.get_by_role("link", name="CSV spreadsheet").click()
    assert caught.value.suggested_filename == f"readouts-{SLUG}.csv"
