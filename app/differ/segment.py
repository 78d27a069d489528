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

from app.differ.budget import NO_DEADLINE, Deadline
from app.differ.types import Clause

Span = tuple[int, int]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# A sentence ends at terminal punctuation, possibly followed by closing quotes or brackets.
# Group 1 is the punctuation; the match goes on over the whitespace after it. Every run is
# taken whole (possessive quantifiers) and a match may only start where a run starts (the
# look-behind): a run of 40,000 dots followed by a letter is then one failed attempt, not
# 40,000 attempts that each re-read the rest of the run (which cost a minute of CPU).
_TERMINAL = re.compile(r"((?<![.!?…])[.!?…]++[\"'”’»)\]]*+)(?=\s|$)\s*+")
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

_HAS_WORD = re.compile(r"[^\W_]")
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
    start = line_start = 0
    last = ""  # the block's last non-space character so far: kept, not rescanned
    rest, rest_at = "", -1  # the next non-space character, and where it is
    for match in _NEWLINE.finditer(text):
        line = text[line_start : match.start()].rstrip()
        last = line[-1] if line else last
        line_start = match.end()
        if rest_at < match.end():  # a run of blank lines looks ahead once, not per line
            following = _NEXT_CHAR.match(text, match.end())
            rest = following.group(1) if following else ""
            rest_at = following.end() if following else len(text) + 1
        if rest and rest[0].islower() and last and last not in ".!?:;":
            continue
        yield start, match.start()
        start = match.end()
        last = ""
    yield start, len(text)


def _trim(text: str, start: int, end: int) -> Span | None:
    """The span without surrounding whitespace, or None if nothing else is in it."""
    piece = text[start:end]
    left = piece.lstrip()
    if not left:
        return None
    return start + len(piece) - len(left), end - (len(left) - len(left.rstrip()))


def _add(text: str, spans: list[Span], span: Span | None) -> None:
    """Append a sentence; one without a letter or digit ("???", "***") joins the previous."""
    if span is None:
        return
    if spans and _HAS_WORD.search(text, span[0], span[1]) is None:
        spans[-1] = (spans[-1][0], span[1])
    else:
        spans.append(span)


def sentences(text: str, deadline: Deadline = NO_DEADLINE) -> list[Span]:
    """Sentence spans, in order, trimmed of surrounding whitespace, covering all the words."""
    spans: list[Span] = []
    for block_start, block_end in _blocks(text):
        deadline.check()
        start = block_start
        for match in _TERMINAL.finditer(text, block_start, block_end):
            deadline.every(len(spans))
            punct_end, next_start = match.end(1), match.end()
            if next_start >= block_end or _is_boundary(text, match.start(), punct_end, next_start):
                _add(text, spans, _trim(text, start, punct_end))
                start = punct_end
        _add(text, spans, _trim(text, start, block_end))
    return spans


# Where a long sentence turns to a separate point. Each split point is the offset where the
# second clause starts; the strength says how short the parts may be.
_STRONG_SPLIT = re.compile(r"(?<=;)\s+|(?<=:)\s+(?=\S)")
# Linear on any input: a run of whitespace is taken whole and only from its start, so a
# long run of spaces before a word is read once, not once per space.
_PHRASE_SPLIT = re.compile(
    r"(?:,|(?<![\s,]))\s++(?=as well as\b)|,\s++(?=(?:and|but|while|whereas|and also)\s)",
    re.IGNORECASE,
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
_MAX_CLAUSE_WORDS = 150  # longer than any clause of prose: cut into pieces this long
_WINDOW = 300  # characters looked at around a possible split point


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


def _split_points(text: str, start: int, end: int, deadline: Deadline = NO_DEADLINE) -> list[int]:
    """Offsets inside the sentence where a new clause starts, before the size checks.

    Every test looks at a bounded window around the split point, never at the whole rest
    of the sentence: a megabyte "sentence" without a period must not cost its square.
    """
    points: list[tuple[int, bool]] = []
    for match in _STRONG_SPLIT.finditer(text, start, end):
        points.append((match.end(), True))
    for k, match in enumerate(_PHRASE_SPLIT.finditer(text, start, end)):
        deadline.every(k, 127)
        if _ends_a_list(text[max(start, match.start() - _WINDOW) : match.start()]):
            continue
        if _opens_main_clause(text[match.end() : min(end, match.end() + _WINDOW)]):
            points.append((match.end(), False))
    points.sort()
    chosen: list[int] = []
    last = start
    for k, (pos, strong) in enumerate(points):
        deadline.every(k, 127)
        minimum = 3 if strong else _MIN_PART_WORDS
        before = text[max(last, pos - _WINDOW) : pos]
        after = text[pos : min(end, pos + _WINDOW)]
        if _word_count(before) >= minimum and _word_count(after) >= minimum:
            chosen.append(pos)
            last = pos
    return chosen


def _chunks(text: str, start: int, end: int) -> list[Span]:
    """A clause longer than any sentence of prose (a text without punctuation, a transcript
    on one line) cut at word boundaries into pieces of _MAX_CLAUSE_WORDS words, so that
    each stays a unit a reader can compare, and linking stays local."""
    if end - start < _MAX_CLAUSE_WORDS * 2:
        return [(start, end)]
    starts = [m.start() for m in _WORDS.finditer(text, start, end)]
    if len(starts) <= _MAX_CLAUSE_WORDS:
        return [(start, end)]
    cuts = [start, *starts[_MAX_CLAUSE_WORDS::_MAX_CLAUSE_WORDS], end]
    spans = [_trim(text, a, b) for a, b in pairwise(cuts)]
    return [s for s in spans if s is not None]


def clause_spans(text: str, start: int, end: int, deadline: Deadline = NO_DEADLINE) -> list[Span]:
    """Cut one sentence into clauses where it carries separate points; short ones stay whole."""
    if _word_count(text[start:end]) < _MIN_SPLIT_SENTENCE_WORDS:
        return [(start, end)]
    cuts = [start, *_split_points(text, start, end, deadline), end]
    spans = [_trim(text, a, b) for a, b in pairwise(cuts)]
    return [c for s in spans if s is not None for c in _chunks(text, *s)]


def clauses(text: str, deadline: Deadline = NO_DEADLINE) -> tuple[Clause, ...]:
    """All clauses of a text, in order, each tagged with the number of its sentence.

    A sentence met again (boilerplate, or a text that repeats itself) is cut as before:
    the cuts depend on the sentence alone, so they are remembered relative to its start.
    """
    result: list[Clause] = []
    seen: dict[str, list[Span]] = {}
    for number, (start, end) in enumerate(sentences(text, deadline)):
        deadline.every(number)
        sentence = text[start:end]
        cuts = seen.get(sentence)
        if cuts is None:
            cuts = [(a - start, b - start) for a, b in clause_spans(text, start, end, deadline)]
            seen[sentence] = cuts
        for a, b in cuts:
            result.append(Clause(start=start + a, end=start + b, sentence=number))
    return tuple(result)
