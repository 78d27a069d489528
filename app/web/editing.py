"""`/c/{slug}/edit` (the manage link: correct the alignment by hand, or delete it),
`/c/{slug}/history` and `/c/{slug}/r/{n}` (any revision), with their JSON twins.

The editor is one plain form, so it works without JavaScript: a checkbox removes a link, a
select re-marks its strength, two selects draw a link, a field takes the note; with
`editing.js`, clicking (or pressing Enter or Space on) a clause and then its counterpart
draws the link in place of the selects. Links are named by their clauses ("0,1/3"), not
their numbers, so that changes brought back after a 409 still mean what their author meant
on the newer revision. Saving runs in an alignment slot (a drawn link is marked up by the
differ); reads run in the read threads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from app.services import corrections, editor
from app.services.corrections import STRENGTHS, Conflict, Edit, EditRefused
from app.services.history import HistoryPage, LinkKey
from app.web.comparison import not_found, render_comparison
from app.web.deps import Context, CtxDep
from app.web.limits import Busy
from app.web.render import page

router = APIRouter()
MAX_FIELDS = 20_000
NO_STORE = {"Cache-Control": "private, no-store"}


def key_text(left: tuple[int, ...], right: tuple[int, ...]) -> str:
    """A link's name in the form: its clause indexes, "0,1/3"."""
    return ",".join(map(str, left)) + "/" + ",".join(map(str, right))


def parse_key(value: str) -> LinkKey:
    left, _, right = value.partition("/")
    try:
        return (tuple(int(i) for i in left.split(",")), tuple(int(j) for j in right.split(",")))
    except ValueError:
        raise HTTPException(400, "The form names a link that cannot be read.") from None


@dataclass
class Pending:
    """What an editor sent, kept to fill the form again when it cannot be saved."""

    token: str = ""
    base: int = 0
    remove: set[LinkKey] = field(default_factory=set)
    strengths: dict[LinkKey, str] = field(default_factory=dict)
    add: list[tuple[int, int, str]] = field(default_factory=list)
    note: str = ""
    action: str = "save"

    def edit(self) -> Edit:
        action = self.action if self.action in ("accept", "dismiss") else "save"
        return Edit(
            base=self.base,
            remove=frozenset(self.remove),
            strengths=dict(self.strengths),
            add=tuple(self.add),
            note=self.note,
            action=action,  # type: ignore[arg-type]
        )


def parse_edit(body: bytes) -> Pending:
    """The editor's form (urlencoded). Strength selects are named with the strength they
    showed (`strength:0/3:likely`): only a changed one is a change."""
    try:
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, max_num_fields=MAX_FIELDS)
    except (UnicodeDecodeError, ValueError):
        raise HTTPException(400, "The form could not be read; reload the page.") from None
    pending = Pending()
    add_left = add_right = ""
    add_strength = "likely"
    for name, value in pairs:
        if name == "token":
            pending.token = value[:200]
        elif name == "base":
            pending.base = int(value) if value.isdigit() and len(value) < 10 else 0
        elif name == "remove":
            pending.remove.add(parse_key(value))
        elif name.startswith("strength:"):
            _, key, shown = name.split(":", 2) if name.count(":") == 2 else (name, "", "")
            if value != shown:
                pending.strengths[parse_key(key)] = value
        elif name == "add":
            pending.add.append(_drawn(value))
        elif name == "add_left":
            add_left = value
        elif name == "add_right":
            add_right = value
        elif name == "add_strength":
            add_strength = value
        elif name == "note":
            pending.note = value
        elif name == "action":
            pending.action = value
    if add_left or add_right:
        if not (add_left.isdigit() and add_right.isdigit()):
            raise EditRefused(422, "To draw a link, choose a clause on each side.")
        pending.add.append((int(add_left), int(add_right), add_strength))
    return pending


def _drawn(value: str) -> tuple[int, int, str]:
    parts = value.split("/")
    if len(parts) != 3 or not (parts[0].isdigit() and parts[1].isdigit()):
        raise HTTPException(400, "The form names a drawn link that cannot be read.")
    return int(parts[0]), int(parts[1]), parts[2]


