"""The JSON API: list and create comparisons, or align 2–6 texts without storing anything.

A statement is sent as its text, or as the `url` to fetch it from (app/web/importing.py).
Bodies are parsed in a worker thread (`ParsedOffLoop`); fetches run in a worker thread too,
then creating and aligning in one of the worker's alignment slots (`AlignSlots`), the
answer made under the time budget.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from functools import partial
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, HTTPException, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import ValidationError

from app.services import collations, comparisons
from app.services.collations import Collated, GridPage
from app.services.comparisons import SideInput
from app.services.imports import Imported, ImportFailed
from app.services.queries import Listing, browse
from app.services.shapes import AlignedPair, BrowsePage, ComparisonPage, Created
from app.web.comparison import not_found
from app.web.deps import Context, CtxDep, ListingDep
from app.web.importing import IMPORT_STATUS, fetch_all
from app.web.inputs import ComparisonIn, PairIn, SideIn
from app.web.limits import statement_too_large
from app.web.render import json_page
from app.web.schemas import ErrorOut
from app.web.threads import ParsedOffLoop

R = TypeVar("R")
router = APIRouter(prefix="/api", tags=["api"], route_class=ParsedOffLoop)
TOO_LARGE: dict[int | str, dict[str, Any]] = {
    413: {"model": ErrorOut, "description": "A statement is over the size limit"}
}
IMPORT_ERRORS: dict[int | str, dict[str, Any]] = {
    **TOO_LARGE,
    503: {"model": ErrorOut, "description": "Busy aligning others: try again after Retry-After"},
    422: {"model": ErrorOut, "description": "Not valid, or a `url` that may not be fetched"},
    502: {"model": ErrorOut, "description": "A `url`'s server failed or answered an error"},
    504: {"model": ErrorOut, "description": "A `url` did not answer in time"},
}


def sides_of(ctx: Context, pair: PairIn) -> list[SideInput]:
    """Each statement as text, in order: as sent, or fetched from its `url` (every url at
    once), and checked as sent text is. A sent text over the limit is refused before
    anything is fetched."""
    given: dict[str, SideIn] = dict(pair.named())
    for name, side in given.items():
        check_size(ctx, name, side.text)
    urls = {name: side.url for name, side in given.items() if side.url is not None}
    fetched = fetch_all(ctx.settings, urls) if urls else {}
    sides = []
    for name, side in given.items():
        result = fetched.get(name)
        if isinstance(result, ImportFailed):
            raise HTTPException(IMPORT_STATUS[result.failure], f"{name}.url: {result}")
        if result is not None:
            side = fetched_side(name, side, result)
            check_size(ctx, name, side.text)
        sides.append(SideInput(label=side.label, text=side.text or "", source=side.source))
    return sides


def check_size(ctx: Context, name: str, text: str | None) -> None:
    problem = statement_too_large(text or "", name, ctx.settings.max_statement_bytes)
    if problem:
        raise HTTPException(413, problem)


def fetched_side(name: str, side: SideIn, page: Imported) -> SideIn:
    """The side with the page's text, checked as a sent text would be."""
    try:
        return SideIn(label=side.label, text=page.text, source=page.source)
    except ValidationError as error:
        problem = error.errors()[0]
        what = "address" if problem["loc"] == ("source",) else "text"
        reason = problem["msg"].removeprefix("Value error, ")
        raise HTTPException(422, f"{name}.url: the {what} of that page: {reason}") from None


