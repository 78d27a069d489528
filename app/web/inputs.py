"""The one input model: what a person may send as a comparison, through the API or the form.

The API's JSON body (`ComparisonIn`) and the `/new` form (`ComparisonForm`, the same fields
flattened as a form has them) are built from the same field types, so a limit or a refusal
holds for both: a title of at most 300 characters, labels of at most 200 (the database
holds 255), no control characters in either, statements without NUL, sources that are web
addresses. A statement is its text, or the web address to import it from (`url`): the API
fetches it; the form imports it into the text for the person to review, so the form's model
(`ComparisonForm`) has the text only, and checks an address to import with `import_address`.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Annotated, Any, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    Field,
    TypeAdapter,
    create_model,
    model_validator,
)
from pydantic.fields import FieldInfo

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
Url = Annotated[
    str | None,
    Field(
        default=None,
        max_length=MAX_SOURCE,
        description=(
            "Instead of `text`: the address of the page or PDF to fetch the statement from "
            "(http/https, public internet only, at most 5 MB and 10 s; redirects followed). "
            "Its text is read as an upload is, and the side's `source` is the address it was "
            "finally fetched from."
        ),
        examples=["https://www.whitehouse.gov/briefings-statements/…"],
    ),
    AfterValidator(web_address),
]
EventDate = Annotated[dt.date | None, BeforeValidator(_blank_is_none)]


class SideIn(BaseModel):
    """One statement: who issued it, its text (or the address to fetch it from), and where
    it was published."""

    label: Label
    text: Text | None = None
    url: Url = None
    source: Source = None

    @model_validator(mode="after")
    def text_or_url(self) -> Self:
        if (self.text is None) == (self.url is None):
            raise ValueError("give the statement's text or its url, one of the two")
        if self.url is not None and self.source is not None:
            raise ValueError(
                "a statement fetched from its url has as its source the address it was "
                "fetched from; leave out source"
            )
        return self


MIN_STATEMENTS, MAX_STATEMENTS = 2, 6


class PairIn(BaseModel):
    """Two statements as `left` and `right`, or two to six as `statements`, in order."""

    left: SideIn | None = None
    right: SideIn | None = None
    statements: list[SideIn] | None = Field(
        default=None,
        min_length=MIN_STATEMENTS,
        max_length=MAX_STATEMENTS,
        description=(
            "Instead of `left` and `right`: two to six statements of one event, in the order "
            "they are to be shown. Two make the same comparison as `left` and `right`."
        ),
    )

    @model_validator(mode="after")
    def pair_or_statements(self) -> Self:
        pair = (self.left is not None, self.right is not None)
        if self.statements is not None and any(pair):
            raise ValueError("give `left` and `right`, or `statements`, not both")
        if self.statements is None and not all(pair):
            raise ValueError("give both `left` and `right` (or two to six `statements`)")
        return self

    def named(self) -> list[tuple[str, SideIn]]:
        """Each statement with the name an error gives it: `left`, `right`, `statements[3]`."""
        if self.statements is not None:
            return [(f"statements[{k}]", side) for k, side in enumerate(self.statements)]
        assert self.left is not None and self.right is not None
        return [("left", self.left), ("right", self.right)]


class ComparisonIn(PairIn):
    title: Title
    date: EventDate = None
    unlisted: bool = False


def _flattened(model: type[ComparisonIn]) -> type[BaseModel]:
    """The model's fields as a form names them: `left.label` becomes `left_label`.

    The form's text is required: an address is imported into it before the form is checked.
    """
    fields: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name == "statements":  # the form's third to sixth statements: StatementForm
            continue
        if name in SIDES:
            for part in SideIn.model_fields:
                if part in FORM_PARTS:
                    form_info = FieldInfo.from_annotation(FORM_PARTS[part])
                    fields[f"{name}_{part}"] = (form_info.annotation, form_info)
        else:
            fields[name] = (info.annotation, info)
    return create_model(f"{model.__name__}Form", **fields)


SIDES = ("left", "right")


ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth")


def form_side(k: int) -> str:
    """The form's name of statement k (0-based): `left`, `right`, then `s3` … `s6`."""
    return SIDES[k] if k < 2 else f"s{k + 1}"


def which(side: str) -> str:
    """How the form names a side to a person: first, second, third…"""
    if side in SIDES:
        return ORDINALS[SIDES.index(side)]
    number = side.removeprefix("s")
    return ORDINALS[int(number) - 1] if number.isdigit() and 0 < int(number) <= 6 else side


# The parts of a side that the form checks, and their types there.
FORM_PARTS: dict[str, Any] = {"label": Label, "text": Text, "source": Source}
# The /new form: ComparisonIn's fields, flat. A text may come from an uploaded file
# instead, so the form's texts are read (and files decoded) before this model checks them.
ComparisonForm = _flattened(ComparisonIn)


# A third to sixth statement on the form: the same parts, checked by the same types.
_STATEMENT_FIELDS: dict[str, Any] = {
    part: (FieldInfo.from_annotation(kind).annotation, FieldInfo.from_annotation(kind))
    for part, kind in FORM_PARTS.items()
}
StatementForm: type[BaseModel] = create_model("StatementForm", **_STATEMENT_FIELDS)


def from_form(form: BaseModel, more: list[BaseModel] | None = None) -> ComparisonIn:
    """A checked form as the API's model (checked again: cheap, and one path onwards);
    with `more` statements (the third and later), as `statements`."""
    values = form.model_dump()
    sides = {side: {part: values.pop(f"{side}_{part}") for part in FORM_PARTS} for side in SIDES}
    if not more:
        return ComparisonIn.model_validate({**values, **sides})
    statements = [sides["left"], sides["right"], *(m.model_dump() for m in more)]
    return ComparisonIn.model_validate({**values, "statements": statements})


_URL: TypeAdapter[str | None] = TypeAdapter(Url)


def import_address(value: str) -> str:
    """An address the form is asked to import from, checked as the API checks `url`."""
    url = _URL.validate_python(value)
    if url is None:
        raise ValueError("must be a web address starting with http:// or https://")
    return url
