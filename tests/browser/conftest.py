"""A live server on 127.0.0.1 with the sample corpus, and Debian's Chromium driven by Playwright.

Playwright cannot download its own browser here, so it launches /usr/bin/chromium. Without
that browser the tests skip on a developer's machine and fail in CI (CI=true).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.support import corpus_settings, fresh_database, loaded_corpus, serving_app

CHROMIUM = os.environ.get("READOUTS_CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.path):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not shutil.which(CHROMIUM):
        require(Path(CHROMIUM), "apt-get install chromium")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app served by uvicorn in a thread, on a fresh database with the corpus ingested."""
    with (
        fresh_database(tmp_path_factory.mktemp("live")) as url,
        serving_app(loaded_corpus(corpus_settings(url))) as base_url,
    ):
        yield base_url


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()


def require(path: Path, how: str) -> None:
    """Skip without a test tool on a developer's machine; in CI (CI=true) fail instead."""
    if path.exists():
        return
    message = f"{path} not found ({how})"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


Violations = list[dict[str, Any]]


@pytest.fixture(scope="session")
def axe_source() -> str:
    require(AXE, "npm ci --prefix tests/browser, as .ci/run does")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def axe(browser: Browser, axe_source: str) -> Callable[[str, int], Violations]:
    """Open a URL at a viewport width and return axe-core's serious and critical violations.

    The pages forbid inline script (Content-Security-Policy), so axe runs in a context that
    bypasses the policy: the check is of the page as served, not of our own script.
    """

    def check(url: str, width: int = 1400) -> Violations:
        context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
        try:
            tab = context.new_page()
            tab.goto(url)
            tab.add_script_tag(content=axe_source)
            result = tab.evaluate(
                "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            )
        finally:
            context.close()
        return [
            {
                "id": v["id"],
                "impact": v["impact"],
                "help": v["help"],
                "nodes": [n["target"] for n in v["nodes"]][:5],
            }
            for v in result
            if v["impact"] in ("serious", "critical")
        ]

    return check


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
