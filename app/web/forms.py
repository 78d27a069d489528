"""`/new`: paste or upload two statements; errors stand next to their field and keep the input.

The form is checked by the API's own input model, flattened (`inputs.ComparisonForm`),
so both refuse the same things. It is parsed here rather than by FastAPI's `Form()`
parameters, because two refusals must reach the person next to their field with
everything they typed kept, where `Form()` answers a bare 400 page: a pasted text over the
size limit, and a field that is not UTF-8 (which Starlette would decode as Latin-1,
storing mojibake).

A statement can also be imported from a web address: each statement's "Import" button (a
submit button, so it works without JavaScript) sends the whole form; the server fetches the
page and shows the form again with its text, source, and the title, date and issuer the page
suggests where none was typed, for the person to review before comparing. "Compare" does the
same for a statement given only by its address.

Only reading the body happens on the event loop; it is parsed in a worker thread. Imports
(which wait on the network) run in a worker thread; checking, decoding files, aligning and
storing in one of the worker's alignment slots (`AlignSlots`): when they are all taken and
the line is full, the form comes back with a 503 and what was typed.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from starlette.datastructures import FormData, Headers, UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from app.services import comparisons
from app.services.collations import GridPage
from app.services.comparisons import AlignmentTimeout
from app.services.ingestion import ReadError, ReadTooLarge, ReadTooSlow, read_upload
from app.services.shapes import Created
from app.web.api import create, sides_of
from app.web.comparison import DELETE_COOKIE, not_found
from app.web.deps import Context, CtxDep
from app.web.importing import import_sides
from app.web.inputs import (
    FORM_PARTS,
    MAX_LABEL,
    MAX_SOURCE,
    MAX_STATEMENTS,
    MAX_TITLE,
    MIN_STATEMENTS,
    ComparisonForm,
    StatementForm,
    form_side,
    from_form,
    which,
)
from app.web.limits import Busy, human_size, request_limit, statement_too_large

router = APIRouter(include_in_schema=False)
IMPORT = "import"  # the name of the Import buttons; the value is the statement's side
ADD, REMOVE = "add", "remove"  # "Add another account"; each statement's "Remove" (its number)
DEFAULT_LABELS = {"left": "White House", "right": "Kremlin"} | {
    form_side(k): "" for k in range(2, MAX_STATEMENTS)
}
PARTS = ("label", "text", "url", "source")
# Fields a form may have: a title, date, unlisted, count and buttons, and each statement's.
MAX_FIELDS = 8 + len(PARTS) * MAX_STATEMENTS
LIMITS = {"title": MAX_TITLE, "label": MAX_LABEL, "source": MAX_SOURCE}


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


def render_form(
    request: Request,
    ctx: Context,
    submission: Submission,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    context = {
        "sides": [(side, which(side)) for side in sides(submission.count)],
        "count": submission.count,
        "max_count": MAX_STATEMENTS,
        "values": submission.values,
        "errors": submission.errors,
        "notices": submission.notices,
        "refusal": submission.refusal,
        "json_url": None,
    }
    return ctx.templates.TemplateResponse(
        request, "new.html", context, status_code=status, headers=headers
    )


@router.get("/new")
async def new_form(request: Request, ctx: CtxDep) -> Response:
    return render_form(request, ctx, Submission(values=blank_values()))


@router.post("/new")
async def new_submit(request: Request, ctx: CtxDep) -> Response:
    body = await request.body()  # bounded by BodyLimit
    limit = ctx.settings.max_statement_bytes
    submission = await run_in_threadpool(read_form, request.headers, body, limit)
    if submission.resizing or sides_to_import(submission):  # no aligning: no alignment slot
        made = await run_in_threadpool(check_and_store, ctx, submission)
    else:
        try:
            made = await ctx.aligning.run(check_and_store, ctx, submission)
        except Busy as busy:
            return await ctx.reads.run(busy_form, request, ctx, submission, busy)
    if made is None:  # the form again, with what was typed: rendered off the loop too
        return await ctx.reads.run(render_form, request, ctx, submission, submission.status)
    slug = made.slug
    response = RedirectResponse(ctx.urls.comparison(slug), status_code=303)
    if made.delete_token:
        # Shown once on the permalink page, which then clears it.
        response.set_cookie(
            DELETE_COOKIE,
            made.delete_token,
            max_age=600,
            path=ctx.urls.comparison(slug),
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
        )
    return response


def busy_form(request: Request, ctx: Context, submission: Submission, busy: Busy) -> Response:
    """The form as typed, with why it was not taken, and when to send it again."""
    files = " (choose any files again)" if submission.uploads else ""
    submission.refusal = (
        "The server is aligning other statements right now and cannot take more. "
        f"Nothing you typed was lost: send the form again{files} in about "
        f"{busy.retry_after} seconds."
    )
    headers = {"Retry-After": str(busy.retry_after)}
    return render_form(request, ctx, submission, 503, headers)


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


@dataclass(frozen=True)
class Made:
    """What the form's redirect needs of a stored comparison, after the commit."""

    slug: str
    delete_token: str | None


