"""Importing a statement from its web address: fetch the page, read it as an upload is read.

The form's "Import from a web address" and the API's `"url"` both come here, so a page
gives the same text whichever way it is asked for, and the same text as the page saved and
uploaded (the bytes go through `readers.read_bytes` like an upload's). Callers run this in
a worker thread: fetching waits on the network for up to its timeout (app/ingest/fetch.py,
which refuses every address off the public internet), and reading is processor work under
the read budget (app/ingest/budget.py).

What a page says about itself comes along for the person to review: its title, its date,
the address it was finally fetched from (after redirects: where the text really came from),
and the label of its issuer when the site publishes for one issuer only (app/ingest/sites.py).
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from app.ingest.budget import ReadError, ReadLimits, ReadTooLarge
from app.ingest.fetch import FetchError, FetchRefused, FetchTimeout, FetchTooLarge, fetch
from app.ingest.readers import read_bytes
from app.ingest.sites import issuer_of

# What went wrong, for the web to answer with a status: the address may not be fetched or
# the page cannot be read (422), it is too large (413), its server failed (502) or did not
# answer in time (504).
Failure = Literal["refused", "unreadable", "too_large", "unreachable", "timeout"]
_SUFFIXES = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "application/pdf": ".pdf",
    "text/plain": ".txt",
}
_PAGE = "that page"  # what reading errors call a fetched page


class ImportFailed(Exception):
    """The statement could not be imported; the message says why, for a person."""

    def __init__(self, message: str, failure: Failure) -> None:
        super().__init__(message)
        self.failure: Failure = failure


@dataclass(frozen=True)
class ImportLimits:
    """What one import may cost (the settings fetch_* and the read limits of uploads)."""

    allowed_networks: tuple[str, ...] = ()
    max_bytes: int = 5_000_000
    timeout_seconds: float = 10.0
    pdf_max_pages: int = 200
    read_budget_seconds: float = 10.0


@dataclass(frozen=True)
class Imported:
    """A statement read from a page, and what the page says about itself."""

    url: str  # as asked for
    source: str  # where it was fetched from, after redirects
    text: str
    title: str | None
    date: dt.date | None
    label: str | None  # the site's issuer, when the site publishes for one issuer only

    @property
    def words(self) -> int:
        return len(self.text.split())


def import_statement(url: str, limits: ImportLimits) -> Imported:
    """Fetch ``url`` and read its statement; ImportFailed says why not."""
    try:
        fetched = fetch(
            url,
            allowed_networks=limits.allowed_networks,
            max_bytes=limits.max_bytes,
            timeout=limits.timeout_seconds,
        )
    except FetchTimeout as error:
        raise ImportFailed(str(error), "timeout") from error
    except FetchTooLarge as error:
        raise ImportFailed(str(error), "too_large") from error
    except FetchRefused as error:
        raise ImportFailed(str(error), "refused") from error
    except FetchError as error:
        raise ImportFailed(str(error), "unreachable") from error
    read = ReadLimits(max_pdf_pages=limits.pdf_max_pages, budget_seconds=limits.read_budget_seconds)
    try:
        document = read_bytes(fetched.body, _filename(fetched.content_type), read, name=_PAGE)
    except ReadTooLarge as error:
        raise ImportFailed(str(error), "too_large") from error
    except ReadError as error:
        raise ImportFailed(str(error), "unreadable") from error
    text = document.raw.strip()
    if not text:
        raise ImportFailed(f"{_PAGE} has no text to compare", "unreadable")
    title = " ".join((document.meta.title or "").split())
    return Imported(
        url=url,
        source=fetched.final_url,
        text=text,
        title=title or None,
        date=document.meta.event_date or document.meta.date,
        label=issuer_of(fetched.final_url),
    )


def import_statements(urls: Sequence[str], limits: ImportLimits) -> list[Imported | ImportFailed]:
    """Several statements at once, in order: each waits on its own server, so all take as
    long as the slowest, not as long as all of them together."""
    if len(urls) <= 1:
        return [_attempt(url, limits) for url in urls]
    with concurrent.futures.ThreadPoolExecutor(max_workers=len(urls)) as pool:
        return list(pool.map(_attempt, urls, [limits] * len(urls)))


def _attempt(url: str, limits: ImportLimits) -> Imported | ImportFailed:
    try:
        return import_statement(url, limits)
    except ImportFailed as failed:
        return failed


def _filename(content_type: str) -> str:
    """A name whose suffix says what the server said the page is (readers sniff when none)."""
    return "page" + _SUFFIXES.get(content_type, "")
