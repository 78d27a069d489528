"""HTML pages and their JSON twins: each route computes its data once, then renders it."""

from __future__ import annotations

import datetime as dt
import platform
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from pydantic import AfterValidator
from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Select,
    bindparam,
    false,
    func,
    or_,
    select,
    text,
    true,
)
from sqlalchemy.orm import Session

from app.db import get_session
from app.differ import DIFFER_VERSION
from app.differ.types import Alignment
from app.models import Article, Comparison, ListingState, SearchWord, Statement
from app.search import query_words
from app.services import current_alignment, plausible_slug
from app.web import present
from app.web.caching import aware, not_modified, not_modified_response, validators
from app.web.render import page, templates_of, urls_of
from app.web.rendered import RenderCache, Rendered
from app.web.schemas import BrowseOut, ComparisonOut, ErrorOut
from app.web.urls import Urls

router = APIRouter()
SessionDep = Annotated[Session, Depends(get_session)]
DELETE_COOKIE = "readouts_delete_token"
MAX_QUERY_CHARS = 200
MAX_ID = 2**31 - 1


# ---------------------------------------------------------------------------------------------
# Browse


def comparison_summary(comparison: Comparison, urls: Urls) -> dict[str, Any]:
    return {
        "slug": comparison.slug,
        "title": comparison.title,
        "date": comparison.date.isoformat() if comparison.date else None,
        "left_label": comparison.left_label,
        "right_label": comparison.right_label,
        "coverage": {"left": comparison.left_coverage, "right": comparison.right_coverage},
        "url": urls.comparison(comparison.slug),
        "json_url": urls.comparison(comparison.slug, "json"),
    }


def listing_conditions(
    q: str, issuer: str, since: dt.date | None, until: dt.date | None
) -> list[ColumnElement[bool]]:
    """What a browse query asks for, as conditions on comparisons (all of them indexed)."""
    conditions: list[ColumnElement[bool]] = [Comparison.unlisted.is_(False)]
    if q:
        words = query_words(q)
        conditions.append(false() if not words else true())
        for word in words:
            matching = select(SearchWord.comparison_id).where(
                SearchWord.word >= word, SearchWord.word < word + "\U0010ffff"
            )
            conditions.append(Comparison.id.in_(matching))
    if issuer:
        conditions.append(or_(Comparison.left_label == issuer, Comparison.right_label == issuer))
    if since:
        conditions.append(Comparison.date >= since)
    if until:
        conditions.append(Comparison.date <= until)
    return conditions


