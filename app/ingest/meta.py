"""Article metadata value type, in its own module so readers and the HTML extractor share it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class ArticleMeta:
    """Source metadata of an article; every field is optional because sources rarely say all."""

    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    date: datetime.date | None = None  # publication date
    url: str | None = None
    event_date: datetime.date | None = None  # date of the event reported, when known
