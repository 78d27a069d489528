"""`/` and `/.json`: browse, search and filter the listed comparisons."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app.services.queries import Listing, browse, listing_generation, page_url
from app.services.shapes import BrowsePage
from app.web.deps import Context, CtxDep, ListingDep
from app.web.render import page
from app.web.rendered import Rendered

router = APIRouter()


def _browse(request: Request, ctx: Context, query: Listing, fmt: str | None) -> Response:
    """Cached until any listed comparison is added, changed or removed (its generation)."""
    key = repr((listing_generation(ctx.db), fmt, query))
    hit = ctx.cache.get(key)
    if hit is None:
        data = browse(ctx.db, ctx.urls, query, ctx.settings.page_size)
        number = query.page if query.page > 1 else None
        json_url = page_url(ctx.urls, data.filters, number, "json")
        hit = Rendered.of(page(request, "index.html", data, fmt=fmt, json_url=json_url))
        ctx.cache.put(key, hit)
    return hit.response()


@router.get("/", include_in_schema=False)
async def browse_page(request: Request, ctx: CtxDep, query: ListingDep) -> Response:
    return await ctx.reads.run(_browse, request, ctx, query, None)


@router.get(
    "/.json",
    summary="Browse comparisons (JSON twin of /)",
    responses={200: {"model": BrowsePage}},
)
async def browse_json(request: Request, ctx: CtxDep, query: ListingDep) -> Response:
    return await ctx.reads.run(_browse, request, ctx, query, "json")
