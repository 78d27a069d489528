"""Compare PDF text extractors on the PDF fixtures: words right, words wrong, time.

    pip install pypdf pdfminer.six pdfplumber   # the candidates the app does not use
    python tests/benchmarks/pdf_extractors.py

Each extractor's raw text is compared, word for word, with the readout text the fixture was
printed from (difflib over word lists; soft hyphens and PDFium's hyphen marks removed first,
so no library is blamed for a mark it was right to keep). The last row is the app's reader,
after furniture removal and hyphen rejoining, for reference.
"""

from __future__ import annotations

import difflib
import io
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "ingest" / "fixtures"
sys.path.insert(0, str(REPO))


def pypdf_plain(data: bytes) -> str:
    import pypdf

    return "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)


def pypdf_layout(data: bytes) -> str:
    import pypdf

    pages = pypdf.PdfReader(io.BytesIO(data)).pages
    return "\n".join(p.extract_text(extraction_mode="layout") for p in pages)


def pdfminer_six(data: bytes) -> str:
    from pdfminer.high_level import extract_text

    return str(extract_text(io.BytesIO(data)))


def pdfplumber_(data: bytes) -> str:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def pypdfium2_(data: bytes) -> str:
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    return "\n".join(page.get_textpage().get_text_range() for page in document)


def readouts_reader(data: bytes) -> str:
    from app.ingest.readers import read_bytes

    return read_bytes(data, "x.pdf").raw


EXTRACTORS: dict[str, Callable[[bytes], str]] = {
    "pypdf (plain)": pypdf_plain,
    "pypdf (layout)": pypdf_layout,
    "pdfminer.six": pdfminer_six,
    "pdfplumber": pdfplumber_,
    "pypdfium2": pypdfium2_,
    "app reader (pypdfium2+)": readouts_reader,
}


def words(text: str) -> list[str]:
    return re.sub("[\u00ad\ufffe\x02]", "", text).split()


def main() -> None:
    pdfs = sorted((FIXTURES / "pdf").glob("*.pdf"))
    print(f"{len(pdfs)} fixture PDFs; median of 3 runs each")
    print(f"{'extractor':24s} {'words right':>16s} {'wrong/extra':>12s} {'time':>10s}")
    for name, extract in EXTRACTORS.items():
        right = total = wrong = 0
        seconds = 0.0
        for pdf in pdfs:
            source = FIXTURES / "readouts" / (pdf.stem.split("-", 1)[1] + ".txt")
            expected = words(source.read_text("utf-8"))
            data = pdf.read_bytes()
            runs = []
            for _ in range(3):
                start = time.perf_counter()
                text = extract(data)
                runs.append(time.perf_counter() - start)
            seconds += sorted(runs)[1]
            got = words(text)
            matcher = difflib.SequenceMatcher(None, expected, got, autojunk=False)
            matched = sum(block.size for block in matcher.get_matching_blocks())
            right, total, wrong = right + matched, total + len(expected), wrong + len(got) - matched
        share = f"{right}/{total} {right / total:.1%}"
        print(f"{name:24s} {share:>16s} {wrong:12d} {seconds * 1000:8.1f}ms")


if __name__ == "__main__":
    main()
