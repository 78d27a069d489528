"""PDF -> the text a careful person would have pasted: words whole, furniture gone, paragraphs kept.

Why PDFium (pypdfium2): measured on the fixtures in tests/ingest/fixtures/pdf/ (Chromium's
print-to-PDF and ReportLab, 1,761 source words; tests/benchmarks/pdf_extractors.py),
PDFium's raw text had 98.8 % of the words right in 15 ms; pypdf (plain or layout mode),
pdfminer.six and pdfplumber 88-91 % in 160-550 ms, with 500+ wrong words each. They split
words where the printer placed glyph runs apart ("ceas efire", "Pr esident", "Jr .") and
keep ligatures ("ﬁ"); PDFium places spaces from glyph geometry as Chrome's viewer does. It
also reads the page count from the page tree without walking it, so the page cap costs
nothing on a tree that fans out to 100,000 pages (pypdf walks it: 31 s of CPU).

PDFium is not thread-safe, so every use of it holds one process-wide lock; the caps below
keep the time anyone waits on it short. Its calls run in C and cannot be interrupted: the
time budget is checked between pages and in our own loops.

What is done to PDFium's lines, each with its baseline and font size:

* running headers and footers go: on a document of two pages or more, a line at the top or
  bottom of a page that comes back on other pages (digits aside: "Page 2", "2/4"); on one
  page, a line in a smaller type set apart from the text at its top or bottom edge;
* lines join into paragraphs; a paragraph ends where the gap to the next line is clearly
  wider than the page's line spacing, where the type size changes, or at a page end that
  closes a sentence;
* a word split across lines at a hyphen is rejoined (see ``hyphens``).
"""

from __future__ import annotations

import contextlib
import ctypes
import itertools
import re
import statistics
import struct
import threading
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pypdfium2
import pypdfium2.raw as pdfium_c

from app.ingest import hyphens
from app.ingest.budget import Budget, ReadError, ReadTooLarge

_LOCK = threading.Lock()
_MAX_INFLATED = 32_000_000  # bytes all compressed streams may unpack to (fonts included)
_CHARS_PER_CHECK = 8192  # characters read between two looks at the clock
_EDGE_LINES = 2  # lines at the top and at the bottom of a page that may be furniture
_SAME_PLACE = 4.0  # PDF units (1/72 in) between the positions of one running line
_PAGE_NUMBER = re.compile(r"^\W*(?:page\s*)?#+(?:\s*(?:/|of)\s*#+)?\W*$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?:;\"”’)\]]$")
# Marks of a break the typesetter chose (soft hyphen; PDFium's unicode for a hidden one):
# dropped inside a line, kept as a soft hyphen at its end, where they say the word goes on.
_SOFT_MARKS = "\u00ad\ufffe"
_INVISIBLE = dict.fromkeys([*map(ord, _SOFT_MARKS), *range(32)], None)
_HYPHEN_MARK = 2  # PDFium's code for a hyphen that ends a line (the hyphen as drawn)


@dataclass(frozen=True)
class _Line:
    text: str
    y: float  # baseline, PDF units up from the bottom of the page
    size: float  # type size of its first character


def pdf_to_text(data: bytes, budget: Budget) -> str:
    """Paragraphs of the PDF's text, separated by blank lines; ReadError when unreadable."""
    with _LOCK:
        pages = _read_pages(data, budget)
    pages = _without_furniture(pages)
    budget.check_time()
    text = _paragraphs(pages, budget)
    if not text.strip():
        raise ReadError(f"{budget.name}: this PDF has no text to extract (is it a scan?)")
    return text


