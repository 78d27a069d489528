"""Find the statements quoted inside an article, with who issued them, and pair them.

Three forms, tried in this order so that a longer form claims its text first:

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
  article elsewhere credits with a sentence of the excerpt (a footnote "The FT claims
  that: “…”" quoting one of its paragraphs), else ``UNATTRIBUTED``: listed, never paired.
* ``quote`` - a quotation of at least four words attributed in its sentence to a named
  speaker ("Petrov asserts that “…”"), or a paragraph-long quotation continuing the speaker
  of the paragraph before. Shorter quotations are scare quotes or fragments and are skipped.

Offsets index the cleaned text and ``text == cleaned[start:end]`` always holds.

Longer than most modules (about 500 lines) for a reason: the three forms share their
patterns, the paragraphs claimed so far and the crediting of excerpts; split apart, each
part would import the others' internals.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from app.ingest.issuers import NAME, OUTLETS, UPPER, NameIndex, index_names, normalise
from app.ingest.textutil import Line, may_hold, rx, split_lines, word_count

MIN_QUOTE_WORDS = 4
UNATTRIBUTED = "Unattributed"
SHARED_WORDS = 8  # a run of this many words in common shows two texts quote one source
MAX_HEADER_WORDS = 12
MIN_PARALLEL_INTROS = 0.5  # Jaccard similarity of two lead-ins that introduce a pair


@dataclass(frozen=True)
class Statement:
    """A statement found in an article; ``text`` is exactly ``cleaned_text[start:end]``."""

    issuer: str
    text: str
    start: int
    end: int
    kind: str  # "section" | "block" | "quote"
    intro: str = ""  # the header or lead-in that attributes it
    intro_start: int = -1  # where that lead-in starts in the cleaned text (-1: none)


@dataclass(frozen=True)
class StatementPair:
    """Two statements about the same event (indexes into the statements list)."""

    left: int
    right: int


# --------------------------------------------------------------------------- patterns

_SAY = (
    r"(?:said|says|say|wrote|writes|stated|states|declared|declares|announced|announces|"
    r"added|adds|posted|posts|tweeted|tweets|told|tells|noted|notes|explained|explains|"
    r"claimed|claims|insisted|insists|warned|warns|replied|replies|responded|responds|"
    r"argued|argues|asserted|asserts|stressed|stresses|emphasi[sz]ed|emphasi[sz]es|"
    r"indicated|indicates|concluded|concludes|admitted|admits|acknowledged|acknowledges|"
    r"put it|puts it|made (?:a |an |the )?(?:[\w()-]+ ){0,3}(?:claim|statement|point|remark)|"
    r"makes? (?:a |an |the )?(?:[\w()-]+ ){0,3}(?:claim|statement|point|remark))\b"
)
_ADVERB = r"(?:(?:also|then|later|again|once again|further|simply|plainly|bluntly|flatly)\s+)?"
# The leading lookaheads below change no match: they name the characters a match can start
# with, so that the regex engine rejects every other position at once.
_AT_NAME = rf"(?=[t{UPPER}])"
_SUBJECT_VERB = rx(rf"{_AT_NAME}({NAME})(?:,\s[^,:;“”\"\n]{{1,150}},)?\s+{_ADVERB}{_SAY}")
_NOUN_FROM = rx(
    r"(?=[swrmptclqva])\b(?:sentences?|statements?|words|remarks|readout|message|post|"
    r"passage|paragraph|tweet|reply|response|comment|line|quote|version|account)"
    rf"\s+(?:from|by|of)\s+({NAME})"
)
_POSSESSIVE = rx(
    r"(?:^|(?=[.!?BAYSW]))"
    rf"(?:^|[.!?]\s+|\b(?:But|And|Yet|So|While|Whereas)\s+)({NAME})[\u2019']s\s+(?:own\s+)?"
    r"(?:statement|readout|post|message|tweet|claim|words|remarks|account|version|response|"
    r"reply|announcement|communiqué|press release)"
)
_NOUN_SAYS = rx(
    rf"{_AT_NAME}({NAME})(?:[\u2019']s)?\s+(?:[\w-]+\s+){{0,2}}?(?:statement|readout|communiqué|"
    r"press release|post|message|announcement)\s+(?:reads|read|says|said|states|stated)\b"
)
_OBJECT = rx(rf"(?=[qci])\b(?:quotes?|quoted|cites?|cited|invokes?|invoked)\s+({NAME})")
_AFTER = rx(rf"^[\s,]*(?:({NAME})\s+{_SAY}|{_SAY}\s+({NAME}))")
_HEADERS = (
    rx(
        rf"(?:What|How)\s+({NAME})\s+(?:said|says|wrote|stated|announced|reported|"
        r"released|published|put it)\s*[:.]?"
    ),
    rx(
        rf"({NAME})[\u2019']s\s+(?:readout|statement|version|account|press release|"
        r"communiqué|summary)(?:\s+of\s[^:\n]{1,80})?\s*:"
    ),
    rx(
        rf"(?:The\s+)?(?:Readout|Statement|Press release|Transcript|Communiqué)\s+"
        rf"(?:from|by|of)\s+({NAME})\s*[:.]?"
    ),
)
# _HEADERS in one pattern (one capturing group each): fullmatch takes the first alternative
# that matches, as trying them in turn would.
_ANY_HEADER = re.compile("|".join(f"(?:{p.pattern})" for p in _HEADERS))
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
_STATEMENT_WORDS = rx(
    r"\b(?:statement|readout|claims?|claimed|posted|post|tweet(?:ed)?|wrote|reads|communiqué|"
    r"press release|announcement|declaration|message)\b",
    re.IGNORECASE,
)
_STOPS = ".!?…"
_SENTENCE_START = rx(rf"[{_STOPS}][\"”\u2019)\]]*\s+(?=[A-Z“\"\u2018(\[])")
# Both branches begin with their quotation mark (the straight one is then checked not to
# follow a word or a closing quote), so the regex engine jumps from mark to mark.
_QUOTATION = re.compile(r"“([^”]*)(”|$)|\"(?<![\w”]\")([^\"]*)(\"|$)")
_CONTRAST = rx(
    r"\b(?:but|however|whereas|while|in contrast|unlike|on the other hand|does not|doesn't|"
    r"did not|didn't|contradicts?|differs?|omits?)\b",
    re.IGNORECASE,
)
_OUTLET_NAMES = frozenset(OUTLETS.values())
_SOURCE_NOUN = r"(?:piece|article|report|op-ed|column|editorial|story|analysis|investigation)"
_NAMED_SOURCE = (
    rx(rf"{_AT_NAME}({NAME})[\u2019']?s?\s+{_SOURCE_NOUN}\b"),
    rx(rf"(?=[paroceis])\b{_SOURCE_NOUN}\s+(?:in|by|from|of)\s+({NAME})"),
)
_ANY_NAME = rx(rf"{_AT_NAME}({NAME})")
# "(archived)", "(link)": where a page linked the source of the text that follows.
_LINK_MARKER = re.compile(r"\((?:archived|archive|link|source|here|pdf)\)", re.IGNORECASE)
_PARAGRAPH_SUBJECT = rx(rf"^\s*({NAME})(?:,\s[^,\n]{{1,150}},)?\s+[a-z]")
_WORDS = rx(r"[\w\u2019'-]+")


# --------------------------------------------------------------------------- public API


def extract(text: str) -> list[Statement]:
    """Statements in a cleaned article, in text order."""
    paras = [line for line in split_lines(text) if line.text.strip()]
    names = index_names(text)
    found: list[Statement] = []
    used: set[int] = set()
    found += _sections(text, paras, names, used)
    found += _blocks(text, paras, names, used)
    found += _quotes(paras, names, used, found)
    found = _credited(found, text, paras)
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


# --------------------------------------------------------------------------- sections


def _header_issuer(text: str, names: NameIndex) -> str | None:
    stripped = text.strip()
    match = _ANY_HEADER.fullmatch(stripped)  # the first of _HEADERS that matches
    if match is None:
        return None
    # Counting words is the dearer test, so it runs only on the rare header-like line.
    if word_count(stripped) > MAX_HEADER_WORDS:
        return None
    return normalise(next(name for name in match.groups() if name is not None), names)


def _sections(
    text: str, paras: Sequence[Line], names: NameIndex, used: set[int]
) -> list[Statement]:
    heads = [(i, _header_issuer(p.text, names)) for i, p in enumerate(paras)]
    heads_found = [(i, issuer) for i, issuer in heads if issuer]
    issuers = {issuer for _, issuer in heads_found}
    found: list[Statement] = []
    for index, issuer in heads_found:
        last = _section_end(paras, index, issuer, issuers, names)
        if last > index:
            used.update(range(index, last + 1))
            found.append(_span_statement(text, paras, index, last, issuer, "section"))
    return found


def _section_end(
    paras: Sequence[Line], head: int, issuer: str, issuers: set[str], names: NameIndex
) -> int:
    """Index of the section's last paragraph (``head`` itself when it is empty)."""
    last = head
    for index in range(head + 1, len(paras)):
        text = paras[index].text
        if _header_issuer(text, names):
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


