"""The API documentation renders from vendored files under the page's strict CSP."""

from __future__ import annotations

from playwright.sync_api import ConsoleMessage, Page, Request, expect


def test_docs_render_without_network_or_csp_errors(page: Page, live_server: str) -> None:
    errors: list[str] = []
    foreign: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if _is_error(m) else None)
    page.on("request", lambda r: foreign.append(r.url) if _is_foreign(r, live_server) else None)
    page.goto(f"{live_server}/docs")
    expect(page.locator(".swagger-ui .opblock-summary-path", has_text="/api/align")).to_be_visible()
    assert errors == []
    assert foreign == []


def test_the_comparison_page_runs_its_script_under_the_csp(page: Page, live_server: str) -> None:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if _is_error(m) else None)
    page.goto(f"{live_server}/c/2025-03-18-trump-putin-call#R2")
    expect(page.locator("#R2")).to_be_focused()
    assert errors == []


def _is_error(message: ConsoleMessage) -> bool:
    return message.type == "error"


def _is_foreign(request: Request, live_server: str) -> bool:
    return not request.url.startswith((live_server, "data:"))