def browse_data(
    session: Session, urls: Urls, query: ListingQuery, page_size: int
) -> dict[str, Any]:
    conditions = listing_conditions(query.q, query.issuer, query.since, query.until)
    total = session.scalar(select(func.count(Comparison.id)).where(*conditions)) or 0
    rows = session.scalars(
        select(Comparison)
        .where(*conditions)
        .order_by(Comparison.date.desc().nulls_last(), Comparison.id.desc())
        .offset((query.page - 1) * page_size)
        .limit(page_size)
    )
    filters = {
        "q": query.q,
        "issuer": query.issuer,
        "since": query.since.isoformat() if query.since else None,
        "until": query.until.isoformat() if query.until else None,
    }
    pages = max(1, -(-total // page_size))
    number = query.page
    return {
        "comparisons": [comparison_summary(c, urls) for c in rows],
        "filters": filters,
        "issuers": _issuers(session),
        "total": total,
        "page": number,
        "pages": pages,
        "next_url": urls.home(**filters, page=number + 1) if number < pages else None,
        "prev_url": urls.home(**filters, page=number - 1) if number > 1 else None,
    }


def _issuers(session: Session) -> list[str]:
    """Each side's labels walked in order along its (unlisted, label) index."""
    listed = Comparison.unlisted.is_(False)
    lefts = session.scalars(select(Comparison.left_label).where(listed).distinct())
    rights = session.scalars(select(Comparison.right_label).where(listed).distinct())
    return sorted({*lefts, *rights})


@cache
def generation_query() -> Select[int]:
    return select(ListingState.generation).where(ListingState.id == 1)


def _browse_key(connection: Connection, fmt: str | None, *query: object) -> str:
    """Changes whenever any comparison is added, changed or removed (see ListingState)."""
    return repr((connection.scalar(generation_query()), fmt, *query))


def _render_browse(
    request: Request, session: Session, fmt: str | None, query: ListingQuery
) -> Rendered:
    urls = urls_of(request)
    data = browse_data(session, urls, query, request.app.state.settings.page_size)
    page_number = query.page if query.page > 1 else None
    json_url = urls.home("json", **data["filters"], page=page_number)
    return Rendered.of(page(request, "index.html", data, fmt=fmt, json_url=json_url))


async def _browse(request: Request, fmt: str | None, query: ListingQuery) -> Response:
    """Browse pages are cached until any listed comparison is added, changed or removed."""
    cache: RenderCache = request.app.state.render_cache
    engine: Engine = request.app.state.engine
    with engine.connect() as connection:
        key = _browse_key(connection, fmt, query)
    hit = cache.get(key)
    if hit is None:
        with request.app.state.session_factory() as session:
            hit = await run_in_threadpool(_render_browse, request, session, fmt, query)
        cache.put(key, hit)
    return hit.response()


def printable(value: str) -> str:
    """Control characters (NUL above all) cannot be in any stored title, issuer or text."""
    if not value.isprintable():
        raise ValueError("must not contain control characters")
    return value


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


@dataclass(frozen=True)
class ListingQuery:
    """What a browse asks for: the same parameters on /, /.json and /api/comparisons."""

    q: str = ""
    issuer: str = ""
    since: dt.date | None = None
    until: dt.date | None = None
    page: int = 1


async def listing_query(
    q: Q = "",
    issuer: IssuerQ = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
    page: PageQ = 1,
) -> ListingQuery:
    return ListingQuery(q.strip(), issuer.strip(), since, until, page)


ListingDep = Annotated[ListingQuery, Depends(listing_query)]


@router.get("/", include_in_schema=False)
async def browse(request: Request, query: ListingDep) -> Response:
    return await _browse(request, None, query)


@router.get(
    "/.json",
    summary="Browse comparisons (JSON twin of /)",
    responses={200: {"model": BrowseOut}},
)
async def browse_json(request: Request, query: ListingDep) -> Response:
    return await _browse(request, "json", query)


# ---------------------------------------------------------------------------------------------
# One comparison


def comparison_data(session: Session, urls: Urls, comparison: Comparison) -> dict[str, Any]:
    """The JSON contract of DESIGN.md, plus what identifies the comparison."""
    alignment = current_alignment(session, comparison)
    data = alignment.to_dict()
    data["left"]["source"] = comparison.left_statement.source
    data["right"]["source"] = comparison.right_statement.source
    data.update(comparison_summary(comparison, urls))
    data["one_sided"] = {
        "left": list(alignment.unlinked("left")),
        "right": list(alignment.unlinked("right")),
    }
    return data


def comparison_etag(
    pair: str, updated_at: dt.datetime, differ_version: str, fmt: str | None
) -> str:
    """Changes whenever what the page shows can change: the pair, the differ, the app."""
    stamp = int(aware(updated_at).timestamp())
    parts = [pair[:20], str(stamp), differ_version, app_version()]
    return f'W/"{"-".join(parts)}-{fmt or "html"}"'


@cache
def app_version() -> str:
    from importlib.metadata import version as package_version

    return package_version("readouts")


def _not_found(slug: str) -> HTTPException:
    return HTTPException(404, f"There is no comparison at /c/{slug}. Check the link.")


def _find_comparison(session: Session, slug: str) -> Comparison:
    comparison = None
    if plausible_slug(slug):
        comparison = session.scalar(select(Comparison).where(Comparison.slug == slug))
    if comparison is None:
        raise _not_found(slug)
    return comparison


@cache
def validators_query() -> Select[str, dt.datetime, str]:
    """Built once: statement construction is a real share of a cache hit's cost."""
    columns = (Comparison.pair_hash, Comparison.updated_at, Comparison.differ_version)
    return select(*columns).where(Comparison.slug == bindparam("slug"))


def _cached_comparison(
    request: Request, connection: Connection, slug: str, fmt: str | None
) -> Response | None:
    """The answer from stored validators and rendered bytes, or None when it must be made.

    Reads three columns on a plain connection, no ORM: this is the path every reader of a
    shared link takes.
    """
    row = None
    if plausible_slug(slug):
        row = connection.execute(validators_query(), {"slug": slug}).first()
    if row is None:
        raise _not_found(slug)
    pair, updated_at, differ_version = row
    if request.cookies.get(DELETE_COOKIE) or differ_version != DIFFER_VERSION:
        return None
    etag = comparison_etag(pair, updated_at, differ_version, fmt)
    if not_modified(request, etag, updated_at):
        return not_modified_response(etag, updated_at)
    cache: RenderCache = request.app.state.render_cache
    hit = cache.get(etag)
    return hit.response(validators(etag, updated_at)) if hit else None


def _comparison(request: Request, session: Session, slug: str, fmt: str | None) -> Response:
    """What the cached path could not answer: a page to render (and cache), a stale
    alignment to recompute first, or the one-time page that shows a delete link."""
    comparison = _find_comparison(session, slug)
    delete_token = request.cookies.get(DELETE_COOKIE)
    if delete_token:
        return _render_comparison(request, session, comparison, fmt, delete_token)
    if comparison.differ_version != DIFFER_VERSION:
        current_alignment(session, comparison)  # recompute once; the ETag changes with it
    etag = comparison_etag(
        comparison.pair_hash, comparison.updated_at, comparison.differ_version, fmt
    )
    rendered = Rendered.of(_render_comparison(request, session, comparison, fmt, None))
    request.app.state.render_cache.put(etag, rendered)
    return rendered.response(validators(etag, comparison.updated_at))


async def serve_comparison(request: Request, slug: str, fmt: str | None) -> Response:
    """Cached answers straight from the event loop; rendering (and the differ) in a thread."""
    engine: Engine = request.app.state.engine
    with engine.connect() as connection:
        answer = _cached_comparison(request, connection, slug, fmt)
    if answer is not None:
        return answer
    with request.app.state.session_factory() as session:
        return await run_in_threadpool(_comparison, request, session, slug, fmt)


def _render_comparison(
    request: Request,
    session: Session,
    comparison: Comparison,
    fmt: str | None,
    delete_token: str | None,
) -> Response:
    urls = urls_of(request)
    slug = comparison.slug
    data = comparison_data(session, urls, comparison)
    extra: dict[str, Any] = {}
    if fmt != "json":
        if delete_token:
            extra["delete_url"] = str(request.base_url).rstrip("/") + urls.delete(
                slug, delete_token
            )
        alignment = Alignment.from_dict(data)
        extra["sides"] = (
            present.side_view(alignment, "left", urls),
            present.side_view(alignment, "right", urls),
        )
    response = page(
        request,
        "comparison.html",
        data,
        fmt=fmt,
        json_url=urls.comparison(slug, "json"),
        extra=extra,
    )
    if delete_token:
        # The secret link is shown once: never cached, and its cookie is cleared.
        response.headers["Cache-Control"] = "private, no-store"
        response.delete_cookie(DELETE_COOKIE, path=f"/c/{slug}")
    return response


@router.get(
    "/c/{slug}.json",
    summary="A comparison (the JSON contract)",
    responses={
        200: {"model": ComparisonOut},
        404: {"model": ErrorOut},
        304: {"description": "Not modified"},
    },
)
async def comparison_json(request: Request, slug: str) -> Response:
    return await serve_comparison(request, slug, "json")


@router.get("/c/{slug}", include_in_schema=False)
async def comparison_page(request: Request, slug: str) -> Response:
    return await serve_comparison(request, slug, None)


# ---------------------------------------------------------------------------------------------
# Articles


def articles_data(session: Session, urls: Urls) -> dict[str, Any]:
    counts = dict(
        session.execute(
            select(Statement.article_id, func.count(Statement.id)).group_by(Statement.article_id)
        ).all()
    )
    articles = session.scalars(select(Article).order_by(Article.published.desc(), Article.name))
    return {
        "articles": [
            {
                **_article_summary(article, urls),
                "statements": counts.get(article.id, 0),
            }
            for article in articles
        ]
    }


def _article_summary(article: Article, urls: Urls) -> dict[str, Any]:
    return {
        "id": article.id,
        "name": article.name,
        "title": article.title or article.name,
        "outlet": article.outlet,
        "author": article.author,
        "date": article.published.isoformat() if article.published else None,
        "event_date": article.event_date.isoformat() if article.event_date else None,
        "source_url": article.url,
        "url": urls.article(article.id),
        "json_url": urls.article(article.id, "json"),
    }


def article_data(session: Session, urls: Urls, article: Article) -> dict[str, Any]:
    statement_ids = [s.id for s in article.statements]
    compared = session.scalars(
        select(Comparison).where(
            Comparison.unlisted.is_(False),
            or_(
                Comparison.left_statement_id.in_(statement_ids),
                Comparison.right_statement_id.in_(statement_ids),
            ),
        )
    )
    return {
        **_article_summary(article, urls),
        "clean_text": article.clean_text,
        "statements": [
            {
                "id": s.id,
                "issuer": s.issuer,
                "kind": s.kind,
                "start": s.start,
                "end": s.end,
                "text": s.text,
            }
            for s in article.statements
        ],
        "removals": article.removals,
        "comparisons": [comparison_summary(c, urls) for c in compared],
    }


@router.get("/articles", include_in_schema=False)
def articles_page(request: Request, session: SessionDep) -> Response:
    urls = urls_of(request)
    data = articles_data(session, urls)
    return page(request, "articles.html", data, fmt=None, json_url=urls.articles("json"))


@router.get("/articles.json", summary="Ingested articles (JSON twin of /articles)")
def articles_json(request: Request, session: SessionDep) -> Response:
    return page(
        request,
        "articles.html",
        articles_data(session, urls_of(request)),
        fmt="json",
        json_url=None,
    )


def _article(request: Request, session: Session, article_id: int, fmt: str | None) -> Response:
    # Ids past the database's integer range cannot exist (and would overflow the query).
    article = session.get(Article, article_id) if 0 < article_id <= MAX_ID else None
    if article is None:
        raise HTTPException(404, f"There is no article number {article_id}.")
    urls = urls_of(request)
    data = article_data(session, urls, article)
    extra = {"pieces": present.marked_text(article.clean_text, data["statements"])}
    return page(
        request,
        "article.html",
        data,
        fmt=fmt,
        json_url=urls.article(article_id, "json"),
        extra=extra,
    )


@router.get("/articles/{article_id}.json", summary="An article and its statements")
def article_json(request: Request, session: SessionDep, article_id: int) -> Response:
    return _article(request, session, article_id, "json")


@router.get("/articles/{article_id}", include_in_schema=False)
def article_page(request: Request, session: SessionDep, article_id: int) -> Response:
    return _article(request, session, article_id, None)


# ---------------------------------------------------------------------------------------------
# System pages


SWAGGER_UI = "vendor/swagger-ui-5.35.0"


@router.get("/docs", include_in_schema=False)
def docs(request: Request) -> Response:
    """Swagger UI, served from vendored files: no CDN, no inline script."""
    context = {"openapi_url": request.app.openapi_url, "swagger": SWAGGER_UI}
    return templates_of(request).TemplateResponse(request, "docs.html", context)


@router.get("/-/ping", summary="The cheapest answer the app gives (a load-test baseline)")
async def ping() -> PlainTextResponse:
    return PlainTextResponse("pong")


@router.get("/-/health", summary="Is the app up and its database reachable?")
def health(session: SessionDep) -> JSONResponse:
    try:
        session.execute(text("SELECT 1"))
    except Exception:
        return JSONResponse({"status": "error", "database": "unreachable"}, status_code=503)
    return JSONResponse({"status": "ok", "database": "ok"})


@router.get("/-/version", summary="Versions of the app, the differ and the runtime")
def version(request: Request) -> JSONResponse:
    from importlib.metadata import version as package_version

    engine = request.app.state.engine
    return JSONResponse(
        {
            "readouts": package_version("readouts"),
            "differ": DIFFER_VERSION,
            "python": platform.python_version(),
            "database": engine.dialect.name,
        }
    )
