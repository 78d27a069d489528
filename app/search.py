"""Words for search: what is indexed for a comparison, and what a query asks for."""

from __future__ import annotations

import re
from collections.abc import Iterable

from app.text import fold

WORD = re.compile(r"\w+")
MAX_WORD = 64
MAX_QUERY_WORDS = 8


def words_of(texts: Iterable[str]) -> set[str]:
    return {word[:MAX_WORD] for text in texts for word in WORD.findall(fold(text))}


def query_words(query: str) -> list[str]:
    """The distinct words of a query, longest first (the most selective narrow first)."""
    unique = dict.fromkeys(word[:MAX_WORD] for word in WORD.findall(fold(query)))
    return sorted(unique, key=len, reverse=True)[:MAX_QUERY_WORDS]
