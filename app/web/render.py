"""Render one page's data as HTML or as its JSON twin; one error shape for every JSON error."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse, Response
from fastapi.templating import Jinja2Templates

from app.web.urls import Urls


def templates_of(request: Request) -> Jinja2Templates:
    templates: Jinja2Templates = request.app.state.templates
    return templates


def urls_of(request: Request) -> Urls:
    urls: Urls = request.app.state.urls
    return urls


def page(
    request: Request,
    template: str,
    data: dict[str, Any],
    *,
    fmt: str | None,
    json_url: str | None,
    status_code: int = 200,
    extra: dict[str, Any] | None = None,
) -> Response:
    """The same data, as the HTML page or (fmt == "json") as its JSON twin.

    The HTML page advertises its twin with a `Link` header and `<link rel="alternate">`.
    `extra` holds what only the HTML needs (presentation helpers), never new facts.
    """
    if fmt == "json":
        return JSONResponse(data, status_code=status_code)
    context = {"data": data, "json_url": json_url, **(extra or {})}
    response = templates_of(request).TemplateResponse(
        request, template, context, status_code=status_code
    )
    if json_url:
        response.headers["Link"] = f'<{json_url}>; rel="alternate"; type="application/json"'
    return response


def json_error(status_code: int, message: str, **detail: Any) -> JSONResponse:
    body: dict[str, Any] = {"error": {"status": status_code, "message": message}}
    if detail:
        body["error"]["detail"] = detail
    return JSONResponse(body, status_code=status_code)


def html_error(request: Request, status_code: int, message: str) -> Response:
    return templates_of(request).TemplateResponse(
        request, "error.html", {"status": status_code, "message": message}, status_code=status_code
    )


def json_path(path: str) -> bool:
    """The API and the JSON twins answer in JSON, errors included."""
    return path.startswith("/api/") or path.endswith(".json")


def wants_json(request: Request) -> bool:
    """JSON errors for the API, JSON twins and clients that ask for JSON; HTML otherwise."""
    if json_path(request.url.path):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept
