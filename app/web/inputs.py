"""The one input model: what a person may send as a comparison, through the API or the form.

The API's JSON body (`ComparisonIn`) and the `/new` form (`ComparisonForm`, the same fields
flattened as a form has them) are built from the same field types, so a limit or a refusal
holds for both: a title of at most 300 characters, labels of at most 200 (the database
holds 255), no control characters in either, statements without NUL, sources that are web
addresses.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, Field, create_model

from app.web.limits import NUL_MESSAGE

MAX_TITLE = 300
MAX_LABEL = 200
MAX_SOURCE = 2000


def printable(value: str) -> str:
    """Control characters (NUL above all) cannot be in any stored title, issuer or query."""
    if not value.isprintable():
        raise ValueError("must not contain control characters")
    return value


def one_line(value: str) -> str:
    """A title or label: trimmed, not blank, and free of control characters.

    Unicode spaces (no-break space and the like) are allowed; tabs, newlines, NUL and
    the other C0/C1 controls, and lone surrogates, are not.
    """
    value = value.strip()
    if not value:
        raise ValueError("must not be empty or only spaces")
    if any(unicodedata.category(c) in ("Cc", "Cs") for c in value):
        raise ValueError("must not contain control characters (tabs, line breaks, NUL…)")
    return value


def statement_text(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty or only spaces")
    if "\x00" in value:
        raise ValueError(NUL_MESSAGE)
    return value


def web_address(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    value = value.strip()
    if not value.startswith(("http://", "https://")) or not value.isprintable():
        raise ValueError("must be a web address starting with http:// or https://")
    return value


def _blank_is_none(value: object) -> object:
    return None if isinstance(value, str) and not value.strip() else value


Title = Annotated[
    str,
    Field(min_length=1, max_length=MAX_TITLE, examples=["Trump–Putin call, 18 March 2025"]),
    AfterValidator(one_line),
]
Label = Annotated[
    str,
    Field(min_length=1, max_length=MAX_LABEL, examples=["White House"]),
    AfterValidator(one_line),
]
Text = Annotated[
    str,
    Field(min_length=1, examples=["Today, President Trump and President Putin spoke…"]),
    AfterValidator(statement_text),
]
Source = Annotated[
    str | None,
    Field(default=None, max_length=MAX_SOURCE, examples=["https://…"]),
    AfterValidator(web_address),
]
EventDate = Annotated[dt.date | None, BeforeValidator(_blank_is_none)]


class SideIn(BaseModel):
    """One statement: who issued it, its text, and where it was published."""

    label: Label
    text: Text
    source: Source = None


class PairIn(BaseModel):
    left: SideIn
    right: SideIn


class ComparisonIn(PairIn):
    title: Title
    date: EventDate = None
    unlisted: bool = False


def _flattened(model: type[ComparisonIn]) -> type[BaseModel]:
    """The model's fields as a form names them: `left.label` becomes `left_label`."""
    fields: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name in SIDES:
            side: type[BaseModel] = info.annotation  # type: ignore[assignment]
            for part, part_info in side.model_fields.items():
                fields[f"{name}_{part}"] = (part_info.annotation, part_info)
        else:
            fields[name] = (info.annotation, info)
    return create_model(f"{model.__name__}Form", **fields)


SIDES = ("left", "right")
# The /new form: ComparisonIn's fields, flat. A text may come from an uploaded file
# instead, so the form's texts are read (and files decoded) before this model checks them.
ComparisonForm = _flattened(ComparisonIn)


def from_form(form: BaseModel) -> ComparisonIn:
    """A checked form as the API's model (checked again: cheap, and one path onwards)."""
    values = form.model_dump()
    sides = {
        side: {part: values.pop(f"{side}_{part}") for part in SideIn.model_fields} for side in SIDES
    }
    return ComparisonIn.model_validate({**values, **sides})
