"""`readouts realign`: bring every stored alignment up to the running differ at once,
rather than each the first time it is shown.

An alignment nobody corrected is recomputed; one corrected by hand keeps its links and gets
the newer differ's alignment as a proposal beside it (see `comparisons.current_alignment`,
which both paths share, so that the page and the command agree).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Comparison, Proposal
from app.services.collations import current_any
from app.services.comparisons import DIFFER_VERSION


@dataclass(frozen=True)
class Realigned:
    realigned: int  # recomputed: nobody had corrected them
    proposed: int  # corrected by hand: links kept, a proposal stored beside them
    current: int  # already aligned by this differ

    def summary(self) -> str:
        return (
            f"differ {DIFFER_VERSION}: {self.realigned} re-aligned, "
            f"{self.proposed} corrected by hand kept with a proposal, {self.current} current"
        )


def realign(session: Session) -> Realigned:
    ids = list(session.scalars(select(Comparison.id).order_by(Comparison.id)))
    realigned = proposed = current = 0
    for comparison_id in ids:
        comparison = session.get(Comparison, comparison_id)
        if comparison is None:
            continue
        if comparison.differ_version == DIFFER_VERSION:
            current += 1
            continue
        current_any(session, comparison)  # three statements or more: re-collated
        if session.get(Proposal, comparison_id) is not None:
            proposed += 1
        else:
            realigned += 1
        session.expunge_all()  # one comparison's texts in memory at a time
    return Realigned(realigned, proposed, current)
