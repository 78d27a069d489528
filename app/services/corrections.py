"""Correcting an alignment by hand: who may, what the editor shows, and saving a revision.

Whoever holds a comparison's secret manage link (the delete link of before, same token)
may correct it; curated comparisons (no such link) only with the editor token of the
deployment (READOUTS_EDITOR_TOKEN), and not at all without one. A save names the revision it
was made from: if another was saved meanwhile the save is refused (`Conflict`) and nothing
is written, so that no one's correction silently replaces another's. Corrections apply
to two-statement comparisons (their `links`), the only kind stored here.
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Literal, cast, get_args

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from app.db import Database
from app.differ import Deadline
from app.differ.drawn import drawn_links
from app.differ.types import Alignment, Confidence, Link, dump, load
from app.models import Comparison, Revision, utcnow
from app.services import history
from app.services.comparisons import (
    _shown,
    coverage,
    current_alignment,
    set_alignment,
)
from app.services.comparisons import (
    find_pair_by_slug as find_by_slug,  # corrections are for two statements
)
from app.services.history import LinkKey
from app.services.naming import token_digest
from app.services.queries import summary_of
from app.services.shapes import ComparisonPage, Links, RevisionLine, Validators

STRENGTHS: tuple[str, ...] = get_args(Confidence)
MAX_NOTE = 200
Action = Literal["save", "accept", "dismiss"]
Authority = Literal["manage", "editor"]


class EditRefused(Exception):
    """Why an edit cannot be made, said to the person (with the HTTP status)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class Conflict(Exception):
    """Another revision was saved since the one the edit was made from."""

    def __init__(self, latest: int) -> None:
        super().__init__(f"revision {latest} was saved meanwhile; reload to see it")
        self.latest = latest


@dataclass(frozen=True)
class Edit:
    """One save: the revision it was made from, the changes to its links (named by their
    clauses, so that an edit still means the same on a newer revision), the links drawn
    (left clause, right clause, strength) and a one-line note."""

    base: int
    remove: frozenset[LinkKey] = frozenset()
    strengths: Mapping[LinkKey, str] = field(default_factory=dict)
    add: tuple[tuple[int, int, str], ...] = ()
    note: str = ""
    action: Action = "save"


def authorise(comparison: Comparison, token: str, editor_token: str | None) -> Authority:
    """The manage token of an uploaded comparison, or the editor token for a curated one."""
    expected = comparison.delete_token_hash
    if expected:
        if token and hmac.compare_digest(expected, token_digest(token)):
            return "manage"
        raise EditRefused(403, "This manage link is not valid for this comparison.")
    if not editor_token:
        raise EditRefused(
            403,
            "Comparisons from the corpus can be corrected only with the editor token, "
            "and none is set on this server (READOUTS_EDITOR_TOKEN).",
        )
    if token and hmac.compare_digest(token.encode(), editor_token.encode()):
        return "editor"
    raise EditRefused(403, "This editor token is not valid.")


def _found(session: Session, slug: str) -> Comparison:
    """The comparison to correct; one of more than two statements is refused (its points
    are not links between two texts, and are not corrected by hand)."""
    comparison = find_by_slug(session, slug)
    if comparison is None:
        raise LookupError(slug)
    statements = comparison.alignment.get("statements") or ()
    if len(statements) > 2:
        raise EditRefused(
            422,
            f"This comparison has {len(statements)} statements; corrections by hand apply "
            "to comparisons of two statements only.",
        )
    return comparison


def check_note(note: str) -> str:
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise EditRefused(
            422, f"The note is {len(note):,} characters long; the limit is {MAX_NOTE}."
        )
    if any(not ch.isprintable() for ch in note):
        raise EditRefused(422, "The note is one line: no line breaks, tabs or control characters.")
    return note


def corrected(alignment: Alignment, edit: Edit, deadline: Deadline | None) -> Alignment:
    """The alignment with the edit applied; EditRefused if the edit names what is not there."""
    present_keys = {(link.left, link.right) for link in alignment.links}
    if any(k not in present_keys for k in (*edit.remove, *edit.strengths)):
        raise EditRefused(422, "A link this edit names is not in the current revision.")
    if any(s not in STRENGTHS for s in (*edit.strengths.values(), *(a[2] for a in edit.add))):
        raise EditRefused(422, f"A link's strength is one of: {', '.join(STRENGTHS)}.")
    sizes = len(alignment.left.clauses), len(alignment.right.clauses)
    if any(not (0 <= i < sizes[0] and 0 <= j < sizes[1]) for i, j, _ in edit.add):
        raise EditRefused(422, "A link drawn names a clause that is not in the texts.")
    kept: list[Link] = []
    for link in alignment.links:
        key = (link.left, link.right)
        if key not in edit.remove:
            kept.append(replace(link, confidence=_strength(edit.strengths.get(key), link)))
    present = {(link.left, link.right): n for n, link in enumerate(kept)}
    wanted: dict[tuple[tuple[int, ...], tuple[int, ...]], str] = {}
    for i, j, strength in edit.add:
        key = ((i,), (j,))
        if key in present:  # drawn again: re-marked
            kept[present[key]] = replace(kept[present[key]], confidence=_strength(strength))
        else:
            wanted[key] = strength
    drawn = drawn_links(alignment, [(*key, s) for key, s in wanted.items()], deadline)  # type: ignore[misc]
    links = tuple(sorted([*kept, *drawn], key=lambda link: (link.left, link.right)))
    return replace(alignment, links=links)


def _strength(value: str | None, link: Link | None = None) -> Confidence:
    """A strength checked against STRENGTHS (by `corrected`), or the link's own."""
    if value is None and link is not None:
        return link.confidence
    return cast(Confidence, value)


def save(
    db: Database,
    slug: str,
    token: str,
    editor_token: str | None,
    edit: Edit,
    budget: float | None = None,
) -> int:
    """Store the edit as a new revision (or accept / dismiss a proposal); its number.

    Raises LookupError, EditRefused, or Conflict when the edit's base is not the latest
    revision any more (checked first, and again by the unique revision number at commit).
    """
    note = check_note(edit.note)
    deadline = Deadline(budget)
    with db.sessions() as session:
        comparison = _found(session, slug)
        authorise(comparison, token, editor_token)
        alignment = current_alignment(session, comparison)
        last = history.latest(session, comparison.id)
        number = 1 if last is None else last.number
        if edit.base != number:
            raise Conflict(number)
        try:
            made = _apply(session, comparison, alignment, last, edit, note, deadline)
            comparison.updated_at = utcnow()
            session.commit()
        except (IntegrityError, OperationalError):
            # Another save took the number first (PostgreSQL, or SQLite's unique index), or
            # committed while this one read (SQLite then refuses to write what it read).
            session.rollback()
            now = history.latest_number(session, comparison.id)
            if now == number:
                raise
            raise Conflict(now) from None
        return made


def _apply(
    session: Session,
    comparison: Comparison,
    alignment: Alignment,
    last: Revision | None,
    edit: Edit,
    note: str,
    deadline: Deadline,
) -> int:
    number = 1 if last is None else last.number
    proposal = history.proposal_of(session, comparison.id)
    if edit.action == "dismiss":
        if proposal is None:
            raise EditRefused(409, "There is no proposal to dismiss; reload the page.")
        session.delete(proposal)
        return number
    if edit.action == "accept":
        if proposal is None:
            raise EditRefused(409, "There is no proposal to accept; reload the page.")
        accepted = load(proposal.data)
        set_alignment(comparison, accepted)
        _add(session, comparison, number + 1, "auto", accepted, note or None, 0)
        session.delete(proposal)
        return number + 1
    fixed = corrected(alignment, edit, deadline)
    before = {(link.left, link.right): link.confidence for link in alignment.links}
    after = {(link.left, link.right): link.confidence for link in fixed.links}
    if before == after:
        raise EditRefused(422, "Nothing to save: remove, draw or re-mark a link first.")
    if last is None:
        _add(session, comparison, 1, "auto", alignment, None, 0)
    revisions = history.revisions_of(session, comparison.id)
    auto = history.automatic_before(revisions, number + 1)
    automatic = dump(alignment)["links"] if auto is None else auto.data.get("links", [])
    changed = history.diff(automatic, dump(fixed)["links"]).size
    comparison.alignment = dump(fixed)
    comparison.left_coverage, comparison.right_coverage = coverage(fixed)
    _add(session, comparison, number + 1, "hand", fixed, note or None, changed)
    return number + 1


def _add(
    session: Session,
    comparison: Comparison,
    number: int,
    kind: str,
    alignment: Alignment,
    note: str | None,
    changed: int,
) -> None:
    session.add(
        Revision(
            comparison_id=comparison.id,
            number=number,
            kind=kind,
            data=dump(alignment),
            note=note,
            changed=changed,
            differ_version=alignment.differ_version,
        )
    )
    session.flush()


def history_of(db: Database, links: Links, slug: str) -> history.HistoryPage | None:
    with db.sessions() as session:
        comparison = find_by_slug(session, slug)
        return None if comparison is None else history.history_page(session, comparison, links)


def revision_page(db: Database, links: Links, slug: str, number: int) -> ComparisonPage | None:
    """The comparison as it stood at revision `number` (None if there is no such revision)."""
    with db.sessions() as session:
        comparison = find_by_slug(session, slug)
        if comparison is None:
            return None
        rows = history.revisions_of(session, comparison.id)
        line = history.line(session.connection(), slug, links, number)
        if rows:
            row = next((r for r in rows if r.number == number), None)
            if row is None or line is None:
                return None
            alignment = load(row.data)
        elif number == 1:  # never corrected: revision 1 is the automatic alignment
            alignment = current_alignment(session, comparison)
            line = RevisionLine(
                1,
                1,
                "auto",
                0,
                alignment.differ_version,
                links.history(slug),
                links.comparison(slug),
            )
        else:
            return None
        sources = (comparison.left_statement.source, comparison.right_statement.source)
        current = Validators(comparison.pair_hash, comparison.updated_at, comparison.differ_version)
        return _shown(summary_of(comparison, links), alignment, sources, current, line).page