def _check_inflated_size(data: bytes, budget: Budget) -> None:
    """Refuse a PDF whose compressed streams unpack to more than ``_MAX_INFLATED`` bytes.

    PDFium's page parsing runs in C, where the time budget cannot reach: a 50 KB PDF whose
    page content inflates to 35 MB costs it 7 s of CPU in one call. Inflating every stream
    here first (zlib, in C, with a cap on the output) bounds what PDFium is given.
    """
    total = 0
    at = data.find(b"stream")
    while at >= 0 and total <= _MAX_INFLATED:
        start = at + len(b"stream")
        start += 2 if data[start : start + 2] == b"\r\n" else 1
        end = data.find(b"endstream", start)
        if end < 0:
            break
        inflater = zlib.decompressobj()
        with contextlib.suppress(zlib.error):  # not Flate-encoded (or damaged): PDFium will say
            total += len(inflater.decompress(data[start:end], _MAX_INFLATED - total + 1))
        at = data.find(b"stream", end + len(b"endstream"))
    if total > _MAX_INFLATED:
        raise ReadTooLarge(
            f"{budget.name}: this PDF unpacks to more than {_MAX_INFLATED // 1_000_000} MB; "
            "it is not a statement. Save the pages you want as a PDF of their own."
        )


def _read_pages(data: bytes, budget: Budget) -> list[list[_Line]]:
    _check_inflated_size(data, budget)
    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        raise ReadError(f"{budget.name}: cannot read this PDF ({exc})") from exc
    try:
        budget.check_pages(len(document))
        pages: list[list[_Line]] = []
        size = 0
        for index in range(len(document)):
            budget.check_time()
            lines = _page_lines(document, index, budget, size)
            size += sum(len(line.text) for line in lines)
            budget.check_text(size)  # characters: a lower bound of the UTF-8 bytes
            pages.append(lines)
        return pages
    except pypdfium2.PdfiumError as exc:
        raise ReadError(f"{budget.name}: cannot read this PDF ({exc})") from exc
    finally:
        document.close()