def _span_statement(
    text: str, paras: Sequence[Line], intro: int, last: int, issuer: str, kind: str
) -> Statement:
    first = paras[intro + 1]
    end = paras[last].start + len(paras[last].text.rstrip())
    start = first.start + (len(first.text) - len(first.text.lstrip()))
    return Statement(
        issuer, text[start:end], start, end, kind, paras[intro].text.strip(), paras[intro].start
    )


# --------------------------------------------------------------------------- blocks


def _cited_source(text: str, names: NameIndex) -> str | None:
    """Who a lead-in that names no speaker cites: an outlet, else UNATTRIBUTED; None when
    the lead-in cites nothing (then what follows is the author's own text)."""
    sentence = _last_sentence(text)
    for pattern in _NAMED_SOURCE:
        for match in pattern.finditer(sentence):
            issuer = normalise(match.group(1), names)
            if issuer:
                return issuer
    for match in _ANY_NAME.finditer(sentence):
        issuer = normalise(match.group(1), names)
        if issuer in _OUTLET_NAMES:
            return issuer
    return UNATTRIBUTED if _LINK_MARKER.search(sentence) else None


def _credited(found: list[Statement], text: str, paras: Sequence[Line]) -> list[Statement]:
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
            excerpt = _QUOTATION.sub(" | ", _excerpt(text, paras, starts, intros, statement))
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
        words = [w.lower() for w in _WORDS.findall(part)]
        runs.update(
            tuple(words[i : i + SHARED_WORDS]) for i in range(len(words) - SHARED_WORDS + 1)
        )
    return runs


