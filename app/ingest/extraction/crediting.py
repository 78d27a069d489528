"""Crediting: an excerpt that cites no speaker belongs to whoever the article credits with a
sentence of it (a footnote "The FT claims that: “…”" quoting one of its paragraphs)."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import replace

from app.ingest.extraction.quotes import QUOTATION
from app.ingest.extraction.statement import UNATTRIBUTED, Statement
from app.ingest.textutil import Line, rx

SHARED_WORDS = 8  # a run of this many words in common shows two texts quote one source
WORDS = rx(r"[\w\u2019'-]+")


def credited(found: list[Statement], text: str, paras: Sequence[Line]) -> list[Statement]:
    """Unattributed blocks credited to whoever the article credits with a sentence of the
    excerpt they start (the paragraphs up to the next lead-in).

    Only the excerpt's own words count, not what it quotes: an excerpt quoting Trump's post
    is not Trump's, but one that a footnote credits to the FT is the FT's.
    """
    credited = [s for s in found if s.issuer != UNATTRIBUTED]
    if len(credited) == len(found):
        return found
    runs = [(s.issuer, _word_runs(s.text)) for s in credited]
    starts = [p.start for p in paras]
    intros = {
        bisect.bisect_right(starts, s.intro_start) - 1
        for s in found
        if s.kind in ("section", "block") and s.intro_start >= 0
    }
    result = []
    for statement in found:
        if statement.issuer == UNATTRIBUTED:
            excerpt = QUOTATION.sub(" | ", _excerpt(text, paras, starts, intros, statement))
            own = _word_runs(excerpt)
            issuer = next((who for who, theirs in runs if theirs & own), UNATTRIBUTED)
            statement = replace(statement, issuer=issuer)
        result.append(statement)
    return result


def _excerpt(
    text: str, paras: Sequence[Line], starts: list[int], intros: set[int], statement: Statement
) -> str:
    """The statement's paragraph and those after it up to a lead-in (of a block or section
    found, or any paragraph ending in a colon)."""
    first = bisect.bisect_right(starts, statement.start) - 1
    last = first
    while last + 1 < len(paras):
        following = paras[last + 1]
        if last + 1 in intros or following.text.rstrip().endswith(":"):
            break
        last += 1
    return text[paras[first].start : paras[last].end]


def _word_runs(text: str) -> set[tuple[str, ...]]:
    """Every run of SHARED_WORDS words (lower case); a "|" ends a run."""
    runs: set[tuple[str, ...]] = set()
    for part in text.split("|"):
        words = [w.lower() for w in WORDS.findall(part)]
        runs.update(
            tuple(words[i : i + SHARED_WORDS]) for i in range(len(words) - SHARED_WORDS + 1)
        )
    return runs
