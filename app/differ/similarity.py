"""Tokens that see through wording, weights that favour rare words, and clause scores.

Two readouts of one call rarely use the same words: "Kyiv" and "Kiev", "the United States"
and "Washington", "30-day" and "30 days", "negotiations" and "negotiate". Every word is reduced
to a *term* (aliases, number values, Snowball stems) so such pairs compare equal, and each
term is weighted by how informative it is: a word that is rare in English and rare in the two
texts ("Kursk", "proliferation") says far more about what a clause is about than "agreed".
"""

from __future__ import annotations

import bisect
import math
import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from typing import NamedTuple

import snowballstemmer
from rapidfuzz.distance import Indel

from app.differ.budget import NO_DEADLINE, Deadline


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_TOKEN = re.compile(
    r"(?:[^\W\d_]\.){2,}"  # U.S., U.N., e.g.
    r"|\d+(?:[.,]\d+)*"  # 1,000 and 2.5
    r"|[^\W\d_]+(?:['’][^\W\d_]+)*"  # words, with their apostrophes
)

# Canonical term -> ways of writing it (lower case; several words are matched as a phrase).
_ALIASES: dict[str, tuple[str, ...]] = {
    "=us": (
        "united states",
        "united states of america",
        "usa",
        "america",
        "american",
        "americans",
        "washington",
        "white house",
    ),
    "=russia": ("russia", "russian", "russians", "russian federation", "moscow", "kremlin"),
    "=ukraine": ("ukraine", "ukrainian", "ukrainians"),
    "=kyiv": ("kyiv", "kiev"),
    "=nato": (
        "nato",
        "north atlantic treaty organization",
        "north atlantic treaty organisation",
        "north atlantic alliance",
    ),
    "=ceasefire": ("ceasefire", "ceasefires", "cease fire", "cease fires", "truce", "truces"),
    "=china": ("china", "chinese", "beijing", "people's republic of china", "prc"),
    "=uk": ("united kingdom", "britain", "great britain", "british"),
    "=eu": ("european union",),
    "=un": ("united nations",),
    "=israel": ("israel", "israeli", "israelis"),
    "=iran": ("iran", "iranian", "iranians", "tehran"),
    "=palestine": ("palestine", "palestinian", "palestinians"),
    "=syria": ("syria", "syrian", "syrians", "damascus"),
    "=turkey": ("turkey", "turkish", "türkiye", "turkiye", "ankara"),
    "=france": ("france", "french", "paris"),
    "=germany": ("germany", "german", "germans", "berlin"),
    "=japan": ("japan", "japanese", "tokyo"),
    "=india": ("india", "indian", "new delhi"),
    "=north_korea": ("north korea", "dprk", "pyongyang"),
    "=south_korea": ("south korea", "republic of korea", "seoul"),
    "=saudi_arabia": ("saudi arabia", "saudi", "saudis", "riyadh"),
    "=uae": ("united arab emirates", "emirati", "emiratis"),
    "=europe": ("europe", "european", "europeans"),
    "=middle_east": ("middle east", "mideast"),
    "=black_sea": ("black sea",),
    "=red_sea": ("red sea",),
    "=gaza": ("gaza", "gaza strip"),
    "=west_bank": ("west bank",),
    "=nonproliferation": ("nonproliferation", "proliferation"),
}
# Abbreviations that are aliases only in capitals ("US", not the pronoun "us").
_UPPER_ALIASES: dict[str, str] = {
    "US": "=us",
    "U.S.": "=us",
    "USA": "=us",
    "U.S.A.": "=us",
    "UK": "=uk",
    "U.K.": "=uk",
    "EU": "=eu",
    "E.U.": "=eu",
    "UN": "=un",
    "U.N.": "=un",
    "UAE": "=uae",
}