def _last_sentence(text: str) -> str:
    """The text after the last sentence start (``_SENTENCE_START``), or all of it.

    Searched from the end: a match is a stop, closing marks and spaces, so no match can begin
    inside another, and the last match of a left-to-right scan is the match at the last stop
    where the pattern matches.
    """
    last = {stop: text.rfind(stop) for stop in _STOPS}
    while True:
        stop = max(last, key=last.__getitem__)
        at = last[stop]
        if at < 0:
            return text
        match = _SENTENCE_START.match(text, at)
        if match:
            return text[match.end() :]
        last[stop] = text.rfind(stop, 0, at)


def _intro_issuer(text: str, names: NameIndex) -> str | None:
    """Who is quoted next, according to a lead-in sentence (None if it does not say)."""
    sentence = _last_sentence(text)
    for pattern in (_NOUN_FROM, _NOUN_SAYS, _POSSESSIVE, _OBJECT, _SUBJECT_VERB):
        for match in reversed(list(pattern.finditer(sentence))):
            issuer = normalise(match.group(1), names)
            if issuer:
                return issuer
    return None


def _blocks(text: str, paras: Sequence[Line], names: NameIndex, used: set[int]) -> list[Statement]:
    found: list[Statement] = []
    for index in range(len(paras) - 1):
        intro = paras[index].text.rstrip()
        nxt = paras[index + 1].text.rstrip()
        if index in used or index + 1 in used or not intro.endswith(":") or nxt.endswith(":"):
            continue
        issuer = _intro_issuer(intro[:-1], names) or _cited_source(intro[:-1], names)
        if issuer is None:
            continue
        last = _block_end(paras, index + 1, paras[index].text)
        used.update(range(index, last + 1))
        found.append(_span_statement(text, paras, index, last, issuer, "block"))
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


# --------------------------------------------------------------------------- quotes


@dataclass(frozen=True)
class _Quotation:
    open: int  # offset of the opening mark within the paragraph
    start: int  # content start/end within the paragraph
    end: int
    to_end: bool  # the quotation runs to the end of its paragraph


def _quotations(text: str) -> list[_Quotation]:
    """Quotations in a paragraph: curly “…” pairs, straight "…" pairs; unclosed run to end."""
    found: list[_Quotation] = []
    for match in _QUOTATION.finditer(text):
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


def _quotes(
    paras: Sequence[Line], names: NameIndex, used: set[int], found: Sequence[Statement]
) -> list[Statement]:
    quotes: list[Statement] = []
    speakers = {s.issuer for s in found}
    for index, para in enumerate(paras):
        if index in used:
            continue
        previous = paras[index - 1].text if index else ""
        for quote in _paragraph_quotes(para, previous, names, speakers):
            speakers.add(quote.issuer)
            quotes.append(quote)
    return quotes


def _paragraph_quotes(
    para: Line, previous: str, names: NameIndex, speakers: set[str]
) -> Iterable[Statement]:
    for q in _quotations(para.text):
        start, end = _trimmed(para.text, q.start, q.end)
        if word_count(para.text[start:end]) < MIN_QUOTE_WORDS:
            continue
        lead_in = _last_sentence(para.text[: q.open])
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
    if colon and q.to_end and _STATEMENT_WORDS.search(lead_in):
        issuer = _intro_issuer(lead_in.rstrip()[:-1], names)
        if issuer:
            return issuer, "block"
    for match in reversed(list(_SUBJECT_VERB.finditer(lead_in))):
        issuer = normalise(match.group(1), names)
        if issuer:
            return issuer, "quote"
    after = _AFTER.match(text[q.end + 1 :]) if q.end < len(text) else None
    if after:
        return normalise(after.group(1) or after.group(2), names), "quote"
    return None, "quote"


def _continuing_speaker(previous: str, names: NameIndex, speakers: set[str]) -> str | None:
    """A paragraph that is only a quotation continues the speaker quoted just before it."""
    match = _PARAGRAPH_SUBJECT.match(previous)
    if not match:
        return None
    issuer = normalise(match.group(1), names)
    return issuer if issuer in speakers else None


# --------------------------------------------------------------------------- pairing


def _intro_words(statement: Statement) -> set[str]:
    return {w.lower() for w in _WORDS.findall(statement.intro)}


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
