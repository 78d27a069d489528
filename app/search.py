"""Words for search: what is indexed for a comparison, and what a query asks for.

Both sides are folded here, in Python, the same way (`app.text.fold`: case and accents) and
cut into the same words, so SQLite's FTS5 and PostgreSQL's tsvector only ever see plain,
lower-case, space-separated words and agree on what matches. A query is parsed here into
terms made of such words only, so no operator, quote or star typed by a reader ever
reaches either engine's query syntax.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from app.text import fold

WORD = re.compile(r"[^\W_]+")
QUOTED = re.compile(r'"([^"]*)"')
MAX_WORD = 64
MAX_QUERY_WORDS = 8


@dataclass(frozen=True)
class Term:
    """Words that must appear: one word as a prefix ("ceasef" finds "ceasefire"), or, when
    quoted, whole words one after the other ("Black Sea" finds "the Black Sea", not "the
    sea off the Black coast"; "sea" finds "sea", not "seas")."""

    words: tuple[str, ...]
    phrase: bool = False


def words(text: str) -> list[str]:
    """The folded words of a text, in order, each cut to MAX_WORD characters."""
    return [word[:MAX_WORD] for word in WORD.findall(fold(text))]


def document_of(texts: Iterable[str]) -> str:
    """What is indexed for a comparison: its texts' folded words, one space apart.

    Texts are joined by a line break; neither engine sees more than the words."""
    return "\n".join(" ".join(words(text)) for text in texts)


def words_of(texts: Iterable[str]) -> set[str]:
    """The distinct folded words of texts."""
    return {word for text in texts for word in words(text)}


def query_terms(query: str) -> list[Term]:
    """What a query asks for: quoted phrases and single words, at most MAX_QUERY_WORDS words.

    A quote left open counts as no quote (its words are searched one by one); repeated
    terms count once; anything that is not a word (operators, stars, brackets) is dropped.
    """
    terms: dict[Term, None] = {}
    budget = MAX_QUERY_WORDS
    parts = QUOTED.split(query)
    for index, part in enumerate(parts):
        found = words(part)
        if index % 2 == 1 and found:
            candidates = [Term(tuple(found[:budget]), phrase=True)]
        else:
            candidates = [Term((word,)) for word in found]
        for term in candidates:
            if budget <= 0:
                break
            if term not in terms:
                terms[term] = None
                budget -= len(term.words)
    return list(terms)


def query_words(query: str) -> list[str]:
    """The distinct words of a query, longest first (kept for callers that want words)."""
    unique = dict.fromkeys(word for term in query_terms(query) for word in term.words)
    return sorted(unique, key=len, reverse=True)
