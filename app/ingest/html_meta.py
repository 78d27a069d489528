"""What an HTML page says about itself: its date, from meta tags, JSON-LD or a written line.

Split from html_text so that the parser module holds the parsing; these are the small
parsers of values it finds. Each pattern runs on a bounded string, and is linear anyway.
"""

from __future__ import annotations

import datetime
import re

META_NAMES = {
    "og:title": "title",
    "twitter:title": "title",
    "og:site_name": "outlet",
    "author": "author",
    "article:author": "author",
    "og:url": "url",
    "article:published_time": "date",
    "date": "date",
    "pubdate": "date",
    "dc.date": "date",
    "dcterms.date": "date",
    "citation_publication_date": "date",
}
_LD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]{4,40})"')
_MONTHS = "january february march april may june july august september october november december"
_MONTH = {name: number for number, name in enumerate(_MONTHS.split(), start=1)}
_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")
_MONTH_DAY_YEAR = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})\b")


def ld_date(data: str) -> str:
    match = _LD_DATE.search(data[:100_000])
    return match.group(1) if match else ""


def iso_date(value: str | None) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def written_date(text: str) -> datetime.date | None:
    """A date as pages write it: "11 January 2022 - 19:43", "March 18, 2025"."""
    for pattern, order in ((_DAY_MONTH_YEAR, (0, 1, 2)), (_MONTH_DAY_YEAR, (1, 0, 2))):
        for match in pattern.finditer(text):
            day, month, year = (match.group(i + 1) for i in order)
            number = _MONTH.get(month.lower()) or next(
                (
                    n
                    for name, n in _MONTH.items()
                    if len(month) >= 3 and name.startswith(month.lower())
                ),
                None,
            )
            if number is None:
                continue
            try:
                return datetime.date(int(year), number, int(day))
            except ValueError:
                continue
    return None
