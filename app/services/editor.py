"""What the editor of a comparison shows: both texts clause by clause, the current links
(marked where drawn by hand), the revision it starts from, and a newer differ's proposal.

Apart from corrections.py, which decides who may edit and stores what they save: the page is
read-only and changes with the editor's layout, the saving rules do not.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.db import Database
from app.differ.types import Alignment, dump, load
from app.models import Comparison
from app.services import history
from app.services.comparisons import current_alignment
from app.services.corrections import Authority, _found, authorise
from app.services.history import LinkChange, LinkKey
from app.services.shapes import Links, RevisionLine


@dataclass(frozen=True)
class EditClause:
    index: int
    text: str
    links: tuple[int, ...]  # positions of the links it is in


@dataclass(frozen=True)
class EditSide:
    name: str
    label: str
    clauses: tuple[EditClause, ...]


@dataclass(frozen=True)
class EditLink:
    position: int
    left: tuple[int, ...]
    right: tuple[int, ...]
    confidence: str
    kind: str
    evidence: tuple[str, ...]
    drawn: bool  # not in the automatic alignment: drawn by hand


@dataclass(frozen=True)
class ProposalView:
    """A newer differ's links against the current ones, for the editor to accept or not."""

    differ_version: str
    added: tuple[LinkChange, ...]
    removed: tuple[LinkChange, ...]
    remarked: tuple[LinkChange, ...]


@dataclass(frozen=True)
class EditPage:
    slug: str
    title: str
    url: str
    history_url: str
    base: int  # the revision shown, which a save names
    authority: Authority
    sides: tuple[EditSide, EditSide]
    links: tuple[EditLink, ...]
    revision: RevisionLine | None
    proposal: ProposalView | None


def _sides(alignment: Alignment) -> tuple[EditSide, EditSide]:
    result = []
    for name in ("left", "right"):
        side = alignment.left if name == "left" else alignment.right
        of: dict[int, list[int]] = {}
        for position, link in enumerate(alignment.links):
            for index in getattr(link, name):
                of.setdefault(index, []).append(position)
        clauses = tuple(
            EditClause(k, side.text[c.start : c.end], tuple(of.get(k, ())))
            for k, c in enumerate(side.clauses)
        )
        result.append(EditSide(name, side.label, clauses))
    return result[0], result[1]


def _automatic(session: Session, comparison: Comparison, alignment: Alignment) -> set[LinkKey]:
    revisions = history.revisions_of(session, comparison.id)
    auto = history.automatic_before(revisions, 10**9)
    links = alignment.links if auto is None else load(auto.data).links
    return {(link.left, link.right) for link in links}


def edit_page(
    db: Database, links: Links, slug: str, token: str, editor_token: str | None
) -> EditPage:
    """What the editor shows. Raises LookupError (no such comparison) or EditRefused."""
    with db.sessions() as session:
        comparison = _found(session, slug)
        authority = authorise(comparison, token, editor_token)
        alignment = current_alignment(session, comparison)
        automatic = _automatic(session, comparison, alignment)
        proposal = history.proposal_of(session, comparison.id)
        view = None
        if proposal is not None:
            change = history.diff(dump(alignment)["links"], proposal.data.get("links", []))
            view = ProposalView(
                proposal.differ_version, change.added, change.removed, change.remarked
            )
        return EditPage(
            slug=slug,
            title=comparison.title,
            url=links.comparison(slug),
            history_url=links.history(slug),
            base=history.latest_number(session, comparison.id),
            authority=authority,
            sides=_sides(alignment),
            links=tuple(
                EditLink(
                    k,
                    link.left,
                    link.right,
                    link.confidence,
                    link.kind,
                    link.evidence,
                    (link.left, link.right) not in automatic,
                )
                for k, link in enumerate(alignment.links)
            ),
            revision=history.line(session.connection(), slug, links),
            proposal=view,
        )