def _page_lines(document: Any, index: int, budget: Budget, before: int) -> list[_Line]:
    """The page's lines in PDFium's reading order, character by character.

    Not ``get_text_range()``: where a line ends in a hyphen, PDFium's text drops the hyphen
    and the line break ("Russian-" "American" becomes "RussianAmerican"); its characters
    keep both, as a hyphen mark (0x02) before the next line's first character.
    """
    page = document[index]
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        # One character is one byte of text at least (PDFium's line breaks aside, two per
        # line): a page holding more than the text allowed is refused before it is read.
        budget.check_text(before + count // 2)
        unicode = pdfium_c.FPDFText_GetUnicode
        chars: list[int] = []
        for chunk in range(0, count, _CHARS_PER_CHECK):
            budget.check_time()
            end = min(count, chunk + _CHARS_PER_CHECK)
            chars += [unicode(textpage, k) for k in range(chunk, end)]
        lines: list[_Line] = []
        start = 0
        for end, code in enumerate([*chars, 10]):
            if code in (10, 13) or (end and chars[end - 1] == _HYPHEN_MARK):
                lines += _line(textpage, chars, start, end)
                start = end + (code in (10, 13))
        return lines
    finally:
        textpage.close()
        page.close()


def _line(textpage: Any, chars: Sequence[int], start: int, end: int) -> list[_Line]:
    """The line of characters ``start:end`` (none if blank), placed by its first character."""
    while start < end and chars[start] in (9, 32, 160):
        start += 1
    if start >= end:
        return []
    units = (0x2D if c == _HYPHEN_MARK else c & 0xFFFF for c in chars[start:end])
    raw = struct.pack(f"<{end - start}H", *units)
    text = raw.decode("utf-16-le", "surrogatepass")  # a lone surrogate is kept, to report
    x, y = ctypes.c_double(), ctypes.c_double()
    pdfium_c.FPDFText_GetCharOrigin(textpage, start, ctypes.byref(x), ctypes.byref(y))
    size = float(pdfium_c.FPDFText_GetFontSize(textpage, start))
    return [_Line(_clean_line(text), y.value, size)]


def _clean_line(raw: str) -> str:
    text = raw.rstrip()
    soft = text[-1:] in _SOFT_MARKS
    text = " ".join(text.translate(_INVISIBLE).split())
    return text + hyphens.SOFT if soft else text


# --------------------------------------------------------------------------- furniture


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", text.lower())


def _is_page_number(key: str) -> bool:
    """ "#", "Page #", "# / #", "# of #" (the length guard keeps the pattern's cost small)."""
    return len(key) <= 24 and bool(_PAGE_NUMBER.match(key))


def _edges(lines: Sequence[_Line]) -> list[_Line]:
    by_height = sorted(lines, key=lambda line: -line.y)
    if len(by_height) <= 2 * _EDGE_LINES:
        return by_height
    return by_height[:_EDGE_LINES] + by_height[-_EDGE_LINES:]


def _without_furniture(pages: list[list[_Line]]) -> list[list[_Line]]:
    if len(pages) >= 2:
        return _without_running_lines(pages)
    return [_without_set_apart_lines(lines) for lines in pages]


def _without_running_lines(pages: list[list[_Line]]) -> list[list[_Line]]:
    """Drop edge lines that recur, in the same place, on at least half the pages (and two)."""
    seen: Counter[tuple[str, int]] = Counter()
    for lines in pages:
        seen.update({(_key(line.text), round(line.y / _SAME_PLACE)) for line in _edges(lines)})
    needed = max(2, (len(pages) + 1) // 2)

    def running(line: _Line) -> bool:
        key = _key(line.text)
        place = round(line.y / _SAME_PLACE)
        count = max(seen[key, place - 1], seen[key, place], seen[key, place + 1])
        return count >= needed or _is_page_number(key)

    result = []
    for lines in pages:
        edge = {id(line) for line in _edges(lines)}
        body = [line for line in lines if id(line) not in edge or not running(line)]
        result.append(body or lines)  # furniture frames a text: a page of it alone is text
    return result


def _without_set_apart_lines(lines: list[_Line]) -> list[_Line]:
    """On a single page: drop top and bottom lines in a smaller type, set apart by a gap."""
    if len(lines) < 3:
        return lines
    body_size = statistics.median(line.size for line in lines)
    pitch = _pitch(lines)
    by_height = sorted(lines, key=lambda line: -line.y)
    drop: set[int] = set()
    for order in (by_height, by_height[::-1]):
        for line, neighbour in itertools.pairwise(order):
            small = line.size < 0.85 * body_size
            apart = abs(line.y - neighbour.y) > 2 * pitch
            if not (small and (apart or _is_page_number(_key(line.text)))):
                break
            drop.add(id(line))
    return [line for line in lines if id(line) not in drop]


def _pitch(lines: Sequence[_Line]) -> float:
    """The usual distance between the baselines of two lines that follow each other."""
    gaps = [a.y - b.y for a, b in itertools.pairwise(lines) if a.y - b.y > 0]
    return statistics.median(gaps) if gaps else max(line.size for line in lines)


# --------------------------------------------------------------------------- paragraphs


def _paragraphs(pages: list[list[_Line]], budget: Budget) -> str:
    """Lines joined into paragraphs (a list of lines each), then into text."""
    paragraphs: list[list[str]] = []
    current: list[str] = []
    for lines in pages:
        budget.check_time()
        if current and _SENTENCE_END.search(current[-1]):
            paragraphs.append(current)
            current = []
        ratio = _spacing(lines)
        for before, line in zip([None, *lines], lines, strict=False):
            if current and before is not None and _breaks(before, line, ratio):
                paragraphs.append(current)
                current = []
            current.append(line.text)
    if current:
        paragraphs.append(current)
    joined = "\n".join(" ".join(p) for p in paragraphs)
    words, pairs = hyphens.document_forms(joined)
    return "\n\n".join(hyphens.join_lines(p, words, pairs) for p in paragraphs)


def _spacing(lines: Sequence[_Line]) -> float:
    """The page's usual baseline distance, as a multiple of the type size."""
    ratios = [
        (a.y - b.y) / a.size
        for a, b in itertools.pairwise(lines)
        if a.y > b.y and a.size > 0 and abs(a.size - b.size) < 0.1 * a.size
    ]
    return statistics.median(ratios) if ratios else 1.2


def _breaks(before: _Line, line: _Line, ratio: float) -> bool:
    if before.size <= 0 or line.size <= 0:
        return False
    if abs(before.size - line.size) > 0.1 * max(before.size, line.size):
        return True
    gap = before.y - line.y
    return gap < 0 or gap / before.size > 1.3 * ratio
