"""The app factory: everything (settings, engine, templates) is built here, never at import."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import Response
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.config import PROJECT_ROOT, Settings, app_version
from app.services import Database
from app.services.comparisons import AlignmentTimeout
from app.web import api, articles, browse, comparison, editing, exports, forms, pairs, system
from app.web.compression import Compression
from app.web.deps import Context
from app.web.limits import AlignSlots, BodyLimit, Busy, request_limit
from app.web.methods import HeadAsGet, allowed_methods
from app.web.render import html_error, json_error, wants_json
from app.web.rendered import RenderCache
from app.web.security import SameOriginWrites, SecurityHeaders
from app.web.statics import HashedStaticFiles, StaticNames
from app.web.threads import ReadThreads
from app.web.urls import Urls


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    app = FastAPI(
        title="Readouts",
        summary="Official readouts of the same event, side by side, aligned clause by clause.",
        version=app_version(),
        docs_url=None,
        redoc_url=None,
    )
    static_names = StaticNames(PROJECT_ROOT / "static")
    urls = Urls(static_names)
    app.state.db = Database.open(settings)
    app.state.context = Context(
        db=app.state.db,
        settings=settings,
        urls=urls,
        cache=RenderCache(settings.render_cache_size, settings.render_cache_bytes),
        templates=_templates(urls),
        reads=ReadThreads(settings.read_threads),
        aligning=AlignSlots(
            settings.align_concurrency, settings.align_queue, settings.align_budget_seconds
        ),
    )
    app.mount("/static", HashedStaticFiles(static_names), name="static")
    # exports before comparison: `/c/{slug}` would take `/c/x.csv` as the slug `x.csv`.
    for module in (browse, exports, comparison, pairs, articles, system, api, forms, editing):
        app.include_router(module.router)
    _install_error_handlers(app)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    # Innermost, so that what BodyLimit sends itself (the 413 at once, then the drain) is
    # never held in a compressor.
    app.add_middleware(Compression)
    app.add_middleware(BodyLimit, max_bytes=request_limit(settings.max_statement_bytes))
    app.add_middleware(
        SameOriginWrites,
        public_origin=settings.public_origin,
        trusted_origins=settings.trusted_origins,
    )
    app.add_middleware(SecurityHeaders)
    app.add_middleware(HeadAsGet)
    return app


def _templates(urls: Urls) -> Jinja2Templates:
    templates = Jinja2Templates(directory=PROJECT_ROOT / "templates")
    templates.env.globals["urls"] = urls
    return templates


def _install_error_handlers(app: FastAPI) -> None:
    """Every error answers in one shape: a page for people, `{"error": ...}` for programs."""

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "The request failed."
        headers = dict(exc.headers or {})
        if exc.status_code == 404 and message == "Not Found":
            message = f"There is no page at {request.url.path}."
        if exc.status_code == 405:
            allowed = allowed_methods(request.app, request.scope)
            headers["Allow"] = ", ".join(allowed)
            message = f"{request.url.path} takes only {', '.join(allowed)} requests."
        if wants_json(request):
            return json_error(exc.status_code, message, headers=headers)
        return html_error(request, exc.status_code, message, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        problems = [_describe(error) for error in exc.errors()]
        message = "The request is not valid: " + "; ".join(problems)
        if wants_json(request):
            return json_error(422, message, problems=problems)
        return html_error(request, 422, message)

    @app.exception_handler(AlignmentTimeout)
    async def too_slow(request: Request, exc: AlignmentTimeout) -> Response:
        if wants_json(request):
            return json_error(422, str(exc))
        return html_error(request, 422, str(exc))

    @app.exception_handler(Busy)
    async def busy(request: Request, exc: Busy) -> Response:
        headers = {"Retry-After": str(exc.retry_after)}
        if wants_json(request):
            return json_error(503, str(exc), headers=headers)
        return html_error(request, 503, str(exc), headers=headers)

    @app.exception_handler(Exception)
    async def unexpected_error(request: Request, exc: Exception) -> Response:
        message = "Something went wrong on our side. Nothing you sent was lost; try again."
        if wants_json(request):
            return json_error(500, message)
        return html_error(request, 500, message)


def _openapi(app: FastAPI) -> dict[str, object]:
    """The generated schema, with validation errors described as the one error shape."""
    if app.openapi_schema is None:
        schema = get_openapi(
            title=app.title, version=app.version, summary=app.summary, routes=app.routes
        )
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components["HTTPValidationError"] = {"$ref": "#/components/schemas/ErrorOut"}
        components.pop("ValidationError", None)
        app.openapi_schema = schema
    return app.openapi_schema


def _describe(error: dict[str, object]) -> str:
    location = ".".join(str(part) for part in error.get("loc", ()) if part != "body")  # type: ignore[attr-defined]
    return f"{location}: {error.get('msg')}" if location else str(error.get("msg"))
