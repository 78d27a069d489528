"""Regenerate the README's screenshots of the comparison page (aligned rows, full text).

    readouts serve &                       # the sample corpus on http://127.0.0.1:8000
    python docs/screenshots.py [--base http://127.0.0.1:8000] [--out docs]

Drives Debian's Chromium (/usr/bin/chromium, or READOUTS_CHROMIUM) through Playwright and
writes aligned-1400.png and aligned-390.png: the first screen of the aligned view of the
18 March 2025 call at a desk's width and a phone's (with --text, text-1400.png and
text-390.png of the full-text view too). The README shows docs/aligned-1400.png.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from playwright.sync_api import sync_playwright

SLUG = "2025-03-18-trump-putin-call"
CHROMIUM = os.environ.get("READOUTS_CHROMIUM", "/usr/bin/chromium")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    parser.add_argument("--full", action="store_true", help="whole pages, not the first screen")
    parser.add_argument("--text", action="store_true", help="the full-text view too")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for width, height in ((1400, 1000), (390, 844)):
            views = [("aligned", ""), ("text", "?view=text")] if args.text else [("aligned", "")]
            for view, query in views:
                context = browser.new_context(viewport={"width": width, "height": height})
                tab = context.new_page()
                tab.goto(f"{args.base}/c/{SLUG}{query}")
                tab.wait_for_load_state("networkidle")
                path = args.out / f"{view}-{width}.png"
                tab.screenshot(path=str(path), full_page=args.full)
                print(path)
                context.close()
        browser.close()


if __name__ == "__main__":
    main()