def create(
    ctx: Context,
    body: ComparisonIn,
    sides: list[SideInput],
    answer: Callable[[Created], R],
    answer_many: Callable[[GridPage, bool, str | None], R],
) -> R:
    """Store what a person sent (the API's body or the form's fields) and answer it: two
    statements as a pair (`answer`), three to six as a grid of points (`answer_many`), all
    under one alignment budget."""
    if len(sides) > 2:
        return collations.create_many(
            ctx.db,
            ctx.urls,
            title=body.title,
            date=body.date,
            statements=sides,
            unlisted=body.unlisted,
            budget=ctx.settings.align_budget_seconds,
            answer=answer_many,
        )
    return comparisons.create(
        ctx.db,
        ctx.urls,
        title=body.title,
        date=body.date,
        left=sides[0],
        right=sides[1],
        unlisted=body.unlisted,
        budget=ctx.settings.align_budget_seconds,
        answer=answer,
    )


@router.get(
    "/comparisons",
    summary="List comparisons (search, filter, paginate)",
    responses={200: {"model": BrowsePage}},
)
async def list_comparisons(ctx: CtxDep, query: ListingDep) -> Response:
    return await ctx.reads.run(_listing, ctx, query)


def _listing(ctx: Context, query: Listing) -> Response:
    return json_page(browse(ctx.db, ctx.urls, query, ctx.settings.page_size))


@router.post(
    "/comparisons",
    summary="Create a comparison (200 with the existing one when the pair is already stored)",
    status_code=201,
    responses={
        201: {
            "model": ComparisonPage | GridPage,
            "description": "Created; `manage_url` and `delete_url` are given this once. Three "
            "statements or more answer `statements`, `points` and `pairs` instead of `left`, "
            "`right`, `links`",
        },
        200: {
            "model": ComparisonPage | GridPage,
            "description": "The same statements were already stored",
        },
        **IMPORT_ERRORS,
    },
)
async def create_comparison(ctx: CtxDep, body: ComparisonIn) -> Response:
    # Fetching waits on the network: in a worker thread, but not in an alignment slot.
    sides = await run_in_threadpool(sides_of, ctx, body)
    return await ctx.aligning.run(_create, ctx, body, sides)


def _create(ctx: Context, body: ComparisonIn, sides: list[SideInput]) -> Response:
    return create(ctx, body, sides, partial(_created_json, ctx), partial(_created_grid, ctx))


def _created_json(ctx: Context, made: Created) -> Response:
    data = made.shown.page
    if made.delete_token:
        delete_url = ctx.urls.delete(data.slug, made.delete_token)
        manage_url = ctx.urls.manage(data.slug, made.delete_token)
        data = dataclasses.replace(data, delete_url=delete_url, manage_url=manage_url)
    return json_page(data, status_code=201 if made.created else 200)


def _created_grid(ctx: Context, data: GridPage, created: bool, token: str | None) -> Response:
    if token:
        data = dataclasses.replace(data, delete_url=ctx.urls.delete(data.slug, token))
    return json_page(data, status_code=201 if created else 200)


@router.delete(
    "/comparisons/{slug}",
    summary="Delete a comparison with the secret token its creator received",
    status_code=204,
    responses={
        403: {"description": "Wrong or missing token"},
        404: {"description": "No such comparison"},
    },
)
def remove_comparison(
    ctx: CtxDep, slug: str, token: Annotated[str, Query(max_length=200)]
) -> Response:
    try:
        deleted = comparisons.remove(ctx.db, slug, token)
    except LookupError:
        raise not_found(ctx, slug) from None
    if deleted is None:
        raise HTTPException(403, "This token does not allow deleting this comparison.")
    return Response(status_code=204)


@router.post(
    "/align",
    summary="Align two to six texts and return the contract; nothing is stored",
    responses={200: {"model": AlignedPair | Collated}, **IMPORT_ERRORS},
)
async def align_texts(ctx: CtxDep, body: PairIn) -> Response:
    sides = await run_in_threadpool(sides_of, ctx, body)
    return await ctx.aligning.run(_align, ctx, sides)


def _align(ctx: Context, sides: list[SideInput]) -> Response:
    budget = ctx.settings.align_budget_seconds
    if len(sides) > 2:
        return collations.collated(sides, budget, json_page)
    return comparisons.aligned(sides[0], sides[1], budget, json_page)
