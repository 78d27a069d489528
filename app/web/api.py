"""The JSON API: list and create comparisons, or align two texts without storing anything."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, field_validator

from app.services import SideInput, run_differ, store_comparison
from app.web.limits import statement_too_large
from app.web.pages import IssuerQ, PageQ, Q, SessionDep, browse_data, comparison_data
from app.web.render import urls_of

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
        return value

    @field_validator("source")
    @classmethod
    def web_address(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        if not value.startswith(("http://", "https://")):
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
        return value.strip()


def check_size(request: Request, pair: PairIn) -> None:
    limit: int = request.app.state.settings.max_statement_bytes
    for name, side in (("left", pair.left), ("right", pair.right)):
        problem = statement_too_large(side.text, name, limit)
        if problem:
            raise HTTPException(413, problem)


def _side(side: SideIn) -> SideInput:
    return SideInput(label=side.label.strip(), text=side.text, source=side.source)


@router.get("/comparisons", summary="List comparisons (search, filter, paginate)")
def list_comparisons(
    request: Request,
    session: SessionDep,
    q: Q = "",
    issuer: IssuerQ = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
    page: PageQ = 1,
) -> dict[str, Any]:
    return browse_data(
        session,
        urls_of(request),
        q=q.strip(),
        issuer=issuer.strip(),
        since=since,
        until=until,
        page_number=page,
        page_size=request.app.state.settings.page_size,
    )


@router.post(
    "/comparisons",
    summary="Create a comparison (200 with the existing one when the pair is already stored)",
    status_code=201,
    responses={200: {"description": "The same pair was already stored"}},
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
    )
    data = comparison_data(session, urls_of(request), stored.comparison)
    return JSONResponse(data, status_code=201 if stored.created else 200)


@router.post("/align", summary="Align two texts and return the contract; nothing is stored")
def align_texts(request: Request, body: PairIn) -> dict[str, Any]:
    check_size(request, body)
    return run_differ(_side(body.left), _side(body.right)).to_dict()
