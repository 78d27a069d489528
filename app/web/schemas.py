"""The one error shape of the JSON API, for the OpenAPI description.

Pages and their JSON twins are described by their own objects (`app.services.shapes`, and
the differ's contract in `app/differ/types.py`); this is the only shape that is not a page.
"""

from __future__ import annotations

from pydantic import BaseModel, Field


class ErrorDetail(BaseModel):
    status: int
    message: str = Field(description="what went wrong, for a person")
    detail: dict[str, object] | None = None


class ErrorOut(BaseModel):
    """Every JSON error, whatever its status."""

    error: ErrorDetail
