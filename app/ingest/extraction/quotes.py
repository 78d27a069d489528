"""Quotes: a quotation of at least four words attributed in its sentence to a named speaker
("Petrov asserts that “…”"), or a paragraph-long quotation continuing the speaker of the
paragraph before; and a quotation after a colon that a lead-in calls a statement (a block).
Shorter quotations are scare quotes or fragments and are skipped."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from app.ingest.extraction.attribution import (
    AFTER,
    PARAGRAPH_SUBJECT,
    STATEMENT_WORDS,
    SUBJECT_VERB,
    intro_issuer,
    last_sentence,
)
from app.ingest.extraction.statement import Statement
from app.ingest.issuers import NameIndex, normalise
from app.ingest.textutil import Line, word_count

MIN_QUOTE_WORDS = 4
# Both branches begin with their quotation mark (the straight one is then checked not to
# follow a word or a closing quote), so the regex engine jumps from mark to mark.
QUOTATION = re.compile(r"“([^”]*)(”|$)|\"(?<![\w”]\")([^\"]*)(\"|$)")


@dataclass(frozen=True)
class _Quotation:
    open: int  # offset of the opening mark within the paragraph
    start: int  # content start/end within the paragraph
    end: int
    to_end: bool  # the quotation runs to the end of its paragraph


def quotes(
    paras: Sequence[Line], names: NameIndex, used: set[int], found: Sequence[Statement]
) -> list[Statement]:
    """Attributed quotations in paragraphs not ``used``; ``found``: statements so far."""
    result: list[Statement] = []
    speakers = {s.issuer for s in found}
    for index, para in enumerate(paras):
        if index in used:
            continue
        previous = paras[index - 1].text if index else ""
        for quote in _paragraph_quotes(para, previous, names, speakers):
            speakers.add(quote.issuer)
            result.append(quote)
    return result


def _quotations(text: str) -> list[_Quotation]:
    """Quotations in a paragraph: curly “…” pairs, straight "…" pairs; unclosed run to end."""
    found: list[_Quotation] = []
    for match in QUOTATION.finditer(text):
        group = 1 if match.group(1) is not None else 3
        start, end = match.start(group), match.end(group)
        unclosed = match.group(group + 1) == ""
        if unclosed and group == 3 and not text[: match.start()].rstrip().endswith(":"):
            continue
        found.append(
            _Quotation(match.start(), start, end, unclosed or not text[match.end() :].strip())
        )
    return found


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;"):
        end -= 1
    return start, end


def _paragraph_quotes(
    para: Line, previous: str, names: NameIndex, speakers: set[str]
) -> Iterable[Statement]:
    for q in _quotations(para.text):
        start, end = _trimmed(para.text, q.start, q.end)
        if word_count(para.text[start:end]) < MIN_QUOTE_WORDS:
            continue
        lead_in = last_sentence(para.text[: q.open])
        issuer, kind = _attribute(para.text, q, lead_in, names)
        if issuer is None and not lead_in.strip() and q.to_end:
            issuer, kind = _continuing_speaker(previous, names, speakers), "quote"
        if issuer:
            yield Statement(
                issuer,
                para.text[start:end],
                para.start + start,
                para.start + end,
                kind,
                lead_in.strip(),
                para.start + q.open - len(lead_in),
            )


def _attribute(text: str, q: _Quotation, lead_in: str, names: NameIndex) -> tuple[str | None, str]:
    """Issuer named in the quotation's own sentence, and whether it is a block or a quote."""
    colon = lead_in.rstrip().endswith(":")
    if colon and q.to_end and STATEMENT_WORDS.search(lead_in):
        issuer = intro_issuer(lead_in.rstrip()[:-1], names)
        if issuer:
            return issuer, "block"
    for match in reversed(list(SUBJECT_VERB.finditer(lead_in))):
        issuer = normalise(match.group(1), names)
        if issuer:
            return issuer, "quote"
    after = AFTER.match(text[q.end + 1 :]) if q.end < len(text) else None
    if after:
        return normalise(after.group(1) or after.group(2), names), "quote"
    return None, "quote"


def _continuing_speaker(previous: str, names: NameIndex, speakers: set[str]) -> str | None:
    """A paragraph that is only a quotation continues the speaker quoted just before it."""
    match = PARAGRAPH_SUBJECT.match(previous)
    if not match:
        return None
    issuer = normalise(match.group(1), names)
    return issuer if issuer in speakers else None
