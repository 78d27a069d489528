"""Revisions of a comparison corrected by hand: the line a page shows, the history page with
each revision's diff, and any revision as a page of its own.

A comparison nobody corrected has no revision rows: its automatic alignment is revision 1
and nothing here is stored for it. Revisions are compared by their links' clauses (the
link between L3 and R5 is the same link whatever its number on the page) and strength.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from app.models import Comparison, Proposal, Revision
from app.services.shapes import Links, RevisionLine

LinkKey = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass(frozen=True)
class LinkChange:
    """A link added, removed or re-marked: clause indexes of each side (0-based, as in the
    contract) and its strength (`was`: the strength before, for a re-marked one)."""

    left: tuple[int, ...]
    right: tuple[int, ...]
    confidence: str
    was: str | None = None
    left_text: str = ""  # the clauses' words (shortened), for the history page
    right_text: str = ""


@dataclass(frozen=True)
class Diff:
    added: tuple[LinkChange, ...]
    removed: tuple[LinkChange, ...]
    remarked: tuple[LinkChange, ...]

    @property
    def size(self) -> int:
        return len(self.added) + len(self.removed) + len(self.remarked)


def keyed(links: Iterable[Mapping[str, Any]]) -> dict[LinkKey, str]:
    """Links (as stored JSON) by their clauses, with their strength."""
    return {
        (tuple(link["left"]), tuple(link["right"])): str(link.get("confidence", "likely"))
        for link in links
    }


def diff(before: Iterable[Mapping[str, Any]], after: Iterable[Mapping[str, Any]]) -> Diff:
    old, new = keyed(before), keyed(after)
    return Diff(
        added=tuple(LinkChange(*key, new[key]) for key in sorted(new.keys() - old.keys())),
        removed=tuple(LinkChange(*key, old[key]) for key in sorted(old.keys() - new.keys())),
        remarked=tuple(
            LinkChange(*key, new[key], old[key])
            for key in sorted(old.keys() & new.keys())
            if old[key] != new[key]
        ),
    )


SNIPPET = 90


def quoted(data: Mapping[str, Any], side: str, indexes: Sequence[int]) -> str:
    """The clauses' text from a stored alignment, shortened to about SNIPPET characters."""
    text, clauses = data[side]["text"], data[side]["clauses"]
    words = " ".join(
        text[clauses[k]["start"] : clauses[k]["end"]].strip()
        for k in indexes
        if 0 <= k < len(clauses)
    )
    return words if len(words) <= SNIPPET else words[: SNIPPET - 1].rsplit(" ", 1)[0] + "…"


def with_words(changes: tuple[LinkChange, ...], data: Mapping[str, Any]) -> tuple[LinkChange, ...]:
    return tuple(
        replace(
            c, left_text=quoted(data, "left", c.left), right_text=quoted(data, "right", c.right)
        )
        for c in changes
    )


def latest(session: Session, comparison_id: int) -> Revision | None:
    query = (
        select(Revision)
        .where(Revision.comparison_id == comparison_id)
        .order_by(Revision.number.desc())
        .limit(1)
    )
    return session.scalar(query)


def latest_number(session: Session, comparison_id: int) -> int:
    """The number of the current revision: 1 for an alignment nobody corrected."""
    found = latest(session, comparison_id)
    return 1 if found is None else found.number


def revisions_of(session: Session, comparison_id: int) -> list[Revision]:
    query = (
        select(Revision).where(Revision.comparison_id == comparison_id).order_by(Revision.number)
    )
    return list(session.scalars(query))


def automatic_before(revisions: Sequence[Revision], number: int) -> Revision | None:
    """The automatic revision a hand revision corrects: the last `auto` one before it."""
    autos = [r for r in revisions if r.kind == "auto" and r.number < number]
    return autos[-1] if autos else None


def proposal_of(session: Session, comparison_id: int) -> Proposal | None:
    return session.get(Proposal, comparison_id)


def line(
    connection: Connection, slug: str, links: Links, number: int | None = None
) -> RevisionLine | None:
    """The revision line of a comparison corrected at least once (None otherwise): of its
    latest revision, or of revision `number`."""
    query = (
        select(
            Revision.number,
            Revision.kind,
            Revision.changed,
            Revision.differ_version,
            Proposal.differ_version,
        )
        .join(Comparison, Comparison.id == Revision.comparison_id)
        .outerjoin(Proposal, Proposal.comparison_id == Comparison.id)
        .where(Comparison.slug == slug)
        .order_by(Revision.number.desc())
    )
    rows = connection.execute(query).all()
    if not rows:
        return None
    last = rows[0][0]
    chosen = rows[0] if number is None else next((r for r in rows if r[0] == number), None)
    if chosen is None:
        return None
    shown, kind, changed, differ_version, proposal = chosen
    return RevisionLine(
        number=shown,
        latest=last,
        kind=kind,
        changed=changed,
        differ_version=differ_version,
        history_url=links.history(slug),
        current_url=links.comparison(slug),
        proposal=proposal,
    )


@dataclass(frozen=True)
class RevisionEntry:
    """One revision in the history: who made it (the differ or a person), its note, and
    what it changed against the revision before it."""

    number: int
    kind: str
    note: str | None
    created_at: dt.datetime
    differ_version: str
    changed: int  # links unlike the automatic alignment, as of this revision
    added: tuple[LinkChange, ...]
    removed: tuple[LinkChange, ...]
    remarked: tuple[LinkChange, ...]
    url: str
    json_url: str


@dataclass(frozen=True)
class HistoryPage:
    slug: str
    title: str
    url: str
    json_url: str
    left_label: str
    right_label: str
    revisions: tuple[RevisionEntry, ...]  # newest first
    proposal: str | None  # a newer differ's version, when it proposes other links


def history_page(session: Session, comparison: Comparison, links: Links) -> HistoryPage:
    rows = revisions_of(session, comparison.id)
    slug = comparison.slug
    entries = []
    before: list[Any] = []
    previous: Mapping[str, Any] = {}
    for row in rows:
        after = row.data.get("links", [])
        change = diff(before, after) if row.number > 1 else Diff((), (), ())
        change = Diff(
            with_words(change.added, row.data),
            with_words(change.removed, previous),
            with_words(change.remarked, row.data),
        )
        entries.append(
            RevisionEntry(
                number=row.number,
                kind=row.kind,
                note=row.note,
                created_at=row.created_at,
                differ_version=row.differ_version,
                changed=row.changed,
                added=change.added,
                removed=change.removed,
                remarked=change.remarked,
                url=links.revision(slug, row.number),
                json_url=links.revision(slug, row.number, "json"),
            )
        )
        before, previous = after, row.data
    if not rows:  # never corrected: the automatic alignment is revision 1
        entries.append(
            RevisionEntry(
                number=1,
                kind="auto",
                note=None,
                created_at=comparison.created_at,
                differ_version=comparison.differ_version,
                changed=0,
                added=(),
                removed=(),
                remarked=(),
                url=links.revision(slug, 1),
                json_url=links.revision(slug, 1, "json"),
            )
        )
    proposal = proposal_of(session, comparison.id)
    return HistoryPage(
        slug=slug,
        title=comparison.title,
        url=links.history(slug),
        json_url=links.history(slug, "json"),
        left_label=comparison.left_label,
        right_label=comparison.right_label,
        revisions=tuple(reversed(entries)),
        proposal=None if proposal is None else proposal.differ_version,
    )
