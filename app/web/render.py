"""Render one page's object as HTML or as its JSON twin; one error shape for every JSON error."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse, Response

from app.services.shapes import to_json
from app.web.deps import templates_of
from app.web.urls import Urls


def page(
    request: Request,
    template: str,
    data: object,
    *,
    fmt: str | None,
    json_url: str | None,
    status_code: int = 200,
    extra: dict[str, Any] | None = None,
) -> Response:
    """The same object, as the HTML page or (fmt == "json") as its JSON twin.

    The HTML page advertises its twin with a `Link` header and `<link rel="alternate">`.
    `extra` holds what only the HTML needs (presentation helpers), never new facts.
    """
    if fmt == "json":
        return json_page(data, status_code)
    context = {"data": data, "json_url": json_url, **(extra or {})}
    response = templates_of(request).TemplateResponse(
        request, template, context, status_code=status_code
    )
    if json_url:
        response.headers["Link"] = f'<{json_url}>; rel="alternate"; type="application/json"'
    return response


def json_page(data: object, status_code: int = 200) -> Response:
    return Response(to_json(data), status_code=status_code, media_type="application/json")


def json_error(
    status_code: int, message: str, headers: dict[str, str] | None = None, **detail: Any
) -> JSONResponse:
    body: dict[str, Any] = {"error": {"status": status_code, "message": message}}
    if detail:
        body["error"]["detail"] = detail
    return JSONResponse(body, status_code=status_code, headers=headers)


def html_error(
    request: Request, status_code: int, message: str, headers: dict[str, str] | None = None
) -> Response:
    return templates_of(request).TemplateResponse(
        request,
        "error.html",
        {"status": status_code, "message": message},
        status_code=status_code,
        headers=headers,
    )


def wants_json(request: Request) -> bool:
    """JSON errors for the API, JSON twins and clients that ask for JSON; HTML otherwise."""
    if Urls.is_json(request.url.path):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept
