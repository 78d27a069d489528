"""`/new`: paste or upload two statements; errors stand next to their field and keep the input."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData, UploadFile

from app.differ import AlignmentTimeout
from app.ingest.readers import ReadError, read_bytes
from app.services import SideInput, delete_comparison, find_by_slug, store_comparison
from app.web.limits import NUL_MESSAGE, human_size, statement_too_large
from app.web.pages import DELETE_COOKIE, SessionDep
from app.web.render import templates_of, urls_of

router = APIRouter(include_in_schema=False)
SIDES = ("left", "right")
DEFAULT_LABELS = {"left": "White House", "right": "Kremlin"}


@dataclass
class Submission:
    """What the person typed, and what is wrong with it, field by field."""

    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    status: int = 422

    def refuse(self, name: str, message: str, status: int = 422) -> None:
        """Record the first problem of a field; a size or type problem decides the status."""
        self.errors.setdefault(name, message)
        if status != 422:
            self.status = status


def blank_values() -> dict[str, str]:
    values = {"title": "", "date": "", "unlisted": ""}
    for side in SIDES:
        values |= {f"{side}_label": DEFAULT_LABELS[side], f"{side}_text": "", f"{side}_source": ""}
    return values


def render_form(request: Request, submission: Submission, status: int = 200) -> Response:
    context = {"values": submission.values, "errors": submission.errors, "json_url": None}
    return templates_of(request).TemplateResponse(request, "new.html", context, status_code=status)


@router.get("/new")
def new_form(request: Request) -> Response:
    return render_form(request, Submission(values=blank_values()))


@router.post("/new")
async def new_submit(request: Request, session: SessionDep) -> Response:
    limit: int = request.app.state.settings.max_statement_bytes
    form = await request.form(max_files=2, max_fields=20, max_part_size=limit + 1024)
    try:
        submission = await read_submission(form, limit)
    finally:
        await form.close()
    if submission.errors:
        return render_form(request, submission, submission.status)
    values = submission.values
    try:
        stored = await run_in_threadpool(
            store_comparison,
            session,
            title=values["title"],
            date=dt.date.fromisoformat(values["date"]) if values["date"] else None,
            left=side_input(values, "left"),
            right=side_input(values, "right"),
            unlisted=bool(values["unlisted"]),
            budget=request.app.state.settings.align_budget_seconds,
        )
    except AlignmentTimeout as error:
        submission.refuse("left_text", str(error))
        return render_form(request, submission, 422)
    slug = stored.comparison.slug
    response = RedirectResponse(urls_of(request).comparison(slug), status_code=303)
    if stored.delete_token:
        # Shown once on the permalink page, which then clears it.
        response.set_cookie(
            DELETE_COOKIE,
            stored.delete_token,
            max_age=600,
            path=f"/c/{slug}",
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
        )
    return response


@router.get("/c/{slug}/delete")
def confirm_delete(request: Request, session: SessionDep, slug: str, token: str = "") -> Response:
    comparison = find_by_slug(session, slug)
    if comparison is None:
        raise HTTPException(404, f"There is no comparison at /c/{slug}.")
    context = {"comparison": comparison, "token": token[:200], "json_url": None}
    return templates_of(request).TemplateResponse(request, "delete.html", context)


@router.post("/c/{slug}/delete")
async def delete_submit(request: Request, session: SessionDep, slug: str) -> Response:
    form = await request.form(max_files=0, max_fields=5, max_part_size=1024)
    token = form.get("token")
    await form.close()
    comparison = find_by_slug(session, slug)
    if comparison is None:
        raise HTTPException(404, f"There is no comparison at /c/{slug}.")
    title = comparison.title
    if not isinstance(token, str) or not delete_comparison(session, comparison, token):
        raise HTTPException(403, "This delete link is not valid for this comparison.")
    context = {"title": title, "json_url": None}
    return templates_of(request).TemplateResponse(request, "deleted.html", context)


def side_input(values: dict[str, str], side: str) -> SideInput:
    return SideInput(
        label=values[f"{side}_label"],
        text=values[f"{side}_text"],
        source=values[f"{side}_source"] or None,
    )


async def read_submission(form: FormData, limit: int) -> Submission:
    submission = Submission(values=blank_values())
    for name in submission.values:
        value = form.get(name)
        if isinstance(value, str):
            submission.values[name] = value.strip() if not name.endswith("_text") else value
    for side in SIDES:
        upload = form.get(f"{side}_file")
        if isinstance(upload, UploadFile) and upload.filename:
            await read_upload(submission, side, upload, limit)
    check(submission, limit)
    return submission


async def read_upload(submission: Submission, side: str, upload: UploadFile, limit: int) -> None:
    name = f"{side}_text"
    data = await upload.read(limit + 1)
    if len(data) > limit:
        which = "first" if side == "left" else "second"
        message = (
            f"{upload.filename} is larger than {human_size(limit)}, "
            f"the limit for the {which} statement."
        )
        submission.refuse(name, message, 413)
        return
    try:
        document = read_bytes(data, upload.filename or "upload.txt")
    except ReadError as error:
        submission.refuse(name, str(error), 415)
        return
    submission.values[name] = document.raw


def check(submission: Submission, limit: int) -> None:
    values = submission.values
    for name, value in values.items():
        if "\x00" in value and not name.endswith("_text"):
            submission.refuse(name, "This field contains a NUL character (\\0); remove it.")
    if not values["title"]:
        submission.refuse(
            "title", "Give the comparison a title, e.g. “Trump–Putin call, 18 March”."
        )
    if values["date"]:
        try:
            dt.date.fromisoformat(values["date"])
        except ValueError:
            submission.refuse("date", "Write the date as YYYY-MM-DD, e.g. 2025-03-18.")
    for side in SIDES:
        check_side(submission, side, limit)


def check_side(submission: Submission, side: str, limit: int) -> None:
    values: dict[str, Any] = submission.values
    which = "first" if side == "left" else "second"
    if not values[f"{side}_label"]:
        submission.refuse(f"{side}_label", f"Say who issued the {which} statement.")
    text: str = values[f"{side}_text"]
    if not text.strip():
        submission.refuse(f"{side}_text", f"Paste the {which} statement or choose a file.")
    elif "\x00" in text:
        submission.refuse(f"{side}_text", f"The {which} statement {NUL_MESSAGE}")
    elif problem := statement_too_large(text, which, limit):
        submission.refuse(f"{side}_text", problem, 413)
    source: str = values[f"{side}_source"]
    if source and not source.startswith(("http://", "https://")):
        submission.refuse(f"{side}_source", "A source is a web address starting with https://.")
