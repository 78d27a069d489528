"""Blocks: a paragraph ending in a colon whose last sentence attributes what follows
("X said:", "he invokes Scott Ritter:", "A different NY Times piece … states:"), and the
quoted paragraph (or run of marked lines) after it."""

from __future__ import annotations

from collections.abc import Sequence

from app.ingest.extraction.attribution import cited_source, intro_issuer
from app.ingest.extraction.statement import Statement, span_statement
from app.ingest.issuers import NameIndex
from app.ingest.textutil import Line


def blocks(text: str, paras: Sequence[Line], names: NameIndex, used: set[int]) -> list[Statement]:
    """The blocks among paragraphs not yet ``used``; theirs are added to it."""
    found: list[Statement] = []
    for index in range(len(paras) - 1):
        intro = paras[index].text.rstrip()
        nxt = paras[index + 1].text.rstrip()
        if index in used or index + 1 in used or not intro.endswith(":") or nxt.endswith(":"):
            continue
        issuer = intro_issuer(intro[:-1], names) or cited_source(intro[:-1], names)
        if issuer is None:
            continue
        last = _block_end(paras, index + 1, paras[index].text)
        used.update(range(index, last + 1))
        found.append(span_statement(text, paras, index, last, issuer, "block"))
    return found


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip())


def _block_end(paras: Sequence[Line], first: int, intro: str) -> int:
    """A block is one paragraph, or a run of lines marked as quoted (``>`` or indented)."""
    head = paras[first].text
    marked = head.lstrip().startswith(">") or _indent(head) > _indent(intro)
    last = first
    while marked and last + 1 < len(paras):
        text = paras[last + 1].text
        if not (text.lstrip().startswith(">") or _indent(text) > _indent(intro)):
            break
        last += 1
    return last
