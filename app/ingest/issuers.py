"""Who said it: recognising issuer names in prose and normalising them for display.

Names are matched as runs of capitalised words (so we need no named-entity model) and
normalised in three steps, most trustworthy first: the article's own usage (it defines
"Financial Times (FT)" or names "Nikolay Petrov" before calling him "Petrov"), then a small
table of well-known officials and outlets, then the name as written without its titles.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

# Capitalised words that start sentences or clauses but never name anyone.
_STOP = (
    r"But|And|Yet|So|Or|Nor|The|This|That|These|Those|It|Its|He|She|They|We|I|You|His|Her|"
    r"Their|Our|My|In|On|At|As|If|When|While|Whereas|What|How|Why|Who|Where|After|Before|"
    r"Regarding|Despite|Although|Though|However|Indeed|Notably|Meanwhile|Still|Also|Then|"
    r"There|Here|Now|Today|Yesterday|A|An|One|Some|Many|Most|All|Both|Each|Such|Even|Only|"
    r"Again|Instead|Finally|Furthermore|Moreover|Hence|Thus|Unsurprisingly|Likewise|For|"
    r"To|From|By|With|Without|Of|Under|Over|Since|Until|Because|No|Not|Yes|Ultimately"
)
UPPER = "A-ZÀ-ÖØ-Þ"
# A capitalised word that is not a stop word. The capital comes first and the stop-word test
# after it (a one-character lookbehind that looks ahead from the capital): a pattern that
# starts with a character class lets the regex engine skip straight to the next capital,
# which makes a scan of a whole article about ten times faster than testing every position.
TOKEN = rf"[{UPPER}](?<=(?!(?:{_STOP})\b).)[\w.\-]*(?:[\u2019'][{UPPER}][\w.\-]*)?"
PARTICLE = r"(?:von|van|der|den|de|da|di|du|al|bin|la|le)"
NAME = rf"(?:[Tt]he\s+)?{TOKEN}(?:\s+(?:{PARTICLE}\s+)*{TOKEN}){{0,4}}"

TITLES = frozenset(
    {
        "president",
        "prime",
        "minister",
        "foreign",
        "defence",
        "defense",
        "secretary",
        "state",
        "chancellor",
        "vice-president",
        "vice",
        "senator",
        "mr",
        "mr.",
        "mrs",
        "mrs.",
        "ms",
        "ms.",
        "dr",
        "dr.",
        "professor",
        "prof.",
        "historian",
        "deputy",
        "chief",
        "general",
        "gen.",
        "ambassador",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "press",
        "commission",
        "king",
        "queen",
        "pope",
        "sir",
        "lord",
        "governor",
        "mayor",
        "speaker",
        "leader",
        "premier",
        "envoy",
        "special",
        "russian",
        "ukrainian",
        "american",
        "us",
        "u.s.",
        "british",
        "french",
        "german",
        "chinese",
        "israeli",
        "iranian",
        "italian",
        "finnish",
        "european",
        "turkish",
        "polish",
        "saudi",
        "indian",
        "japanese",
    }
)
WELL_KNOWN: Mapping[str, str] = {
    "Trump": "Donald Trump",
    "Putin": "Vladimir Putin",
    "Zelensky": "Volodymyr Zelensky",
    "Zelenskyy": "Volodymyr Zelenskyy",
    "Zelenskiy": "Volodymyr Zelenskiy",
    "Lavrov": "Sergey Lavrov",
    "Peskov": "Dmitry Peskov",
    "Ushakov": "Yuri Ushakov",
    "Rubio": "Marco Rubio",
    "Vance": "JD Vance",
    "Witkoff": "Steve Witkoff",
    "Macron": "Emmanuel Macron",
    "Starmer": "Keir Starmer",
    "Merz": "Friedrich Merz",
    "Meloni": "Giorgia Meloni",
    "Biden": "Joe Biden",
    "Netanyahu": "Benjamin Netanyahu",
    "Erdogan": "Recep Tayyip Erdogan",
    "Scholz": "Olaf Scholz",
    "Xi": "Xi Jinping",
}
OUTLETS: Mapping[str, str] = {
    "FT": "Financial Times",
    "NYT": "The New York Times",
    "NY Times": "The New York Times",
    "New York Times": "The New York Times",
    "WSJ": "The Wall Street Journal",
    "Wall Street Journal": "The Wall Street Journal",
    "WaPo": "The Washington Post",
    "Washington Post": "The Washington Post",
    "AP": "Associated Press",
}
_LINK = r"(?:for|of|the|and|on|de|du|des|la)"
_ABBREVIATION = re.compile(
    rf"({TOKEN}(?:\s+(?:{_LINK}\s+)*{TOKEN}){{0,7}})\s+\(([A-Z][A-Za-z.]{{1,7}})\)"
)
_PAREN_ABBREVIATION = re.compile(r"\([A-Z][A-Za-z.]{1,7}\)")
_NAME_CHARS = re.compile(r"[\w.\-\u2019'\s]*")  # every character a name, link word or gap has
_TOKEN_RE = re.compile(TOKEN)
_LEADING_THE = re.compile(r"^[Tt]he\s+")
_POSSESSIVE_S = re.compile(r"[\u2019']s$")
_TOKEN_PAIR = re.compile(rf"({TOKEN})\s+({TOKEN})")
_REJECT = frozenset(
    {
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "western",
        "eastern",
        "god",
    }
)


@dataclass(frozen=True)
class NameIndex:
    """What the article itself tells about names: abbreviations and full personal names."""

    abbreviations: Mapping[str, str]
    full_names: Mapping[str, str]  # surname -> "First Surname" as the article writes it


def index_names(text: str) -> NameIndex:
    """Collect "Full Name (ABBR)" definitions and "First Surname" pairs from the article."""
    abbreviations: dict[str, str] = {}
    for match in _abbreviations(text):
        expansion = _spelled_out(match.group(1), match.group(2))
        if expansion:
            abbreviations.setdefault(match.group(2), expansion)
    pairs: Counter[tuple[str, str]] = Counter()
    for match in _TOKEN_PAIR.finditer(text):
        first, last = match.group(1), match.group(2)
        if first.lower() not in TITLES and last.lower() not in TITLES and "." not in first:
            pairs[(first, last)] += 1
    full: dict[str, str] = {}
    for (first, last), _count in pairs.most_common():
        full.setdefault(last, f"{first} {last}")
    return NameIndex(abbreviations=abbreviations, full_names=full)


def _abbreviations(text: str) -> Iterator[re.Match[str]]:
    """The matches of ``_ABBREVIATION.finditer(text)``, found without scanning every word.

    A match is a run of name words, spaces and link words ending in "(ABBR)": it lies within
    the longest stretch of such characters before an "(ABBR)", and cannot reach past one.
    So the pattern only runs on those stretches, found backwards from each "(ABBR)" (a quick
    literal search) in the reversed text.
    """
    parens = list(_PAREN_ABBREVIATION.finditer(text))
    if not parens:
        return
    reverse = text[::-1]
    previous = 0
    for paren in parens:
        before = len(text) - paren.start()  # where the text before the "(" starts, reversed
        run = _NAME_CHARS.match(reverse, before)  # always matches, perhaps empty
        stretch = run.end() - before if run else 0
        start = max(previous, paren.start() - stretch)
        yield from _ABBREVIATION.finditer(text, start, paren.end())
        previous = paren.end()


def _spelled_out(words: str, abbreviation: str) -> str | None:
    """The shortest tail of ``words`` whose capitalised initials spell the abbreviation."""
    letters = abbreviation.replace(".", "").upper()
    tokens = words.split()
    for first in range(len(tokens) - 1, -1, -1):
        initials = "".join(t[0] for t in tokens[first:] if t[0].isupper())
        if initials == letters and tokens[first][0].isupper():
            return " ".join(tokens[first:])
    return None


def strip_article(name: str) -> str:
    """ "the Kremlin" -> "Kremlin": display names carry no leading article."""
    return _LEADING_THE.sub("", name.strip())


def normalise(name: str, index: NameIndex) -> str | None:
    """Display form of an issuer, or None when the words do not name anyone."""
    bare = strip_article(name).strip(" ,;:[]()")
    bare = _POSSESSIVE_S.sub("", bare)
    tokens = bare.split()
    while len(tokens) > 1 and tokens[0].lower() in TITLES:
        tokens = tokens[1:]
    if not tokens or tokens[0].lower() in _REJECT or all(t.lower() in TITLES for t in tokens):
        return None
    if not _TOKEN_RE.fullmatch(tokens[0]):
        return None
    return _expand(" ".join(tokens), index)


def _expand(name: str, index: NameIndex) -> str:
    name = name.rstrip(".") if name.count(".") == 1 else name
    if name in index.abbreviations:
        return index.abbreviations[name]
    if name in OUTLETS:
        return OUTLETS[name]
    if " " not in name:
        if name in index.full_names:
            return index.full_names[name]
        if name in WELL_KNOWN:
            return WELL_KNOWN[name]
    return name
