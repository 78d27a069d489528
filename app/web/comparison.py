"""`/c/{slug}` and its JSON twin: one comparison, served from what was stored.

Both run in one worker thread each: the validators (three columns) are read, a fresh
client copy gets a 304 and a cached rendering is sent as is; only what is not cached is
loaded (once) and rendered.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response

from app.config import app_version
from app.services import collations, comparisons, sharing
from app.services.collations import GridPage, ShownGrid
from app.services.comparisons import DIFFER_VERSION
from app.services.shapes import ComparisonPage, Shown
from app.web import aligned, grid_view, present
from app.web.caching import aware, not_modified, not_modified_response, validators
from app.web.deps import Context, CtxDep
from app.web.render import page
from app.web.rendered import Rendered
from app.web.schemas import ErrorOut
from app.web.security import public_origin

router = APIRouter()
# The summary's "Only in …" lists name at most this many clauses a side (the rows show all).
ALONE_LISTED = 60
PartQ = Annotated[
    int, Query(ge=1, le=100_000, description="Part of a long comparison's page, from 1")
]
DELETE_COOKIE = "readouts_delete_token"


def comparison_etag(
    slug: str, pair: str, updated_at: dt.datetime, differ_version: str, fmt: str | None
) -> str:
    """Changes whenever what the page shows can change: the pair, the differ, the app.

    The slug is in it too: one pair may be several comparisons (listed, unlisted ones),
    and the render cache, keyed by ETag, must never serve one's page for another.
    """
    stamp = int(aware(updated_at).timestamp() * 1_000_000)  # two saves in one second differ
    which = hashlib.sha256(slug.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    parts = [which, pair[:20], str(stamp), differ_version, app_version()]
    return f'W/"{"-".join(parts)}-{fmt or "html"}"'


def not_found(ctx: Context, slug: str) -> HTTPException:
    path = ctx.urls.comparison(slug)
    return HTTPException(404, f"There is no comparison at {path}. Check the link.")


def serve_comparison(
    request: Request, ctx: Context, slug: str, fmt: str | None, part: int = 1
) -> Response:
    """A 304, the cached rendering, or a fresh one; a stale alignment is recomputed first.

    The HTML page of a long comparison is cut into parts (`?part=2`, see app/web/aligned.py),
    each rendered and cached on its own; the JSON twin is always whole.
    """
    current = comparisons.validators(ctx.db, slug)
    if current is None:
        raise not_found(ctx, slug)
    if fmt == "json":
        part = 1
    delete_token = request.cookies.get(DELETE_COOKIE)
    if delete_token:
        return _with_delete_link(request, ctx, slug, fmt, delete_token, part)
    variant = fmt if part == 1 else f"{fmt or 'html'}-p{part}"
    if current.differ_version == DIFFER_VERSION:
        etag = comparison_etag(
            slug, current.pair_hash, current.updated_at, current.differ_version, variant
        )
        if not_modified(request, etag, current.updated_at):
            return not_modified_response(etag, current.updated_at)
        hit = ctx.cache.get(etag)
        if hit is not None:
            return hit.response(validators(etag, current.updated_at))
    shown = _shown(ctx, slug)
    fresh = shown.validators
    etag = comparison_etag(slug, fresh.pair_hash, fresh.updated_at, fresh.differ_version, variant)
    rendered = Rendered.of(render_comparison(request, ctx, shown.page, fmt, part=part))
    ctx.cache.put(etag, rendered)
    return rendered.response(validators(etag, fresh.updated_at))


def _shown(ctx: Context, slug: str) -> Shown | ShownGrid:
    shown = collations.show_any(ctx.db, ctx.urls, slug)
    if shown is None:  # deleted in the meantime
        raise not_found(ctx, slug)
    return shown


def _with_delete_link(
    request: Request, ctx: Context, slug: str, fmt: str | None, token: str, part: int
) -> Response:
    """The one-time page that shows the creator's secret manage link (and the delete link,
    the same secret): never cached."""
    shown = _shown(ctx, slug)
    base = str(request.base_url).rstrip("/")
    secrets = {
        "delete_url": base + ctx.urls.delete(slug, token),
        "manage_url": base + ctx.urls.manage(slug, token),
    }
    response = render_comparison(request, ctx, shown.page, fmt, secrets, part=part)
    response.headers["Cache-Control"] = "private, no-store"
    response.delete_cookie(DELETE_COOKIE, path=ctx.urls.comparison(slug))
    return response


def render_comparison(
    request: Request,
    ctx: Context,
    data: ComparisonPage | GridPage,
    fmt: str | None,
    extra: dict[str, Any] | None = None,
    json_url: str | None = None,
    *,
    part: int = 1,
) -> Response:
    extra = dict(extra or {})
    if isinstance(data, GridPage):  # three statements or more: the grid of points
        return grid_view.render(request, ctx, data, fmt, extra)
    if fmt != "json":
        alignment = data.alignment
        shown = aligned.rows(alignment, part)
        if shown.number != part:
            raise HTTPException(
                404,
                f"This comparison has {shown.count} part{'s' if shown.count > 1 else ''}; "
                f"there is no part {part}.",
            )
        extra["part"] = shown
        extra["sides"] = (
            present.side_head(alignment, "left"),
            present.side_head(alignment, "right"),
        )
        extra["alone"] = present.alone_lists(alignment, shown.where, ALONE_LISTED)
        extra["part_url"] = lambda n: (
            data.url + (f"?part={n}" if n > 1 else "")  # the comparison's, or a pair's
        )
        extra["card"] = sharing.card(data, public_origin(request.scope, ctx.settings.public_origin))
    # The comparison's, or a pair's inside it (pairs.py, whose pages carry their own).
    json_url = json_url or data.json_url
    return page(request, "comparison.html", data, fmt=fmt, json_url=json_url, extra=extra)


@router.get(
    "/c/{slug}.json",
    summary="A comparison (the JSON contract)",
    responses={
        200: {
            "model": ComparisonPage | GridPage,
            "description": "Two statements: `left`, `right`, `links`; three to six: "
            "`statements`, `points`, `pairs`",
        },
        404: {"model": ErrorOut},
        304: {"description": "Not modified"},
    },
)
async def comparison_json(request: Request, ctx: CtxDep, slug: str) -> Response:
    return await ctx.reads.run(serve_comparison, request, ctx, slug, "json")


@router.get("/c/{slug}", include_in_schema=False)
async def comparison_page(request: Request, ctx: CtxDep, slug: str, part: PartQ = 1) -> Response:
    return await ctx.reads.run(serve_comparison, request, ctx, slug, None, part)
