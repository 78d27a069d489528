"""PDF uploads: the words of the printed readout, whole, without page furniture, in paragraphs.

The fixtures in fixtures/pdf/ were printed from the texts in fixtures/readouts/ by Chromium
and by ReportLab (fixtures/make_pdfs.py makes them again), with running headers, footers,
page numbers and words broken across lines at hyphens.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from ingest_seeds import FIXTURES
from pdf_builder import LONE_SURROGATE_FONT, fanned_out, inflating, one_page

from app.ingest.hyphens import document_forms, join, join_lines
from app.ingest.readers import ReadError, ReadLimits, ReadTooLarge, ReadTooSlow, read_bytes

PDFS = sorted((FIXTURES / "pdf").glob("*.pdf"))


def source_of(pdf: Path) -> str:
    """The readout text a fixture was printed from: its name without the producer."""
    return (FIXTURES / "readouts" / (pdf.stem.split("-", 1)[1] + ".txt")).read_text("utf-8")


def paragraphs(text: str) -> list[list[str]]:
    return [p.split() for p in text.split("\n\n") if p.strip()]


def test_both_producers_are_covered() -> None:
    producers = {pdf.name.split("-")[0] for pdf in PDFS}
    assert producers == {"chromium", "reportlab"}


@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.stem)
def test_pdf_reads_word_for_word_as_its_source(pdf: Path) -> None:
    document = read_bytes(pdf.read_bytes(), pdf.name)
    assert document.format == "pdf"
    # Paragraph by paragraph, word by word: no split word ("Pr esident"), no header or
    # footer, no page number, no hyphen left from a line break, none lost from a compound.
    assert paragraphs(document.raw) == paragraphs(source_of(pdf))
    # And character for character: the upload aligns exactly as the pasted text would.
    assert document.raw == source_of(pdf).strip()


def test_running_footer_of_a_white_house_printout_is_gone() -> None:
    pdf = FIXTURES / "pdf" / "chromium-whitehouse-2025-03-18.pdf"
    text = read_bytes(pdf.read_bytes(), pdf.name).raw
    assert "whitehouse.gov" not in text
    assert "Readouts" not in text and "1/4" not in text
    assert text.startswith("Readout of President Donald J. Trump’s Call with President")


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        ("nego", "tiations", "negotiations"),  # a break the typesetter chose
        ("ceas", "efire", "ceasefire"),
        ("cross", "border", "cross-border"),  # the word's own hyphen
        ("long", "term", "long-term"),
        ("Euro", "Atlantic", "Euro-Atlantic"),
        ("COVID", "19", "COVID-19"),
        ("U.S.", "Canada", "U.S.-Canada"),
        ("Zelen", "skyy", "Zelenskyy"),  # unknown either way: a break inside a name
    ],
)
def test_hyphen_at_a_line_end(left: str, right: str, expected: str) -> None:
    assert join(left, right, frozenset(), frozenset()) == expected


def test_the_document_decides_before_the_dictionary() -> None:
    text = "They stressed co-operation.\nThe leaders reaffirmed it."
    words, pairs = document_forms(text)
    assert join("co", "operation", words, pairs) == "co-operation"  # not "cooperation"
    assert join("re", "affirmed", words, pairs) == "reaffirmed"  # not "re-affirmed"


def test_lines_of_a_paragraph_join() -> None:
    lines = ["the nego-", "tiations on cross-", "border trade, a ceas\u00ad", "efire -", "now"]
    words, pairs = document_forms("\n".join(lines))
    assert join_lines(lines, words, pairs) == (
        "the negotiations on cross-border trade, a ceasefire - now"
    )


def test_a_long_word_at_a_line_end_costs_its_length_once() -> None:
    word = "a" * 200_000
    assert join_lines([word + "-", "b"], frozenset(), frozenset()) == word + "b"


# --------------------------------------------------------------------------- hostile PDFs


def test_page_tree_fanning_out_to_83521_pages_is_refused_before_reading() -> None:
    data = fanned_out(levels=4, fan=17)  # about 1 KB
    assert len(data) < 2_000
    with pytest.raises(ReadTooLarge, match=r"83,521 pages; at most 200 are read"):
        read_bytes(data, "fan.pdf")


def test_page_cap_is_a_setting() -> None:
    data = fanned_out(levels=1, fan=3)
    with pytest.raises(ReadTooLarge, match="3 pages; at most 2"):
        read_bytes(data, "three.pdf", ReadLimits(max_pdf_pages=2))
    assert read_bytes(data, "three.pdf", ReadLimits(max_pdf_pages=3)).raw.count("same page") == 3


def test_pdf_inflating_to_35_mb_is_refused_before_pdfium_parses_it() -> None:
    """PDFium's parsing is C the time budget cannot stop: 7 s of CPU for this 50 KB file."""
    data = inflating(5_000_000)
    assert len(data) < 100_000
    with pytest.raises(ReadTooLarge, match="unpacks to more than 32 MB"):
        read_bytes(data, "bomb.pdf")
    assert read_bytes(inflating(10), "small.pdf").raw == "a" * 10


def test_extracted_text_is_capped() -> None:
    pdf = FIXTURES / "pdf" / "chromium-kremlin-2025-03-18.pdf"
    with pytest.raises(ReadTooLarge, match="more than 1,000 bytes of text"):
        read_bytes(pdf.read_bytes(), pdf.name, ReadLimits(max_text_bytes=1_000))


def test_reading_stops_when_the_time_budget_is_spent() -> None:
    pdf = FIXTURES / "pdf" / "chromium-kremlin-2025-03-18.pdf"
    with pytest.raises(ReadTooSlow, match="more than 0 seconds of work"):
        read_bytes(pdf.read_bytes(), pdf.name, ReadLimits(budget_seconds=0.0))


def test_refusals_are_read_errors() -> None:
    assert issubclass(ReadTooLarge, ReadError) and issubclass(ReadTooSlow, ReadError)


def test_lone_surrogate_in_a_pdf_is_replaced_and_reported() -> None:
    document = read_bytes(one_page("BAB", LONE_SURROGATE_FONT), "odd.pdf")
    assert document.raw == "B\ufffdB"
    document.raw.encode("utf-8")  # storable
    assert document.notes == ("1 character(s) that are not valid Unicode were replaced by \ufffd",)


def test_pdf_without_text_is_refused() -> None:
    with pytest.raises(ReadError, match="no text"):
        read_bytes(one_page(""), "scan.pdf")
