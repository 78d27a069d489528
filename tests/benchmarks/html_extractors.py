"""Compare HTML main-text extractors on the readout page fixtures, and on hostile pages.

    pip install trafilatura readability-lxml   # the candidates the app does not use
    python tests/benchmarks/html_extractors.py

Pages: tests/ingest/fixtures/make_html.py builds readout pages written in the layouts of the White
House, the Kremlin, gov.uk and the Ukrainian presidency around the texts of
fixtures/readouts/. Recall: the readout's body words found, in order (difflib over word
lists); precision: of the words extracted, how many are those (a leading title is not
counted against an extractor). Hostile pages: processor seconds and characters returned.
"""

from __future__ import annotations

import difflib
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "ingest" / "fixtures"
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "ingest"))

from ingest_seeds import html_pages  # noqa: E402  (after the path is set)


def app_reader(page: str) -> str:
    from app.ingest.html_text import html_to_text

    return html_to_text(page).text


def trafilatura_(page: str) -> str:
    import trafilatura

    return trafilatura.extract(page, include_comments=False) or ""


def readability_(page: str) -> str:
    import lxml.html
    from readability import Document

    return str(lxml.html.fromstring(Document(page).summary()).text_content())


EXTRACTORS: dict[str, Callable[[str], str]] = {
    "app html_text": app_reader,
    "trafilatura": trafilatura_,
    "readability-lxml": readability_,
}
BODY = "<p>" + "The leaders agreed to talk again. " * 20 + "</p>"
HOSTILE = {
    "100,000 nested divs": "<body>" + "<div>" * 100_000 + BODY + "</div>" * 100_000,
    "50,000 unclosed + stray end tags": "<body>" + "<b>" * 50_000 + BODY + "</i>" * 50_000,
    "5 MB class attribute": '<body><div class="' + "a" * 5_000_000 + '">' + BODY + "</div>",
    "200,000 paragraphs": "<body>" + "<p>word</p>" * 200_000,
}


def score(extract: Callable[[str], str]) -> str:
    found = total = extracted = 0
    seconds = 0.0
    for name, page in sorted(html_pages().items()):
        title, *body = (FIXTURES / "readouts" / f"{name}.txt").read_text("utf-8").split("\n\n")
        expected = " ".join(body).split()
        start = time.process_time()
        got = extract(page.decode("utf-8")).split()
        seconds += time.process_time() - start
        if got[: len(title.split())] == title.split():
            got = got[len(title.split()) :]
        matcher = difflib.SequenceMatcher(None, expected, got, autojunk=False)
        matched = sum(block.size for block in matcher.get_matching_blocks())
        found, total, extracted = found + matched, total + len(expected), extracted + len(got)
    return (
        f"recall {found}/{total} {found / total:6.1%}  "
        f"precision {found}/{extracted} {found / max(extracted, 1):6.1%}  {seconds * 1000:6.1f} ms"
    )


def main() -> None:
    print("== readout pages (4 layouts)")
    for name, extract in EXTRACTORS.items():
        print(f"{name:18s} {score(extract)}")
    print("== hostile pages: processor seconds, characters returned")
    for case, page in HOSTILE.items():
        cells = []
        for name, extract in EXTRACTORS.items():
            start = time.process_time()
            try:
                result = str(len(extract(page)))
            except Exception as exc:  # a library may refuse a page; that is a result too
                result = type(exc).__name__
            cells.append(f"{name} {time.process_time() - start:5.2f}s {result:>8s}")
        print(f"{case:34s} " + "  ".join(cells))


if __name__ == "__main__":
    main()
