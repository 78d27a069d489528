"""Sections: a header line naming an issuer ("What the Kremlin said:") and the statement's
paragraphs after it, up to the next header or the first paragraph of commentary."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from app.ingest.extraction.attribution import header_issuer
from app.ingest.extraction.statement import Statement, span_statement
from app.ingest.issuers import NameIndex
from app.ingest.textutil import Line, may_hold, rx

_META_REF = rx(
    r"\breadouts?\b|\b(?:these|those|both|the two|two)\b(?:\s+[\w-]+){0,3}?\s+"
    r"(?:statements|readouts|press releases|communiqués|versions|accounts|texts)\b",
    re.IGNORECASE,
)
# Every match of _META_REF contains one of these (lowercased); see textutil.may_hold.
_META_REF_WORDS = (
    "readout",
    "statements",
    "releases",
    "communiqu",
    "versions",
    "accounts",
    "texts",
)


def sections(text: str, paras: Sequence[Line], names: NameIndex, used: set[int]) -> list[Statement]:
    """The sections of ``text``; their paragraphs are added to ``used``."""
    heads = [(i, header_issuer(p.text, names)) for i, p in enumerate(paras)]
    heads_found = [(i, issuer) for i, issuer in heads if issuer]
    issuers = {issuer for _, issuer in heads_found}
    found: list[Statement] = []
    for index, issuer in heads_found:
        last = _section_end(paras, index, issuer, issuers, names)
        if last > index:
            used.update(range(index, last + 1))
            found.append(span_statement(text, paras, index, last, issuer, "section"))
    return found


def _section_end(
    paras: Sequence[Line], head: int, issuer: str, issuers: set[str], names: NameIndex
) -> int:
    """Index of the section's last paragraph (``head`` itself when it is empty)."""
    last = head
    for index in range(head + 1, len(paras)):
        text = paras[index].text
        if header_issuer(text, names):
            break
        if index > head + 1 and _is_commentary(text, issuer, issuers):
            break
        last = index
    return last


def _is_commentary(text: str, issuer: str, issuers: set[str]) -> bool:
    """A paragraph that talks about the statements rather than being part of one."""
    if may_hold(text, _META_REF_WORDS) and _META_REF.search(text):
        return True
    named = {name for name in issuers if name in text and _whole_word(name).search(text)}
    return issuer in named or len(named) >= 2


@functools.lru_cache(maxsize=1024)
def _whole_word(name: str) -> re.Pattern[str]:
    return re.compile(rf"\b{re.escape(name)}\b")
