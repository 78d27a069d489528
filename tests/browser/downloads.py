"""Opening a standalone download as a reader would: saved to a file, then read offline in a
browser with JavaScript disabled, every request it makes recorded."""

from __future__ import annotations

import urllib.request
from pathlib import Path

from playwright.sync_api import Browser, Page


def save_download(live_server: str, folder: Path, slug: str) -> Path:
    """The comparison's .html download, as an attachment, written where a browser saves it."""
    with urllib.request.urlopen(f"{live_server}/c/{slug}.html") as response:
        assert response.headers["Content-Disposition"].startswith("attachment")
        body = response.read()
    path = folder / f"readouts-{slug}.html"
    path.write_bytes(body)
    return path


def offline_page(browser: Browser, width: int) -> tuple[Page, list[str]]:
    """A tab with no network and no script, and the list of every address it asks for."""
    context = browser.new_context(
        viewport={"width": width, "height": 900}, java_script_enabled=False, offline=True
    )
    tab = context.new_page()
    requested: list[str] = []
    tab.on("request", lambda request: requested.append(request.url))
    return tab, requested
