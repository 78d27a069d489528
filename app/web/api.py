"""The JSON API: list and create comparisons, or align two texts without storing anything."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import Response

from app.services import comparisons
from app.services.comparisons import SideInput, dump_json, run_differ
from app.services.queries import Listing, browse
from app.services.shapes import Alignment, BrowsePage, ComparisonPage, Created
from app.web.comparison import not_found
from app.web.deps import Context, CtxDep, ListingDep
from app.web.inputs import ComparisonIn, PairIn, SideIn
from app.web.limits import statement_too_large
from app.web.render import json_page
from app.web.schemas import ErrorOut

router = APIRouter(prefix="/api", tags=["api"])
TOO_LARGE: dict[int | str, dict[str, Any]] = {
    413: {"model": ErrorOut, "description": "A statement is over the size limit"}
}


def check_size(ctx: Context, pair: PairIn) -> None:
    limit = ctx.settings.max_statement_bytes
    for name, side in (("left", pair.left), ("right", pair.right)):
        problem = statement_too_large(side.text, name, limit)
        if problem:
            raise HTTPException(413, problem)


def side_input(side: SideIn) -> SideInput:
    return SideInput(label=side.label, text=side.text, source=side.source)


def create(ctx: Context, body: ComparisonIn) -> Created:
    """Store what a person sent (the API's body or the form's fields) and show it."""
    return comparisons.create(
        ctx.db,
        ctx.urls,
        title=body.title,
        date=body.date,
        left=side_input(body.left),
        right=side_input(body.right),
        unlisted=body.unlisted,
        budget=ctx.settings.align_budget_seconds,
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
        201: {"model": ComparisonPage, "description": "Created; `delete_url` is given this once"},
        200: {"model": ComparisonPage, "description": "The same pair was already stored"},
        **TOO_LARGE,
    },
)
def create_comparison(ctx: CtxDep, body: ComparisonIn) -> Response:
    check_size(ctx, body)
    made = create(ctx, body)
    data = made.shown.page
    if made.delete_token:
        delete_url = ctx.urls.delete(data.slug, made.delete_token)
        data = dataclasses.replace(data, delete_url=delete_url)
    return json_page(data, status_code=201 if made.created else 200)


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
    summary="Align two texts and return the contract; nothing is stored",
    responses={200: {"model": Alignment}, **TOO_LARGE},
)
def align_texts(ctx: CtxDep, body: PairIn) -> Response:
    check_size(ctx, body)
    budget = ctx.settings.align_budget_seconds
    alignment = run_differ(side_input(body.left), side_input(body.right), budget)
    return Response(dump_json(alignment), media_type="application/json")
