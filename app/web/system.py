"""System pages: API docs, a ping for load tests, health and version."""

from __future__ import annotations

import platform

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from app.config import app_version
from app.services.comparisons import DIFFER_VERSION
from app.services.queries import database_reachable
from app.web.deps import CtxDep

router = APIRouter()
SWAGGER_UI = "vendor/swagger-ui-5.35.0"


@router.get("/docs", include_in_schema=False)
def docs(request: Request, ctx: CtxDep) -> Response:
    """Swagger UI, served from vendored files: no CDN, no inline script."""
    context = {"openapi_url": request.app.openapi_url, "swagger": SWAGGER_UI}
    return ctx.templates.TemplateResponse(request, "docs.html", context)


@router.get("/-/ping", summary="The cheapest answer the app gives (a load-test baseline)")
async def ping() -> PlainTextResponse:
    return PlainTextResponse("pong")


@router.get("/-/health", summary="Is the app up and its database reachable?")
def health(ctx: CtxDep) -> JSONResponse:
    if not database_reachable(ctx.db):
        return JSONResponse({"status": "error", "database": "unreachable"}, status_code=503)
    return JSONResponse({"status": "ok", "database": "ok"})


@router.get("/-/version", summary="Versions of the app, the differ and the runtime")
async def version(ctx: CtxDep) -> JSONResponse:
    return JSONResponse(
        {
            "readouts": app_version(),
            "differ": DIFFER_VERSION,
            "python": platform.python_version(),
            "database": ctx.db.dialect,
        }
    )
