"""`/c/{slug}/{a}-{b}`: two statements of a comparison as the two-sided aligned page.

Inside a comparison of three statements or more, each pair has its own stable address
(`/c/{slug}/1-3`, 1-based as the grid numbers the statements; `3-1` is the same pair with
the sides swapped), rendered by the two-statement page itself. A two-statement comparison
answers `1-2` (and `2-1`) too. Served like the comparison page: validators first, a 304 or
the cached rendering when current, in a worker thread.
"""

from __future__ import annotations

import dataclasses

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from app.services import collations, comparisons
from app.services.comparisons import DIFFER_VERSION
from app.services.shapes import ComparisonPage
from app.web.caching import not_modified, not_modified_response, validators
from app.web.comparison import PartQ, comparison_etag, not_found, render_comparison
from app.web.deps import Context, CtxDep
from app.web.rendered import Rendered
from app.web.schemas import ErrorOut

router = APIRouter()


def serve_pair(
    request: Request, ctx: Context, slug: str, a: int, b: int, fmt: str | None, part: int = 1
) -> Response:
    """As the comparison page: a long pair's page is cut into parts (`?part=2`), each
    rendered and cached on its own; the JSON twin is whole."""
    current = comparisons.validators(ctx.db, slug)
    if current is None:
        raise not_found(ctx, slug)
    if fmt == "json":
        part = 1
    which = f"{a}-{b}-{fmt or 'html'}" + (f"-p{part}" if part > 1 else "")
    if current.differ_version == DIFFER_VERSION:
        etag = comparison_etag(
            slug, current.pair_hash, current.updated_at, current.differ_version, which
        )
        if not_modified(request, etag, current.updated_at):
            return not_modified_response(etag, current.updated_at)
        hit = ctx.cache.get(etag)
        if hit is not None:
            return hit.response(validators(etag, current.updated_at))
    found = collations.show_pair(ctx.db, ctx.urls, slug, a - 1, b - 1)
    if found is None:
        raise HTTPException(
            404,
            f"There is no pair {a}-{b} in {ctx.urls.comparison(slug)}: "
            "give two different statement numbers it has, like 1-2.",
        )
    data, fresh = found
    data = _titled(ctx, data, a, b)
    etag = comparison_etag(slug, fresh.pair_hash, fresh.updated_at, fresh.differ_version, which)
    rendered = Rendered.of(render_comparison(request, ctx, data, fmt, part=part))
    ctx.cache.put(etag, rendered)
    return rendered.response(validators(etag, fresh.updated_at))


def _titled(ctx: Context, data: ComparisonPage, a: int, b: int) -> ComparisonPage:
    """The pair's page says which two it shows, and its own address."""
    return dataclasses.replace(
        data,
        title=f"{data.title}: {data.left_label} and {data.right_label}",
        url=ctx.urls.pair(data.slug, a, b),
        json_url=ctx.urls.pair(data.slug, a, b, "json"),
    )


@router.get(
    "/c/{slug}/{a:int}-{b:int}.json",
    summary="Two statements of a comparison, as the two-statement JSON contract",
    responses={200: {"model": ComparisonPage}, 404: {"model": ErrorOut}},
)
async def pair_json(request: Request, ctx: CtxDep, slug: str, a: int, b: int) -> Response:
    return await ctx.reads.run(serve_pair, request, ctx, slug, a, b, "json")


@router.get("/c/{slug}/{a:int}-{b:int}", include_in_schema=False)
async def pair_page(
    request: Request, ctx: CtxDep, slug: str, a: int, b: int, part: PartQ = 1
) -> Response:
    return await ctx.reads.run(serve_pair, request, ctx, slug, a, b, None, part)