# Spelled numbers from eleven up are figures ("thirty days" is "30 days"); "the two
# leaders" or "three points" are ordinary words, not facts to set against "2" or "3".
_NUMBER_WORDS = {
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000,
}  # fmt: skip
_DATE_WORDS = _words(
    """
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday
    friday saturday sunday
    """
)
_STOPWORDS = _words(
    """
    a about above across after afterwards again against all almost alone along already also
    although always am among amongst an and another any anyhow anyone anything anyway
    anywhere are around as at be became because become becomes becoming been before
    beforehand behind being below beside besides between beyond both but by can cannot could
    did do does doing done down during each either else elsewhere enough etc even ever every
    everyone everything everywhere except few for former formerly from further had has have
    having he hence her here hereafter hereby herein hereupon hers herself him himself his
    how however i ie if in indeed into is it its itself just last latter latterly least less
    let like made make many may me meanwhile might more moreover most mostly much must my
    myself namely neither never nevertheless next no nobody none noone nor not nothing now
    nowhere of off often on once one only onto or other others otherwise our ours ourselves
    out over own per perhaps please put rather re same seem seemed seeming seems several she
    should since so some somehow someone something sometime sometimes somewhere still such
    than that the their theirs them themselves then thence there thereafter thereby
    therefore therein thereupon these they this those though through throughout thru thus to
    together too toward towards under until up upon us very via was we well were what
    whatever when whence whenever where whereafter whereas whereby wherein whereupon
    wherever whether which while whither who whoever whole whom whose why will with within
    without would yet you your yours yourself yourselves non s t mr mrs ms said says say
    also today yesterday
    """
)
# The frame of every readout ("the leaders discussed", "the sides agreed", "views were
# exchanged"): words that say a call took place, not what it was about. They keep a little weight.
_FRAME_WORDS = _words(
    """
    leader leaders president presidents side sides party parties call calls conversation
    conversations phone telephone meeting meetings spoke speak speaks talked discuss
    discussed discusses discussion discussions agree agreed agrees agreement express
    expressed expresses note noted notes emphasize emphasized emphasise emphasised stress
    stressed stresses confirm confirmed confirms underline underlined underscore underscored
    reaffirm reaffirmed highlight highlighted raise raised touch touched view views issue
    issues matter matters readout statement counterpart counterparts welcome welcomed thank
    thanked importance important need needs continue continued two both also further regard
    regarding
    """
)
_FRAME_FACTOR = 0.35
# Prefixes that are written with or without a hyphen: "non-proliferation", "counter-terrorism".
# Near-synonyms of diplomatic readouts, one concept per line: two accounts of one call say
# "economic deals" and "cooperation in the economy", "a lasting peace" and "a long-term
# settlement", "refrain from attacks" and "halt strikes". Words of one concept match at a
# discount (see align), never as strongly as the same word; the list stays small and
# generic on purpose: vocabulary of any readout, nothing about one conflict or one pair.
# Not "conflict"/"war"/"crisis": in a readout about a war they are everywhere, and made
# every clause about the fighting a match for every other.
_CONCEPTS: dict[str, str] = {
    "~economy": "economy economic economics economically trade commerce commercial business",
    "~cooperation": "cooperation cooperate cooperative collaboration collaborate interaction"
    " partnership joint jointly",
    "~peace": "peace peaceful peacefully settlement settle resolution resolve",
    "~lasting": "lasting durable sustainable permanent enduring",
    "~weapons": "weapon weapons arms armaments munitions",
    "~halt": "stop halt cease cessation suspend suspension pause refrain",
    "~improve": "improve improvement normalize normalization normalise normalisation restore",
    "~relations": "relations relationship ties",
    "~security": "security stability stabilize stabilise",
    "~agreement": "agreement deal accord",
    "~attack": "attack attacks strike strikes shelling bombardment",
    "~maritime": "maritime naval navigation shipping",
    "~aid": "aid assistance",
    "~wounded": "wounded injured",
    "~severe": "serious seriously severe severely grave",
    "~prisoner": "prisoner prisoners captive captives captivity detainee detainees",
    "~troops": "soldier soldiers serviceman servicemen troops",
    "~casualties": "death deaths killing killed casualties",
    "~sanctions": "sanctions embargo restrictions",
    "~threat": "risk risks threat threats danger",
    "~negotiation": "negotiate negotiation negotiations talks dialogue consultations",
    "~territory": "territory territories land lands",
}

_PREFIXES = _words("non counter anti co re pre post inter multi cross trans sub")
_PHRASE_MAX = max(len(v.split()) for vs in _ALIASES.values() for v in vs)
_NUMBER_INFO = 4.0
_MIN_INFO = 0.3
_MAX_INFO = 5.5


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
    return {_stem(w): c for c, words in _CONCEPTS.items() for w in words.split()}


def concept(term: str) -> str:
    """The concept a term belongs to ("econom" and "economi" are "~economy"), or ""."""
    return _concept_table().get(term, "")


@cache
def _phrase_aliases() -> dict[tuple[str, ...], str]:
    table: dict[tuple[str, ...], str] = {}
    for term, variants in _ALIASES.items():
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
    value = _NUMBER_WORDS.get(word)
    return None if value is None else str(value)


