"""What handlers are given: the app's context (database, settings, URLs, render cache,
templates) and the listing a browse asks for.

Every dependency here is `async` and does no I/O, so resolving it costs no thread hop;
database work happens in the services, inside the handler's own thread.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query, Request
from fastapi.templating import Jinja2Templates
from pydantic import AfterValidator, BeforeValidator

from app.config import Settings
from app.services import Database
from app.services.queries import Listing
from app.web.inputs import printable
from app.web.limits import AlignSlots
from app.web.rendered import RenderCache
from app.web.threads import ReadThreads
from app.web.urls import Urls

MAX_QUERY_CHARS = 200


@dataclass(frozen=True)
class Context:
    """What the app factory built once: every handler's way to the services and the page."""

    db: Database
    settings: Settings
    urls: Urls
    cache: RenderCache
    templates: Jinja2Templates
    reads: ReadThreads
    aligning: AlignSlots


async def context(request: Request) -> Context:
    value: Context = request.app.state.context
    return value


def templates_of(request: Request) -> Jinja2Templates:
    value: Context = request.app.state.context
    return value.templates


CtxDep = Annotated[Context, Depends(context)]

Q = Annotated[
    str,
    Query(max_length=MAX_QUERY_CHARS, description="Words in titles, issuers or text"),
    AfterValidator(printable),
]
IssuerQ = Annotated[
    str,
    Query(max_length=MAX_QUERY_CHARS, description="Only this issuer"),
    AfterValidator(printable),
]


PageQ = Annotated[int, Query(ge=1, le=100_000, description="Page number, from 1")]


def _blank_is_none(value: object) -> object:
    """The browse form sends every field; an empty date field means no date, not an error."""
    return None if isinstance(value, str) and not value.strip() else value


DateQ = Annotated[dt.date | None, BeforeValidator(_blank_is_none), Query(description="YYYY-MM-DD")]


async def listing_query(
    q: Q = "",
    issuer: IssuerQ = "",
    since: DateQ = None,
    until: DateQ = None,
    page: PageQ = 1,
) -> Listing:
    return Listing(q.strip(), issuer.strip(), since, until, page)


ListingDep = Annotated[Listing, Depends(listing_query)]
