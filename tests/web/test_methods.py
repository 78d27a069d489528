"""HEAD answers like GET, without the body, on every page; a wrong method names the right ones."""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest
from fastapi import APIRouter
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

import app.web

SLUG = "2025-03-18-trump-putin-call"


def get_routes() -> list[APIRoute]:
    """The routes of every router in app.web."""
    routes = []
    for info in pkgutil.iter_modules(app.web.__path__):
        router = getattr(importlib.import_module(f"app.web.{info.name}"), "router", None)
        if isinstance(router, APIRouter):
            routes += [r for r in router.routes if isinstance(r, APIRoute)]
    return routes


def get_pages() -> list[str]:
    """Every GET route of the app, its parameters filled with things that exist."""
    paths = []
    for route in get_routes():
        if "GET" in route.methods and not route.path.endswith("/edit"):  # secret: see below
            path = route.path.replace("{slug}", SLUG).replace("{article_id}", "1")
            path = path.replace("{number}", "1").replace("{a:int}-{b:int}", "1-2")
            assert not re.search(r"{\w+}", path), f"fill in the parameters of {route.path}"
            paths.append(path)
    return [*paths, "/docs", "/openapi.json", "/static/style.css"]


def test_every_get_page_answers_head_with_no_body(corpus_client: TestClient) -> None:
    pages = get_pages()
    assert len(pages) >= 12
    for path in pages:
        got = corpus_client.get(path)
        assert got.status_code == 200, path
        head = corpus_client.head(path)
        assert head.status_code == 200, f"HEAD {path}: {head.status_code}"
        assert head.content == b"", path
        assert head.headers["content-type"] == got.headers["content-type"], path
        assert head.headers.get("content-length") == got.headers.get("content-length"), path


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("DELETE", "/", {"GET", "HEAD"}),
        ("PUT", "/new", {"GET", "HEAD", "POST"}),
        ("GET", "/api/align", {"POST"}),
        ("PATCH", f"/c/{SLUG}.json", {"GET", "HEAD"}),
        ("PUT", "/api/comparisons", {"GET", "HEAD", "POST"}),
    ],
)
def test_a_wrong_method_gets_405_with_allow(
    corpus_client: TestClient, method: str, path: str, allowed: set[str]
) -> None:
    response = corpus_client.request(method, path)
    assert response.status_code == 405
    assert {m.strip() for m in response.headers["allow"].split(",")} == allowed
    message = (
        response.json()["error"]["message"]
        if path.startswith("/api") or ".json" in path
        else response.text
    )
    assert all(name in message for name in allowed), message
