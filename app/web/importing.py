"""Statements imported from a web address, for the API (`"url"`) and the form ("Import").

One place says what an import may cost (the settings) and which status answers each way it
can fail, so the API and the form answer alike. Both call `fetch_all` in a worker thread:
it waits on the network. For the form, `import_sides` fills the fields of each statement
(by side, whatever the number of sides) with what its page gives.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from app.config import Settings
from app.services.imports import Failure, Imported, ImportFailed, ImportLimits, import_statements
from app.web.inputs import import_address, which
from app.web.limits import statement_too_large

# The address may not be fetched, or the page cannot be read: 422. The page is too large:
# 413. Its server failed or answered with an error: 502 (bad gateway). It did not answer in
# time: 504 (gateway timeout).
IMPORT_STATUS: Mapping[Failure, int] = {
    "refused": 422,
    "unreadable": 422,
    "too_large": 413,
    "unreachable": 502,
    "timeout": 504,
}


class Form(Protocol):
    """What the form's import needs of a submission (app/web/forms.py's `Submission`)."""

    values: dict[str, str]
    notices: dict[str, str]

    def refuse(self, name: str, message: str, status: int = 422) -> None: ...


def import_limits(settings: Settings) -> ImportLimits:
    return ImportLimits(
        allowed_networks=settings.fetch_allowed_networks,
        max_bytes=settings.fetch_max_bytes,
        timeout_seconds=settings.fetch_timeout_seconds,
        pdf_max_pages=settings.pdf_max_pages,
        read_budget_seconds=settings.read_budget_seconds,
    )


def fetch_all(settings: Settings, urls: Mapping[str, str]) -> dict[str, Imported | ImportFailed]:
    """Each statement's address (by side) imported, all at once; blocks: call it off the loop."""
    results = import_statements(list(urls.values()), import_limits(settings))
    return dict(zip(urls, results, strict=True))


def sentence(message: str) -> str:
    """A reader's or fetcher's message ("that page did not answer in 10 s") as a sentence."""
    return message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")


def import_sides(
    settings: Settings, form: Form, sides: Sequence[str], default_labels: Mapping[str, str]
) -> None:
    """Fetch each side's address and fill the form with what it gives, or say why not next
    to the address. Blocks: call it off the loop."""
    urls = {}
    for side in sides:
        try:
            urls[side] = import_address(form.values[f"{side}_url"])
        except ValueError:
            message = (
                f"Give the web address of the {which(side)} statement, starting with https://."
            )
            form.refuse(f"{side}_url", message)
    limit = settings.max_statement_bytes
    for side, result in fetch_all(settings, urls).items():
        if isinstance(result, ImportFailed):
            form.refuse(f"{side}_url", sentence(str(result)), IMPORT_STATUS[result.failure])
        elif problem := statement_too_large(result.text, which(side), limit):
            form.refuse(f"{side}_url", problem, 413)
        else:
            fill(form, side, result, default_labels[side])


def fill(form: Form, side: str, page: Imported, default_label: str) -> None:
    """The imported text and source in place of the side's; the page's title, date and
    issuer only where the person has typed none (the form's default label counts as none)."""
    values = form.values
    values[f"{side}_text"] = page.text
    values[f"{side}_source"] = page.source
    label = f"{side}_label"
    if values[label] in ("", default_label):
        values[label] = page.label or ""
    if not values["title"] and page.title:
        values["title"] = page.title
    if not values["date"] and page.date:
        values["date"] = page.date.isoformat()
    issuer = "" if values[label] else ", and say who issued it,"
    form.notices[side] = (
        f"Imported {page.words:,} words from {page.source}. "
        f"Check the text{issuer} before you compare."
    )