def render_editor(
    request: Request,
    ctx: Context,
    slug: str,
    token: str,
    pending: Pending | None = None,
    status: int = 200,
    message: str | None = None,
    saved: int | None = None,
) -> Response:
    try:
        data = editor.edit_page(ctx.db, ctx.urls, slug, token, ctx.settings.editor_token)
    except LookupError:
        raise not_found(ctx, slug) from None
    except EditRefused as refused:
        raise HTTPException(refused.status, refused.message) from None
    context = {
        "data": data,
        "token": token,
        "pending": pending or Pending(),
        "message": message,
        "saved": saved,
        "strengths": STRENGTHS,
        "key_text": key_text,
        "json_url": None,
    }
    return ctx.templates.TemplateResponse(
        request, "edit.html", context, status_code=status, headers=NO_STORE
    )


@router.get("/c/{slug}/edit", include_in_schema=False)
async def edit_form(
    request: Request, ctx: CtxDep, slug: str, token: str = "", saved: int | None = None
) -> Response:
    return await ctx.reads.run(
        render_editor, request, ctx, slug, token[:200], None, 200, None, saved
    )


@router.post("/c/{slug}/edit", include_in_schema=False)
async def edit_submit(request: Request, ctx: CtxDep, slug: str) -> Response:
    body = await request.body()  # bounded by BodyLimit
    try:
        pending = await run_in_threadpool(parse_edit, body)
    except EditRefused as refused:
        raise HTTPException(refused.status, refused.message) from None
    settings = ctx.settings
    args = (ctx.db, slug, pending.token, settings.editor_token, pending.edit())
    try:
        number = await ctx.aligning.run(corrections.save, *args, settings.align_budget_seconds)
    except LookupError:
        raise not_found(ctx, slug) from None
    except Conflict as conflict:
        message = (
            f"Revision {conflict.latest} was saved meanwhile; reload to see it. "
            "Nothing you did is lost: your changes are filled in below, on the newer revision; "
            "check them and save again."
        )
        pending.base = conflict.latest
        return await ctx.reads.run(
            render_editor, request, ctx, slug, pending.token, pending, 409, message
        )
    except EditRefused as refused:
        if refused.status == 403:
            raise HTTPException(403, refused.message) from None
        return await ctx.reads.run(
            render_editor,
            request,
            ctx,
            slug,
            pending.token,
            pending,
            refused.status,
            refused.message,
        )
    except Busy as busy:
        message = f"The server is busy; nothing was saved. Save again in {busy.retry_after} s."
        return await ctx.reads.run(
            render_editor, request, ctx, slug, pending.token, pending, 503, message
        )
    target = ctx.urls.manage(slug, pending.token) + f"&saved={number}"
    return RedirectResponse(target, status_code=303)


def serve_history(request: Request, ctx: Context, slug: str, fmt: str | None) -> Response:
    data: HistoryPage | None = corrections.history_of(ctx.db, ctx.urls, slug)
    if data is None:
        raise not_found(ctx, slug)
    json_url = ctx.urls.history(slug, "json")
    return page(request, "history.html", data, fmt=fmt, json_url=json_url)


@router.get("/c/{slug}/history.json", summary="The revisions of a comparison, with their diffs")
async def history_json(request: Request, ctx: CtxDep, slug: str) -> Response:
    return await ctx.reads.run(serve_history, request, ctx, slug, "json")


@router.get("/c/{slug}/history", include_in_schema=False)
async def history_html(request: Request, ctx: CtxDep, slug: str) -> Response:
    return await ctx.reads.run(serve_history, request, ctx, slug, None)


def serve_revision(request: Request, ctx: Context, slug: str, number: str) -> Response:
    fmt = "json" if number.endswith(".json") else None
    digits = number.removesuffix(".json")
    data = None
    if digits.isdigit() and len(digits) < 10:
        data = corrections.revision_page(ctx.db, ctx.urls, slug, int(digits))
    if data is None:
        path = ctx.urls.history(slug)
        raise HTTPException(
            404, f"There is no revision {digits[:20]} of this comparison; see {path}."
        )
    json_url = ctx.urls.revision(slug, int(digits), "json")
    return render_comparison(request, ctx, data, fmt, json_url=json_url)


@router.get("/c/{slug}/r/{number}", summary="A revision of a comparison (the JSON contract)")
async def revision(request: Request, ctx: CtxDep, slug: str, number: str) -> Response:
    """`/c/{slug}/r/2` is the page, `/c/{slug}/r/2.json` its JSON twin."""
    return await ctx.reads.run(serve_revision, request, ctx, slug, number)