@cache
def _word_term(raw: str, cleaned: str) -> tuple[str, bool]:
    """The term of one word, and whether it came from the alias table."""
    upper = _UPPER_ALIASES.get(raw.rstrip("'’s") if raw.endswith(("’s", "'s")) else raw)
    if upper:
        return upper, True
    cleaned = cleaned.replace(".", "")
    alias = _phrase_aliases().get((cleaned,))
    if alias:
        return alias, True
    if cleaned in _STOPWORDS or len(cleaned) < 2:
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
        if hyphened and cleaned[i] in _PREFIXES:  # "counter-narcotics" is "counternarcotics"
            b, raw = raws[i + 1][1], raw + raws[i + 1][2]
            i += 1
        term, number, date, alias = _word(raw)
        dated = dated or (date and not number)
        tokens.append(Token(a, b, term, raw, number, date, alias))
        i += 1
    return _mark_day_numbers(tokens) if dated else tokens


@cache
def _word(raw: str) -> tuple[str, bool, bool, bool]:
    """(term, is a number, is a date, came from the alias table) of one written word."""
    cleaned = _clean(raw)
    number = _number_value(cleaned)
    if number is not None:
        return "#" + number, True, _is_year(number), False
    term, alias = _word_term(raw, cleaned)
    return term, False, cleaned in _DATE_WORDS, alias


@cache
def _phrase_starts() -> frozenset[str]:
    """First words of the alias phrases: only these are worth a phrase look-up."""
    return frozenset(words[0] for words in _phrase_aliases() if len(words) > 1)


def _match_phrase(cleaned: Sequence[str], i: int) -> tuple[int, str] | None:
    """The longest alias phrase of two or more words starting at word i, if any."""
    if cleaned[i] not in _phrase_starts():
        return None
    table = _phrase_aliases()
    for length in range(min(_PHRASE_MAX, len(cleaned) - i), 1, -1):
        term = table.get(tuple(cleaned[i : i + length]))
        if term:
            return length, term
    return None


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
    "talk" is not made rare by an unusual inflection.
    """
    forms = list(surfaces)
    if term.startswith("#") and any(f[:1].isdigit() for f in forms):
        return _NUMBER_INFO  # a figure: "30", "175"; but "the two leaders" is no fact
    common = max((zipf(s) for s in forms), default=0.0)
    info = min(_MAX_INFO, max(_MIN_INFO, 7.0 - common))
    if any(_clean(s) in _FRAME_WORDS for s in forms):
        info *= _FRAME_FACTOR
    return info


def merge_variants(
    left: Iterable[str], right: Iterable[str], deadline: Deadline = NO_DEADLINE
) -> dict[str, str]:
    """Map terms found on one side only to a variant of them on the other side.

    "organis"/"organiz" or "relat"/"relationship" are the same word spelt or derived
    differently. Only terms missing from the other side are looked up, only within buckets
    of the same first three letters, and within a bucket only among the VARIANT_WINDOW
    terms on either side of it in alphabetical order (variants share a prefix, so they sort
    together): the cost stays linear even when thousands of words share a prefix. The
    result does not depend on which side is which.
    """
    lset, rset = set(left), set(right)
    pairs = sorted(
        _variant_pairs(lset - rset, rset, deadline) | _variant_pairs(rset - lset, lset, deadline)
    )
    mapping: dict[str, str] = {}
    targets: set[str] = set()
    for _, only, other in pairs:
        if only not in mapping and only not in targets and other not in mapping:
            mapping[only] = other
            targets.add(other)
    return mapping


VARIANT_WINDOW = 16


def _variant_pairs(
    only: set[str], other: set[str], deadline: Deadline = NO_DEADLINE
) -> set[tuple[float, str, str]]:
    """(-similarity, term found on one side only, its likely variant on the other side)."""
    buckets: dict[str, list[str]] = {}
    for t in sorted(other):
        if _mergeable(t):
            buckets.setdefault(t[:3], []).append(t)
    found: set[tuple[float, str, str]] = set()
    for step, a in enumerate(sorted(only)):
        deadline.every(step, 63)
        if not _mergeable(a):
            continue
        bucket = buckets.get(a[:3], [])
        at = bisect.bisect_left(bucket, a)
        for b in bucket[max(0, at - VARIANT_WINDOW) : at + VARIANT_WINDOW]:
            sim = variant_similarity(a, b)
            if sim > 0:
                found.add((-sim, a, b))
    return found


def _mergeable(term: str) -> bool:
    return len(term) >= 4 and not term.startswith(("#", "="))


def variant_similarity(a: str, b: str) -> float:
    """Similarity of two stems if they look like variants of one word, else 0."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) >= 5 and long.startswith(short) and len(short) >= 0.4 * len(long):
        return 0.9
    sim = Indel.normalized_similarity(a, b)
    return sim if sim >= 0.84 else 0.0


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
