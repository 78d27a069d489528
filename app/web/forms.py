"""`/new`: paste or upload two to six statements; errors stand next to their field and keep
the input.

The form is checked by the API's own input model, flattened (`inputs.ComparisonForm`),
so both refuse the same things. Its body is read by form_body.py rather than by FastAPI's
`Form()` parameters, because two refusals must reach the person next to their field with
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

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from app.services import comparisons
from app.services.collations import GridPage
from app.services.comparisons import AlignmentTimeout
from app.services.ingestion import ReadError, ReadTooLarge, ReadTooSlow, read_upload
from app.services.shapes import Created
from app.web.api import create, sides_of
from app.web.comparison import DELETE_COOKIE, not_found
from app.web.deps import Context, CtxDep
from app.web.form_body import (
    DEFAULT_LABELS,
    Submission,
    blank_values,
    read_form,
    sides,
)
from app.web.importing import import_sides
from app.web.inputs import (
    FORM_PARTS,
    MAX_LABEL,
    MAX_SOURCE,
    MAX_STATEMENTS,
    MAX_TITLE,
    ComparisonForm,
    StatementForm,
    from_form,
    which,
)
from app.web.limits import Busy, human_size, statement_too_large

router = APIRouter(include_in_schema=False)
LIMITS = {"title": MAX_TITLE, "label": MAX_LABEL, "source": MAX_SOURCE}


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
