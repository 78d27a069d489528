"""The JSON API: list and create comparisons, or align two texts without storing anything."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field, field_validator

from app.services import (
    SideInput,
    delete_comparison,
    find_by_slug,
    run_differ,
    store_comparison,
)
from app.web.limits import NUL_MESSAGE, statement_too_large
from app.web.pages import ListingDep, SessionDep, browse_data, comparison_data
from app.web.render import urls_of
from app.web.schemas import AlignmentOut, BrowseOut, ComparisonOut, ErrorOut

router = APIRouter(prefix="/api", tags=["api"])


class SideIn(BaseModel):
    """One statement: who issued it, its text, and where it was published."""

    label: str = Field(min_length=1, max_length=200, examples=["White House"])
    text: str = Field(min_length=1, examples=["Today, President Trump and President Putin spoke…"])
    source: str | None = Field(default=None, max_length=2000, examples=["https://…"])

    @field_validator("label", "text")
    @classmethod
    def not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty or only spaces")
        if "\x00" in value:
            raise ValueError(NUL_MESSAGE)
        return value

    @field_validator("source")
    @classmethod
    def web_address(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        if not value.startswith(("http://", "https://")) or not value.isprintable():
            raise ValueError("must be a web address starting with http:// or https://")
        return value.strip()


class PairIn(BaseModel):
    left: SideIn
    right: SideIn


class ComparisonIn(PairIn):
    title: str = Field(min_length=1, max_length=300, examples=["Trump–Putin call, 18 March 2025"])
    date: dt.date | None = None
    unlisted: bool = False

    @field_validator("title")
    @classmethod
    def title_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty or only spaces")
        if "\x00" in value:
            raise ValueError(NUL_MESSAGE)
        return value.strip()


def check_size(request: Request, pair: PairIn) -> None:
    limit: int = request.app.state.settings.max_statement_bytes
    for name, side in (("left", pair.left), ("right", pair.right)):
        problem = statement_too_large(side.text, name, limit)
        if problem:
            raise HTTPException(413, problem)


def _side(side: SideIn) -> SideInput:
    return SideInput(label=side.label.strip(), text=side.text, source=side.source)


@router.get(
    "/comparisons",
    summary="List comparisons (search, filter, paginate)",
    response_model=BrowseOut,
)
def list_comparisons(request: Request, session: SessionDep, query: ListingDep) -> dict[str, Any]:
    return browse_data(session, urls_of(request), query, request.app.state.settings.page_size)


@router.post(
    "/comparisons",
    summary="Create a comparison (200 with the existing one when the pair is already stored)",
    status_code=201,
    responses={
        201: {"model": ComparisonOut, "description": "Created; `delete_url` is given this once"},
        200: {"model": ComparisonOut, "description": "The same pair was already stored"},
        413: {"model": ErrorOut, "description": "A statement is over the size limit"},
    },
)
def create_comparison(request: Request, body: ComparisonIn, session: SessionDep) -> JSONResponse:
    check_size(request, body)
    stored = store_comparison(
        session,
        title=body.title,
        date=body.date,
        left=_side(body.left),
        right=_side(body.right),
        unlisted=body.unlisted,
        budget=request.app.state.settings.align_budget_seconds,
    )
    urls = urls_of(request)
    data = comparison_data(session, urls, stored.comparison)
    if stored.delete_token:
        data["delete_url"] = urls.delete(stored.comparison.slug, stored.delete_token)
    return JSONResponse(data, status_code=201 if stored.created else 200)


@router.delete(
    "/comparisons/{slug}",
    summary="Delete a comparison with the secret token its creator received",
    status_code=204,
    responses={
        403: {"description": "Wrong or missing token"},
        404: {"description": "No such comparison"},
    },
)
def remove_comparison(
    session: SessionDep, slug: str, token: Annotated[str, Query(max_length=200)]
) -> Response:
    comparison = find_by_slug(session, slug)
    if comparison is None:
        raise HTTPException(404, f"There is no comparison at /c/{slug}.")
    if not delete_comparison(session, comparison, token):
        raise HTTPException(403, "This token does not allow deleting this comparison.")
    return Response(status_code=204)


@router.post(
    "/align",
    summary="Align two texts and return the contract; nothing is stored",
    response_model=AlignmentOut,
    responses={413: {"model": ErrorOut, "description": "A statement is over the size limit"}},
)
def align_texts(request: Request, body: PairIn) -> dict[str, Any]:
    check_size(request, body)
    budget = request.app.state.settings.align_budget_seconds
    return run_differ(_side(body.left), _side(body.right), budget).to_dict()
