"""The label suggested for a fetched statement: only a site that publishes for one issuer."""

from __future__ import annotations

import pytest

from app.ingest.sites import issuer_of


@pytest.mark.parametrize(
    ("url", "issuer"),
    [
        ("https://www.whitehouse.gov/briefings-statements/2025/03/readout/", "White House"),
        ("https://bidenwhitehouse.archives.gov/briefing-room/", "White House"),
        ("http://en.kremlin.ru/events/president/news/76477", "Kremlin"),
        ("https://WWW.KREMLIN.RU./events", "Kremlin"),
        ("https://www.president.gov.ua/en/news/", "President of Ukraine"),
        ("https://www.pm.gc.ca/en/news/readouts/", "Prime Minister of Canada"),
        ("https://www.nato.int/cps/en/natohq/news.htm", "NATO"),
    ],
)
def test_a_site_of_one_issuer_suggests_it(url: str, issuer: str) -> None:
    assert issuer_of(url) == issuer


@pytest.mark.parametrize(
    "url",
    [
        "https://www.gov.uk/government/news/pm-call-with-president-biden",  # many issuers
        "https://www.archives.gov/",  # every administration's archive
        "https://notkremlin.ru/events",  # a look-alike, not a subdomain
        "https://kremlin.ru.example.org/",  # the name inside another's
        "https://www.nytimes.com/2025/03/18/world/europe/trump-putin-call.html",
        "http://127.0.0.1:8000/page",
        "not an address",
    ],
)
def test_other_sites_leave_the_label_to_the_person(url: str) -> None:
    assert issuer_of(url) is None