def check_and_store(ctx: Context, submission: Submission) -> Made | None:
    """Store the submission, or None with its problems recorded field by field (or the
    form again with a statement more or fewer, or with what was imported)."""
    limit = ctx.settings.max_statement_bytes
    for side, (filename, data) in submission.uploads.items():
        read_file(ctx, submission, side, filename, data)
    if submission.resizing:
        if not submission.errors:
            submission.status = 200
        return None
    if to_import := sides_to_import(submission):
        import_sides(ctx.settings, submission, to_import, DEFAULT_LABELS)
        if not submission.errors:
            submission.status = 200  # the form, filled in, to review before comparing
        return None
    for side in sides(submission.count):
        text = submission.values[f"{side}_text"]
        if problem := statement_too_large(text, which(side), limit):
            submission.refuse(f"{side}_text", problem, 413)
    values = submission.values
    try:
        form = ComparisonForm.model_validate({**values, "unlisted": bool(values["unlisted"])})
    except ValidationError as error:
        form = None
        for detail in error.errors():
            name = str(detail["loc"][0])
            submission.refuse(name, message_for(name, detail))
    more = []
    for side in sides(submission.count)[2:]:
        try:
            more.append(
                StatementForm.model_validate({p: values[f"{side}_{p}"] for p in FORM_PARTS})
            )
        except ValidationError as error:
            for detail in error.errors():
                name = f"{side}_{detail['loc'][0]}"
                submission.refuse(name, message_for(name, detail))
    if submission.errors or form is None:
        return None
    body = from_form(form, more)
    try:
        return create(ctx, body, sides_of(ctx, body), _as_made, _as_made_many)
    except AlignmentTimeout as error:
        submission.refuse("left_text", str(error))
        return None


def _as_made(made: Created) -> Made:
    """The form's answer is a redirect, made from what was stored, after the commit."""
    return Made(made.shown.page.slug, made.delete_token)


def _as_made_many(page: GridPage, _created: bool, delete_token: str | None) -> Made:
    return Made(page.slug, delete_token)


def sides_to_import(submission: Submission) -> list[str]:
    """The side whose Import button was pressed; on Compare, each side given by its address
    alone (no text, no file), to be imported and shown for review rather than compared."""
    if submission.importing is not None:
        return [submission.importing]
    values = submission.values
    return [
        side
        for side in sides(submission.count)
        if values[f"{side}_url"]
        and not values[f"{side}_text"].strip()
        and side not in submission.uploads
    ]


def read_file(ctx: Context, submission: Submission, side: str, filename: str, data: bytes) -> None:
    """An uploaded file's text in place of the typed one, or why not (413, 422 or 415)."""
    name, limit = f"{side}_text", ctx.settings.max_statement_bytes
    if len(data) > limit:
        message = (
            f"{filename} is larger than {human_size(limit)}, "
            f"the limit for the {which(side)} statement."
        )
        submission.refuse(name, message, 413)
        return
    settings = ctx.settings
    try:
        text = read_upload(data, filename, settings.pdf_max_pages, settings.read_budget_seconds)
    except ReadTooLarge as error:
        submission.refuse(name, str(error), 413)
    except ReadTooSlow as error:
        submission.refuse(name, str(error), 422)
    except ReadError as error:
        submission.refuse(name, str(error), 415)
    else:
        submission.values[name] = text


def message_for(name: str, problem: Any) -> str:
    """The model's complaint about a field, said to the person who filled the form."""
    side, _, part = name.partition("_")
    kind = problem["type"]
    empty = kind in ("missing", "string_too_short") or "empty" in problem["msg"]
    if name == "title" and empty:
        return "Give the comparison a title, e.g. “Trump–Putin call, 18 March”."
    if name == "date":
        return "Write the date as YYYY-MM-DD, e.g. 2025-03-18."
    if part == "label" and empty:
        return f"Say who issued the {which(side)} statement."
    if part == "text" and empty:
        return f"Paste the {which(side)} statement or choose a file."
    if part == "text":
        return f"The {which(side)} statement {problem['msg'].removeprefix('Value error, ')}"
    if part == "source":
        return "A source is a web address starting with https://."
    if kind == "string_too_long":
        limit = LIMITS[part or name]
        return f"This is {len(problem['input']):,} characters long; the limit is {limit}."
    reason = str(problem["msg"]).removeprefix("Value error, ")
    return f"This field {reason}."


@router.get("/c/{slug}/delete")
def confirm_delete(request: Request, ctx: CtxDep, slug: str, token: str = "") -> Response:
    title = comparisons.title_of(ctx.db, slug)
    if title is None:
        raise not_found(ctx, slug)
    context = {"title": title, "slug": slug, "token": token[:200], "json_url": None}
    return ctx.templates.TemplateResponse(request, "delete.html", context)


@router.post("/c/{slug}/delete")
async def delete_submit(request: Request, ctx: CtxDep, slug: str) -> Response:
    form = await request.form(max_files=0, max_fields=5, max_part_size=1024)
    token = form.get("token")
    await form.close()
    if not isinstance(token, str):
        token = ""
    try:
        title = await run_in_threadpool(comparisons.remove, ctx.db, slug, token)
    except LookupError:
        raise not_found(ctx, slug) from None
    if title is None:
        raise HTTPException(403, "This delete link is not valid for this comparison.")
    context = {"title": title, "json_url": None}
    return ctx.templates.TemplateResponse(request, "deleted.html", context)
