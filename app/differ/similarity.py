"""Tokens that see through wording, weights that favour rare words, and clause scores.

Two readouts of one call rarely use the same words: "Kyiv" and "Kiev", "the United States"
and "Washington", "30-day" and "30 days", "negotiations" and "negotiate". Every word is reduced
to a *term* (aliases, number values, Snowball stems) so such pairs compare equal, and each
term is weighted by how informative it is: a word that is rare in English and rare in the two
texts ("Kursk", "proliferation") says far more about what a clause is about than "agreed".
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cache, lru_cache
from typing import NamedTuple

import snowballstemmer

from app.differ.budget import NO_DEADLINE, Deadline
from app.differ.lexicon import Lexicon, Phrase, lexicon

_TOKEN = re.compile(
    r"(?:[^\W\d_]\.){2,}"  # U.S., U.N., e.g.
    r"|\d+(?:[.,]\d+)*"  # 1,000 and 2.5
    r"|[^\W\d_]+(?:['’][^\W\d_]+)*"  # words, with their apostrophes
)

_NUMBER_INFO = 4.0
_MIN_INFO = 0.3
_MAX_INFO = 5.5
_ACTIVE: list[Lexicon] = []  # a lexicon put in force by use_lexicon(), for the benchmarks


def active() -> Lexicon:
    """The word lists in force: the shipped ones, unless a benchmark swapped them."""
    return _ACTIVE[-1] if _ACTIVE else lexicon()


@contextmanager
def use_lexicon(lex: Lexicon) -> Iterator[None]:
    """Tokenize and weigh with `lex` inside the block (the quality benchmark's ablation).

    Not for concurrent use: the swap is process-wide, and the caches of word look-ups are
    emptied on the way in and out.
    """
    _ACTIVE.append(lex)
    _clear_caches()
    try:
        yield
    finally:
        _ACTIVE.pop()
        _clear_caches()


def _clear_caches() -> None:
    for f in (_concept_table, _phrase_aliases, _number_value, _word_term, _word, _phrase_starts):
        f.cache_clear()
    _phrase_max.cache_clear()
    _information.cache_clear()
    _concept_phrases.cache_clear()


class Token(NamedTuple):
    """A word of a text as compared: its offsets, its term, and what kind of word it is.

    `term` is empty for stop words, which never count towards similarity. (A named tuple
    rather than a dataclass: a long text has hundreds of thousands of them.)
    """

    start: int
    end: int
    term: str
    surface: str
    number: bool = False
    date: bool = False
    alias: bool = False
    concept: str = ""  # a concept given by the words around it ("impose ... costs")


@cache
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("english")


_STEM_LOCK = threading.Lock()


@cache
def _stem(word: str) -> str:
    # A Snowball stemmer keeps its working state on the instance, and web requests align
    # in several threads at once: one stemmer, one word at a time.
    with _STEM_LOCK:
        return str(_stemmer().stemWord(word))


@cache
def _concept_table() -> dict[str, str]:
    """Term -> concept; a word is stemmed as the tokenizer stems it, an alias kept as is."""
    return {
        (w if w.startswith("=") else _stem(w)): c
        for c, words in active().concepts.items()
        for w in words
    }


def concept(term: str) -> str:
    """The concept a term belongs to ("econom" and "economi" are "~economy"), or ""."""
    return _concept_table().get(term, "")


@cache
def _phrase_aliases() -> dict[tuple[str, ...], str]:
    table: dict[tuple[str, ...], str] = {}
    for term, variants in active().aliases.items():
        for variant in variants:
            table[tuple(variant.split())] = term
    return table


@cache
def _clean(word: str) -> str:
    """Lower case, straight apostrophes, no possessive: "Russia’s" -> "russia"."""
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    return word.strip("'")


@cache
def _number_value(word: str) -> str | None:
    if word[:1].isdigit():
        digits = word.replace(",", "")
        return digits.rstrip("0").rstrip(".") if "." in digits else digits.lstrip("0") or "0"
    value = active().numbers.get(word)
    return None if value is None else str(value)


@cache
def _word_term(raw: str, cleaned: str) -> tuple[str, bool]:
    """The term of one word, and whether it came from the alias table."""
    upper = active().upper.get(raw.rstrip("'’s") if raw.endswith(("’s", "'s")) else raw)
    if upper:
        return upper, True
    cleaned = cleaned.replace(".", "")
    alias = _phrase_aliases().get((cleaned,))
    if alias:
        return alias, True
    if cleaned in active().stopwords or len(cleaned) < 2:
        return "", False
    return _stem(cleaned), False


def tokenize(
    text: str, start: int = 0, end: int | None = None, *, deadline: Deadline = NO_DEADLINE
) -> list[Token]:
    """The words of text[start:end], with offsets into the whole text."""
    end = len(text) if end is None else end
    raws = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text, start, end)]
    cleaned = [_clean(raw) for _, _, raw in raws]
    starts = _phrase_starts()
    prefixes = active().hyphen_prefixes
    tokens: list[Token] = []
    dated = False
    i = 0
    while i < len(raws):
        deadline.every(i, 4095)
        phrase = _match_phrase(cleaned, i) if cleaned[i] in starts else None
        if phrase:
            length, term = phrase
            a, b = raws[i][0], raws[i + length - 1][1]
            tokens.append(Token(a, b, term, text[a:b], alias=True))
            i += length
            continue
        a, b, raw = raws[i]
        hyphened = i + 1 < len(raws) and raws[i + 1][0] == b + 1 and text[b] == "-"
        if hyphened and cleaned[i] in prefixes:  # "counter-narcotics" is "counternarcotics"
            b, raw = raws[i + 1][1], raw + raws[i + 1][2]
            i += 1
        term, number, date, alias = _word(raw)
        dated = dated or (date and not number)
        tokens.append(Token(a, b, term, raw, number, date, alias))
        i += 1
    tokens = _mark_day_numbers(tokens) if dated else tokens
    return _mark_phrase_concepts(tokens) if _concept_phrases() else tokens


@cache
def _word(raw: str) -> tuple[str, bool, bool, bool]:
    """(term, is a number, is a date, came from the alias table) of one written word."""
    cleaned = _clean(raw)
    number = _number_value(cleaned)
    if number is not None:
        return "#" + number, True, _is_year(number), False
    term, alias = _word_term(raw, cleaned)
    return term, False, cleaned in active().dates, alias


@cache
def _phrase_starts() -> frozenset[str]:
    """First words of the alias phrases: only these are worth a phrase look-up."""
    return frozenset(words[0] for words in _phrase_aliases() if len(words) > 1)


def _match_phrase(cleaned: Sequence[str], i: int) -> tuple[int, str] | None:
    """The longest alias phrase of two or more words starting at word i, if any."""
    if cleaned[i] not in _phrase_starts():
        return None
    table = _phrase_aliases()
    for length in range(min(_phrase_max(), len(cleaned) - i), 1, -1):
        term = table.get(tuple(cleaned[i : i + length]))
        if term:
            return length, term
    return None


@cache
def _phrase_max() -> int:
    return max((len(words) for words in _phrase_aliases()), default=1)


@cache
def _concept_phrases() -> dict[str, tuple[Phrase, ...]]:
    """Concept phrases by their last word."""
    found: dict[str, list[Phrase]] = {}
    for phrase in active().phrases:
        found.setdefault(phrase.words[-1], []).append(phrase)
    return {word: tuple(ps) for word, ps in found.items()}


def _mark_phrase_concepts(tokens: list[Token]) -> list[Token]:
    """Give the last word of a concept phrase its concept ("imposing even higher costs").

    Only words that end some phrase are looked at, and each looks back a bounded number
    of words, so the cost is linear in the text.
    """
    table = _concept_phrases()
    out = tokens
    for k, tok in enumerate(tokens):
        phrases = table.get(_clean(tok.surface))
        if not phrases:
            continue
        for phrase in phrases:
            if _ends_phrase(tokens, k, phrase):
                if out is tokens:
                    out = list(tokens)
                out[k] = tok._replace(concept=phrase.concept)
                break
    return out


def _ends_phrase(tokens: Sequence[Token], k: int, phrase: Phrase) -> bool:
    """Whether the words of `phrase` before its last come before token k, in order, each
    within `phrase.window` words of the next."""
    at = k
    for word in reversed(phrase.words[:-1]):
        for back in range(at - 1, max(-1, at - 1 - phrase.window), -1):
            if _clean(tokens[back].surface) == word:
                at = back
                break
        else:
            return False
    return True


def _is_year(number: str) -> bool:
    return len(number) == 4 and number.isdigit() and 1800 <= int(number) <= 2200


def _mark_day_numbers(tokens: list[Token]) -> list[Token]:
    """ "March 19" and "19 March": the number is part of a date."""
    out = list(tokens)
    for k, tok in enumerate(tokens):
        if not tok.number or not tok.term[1:].isdigit() or int(tok.term[1:]) > 31:
            continue
        near = tokens[max(0, k - 1) : k] + tokens[k + 1 : k + 2]
        if any(n.date and not n.number for n in near):
            out[k] = Token(tok.start, tok.end, tok.term, tok.surface, number=True, date=True)
    return out


@cache
def _frequencies() -> Mapping[str, float]:
    from wordfreq import get_frequency_dict

    return get_frequency_dict("en", wordlist="best")


def zipf(word: str) -> float:
    """How common a word is in English, on the Zipf scale (0 = unseen, 7+ = "the")."""
    freq = _frequencies().get(word.lower().replace("’", "'"), 0.0)
    return math.log10(freq * 1e9) if freq > 0 else 0.0


def information(term: str, surfaces: Iterable[str]) -> float:
    """Prior weight of a term from English word frequencies: the rarer, the heavier.

    A term is as common as its most common surface form, so a stem shared by "talks" and
    "talk" is not made rare by an unusual inflection; an alias is as common as its most
    common written form ("U.S." is as common as "American", not unseen).
    """
    return _information(term, tuple(surfaces))


@lru_cache(maxsize=1 << 16)
def _information(term: str, surfaces: tuple[str, ...]) -> float:
    forms = surfaces + active().aliases.get(term, ())
    if term.startswith("#") and any(f[:1].isdigit() for f in forms):
        return _NUMBER_INFO  # a figure: "30", "175"; but "the two leaders" is no fact
    common = max((zipf(s) for s in forms), default=0.0)
    info = min(_MAX_INFO, max(_MIN_INFO, 7.0 - common))
    lex = active()
    if any(_clean(s) in lex.frame_words for s in forms):
        info *= lex.frame_factor
    return info


def total(vector: Mapping[str, float]) -> float:
    """A clause's total weight, summed in sorted order so that it is the same float always."""
    return math.fsum(sorted(vector.values()))


def shared(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Total weight of the terms two clauses share (symmetric, to the last bit)."""
    if len(a) > len(b):
        a, b = b, a
    return math.fsum(sorted(w for t, w in a.items() if t in b))


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Shared weight over the geometric mean of the two clauses' weights, in [0, 1].

    This is the cosine of the term sets with each term counted by the square root of its
    weight: rare terms dominate, yet a long clause that restates a short one in passing
    still scores.
    """
    both = shared(a, b)
    return both / math.sqrt(total(a) * total(b)) if both else 0.0
