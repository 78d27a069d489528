"""`/articles` and `/articles/{id}`: ingested articles, their statements and what was removed."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from app.services import queries
from app.services.shapes import ArticlePage, ArticlesPage
from app.web import present
from app.web.deps import Context, CtxDep
from app.web.render import page

router = APIRouter()


def _articles(request: Request, ctx: Context, fmt: str | None) -> Response:
    data = queries.articles(ctx.db, ctx.urls)
    json_url = None if fmt else ctx.urls.articles("json")
    return page(request, "articles.html", data, fmt=fmt, json_url=json_url)


@router.get("/articles", include_in_schema=False)
async def articles_page(request: Request, ctx: CtxDep) -> Response:
    return await ctx.reads.run(_articles, request, ctx, None)


@router.get(
    "/articles.json",
    summary="Ingested articles (JSON twin of /articles)",
    responses={200: {"model": ArticlesPage}},
)
async def articles_json(request: Request, ctx: CtxDep) -> Response:
    return await ctx.reads.run(_articles, request, ctx, "json")


def _article(request: Request, ctx: Context, article_id: int, fmt: str | None) -> Response:
    data = queries.article(ctx.db, ctx.urls, article_id)
    if data is None:
        raise HTTPException(404, f"There is no article number {article_id}.")
    extra = {"pieces": present.marked_text(data.clean_text, data.statements)}
    json_url = ctx.urls.article(article_id, "json")
    return page(request, "article.html", data, fmt=fmt, json_url=json_url, extra=extra)


@router.get(
    "/articles/{article_id}.json",
    summary="An article and its statements",
    responses={200: {"model": ArticlePage}},
)
async def article_json(request: Request, ctx: CtxDep, article_id: int) -> Response:
    return await ctx.reads.run(_article, request, ctx, article_id, "json")


@router.get("/articles/{article_id}", include_in_schema=False)
async def article_page(request: Request, ctx: CtxDep, article_id: int) -> Response:
    return await ctx.reads.run(_article, request, ctx, article_id, None)
