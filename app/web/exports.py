"""Downloads of a comparison (`/c/{slug}.csv`, `.md`, `.html`) and the Atom feed (`/feed.atom`).

Thin: the bytes come from app/services/exports.py (two statements), grid_exports.py (three
to six) and app/services/sharing.py. Each is
made in a read thread (a big comparison's export is CPU work, never on the event loop),
kept in the render cache under the comparison's ETag, and answered 304 when the client's
copy is current, exactly as the page is.
"""

from __future__ import annotations

import hashlib
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app.config import app_version
from app.services import collations, comparisons, exports, grid_exports, sharing
from app.services.comparisons import DIFFER_VERSION
from app.services.exports import Format
from app.services.queries import listing_generation
from app.web.caching import not_modified, not_modified_response, validators
from app.web.comparison import comparison_etag, not_found
from app.web.compression import gzipped
from app.web.deps import Context, CtxDep
from app.web.rendered import Rendered
from app.web.schemas import ErrorOut
from app.web.security import public_origin

router = APIRouter()


def download_headers(slug: str, fmt: Format) -> dict[str, str]:
    headers = {"Content-Disposition": f'attachment; filename="{exports.filename(slug, fmt)}"'}
    if fmt == "html":  # the file's own policy: styles inline, nothing loaded, nothing run
        headers["Content-Security-Policy"] = exports.STANDALONE_POLICY
    return headers


def serve_export(request: Request, ctx: Context, slug: str, fmt: Format) -> Response:
    """A 304, the cached bytes, or the export made now from the page's data."""
    current = comparisons.validators(ctx.db, slug)
    if current is None:
        raise not_found(ctx, slug)
    extra = download_headers(slug, fmt)
    tag = f"download-{fmt}"  # never the page's own ETag (the page's is "...-html")
    if current.differ_version == DIFFER_VERSION:
        etag = comparison_etag(
            slug, current.pair_hash, current.updated_at, current.differ_version, tag
        )
        if not_modified(request, etag, current.updated_at):
            return not_modified_response(etag, current.updated_at)
        hit = ctx.cache.get(etag)
        if hit is not None:
            return hit.response({**validators(etag, current.updated_at), **extra})
    shown = collations.show_any(ctx.db, ctx.urls, slug)
    if shown is None:  # deleted in the meantime
        raise not_found(ctx, slug)
    fresh = shown.validators
    etag = comparison_etag(slug, fresh.pair_hash, fresh.updated_at, fresh.differ_version, tag)
    body = grid_exports.export_any(shown.page, fmt, ctx.settings.public_origin)
    rendered = Rendered(body, exports.MEDIA_TYPES[fmt], (), gzipped(body))
    ctx.cache.put(etag, rendered)
    return rendered.response({**validators(etag, fresh.updated_at), **extra})


def _download(media_type: str, what: str) -> dict[str, Any]:
    return {
        "summary": f"A comparison as {what} (a download named after its slug)",
        "response_class": Response,
        "responses": {
            200: {"content": {media_type: {}}, "description": what},
            304: {"description": "Not modified"},
            404: {"model": ErrorOut},
        },
    }


@router.get("/c/{slug}.csv", **_download("text/csv", "CSV, one row per link, clause or point"))
async def comparison_csv(request: Request, ctx: CtxDep, slug: str) -> Response:
    return await ctx.reads.run(serve_export, request, ctx, slug, "csv")


@router.get("/c/{slug}.md", **_download("text/markdown", "Markdown, a column per issuer"))
async def comparison_markdown(request: Request, ctx: CtxDep, slug: str) -> Response:
    return await ctx.reads.run(serve_export, request, ctx, slug, "md")


@router.get("/c/{slug}.html", **_download("text/html", "a standalone HTML file"))
async def comparison_standalone(request: Request, ctx: CtxDep, slug: str) -> Response:
    return await ctx.reads.run(serve_export, request, ctx, slug, "html")


def serve_feed(request: Request, ctx: Context) -> Response:
    """Cached until any comparison is added, changed or removed (the listing's generation)."""
    origin = public_origin(request.scope, ctx.settings.public_origin)
    # The origin is in it: a worker on another address writes other links.
    where = hashlib.sha256(f"{origin} {app_version()}".encode()).hexdigest()[:12]
    etag = f'W/"feed-{listing_generation(ctx.db)}-{where}"'
    headers = {"ETag": etag, "Cache-Control": "public, max-age=0, must-revalidate"}
    match = request.headers.get("if-none-match", "")
    if etag in {tag.strip() for tag in match.split(",")}:
        return Response(status_code=304, headers=headers)
    hit = ctx.cache.get(etag)
    if hit is None:
        body = sharing.feed(sharing.newest(ctx.db), ctx.urls, origin, ctx.urls.feed())
        hit = Rendered(body, "application/atom+xml; charset=utf-8", (), gzipped(body))
        ctx.cache.put(etag, hit)
    return hit.response(headers)


@router.get(
    "/feed.atom",
    summary="An Atom feed of the newest listed comparisons",
    response_class=Response,
    responses={200: {"content": {"application/atom+xml": {}}, "description": "Atom 1.0"}},
)
async def feed(request: Request, ctx: CtxDep) -> Response:
    return await ctx.reads.run(serve_feed, request, ctx)
