"""The `/new` form as sent: its body read into a `Submission` (fields, files, what is wrong).

Apart from the page's handlers (forms.py) because reading a form body is a job of its own:
Starlette's multipart parser run over a body already read, in a worker thread; text fields
that are not UTF-8 named instead of guessed at; and statements added or removed by the
form's own buttons, so the form works without JavaScript.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from fastapi import HTTPException
from starlette.datastructures import FormData, Headers, UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from app.web.inputs import MAX_STATEMENTS, MIN_STATEMENTS, form_side
from app.web.limits import request_limit

IMPORT = "import"  # the name of the Import buttons; the value is the statement's side
ADD, REMOVE = "add", "remove"  # "Add another account"; each statement's "Remove" (its number)
DEFAULT_LABELS = {"left": "White House", "right": "Kremlin"} | {
    form_side(k): "" for k in range(2, MAX_STATEMENTS)
}
PARTS = ("label", "text", "url", "source")
# Fields a form may have: a title, date, unlisted, count and buttons, and each statement's.
MAX_FIELDS = 8 + len(PARTS) * MAX_STATEMENTS


@dataclass
class Submission:
    """What the person typed, and what is wrong with it, field by field (or as a whole)."""

    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    status: int = 422
    uploads: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    importing: str | None = None  # the side whose Import button was pressed
    count: int = MIN_STATEMENTS  # statements on the form: 2 to 6
    resizing: bool = False  # "Add another account" or a "Remove" was pressed
    notices: dict[str, str] = field(default_factory=dict)  # by side: what was imported
    refusal: str | None = None  # why the form as a whole was not taken

    def refuse(self, name: str, message: str, status: int = 422) -> None:
        """Record the first problem of a field; a size or type problem decides the status."""
        self.errors.setdefault(name, message)
        if status != 422:
            self.status = status


class Utf8MultiPartParser(MultiPartParser):
    """Starlette's parser, but a text field that is not UTF-8 is noted, not guessed at."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.not_utf8: set[str] = set()

    def on_part_end(self) -> None:
        part = self._current_part
        if part.file is None:
            try:
                bytes(part.data).decode("utf-8")
            except UnicodeDecodeError:
                self.not_utf8.add(part.field_name)
        super().on_part_end()


def sides(count: int) -> list[str]:
    """The form's names of its statements: left, right, s3 … s6."""
    return [form_side(k) for k in range(count)]


def blank_values(count: int = MIN_STATEMENTS) -> dict[str, str]:
    values = {"title": "", "date": "", "unlisted": ""}
    for side in sides(count):
        values |= {f"{side}_label": DEFAULT_LABELS[side], f"{side}_text": ""}
        values |= {f"{side}_url": "", f"{side}_source": ""}
    return values


def read_form(headers: Headers, body: bytes, limit: int) -> Submission:
    """The fields as typed and the uploaded files' bytes (up to one byte over the limit).

    Text fields may be as long as the whole body, so that an over-long one is refused next
    to its field by the size check rather than by the parser.
    """
    submission = Submission(values=blank_values(MAX_STATEMENTS))
    if headers.get("content-type", "").startswith("multipart/form-data"):
        fields, not_utf8 = _multipart(headers, body, submission, limit)
    else:
        fields, not_utf8 = _urlencoded(body)
    count = fields.get("count", "")
    submission.count = (
        min(max(int(count), MIN_STATEMENTS), MAX_STATEMENTS)
        if count.isascii() and count.isdigit() and len(count) < 3
        else MIN_STATEMENTS
    )
    for name in submission.values:
        value = fields.get(name)
        if value is not None:
            submission.values[name] = value if name.endswith("_text") else value.strip()
    for name in not_utf8 & set(submission.values):
        submission.values[name] = ""
        submission.refuse(name, "This field was not sent as UTF-8 text; type or paste it again.")
    shown = sides(submission.count)
    submission.values = {
        k: v
        for k, v in submission.values.items()
        if k.partition("_")[0] not in DEFAULT_LABELS or k.partition("_")[0] in shown
    }
    if fields.get(IMPORT) in shown:
        submission.importing = fields[IMPORT]
    resize(submission, fields.get(ADD), fields.get(REMOVE))
    return submission


def resize(submission: Submission, add: str | None, remove: str | None) -> None:
    """One more statement ("Add another account"), or one fewer ("Remove"), keeping what
    was typed in the others: a submit button each, so it works without JavaScript."""
    count = submission.count
    if add is not None and count < MAX_STATEMENTS:
        submission.values |= {
            f"{form_side(count)}_{part}": DEFAULT_LABELS[form_side(count)]
            if part == "label"
            else ""
            for part in PARTS
        }
        submission.count, submission.resizing = count + 1, True
    elif remove is not None and remove.isdigit() and count > MIN_STATEMENTS:
        gone = int(remove) - 1
        if not 0 <= gone < count:
            return
        values, uploads = submission.values, submission.uploads
        for k in range(gone, count - 1):
            here, after = form_side(k), form_side(k + 1)
            for part in PARTS:
                values[f"{here}_{part}"] = values[f"{after}_{part}"]
            if after in uploads:
                uploads[here] = uploads.pop(after)
            else:
                uploads.pop(here, None)
        last = form_side(count - 1)
        for part in PARTS:
            values.pop(f"{last}_{part}", None)
        uploads.pop(last, None)
        submission.count, submission.resizing = count - 1, True


def _multipart(
    headers: Headers, body: bytes, submission: Submission, limit: int
) -> tuple[dict[str, str], set[str]]:
    """Starlette's parser over a body already read, in the calling worker thread.

    Its API is async, but with files kept in memory (the body is, already) it never waits:
    it runs to completion on an event loop of the thread's own.
    """
    parser = Utf8MultiPartParser(
        headers,
        _once(body),
        max_files=MAX_STATEMENTS,
        max_fields=MAX_FIELDS,
        max_part_size=request_limit(limit),
    )
    parser.spool_max_size = request_limit(limit)
    try:
        form: FormData = asyncio.run(parser.parse())
    except MultiPartException as error:
        raise HTTPException(400, error.message) from None
    try:
        for side in sides(MAX_STATEMENTS):
            upload = form.get(f"{side}_file")
            if isinstance(upload, UploadFile) and upload.filename:
                submission.uploads[side] = (upload.filename, upload.file.read(limit + 1))
    finally:
        for _, value in form.multi_items():
            if isinstance(value, UploadFile):
                value.file.close()
    fields = {k: v for k, v in form.multi_items() if isinstance(v, str)}
    return fields, parser.not_utf8


async def _once(body: bytes) -> AsyncIterator[bytes]:
    yield body


def _urlencoded(body: bytes) -> tuple[dict[str, str], set[str]]:
    """Percent-decoded as UTF-8; a field that is not keeps its bytes as surrogates, and is named."""
    try:
        pairs = parse_qsl(
            body.decode("utf-8", "surrogateescape"),
            keep_blank_values=True,
            encoding="utf-8",
            errors="surrogateescape",
            max_num_fields=MAX_FIELDS,
        )
    except ValueError:
        raise HTTPException(400, "The form has more fields than it should.") from None
    fields = dict(pairs)
    return fields, {name for name, value in fields.items() if _has_surrogates(value)}


def _has_surrogates(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
