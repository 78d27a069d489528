"""Find the statements quoted inside an article, with who issued them, and pair them.

Three forms, tried in this order so that a longer form claims its text first (each in a
module of its own under ``app/ingest/extraction/``, sharing the attribution patterns of
``attribution.py``):

* ``section`` - a header line naming an issuer ("What the Kremlin said:") followed by the
  statement's paragraphs. A section runs to the next header, or to the first paragraph
  that talks *about* statements (commentary: "These are two very different statements",
  "the US readout", or a paragraph naming the issuers in the third person).
* ``block`` - a paragraph ending in a colon whose last sentence attributes what follows
  ("The most important sentence from President Trump … is this:", "X said:", "he invokes
  Scott Ritter:"), followed by the quoted paragraph; or a quotation that follows a colon to
  the end of its paragraph when the lead-in speaks of a statement or claim ("The FT claims
  that: “…”", "But Trump's statement does not mention Britain: “…”").
  A lead-in that names no speaker but cites a source - an outlet ("Western media, here the
  NY Times, …:"), a piece of one ("A different NY Times piece … states:"), a link marker
  ("(archived)") or a claim or statement ("… accept Trump's claim (archived) of such a
  role:") - also introduces a block. Its issuer is the outlet named, else whoever the
  article elsewhere credits with a sentence of the excerpt (``crediting.py``), else
  ``UNATTRIBUTED``: listed, never paired.
* ``quote`` - a quotation of at least four words attributed in its sentence to a named
  speaker ("Petrov asserts that “…”"), or a paragraph-long quotation continuing the speaker
  of the paragraph before. Shorter quotations are scare quotes or fragments and are skipped.

Offsets index the cleaned text and ``text == cleaned[start:end]`` always holds.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from app.ingest.extraction.blocks import blocks
from app.ingest.extraction.crediting import WORDS, credited
from app.ingest.extraction.quotes import quotes
from app.ingest.extraction.sections import sections
from app.ingest.extraction.statement import UNATTRIBUTED, Statement, StatementPair
from app.ingest.issuers import index_names
from app.ingest.textutil import rx, split_lines

__all__ = ["UNATTRIBUTED", "Statement", "StatementPair", "extract", "pair_statements"]

MIN_PARALLEL_INTROS = 0.5  # Jaccard similarity of two lead-ins that introduce a pair
_CONTRAST = rx(
    r"\b(?:but|however|whereas|while|in contrast|unlike|on the other hand|does not|doesn't|"
    r"did not|didn't|contradicts?|differs?|omits?)\b",
    re.IGNORECASE,
)


def extract(text: str) -> list[Statement]:
    """Statements in a cleaned article, in text order."""
    paras = [line for line in split_lines(text) if line.text.strip()]
    names = index_names(text)
    found: list[Statement] = []
    used: set[int] = set()
    found += sections(text, paras, names, used)
    found += blocks(text, paras, names, used)
    found += quotes(paras, names, used, found)
    found = credited(found, text, paras)
    return sorted(found, key=lambda s: (s.start, s.end))


def pair_statements(statements: Sequence[Statement]) -> list[StatementPair]:
    """Pair consecutive section/block statements of different issuers about one event.

    Two sections always pair. Two blocks pair when the second's lead-in directly follows the
    first and either mirrors the first's lead-in (parallel wording) or sets itself against it
    ("But Trump's statement does not …"). Attributed quotes of commentators never pair.
    """
    candidates = [i for i, s in enumerate(statements) if s.kind in ("section", "block")]
    pairs: list[StatementPair] = []
    taken: set[int] = set()
    for a, b in itertools.pairwise(candidates):
        if a not in taken and _pairable(statements[a], statements[b]):
            pairs.append(StatementPair(a, b))
            taken.update((a, b))
    return pairs


def _intro_words(statement: Statement) -> set[str]:
    return {w.lower() for w in WORDS.findall(statement.intro)}


def _pairable(a: Statement, b: Statement) -> bool:
    if a.issuer == b.issuer or UNATTRIBUTED in (a.issuer, b.issuer):
        return False
    if a.kind == b.kind == "section":
        return True
    if b.intro_start < a.end or b.intro_start - a.end > 4:
        return False
    wa, wb = _intro_words(a), _intro_words(b)
    parallel = bool(wa and wb) and len(wa & wb) / len(wa | wb) >= MIN_PARALLEL_INTROS
    return parallel or bool(_CONTRAST.search(b.intro))
