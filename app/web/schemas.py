"""Response shapes for the OpenAPI description (the JSON contract of DESIGN.md, and lists).

Hot routes return pre-rendered bytes, so these models document responses rather than
validate them; the tests and the schema fuzzer check that responses match.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class ClauseOut(BaseModel):
    start: int = Field(description="text[start:end] is the clause, exactly")
    end: int
    sentence: int


class SpanOut(BaseModel):
    start: int
    end: int
    kind: Literal["shared", "changed", "number", "date", "name"]
    counterpart: int | None = Field(description="index of the matching span on the other side")


class SideOut(BaseModel):
    label: str
    text: str = Field(description="the statement as compared")
    clauses: list[ClauseOut]
    source: str | None = None


class LinkOut(BaseModel):
    left: list[int] = Field(description="clause indexes on the left")
    right: list[int] = Field(description="clause indexes on the right")
    score: float
    kind: Literal["same", "similar", "related"]
    left_spans: list[SpanOut] = []
    right_spans: list[SpanOut] = []


class AlignmentOut(BaseModel):
    """A clause in no link is said by that side only."""

    differ_version: str
    left: SideOut
    right: SideOut
    links: list[LinkOut]


class Coverage(BaseModel):
    left: float = Field(description="share of the left side's clauses with a counterpart")
    right: float


class OneSided(BaseModel):
    left: list[int]
    right: list[int]


class ComparisonSummary(BaseModel):
    slug: str
    title: str
    date: str | None
    left_label: str
    right_label: str
    coverage: Coverage
    url: str
    json_url: str


class ComparisonOut(AlignmentOut, ComparisonSummary):
    """The contract, plus what identifies the comparison."""

    one_sided: OneSided
    delete_url: str | None = Field(
        default=None, description="given once, to the creator: the secret link that deletes it"
    )


class Filters(BaseModel):
    q: str
    issuer: str
    since: str | None
    until: str | None


class BrowseOut(BaseModel):
    comparisons: list[ComparisonSummary]
    filters: Filters
    issuers: list[str]
    total: int
    page: int
    pages: int
    next_url: str | None
    prev_url: str | None


class ErrorDetail(BaseModel):
    status: int
    message: str = Field(description="what went wrong, for a person")
    detail: dict[str, object] | None = None


class ErrorOut(BaseModel):
    """Every JSON error, whatever its status."""

    error: ErrorDetail
