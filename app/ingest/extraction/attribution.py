"""Who a header, a lead-in or a sentence says is speaking: the patterns every form shares.

The patterns are written so that the regex engine rejects most positions at once (leading
lookaheads naming the characters a match can start with) and never backtracks on long runs.
"""

from __future__ import annotations

import re

from app.ingest.extraction.statement import UNATTRIBUTED
from app.ingest.issuers import NAME, OUTLETS, UPPER, NameIndex, normalise
from app.ingest.textutil import rx, word_count

MAX_HEADER_WORDS = 12

SAY = (
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
SUBJECT_VERB = rx(rf"{_AT_NAME}({NAME})(?:,\s[^,:;“”\"\n]{{1,150}},)?\s+{_ADVERB}{SAY}")
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
AFTER = rx(rf"^[\s,]*(?:({NAME})\s+{SAY}|{SAY}\s+({NAME}))")
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
STATEMENT_WORDS = rx(
    r"\b(?:statement|readout|claims?|claimed|posted|post|tweet(?:ed)?|wrote|reads|communiqué|"
    r"press release|announcement|declaration|message)\b",
    re.IGNORECASE,
)
_STOPS = ".!?…"
_SENTENCE_START = rx(rf"[{_STOPS}][\"”\u2019)\]]*\s+(?=[A-Z“\"\u2018(\[])")
_OUTLET_NAMES = frozenset(OUTLETS.values())
_SOURCE_NOUN = r"(?:piece|article|report|op-ed|column|editorial|story|analysis|investigation)"
_NAMED_SOURCE = (
    rx(rf"{_AT_NAME}({NAME})[\u2019']?s?\s+{_SOURCE_NOUN}\b"),
    rx(rf"(?=[paroceis])\b{_SOURCE_NOUN}\s+(?:in|by|from|of)\s+({NAME})"),
)
_ANY_NAME = rx(rf"{_AT_NAME}({NAME})")
# "(archived)", "(link)": where a page linked the source of the text that follows.
_LINK_MARKER = re.compile(r"\((?:archived|archive|link|source|here|pdf)\)", re.IGNORECASE)
PARAGRAPH_SUBJECT = rx(rf"^\s*({NAME})(?:,\s[^,\n]{{1,150}},)?\s+[a-z]")


def header_issuer(text: str, names: NameIndex) -> str | None:
    """The issuer a section header names ("What the Kremlin said:"), else None."""
    stripped = text.strip()
    match = _ANY_HEADER.fullmatch(stripped)  # the first of _HEADERS that matches
    if match is None:
        return None
    # Counting words is the dearer test, so it runs only on the rare header-like line.
    if word_count(stripped) > MAX_HEADER_WORDS:
        return None
    return normalise(next(name for name in match.groups() if name is not None), names)


def intro_issuer(text: str, names: NameIndex) -> str | None:
    """Who is quoted next, according to a lead-in sentence (None if it does not say)."""
    sentence = last_sentence(text)
    for pattern in (_NOUN_FROM, _NOUN_SAYS, _POSSESSIVE, _OBJECT, SUBJECT_VERB):
        for match in reversed(list(pattern.finditer(sentence))):
            issuer = normalise(match.group(1), names)
            if issuer:
                return issuer
    return None


def cited_source(text: str, names: NameIndex) -> str | None:
    """Who a lead-in that names no speaker cites: an outlet, else UNATTRIBUTED; None when
    the lead-in cites nothing (then what follows is the author's own text)."""
    sentence = last_sentence(text)
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


def last_sentence(text: str) -> str:
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
