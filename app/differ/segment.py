"""Sentences, then clauses, with exact offsets into the original text.

Press readouts are full of periods that do not end sentences ("U.S.", "Joseph R. Biden, Jr.",
"Mr. Sullivan", "1. First point"), and of long sentences that carry several points at once
("an energy ceasefire, as well as negotiations on the Black Sea"). Both sides of a comparison
must be cut the same way, so the rules here are plain, local and language-generic: a boundary
depends only on the few characters around it, never on the other text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from app.differ.types import Clause

Span = tuple[int, int]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# A sentence ends at terminal punctuation, possibly followed by closing quotes or brackets.
_TERMINAL = re.compile(r"(?:[.!?…]+|\.\.\.)[\"'”’»)\]]*(?=\s|$)")
_NEWLINE = re.compile(r"\n")
_NEXT_CHAR = re.compile(r"\s*(\S)")
_WORD = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*\.?")
_WORD_BEFORE = re.compile(r"([^\s\"'“”‘’(\[]+)$")

# Abbreviations that precede a name or a number: never the end of a sentence before a capital.
_TITLES = _words(
    """
    mr mrs ms dr prof gen sen rep gov lt col capt sgt adm maj rev hon st pres amb messrs mt
    ft no nos art vs v vol pp fig gen lt.gen brig cmdr cdr supt insp fr sr.amb
    """
)
# Abbreviations that may end a sentence, but usually do not ("Jr. said", "Inc. and").
_TRAILING = _words(
    """
    jr sr inc ltd co corp etc al jan feb mar apr jun jul aug sep sept oct nov dec approx est
    dept univ assn bros
    """
)
# Words that commonly open a sentence: after an ambiguous abbreviation they signal a boundary.
_STARTERS = _words(
    """
    the this that these those it its he she they we i in on at as after before both but
    however during today yesterday there his her their our a an and also while when
    following
    """
)

_CLOSERS = "\"'”’»)]"
_MARKER_WINDOW = 24  # longest indent plus marker looked for, in characters
_LIST_MARKER = re.compile(r"(?:^|\n)[ \t]*(?:\d{1,3}|[A-Za-z]|[ivxIVX]{1,4})[.)]$")


def _previous_word(text: str, end: int) -> str:
    """The word that the punctuation at `end` closes, without quotes or brackets around it."""
    start = max(0, end - 40)
    match = _WORD_BEFORE.search(text[start:end])
    return match.group(1) if match else ""


def _next_word(text: str, pos: int) -> str:
    match = _WORD.match(text, pos)
    return match.group(0).rstrip(".") if match else ""


def _is_list_marker(text: str, punct_end: int) -> bool:
    """True for "1." or "b)" at the start of a line: a numbered item, not a sentence end.

    Only the last few characters are looked at: a marker is short, and scanning back to the
    line start would make a long text on one line cost the square of its length.
    """
    window = max(0, punct_end - _MARKER_WINDOW)
    line_start = text.rfind("\n", window, punct_end) + 1
    if line_start == 0 and window > 0:
        return False  # the line started long before: no marker opens it here
    return _LIST_MARKER.search(text[max(0, line_start - 1) : punct_end]) is not None


def _is_boundary(text: str, punct_start: int, punct_end: int, next_start: int) -> bool:
    """Decide whether the punctuation text[punct_start:punct_end] ends a sentence."""
    if next_start >= len(text):
        return True
    nxt = text[next_start]
    if nxt.islower():
        return False
    punct = text[punct_start:punct_end]
    if "." not in punct or punct.startswith(".."):
        return True
    if punct[-1] in _CLOSERS:
        return True  # '“we agree.” The' ends: no abbreviation is quoted like that
    if _is_list_marker(text, punct_start + 1):
        return False
    word = _previous_word(text, punct_start)
    bare = word.replace(".", "").lower()
    starter = _next_word(text, next_start).lower() in _STARTERS
    if bare in _TITLES and "." not in word and word[:1].isupper():
        return False  # "Mr. Sullivan", "No. 5"
    if len(bare) == 1 and bare.isalpha():
        return starter  # "Joseph R. Biden" goes on; "Plan B. The" ends
    if bare in _TRAILING or "." in word:
        return starter  # "U.S. President" goes on; "the U.S. The next day" ends
    return True


def _blocks(text: str) -> Iterator[Span]:
    """Runs of text between line breaks that end a sentence: paragraphs, list items, headings.

    A line break ends a sentence unless the next line starts in lower case, which is how a
    hard-wrapped paragraph continues.
    """
    start = 0
    for match in _NEWLINE.finditer(text):
        following = _NEXT_CHAR.match(text, match.end())
        rest = following.group(1) if following else ""
        if rest and rest[0].islower() and text[start : match.start()].strip():
            tail = text[start : match.start()].rstrip()
            if tail and tail[-1] not in ".!?:;":
                continue
        yield start, match.start()
        start = match.end()
    yield start, len(text)


def _trim(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def sentences(text: str) -> list[Span]:
    """Sentence spans, in order, trimmed of surrounding whitespace, covering all the words."""
    spans: list[Span] = []
    for block_start, block_end in _blocks(text):
        start = block_start
        for match in _TERMINAL.finditer(text, block_start, block_end):
            next_start = match.end()
            while next_start < block_end and text[next_start].isspace():
                next_start += 1
            if next_start >= block_end or _is_boundary(
                text, match.start(), match.end(), next_start
            ):
                span = _trim(text, start, match.end())
                if span:
                    spans.append(span)
                start = match.end()
        span = _trim(text, start, block_end)
        if span:
            spans.append(span)
    return spans


# Where a long sentence turns to a separate point. Each split point is the offset where the
# second clause starts; the strength says how short the parts may be.
_STRONG_SPLIT = re.compile(r"(?<=;)\s+|(?<=:)\s+(?=\S)")
_PHRASE_SPLIT = re.compile(
    r",?\s+(?=as well as\b)|,\s+(?=(?:and|but|while|whereas|and also)\s)", re.IGNORECASE
)
_CLAUSE_OPENERS = _words(
    """
    the a an this that these those it he she they we i both each all his her their its our
    there such mr mrs ms president prime minister secretary
    """
)
_VERBISH = re.compile(
    r"\b(?:is|are|was|were|will|would|has|have|had|can|could|should|must|may|might|shall|"
    r"did|does|do|\w+ed)\b",
    re.IGNORECASE,
)
_WORDS = re.compile(r"[^\W_]+")
_MIN_PART_WORDS = 5
_MIN_SPLIT_SENTENCE_WORDS = 14


def _word_count(text: str) -> int:
    return len(_WORDS.findall(text))


def _opens_main_clause(rest: str) -> bool:
    """After ", and": a subject and a verb soon after (a new point), not the tail of a list."""
    words = rest.split(None, 2)
    if len(words) < 3:
        return False
    conj, first = words[0].lower(), words[1].lower().strip("\"'“”")
    if conj.startswith("as"):
        return True
    if first not in _CLAUSE_OPENERS and not words[1][:1].isupper():
        return False
    window = " ".join(rest.split()[2:9])
    return _VERBISH.search(window) is not None


def _ends_a_list(before: str) -> bool:
    """ "the economy, energy, trade, and ...": the last item of a list, not a new clause."""
    tail = before.rsplit(";", 1)[-1].split()[-8:]
    return sum(word.endswith(",") for word in tail) >= 2


def _split_points(text: str, start: int, end: int) -> list[int]:
    """Offsets inside the sentence where a new clause starts, before the size checks."""
    points: list[tuple[int, bool]] = []
    for match in _STRONG_SPLIT.finditer(text, start, end):
        points.append((match.end(), True))
    for match in _PHRASE_SPLIT.finditer(text, start, end):
        if _ends_a_list(text[start : match.start()]):
            continue
        if _opens_main_clause(text[match.end() : end]):
            points.append((match.end(), False))
    points.sort()
    chosen: list[int] = []
    last = start
    for pos, strong in points:
        minimum = 3 if strong else _MIN_PART_WORDS
        if _word_count(text[last:pos]) >= minimum and _word_count(text[pos:end]) >= minimum:
            chosen.append(pos)
            last = pos
    return chosen


def clause_spans(text: str, start: int, end: int) -> list[Span]:
    """Cut one sentence into clauses where it carries separate points; short ones stay whole."""
    if _word_count(text[start:end]) < _MIN_SPLIT_SENTENCE_WORDS:
        return [(start, end)]
    cuts = [start, *_split_points(text, start, end), end]
    spans = [_trim(text, a, b) for a, b in pairwise(cuts)]
    return [s for s in spans if s is not None]


def clauses(text: str) -> tuple[Clause, ...]:
    """All clauses of a text, in order, each tagged with the number of its sentence."""
    result: list[Clause] = []
    for number, (start, end) in enumerate(sentences(text)):
        for a, b in clause_spans(text, start, end):
            result.append(Clause(start=a, end=b, sentence=number))
    return tuple(result)
