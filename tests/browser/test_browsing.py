"""The browse form as a reader uses it (clicking Search), article pages, every page at 390 px."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

SLUG = "2025-03-18-trump-putin-call"


def test_search_from_the_form_with_the_other_fields_left_empty(
    page: Page, live_server: str
) -> None:
    page.goto(live_server + "/")
    page.get_by_label("Search").fill("Black Sea")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/\?q=Black\+Sea$"))
    expect(page.locator(".comparison-row")).to_have_count(1)
    expect(page.locator(".comparison-row a.title")).to_have_attribute("href", f"/c/{SLUG}")


def test_issuer_and_dates_from_the_form(page: Page, live_server: str) -> None:
    page.goto(live_server + "/")
    total = page.locator(".comparison-row").count()
    page.get_by_label("Issuer").select_option("Kremlin")
    page.get_by_label("From").fill("2025-03-01")
    page.get_by_label("To").fill("2025-03-31")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("h1")).to_have_text("Comparisons")
    rows = page.locator(".comparison-row")
    expect(rows).to_have_count(1)
    assert total > 1
    expect(rows.first).to_contain_text("2025-03-18")
    expect(page.get_by_label("Issuer")).to_have_value("Kremlin")


def test_an_empty_date_in_the_address_is_no_date(page: Page, live_server: str) -> None:
    answer = page.goto(f"{live_server}/?q=&issuer=&since=&until=")
    assert answer and answer.status == 200


def test_an_article_keeps_its_paragraphs_and_a_clean_byline(page: Page, live_server: str) -> None:
    page.goto(live_server + "/articles/1")
    meta = page.locator("article .meta").inner_text()
    assert not meta.startswith("·") and "· ·" not in meta and not meta.rstrip().endswith("·")
    gaps = page.locator(".article-text .gap")
    assert gaps.count() > 3
    first, second = (
        page.locator(".article-text .gap").nth(0),
        page.locator(".article-text .gap").nth(1),
    )
    a, b = first.bounding_box(), second.bounding_box()
    assert a and b and a["height"] > 5 and b["y"] > a["y"]


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    tab = context.new_page()
    yield tab
    context.close()


PAGES = [
    "/",
    f"/c/{SLUG}",
    f"/c/{SLUG}?view=text",
    "/c/2025-05-19-trump-putin-call",
    "/new",
    "/articles",
    "/articles/1",
    "/c/no-such-comparison",
]


@pytest.mark.parametrize("path", PAGES)
def test_no_page_scrolls_sideways_at_390_px(phone: Page, live_server: str, path: str) -> None:
    phone.goto(live_server + path)
    widths = phone.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth,"
        " document.querySelector('header.site').scrollWidth]"
    )
    assert widths == [390, 390, 390]
