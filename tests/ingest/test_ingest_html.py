"""HTML pages: the readout's words, without the page around them, and its title, date, address.

The pages (built by fixtures/make_html.py) are readout pages written in the layouts of four
sites, around the texts of fixtures/readouts/.
"""

from __future__ import annotations

import datetime

import pytest
from ingest_seeds import FIXTURES, html_pages

from app.ingest.html_text import html_to_text
from app.ingest.readers import ReadLimits, ReadTooSlow, read_bytes

PAGES = html_pages()
D = datetime.date
EXPECTED_META = {
    "govuk-2022-04-12": (
        "PM call with President Biden: 12 April 2022",
        D(2022, 4, 12),
        "https://www.gov.uk/government/news/pm-call-with-president-biden-12-april-2022",
    ),
    "kremlin-2025-03-18": (
        "Telephone conversation with President of the United States Donald Trump",
        D(2025, 3, 18),
        "http://en.kremlin.ru/events/president/news/76477",
    ),
    "ukraine-2022-01-11": (
        "Zelenskyy has telephone conversation with Trudeau",
        D(2022, 1, 11),  # written on the page only: "11 January 2022 - 19:43"
        "https://www.president.gov.ua/en/news/zelenskyy-has-telephone-conversation-with-trudeau-72345",
    ),
    "whitehouse-2025-03-18": (
        "Readout of President Donald J. Trump’s Call with President Vladimir Putin",
        D(2025, 3, 18),
        "https://www.whitehouse.gov/briefings-statements/2025/03/readout-of-the-call-with-president-putin/",
    ),
}
FURNITURE = [
    "Share",
    "Cookies",
    "Related",
    "More from the White House",
    "Latest news",
    "Is this page useful",
    "Copyright",
    "Skip to",
    "Search",
    "Publication date",
    "Briefings & Statements",
    "dataLayer",
]


def test_four_layouts_are_covered() -> None:
    assert sorted(PAGES) == sorted(EXPECTED_META)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_reads_as_its_readout(name: str) -> None:
    title, *body = (FIXTURES / "readouts" / f"{name}.txt").read_text("utf-8").split("\n\n")
    document = read_bytes(PAGES[name], f"{name}.html")
    paragraphs = [p.split() for p in document.raw.split("\n\n")]
    expected = [p.split() for p in body]
    # The readout, paragraph by paragraph and word for word, ends the text ...
    assert paragraphs[-len(expected) :] == expected
    # ... after its title and at most a caption and a summary line of the page's own.
    before = paragraphs[: -len(expected)]
    assert title.split() in before
    assert sum(len(p) for p in before if p != title.split()) <= 12
    for words in FURNITURE:
        assert words not in document.raw


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_title_date_and_address(name: str) -> None:
    meta = read_bytes(PAGES[name], f"{name}.html").meta
    assert (meta.title, meta.date, meta.url) == EXPECTED_META[name]


def test_time_element_gives_the_date_when_no_meta_does() -> None:
    page = '<p>Text.</p><p class="byline"><time datetime="2024-02-29T10:00">Thursday</time></p>'
    assert html_to_text(page).meta.date == D(2024, 2, 29)


def test_json_ld_gives_the_date() -> None:
    page = '<script type="application/ld+json">{"datePublished": "2023-11-05"}</script><p>x</p>'
    assert html_to_text(page).meta.date == D(2023, 11, 5)


def test_main_is_not_furniture_whatever_its_id() -> None:
    words = " ".join(["word"] * 60)
    page = f'<body><main id="skip-link-target"><p>{words}</p></main><nav>Menu</nav></body>'
    assert html_to_text(page).text == words


BODY = "<p>" + "The leaders agreed to talk again. " * 20 + "</p>"
HOSTILE = {
    "deep nesting": "<body>" + "<div>" * 100_000 + BODY + "</div>" * 100_000,
    "unclosed and stray tags": "<body>" + "<b>" * 50_000 + BODY + "</i>" * 50_000,
    "huge attribute": '<body><div class="' + "a" * 5_000_000 + '">' + BODY + "</div>",
}


@pytest.mark.parametrize("page", HOSTILE.values(), ids=list(HOSTILE))
def test_hostile_html_keeps_its_text(page: str) -> None:
    assert html_to_text(page).text == BODY[3:-4].strip()


def test_html_reading_stops_when_the_time_budget_is_spent() -> None:
    page = ("<body>" + "<p>word</p>" * 20_000).encode()
    limits = ReadLimits(budget_seconds=0.0)
    with pytest.raises(ReadTooSlow, match=r"page\.html: reading this file took more than"):
        read_bytes(page, "page.html", limits)


def test_stray_end_tags_are_read_within_the_upload_budget() -> None:
    """Each stray end tag used to search the stack of 50,000 open ones: 40 s of CPU."""
    page = HOSTILE["unclosed and stray tags"].encode()
    document = read_bytes(page, "stray.html", ReadLimits(budget_seconds=10.0))
    assert document.raw == BODY[3:-4].strip()
