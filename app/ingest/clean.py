"""Keep the article, drop what is not the article, and record every removal.

Why rules and not a list of strings: the corpus will grow with pages we have never seen, so
each rule describes a *kind* of boilerplate (a line that is navigation, a shop widget glued
into a sentence, a comment thread after its header, the end matter after an author's
signature, a body pasted twice) rather than the words of five particular pages.

The contract: ``Cleaned.text`` is ``raw`` with every removal span deleted, stripped of
leading and trailing whitespace. Removals are sorted, never overlap, and
``raw[r.start:r.end] == r.text``. A removal that takes whole lines also takes the blank
lines after them, so the remaining paragraphs keep their own separators.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from app.ingest.textutil import Line, rx, split_lines, word_count

# Comments start only after this much article text: a "151 comments" link under a headline
# must not swallow the article that follows it.
MIN_WORDS_BEFORE_COMMENTS = 100
# End matter (bio, signature, share widgets) starts only in the second half of the article.
TAIL_MIN_SHARE = 0.5
TAIL_MIN_WORDS = 80
# A repeated run of text shorter than this is a coincidence (a "Thanks!"), not a copy.
MIN_DUPLICATE_WORDS = 12


@dataclass(frozen=True)
class Removal:
    """One piece of the raw text that is not the article, and why."""

    start: int  # offsets into Document.raw
    end: int
    reason: str  # short machine tag, e.g. "page-chrome", "shop-ad", "comments"
    text: str  # raw[start:end]


@dataclass(frozen=True)
class Cleaned:
    """The article alone, plus what was taken out of it."""

    text: str
    removals: tuple[Removal, ...]


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    reason: str


# --------------------------------------------------------------------------- patterns

_I = re.IGNORECASE
_CHROME_LINE = rx(
    r"(?:skip to (?:main )?content|skip navigation|jump to (?:content|navigation)|menu|"
    r"search|home|latest|latest news|trending(?: now)?|most (?:popular|read|viewed)|"
    r"read (?:also|more|next)|see also|related|related (?:articles|posts|stories|content)|"
    r"you (?:may|might) also like|recommended(?: for you)?|more (?:stories|news)|"
    r"share|share this(?: article| post| story)?|share on \w+|tweet|email|print|"
    r"print friendly,? pdf (?:&|and) email|print friendly|like this|loading\W*|"
    r"subscribe(?: now)?|sign (?:up|in)|log ?in|newsletter|back to top|"
    r"(?:previous|next) (?:post|article|story)|continue reading|advertisement|"
    r"sponsored(?: content)?|follow us(?: on \w+)?|comments?)\s*:?\s*"
    r"|(?:read (?:also|more)|see also|related|tags?|filed under|posted in|categories"
    r"|more)\s*:.*"
    r"|(?:©|\(c\)|copyright\s*(?:©|\(c\))?\s*\d{4}).{0,120}|.{0,80}all rights reserved\.?",
    _I,
)
_BARE_SITE_URL = rx(r"(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)+/?", _I)
_TAIL_CHROME = rx(
    r"print friendly.*|share this.*|like this:?|about the author.*|"
    r"related (?:posts|articles|stories).*|you (?:may|might) also like.*",
    _I,
)
_AD_LINE = rx(r"(?:advertisement|sponsored(?: content)?|ad)\s*", _I)
_COMMENT_HEADER = rx(
    r"(?:\d[\d,.]*k?\s+(?:comments?|responses?|replies|reactions)"
    r"|(?:comments?|responses?|reader comments|discussion)(?:\s*\(\d+\))?"
    r"|be the first to comment|leave a (?:reply|comment)|post a comment|add a comment"
    r"|join the (?:discussion|conversation)|comments are closed|show comments"
    r"|view (?:all )?comments|\d+ thoughts? on .{1,200})\s*[.:]?\s*",
    _I,
)
_SHOP_PRICE = rx(
    r"(?:Best Price|List Price|Lowest Price|Buy New|Buy Used)\s*:?\s*[$€£]\s?\d[\d.,]*"
    r"(?:\s*(?:Best Price|List Price|Lowest Price|Buy New|Buy Used)\s*:?\s*[$€£]\s?\d[\d.,]*)*"
    r"(?:\s*\(as of[^)\n]{0,80}\))?"
)
# Where a glued ad begins: just after the sentence it was glued to ("peace.How Everything…").
_SENTENCE_END = rx(r"(?<![A-Z])[.!?:;][\"”\u2019)]*\s*(?=[A-Z0-9“\"\u2018(\[])")
_SIGNATURE = rx(
    r"(?:website|web|blog|twitter|x|email|e-mail|facebook|telegram|substack|instagram|"
    r"linkedin|mastodon|bluesky|youtube|podcast|(?:latest|new|recent) books?|books?)"
    r"\s*:\s*\S.{0,300}",
    _I,
)
_NAME_LINE = rx(r"(?:[A-Z][\w.'\u2019-]*\s+){0,3}[A-Z][\w.'\u2019-]*")
_BIO_START = rx(r"\s*(?:my name is|about the (?:author|writer))\b", _I)
_BIO_CUES = rx(
    r"publisher of|editor of|author of|follow (?:me|him|her|us)\b|on social media|"
    r"do not necessarily (?:reflect|represent)|views expressed|sharing these articles|"
    r"originally (?:published|appeared)|republished|(?:his|her|my) latest book|"
    r"all rights reserved",
    _I,
)
_PLEA_TOPIC = rx(
    r"subscri|donat|patreon|buy me a coffee|paid (?:member|subscri)|become a (?:paid )?member|"
    r"support (?:my|our|this|independent) (?:work|journalism|writing|site|reporting)",
    _I,
)
_PLEA_ASK = rx(r"\bplease\b|\bconsider\b|\bif you (?:like|enjoy|appreciate|value)\b", _I)
_TEASER_END = rx(r"(?:\[…\]|\[\.\.\.\]|\[&hellip;\])\s*$")
_TEASER_END_LOOSE = rx(r"(?:\[…\]|\[\.\.\.\]|…|\.\.\.)\s*$")
_GLUE = rx(r"(?<=[a-z0-9)\]\"”\u2019][.!?:])(?=[A-Z“\"(\[])")
_SPACE = rx(r"\s+")


# --------------------------------------------------------------------------- public API


def clean(raw: str) -> Cleaned:
    """Find the boilerplate in ``raw`` and return the article text with the removals."""
    lines = split_lines(raw)
    spans: list[_Span] = list(_shop_ads(lines))
    cut = _comment_cut(lines)
    spans += _chrome_lines(lines[:cut])
    if cut is not None:
        spans.append(_Span(lines[cut].start, len(raw), "comments"))
    body_end = cut if cut is not None else len(lines)
    tail = _tail_start(lines, body_end)
    if tail is not None:
        spans += _label_tail(lines[tail:body_end])
    article = lines[: tail if tail is not None else body_end]
    spans += _teaser_runs(article)
    spans += _pleas(article)
    spans += _duplicates(raw, article, spans)
    removals = _resolve(raw, spans)
    return Cleaned(text=_remaining(raw, removals), removals=removals)


# --------------------------------------------------------------------------- line rules


def _line_span(line: Line, reason: str) -> _Span:
    return _Span(line.start, line.end, reason)


def _shop_ads(lines: Sequence[Line]) -> Iterable[_Span]:
    """Shop widgets (book title, author, prices, "as of … Details") glued into paragraphs."""
    for line in lines:
        for match in _SHOP_PRICE.finditer(line.text):
            lead = [m.end() for m in _SENTENCE_END.finditer(line.text, 0, match.start())]
            start = lead[-1] if lead else 0
            yield _Span(line.start + start, line.start + match.end(), "shop-ad")


def _chrome_lines(lines: Sequence[Line]) -> Iterable[_Span]:
    """Whole lines that are navigation, sharing widgets, ad labels, comment counts or a bare
    site address."""
    for line in lines:
        text = line.text.strip()
        if not text:
            continue
        if _AD_LINE.fullmatch(text):
            yield _line_span(line, "shop-ad")
        elif (
            _CHROME_LINE.fullmatch(text)
            or _BARE_SITE_URL.fullmatch(text)
            or (
                _COMMENT_HEADER.fullmatch(text)  # a comment count too early to start the thread
            )
        ):
            yield _line_span(line, "page-chrome")


def _comment_cut(lines: Sequence[Line]) -> int | None:
    """Index of the comment-section header, when enough article text precedes it."""
    words = 0
    for index, line in enumerate(lines):
        text = line.text.strip()
        if words >= MIN_WORDS_BEFORE_COMMENTS and _COMMENT_HEADER.fullmatch(text):
            return index
        words += word_count(text)
    return None


def _is_bio(text: str) -> bool:
    return bool(_BIO_START.match(text)) or len(_BIO_CUES.findall(text)) >= 2


def _is_plea(text: str) -> bool:
    return word_count(text) <= 120 and bool(_PLEA_TOPIC.search(text) and _PLEA_ASK.search(text))


def _is_signature(lines: Sequence[Line], index: int) -> bool:
    """A signature line ("Twitter: @x"), or a bare name line right above one."""
    text = lines[index].text.strip()
    if _SIGNATURE.fullmatch(text):
        return True
    following = next((ln.text.strip() for ln in lines[index + 1 :] if ln.text.strip()), "")
    return bool(_NAME_LINE.fullmatch(text) and _SIGNATURE.fullmatch(following))


def _tail_start(lines: Sequence[Line], end: int) -> int | None:
    """First line of end matter (bio, signature, share widget) in the article's second half."""
    counts = [word_count(line.text) for line in lines[:end]]
    total = sum(counts)
    before = 0
    for index in range(end):
        text = lines[index].text.strip()
        enough = before >= TAIL_MIN_WORDS and before >= TAIL_MIN_SHARE * total
        if enough and text and _starts_tail(lines, index, text):
            return index
        before += counts[index]
    return None


def _starts_tail(lines: Sequence[Line], index: int, text: str) -> bool:
    return bool(_is_bio(text) or _TAIL_CHROME.fullmatch(text) or _is_signature(lines, index))


def _label_tail(tail: Sequence[Line]) -> Iterable[_Span]:
    """Everything after the article's end matter goes; label each line with what it is."""
    for index, line in enumerate(tail):
        text = line.text.strip()
        if text:
            yield _line_span(line, _tail_reason(tail, index, text))


def _tail_reason(tail: Sequence[Line], index: int, text: str) -> str:
    if _CHROME_LINE.fullmatch(text) or _TAIL_CHROME.fullmatch(text):
        return "page-chrome"
    if _is_bio(text) or _is_signature(tail, index):
        return "author-bio"
    if _is_plea(text):
        return "subscription-plea"
    if _TEASER_END_LOOSE.search(text):
        return "related-teasers"
    return "comments"


def _teaser_runs(lines: Sequence[Line]) -> Iterable[_Span]:
    """Two or more consecutive lines ending in "[…]" are excerpts of other articles."""
    filled = [line for line in lines if line.text.strip()]
    flags = [bool(_TEASER_END.search(line.text)) for line in filled]
    for index, line in enumerate(filled):
        neighbours = flags[max(0, index - 1) : index] + flags[index + 1 : index + 2]
        if flags[index] and any(neighbours):
            yield _line_span(line, "related-teasers")


def _pleas(lines: Sequence[Line]) -> Iterable[_Span]:
    for line in lines:
        if line.text.strip() and _is_plea(line.text):
            yield _line_span(line, "subscription-plea")


# --------------------------------------------------------------------------- duplicates


@dataclass(frozen=True)
class _Unit:
    start: int
    end: int
    key: str
    words: int


def _kept_chars(raw: str, line: Line, spans: Sequence[_Span]) -> tuple[str, list[int]]:
    """The line's text without removed spans, and the raw offset of each kept character."""
    inside = [s for s in spans if s.start < line.end and s.end > line.start]
    offsets = [
        i for i in range(line.start, line.end) if not any(s.start <= i < s.end for s in inside)
    ]
    return "".join(raw[i] for i in offsets), offsets


def _units(raw: str, lines: Sequence[Line], spans: Sequence[_Span]) -> list[_Unit]:
    """Sentence-ish units: lines, split where a sentence is glued to the next ("this.The")."""
    units: list[_Unit] = []
    for line in lines:
        text, offsets = _kept_chars(raw, line, spans)
        cuts = [0, *(m.start() for m in _GLUE.finditer(text)), len(text)]
        for a, b in itertools.pairwise(cuts):
            piece = text[a:b]
            key = _SPACE.sub(" ", piece).strip()
            if key:
                lead = len(piece) - len(piece.lstrip())
                trail = len(piece.rstrip())
                units.append(
                    _Unit(offsets[a + lead], offsets[a + trail - 1] + 1, key, word_count(key))
                )
    return units


def _duplicates(raw: str, lines: Sequence[Line], spans: Sequence[_Span]) -> list[_Span]:
    """Later copies of runs of units that already appeared (a body pasted twice)."""
    units = _units(raw, lines, spans)
    seen: dict[str, list[int]] = {}
    found: list[_Span] = []
    j = 0
    while j < len(units):
        length = _longest_repeat(units, seen.get(units[j].key, []), j)
        if length and sum(u.words for u in units[j : j + length]) >= MIN_DUPLICATE_WORDS:
            found.append(_Span(units[j].start, units[j + length - 1].end, "duplicate-body"))
            j += length
            continue
        seen.setdefault(units[j].key, []).append(j)
        j += 1
    return found


def _longest_repeat(units: Sequence[_Unit], earlier: Sequence[int], j: int) -> int:
    best = 0
    for i in earlier[-20:]:
        length = 0
        while (
            j + length < len(units)
            and i + length < j
            and units[i + length].key == units[j + length].key
        ):
            length += 1
        best = max(best, length)
    return best


# --------------------------------------------------------------------------- assembling


def _widen(raw: str, span: _Span) -> _Span:
    """A span of whole lines also takes the blank lines after it (the paragraph separator)."""
    at_line_start = span.start == 0 or raw[span.start - 1] == "\n"
    at_line_end = span.end == len(raw) or raw[span.end] == "\n"
    if not (at_line_start and at_line_end):
        return span
    end = span.end
    while end < len(raw) and raw[end] in " \t\r\n\f\v":
        end += 1
    return _Span(span.start, end, span.reason)


def _resolve(raw: str, spans: Iterable[_Span]) -> tuple[Removal, ...]:
    """Sort, drop spans inside bigger ones, trim partial overlaps, merge touching same-reason."""
    ordered = sorted(
        (_widen(raw, s) for s in spans if s.end > s.start), key=lambda s: (s.start, -s.end)
    )
    merged: list[_Span] = []
    for span in ordered:
        if merged and span.start < merged[-1].end:
            if span.end <= merged[-1].end:
                continue
            span = _Span(merged[-1].end, span.end, span.reason)
        if merged and span.start == merged[-1].end and span.reason == merged[-1].reason:
            span = _Span(merged[-1].start, span.end, span.reason)
            merged.pop()
        merged.append(span)
    return tuple(Removal(s.start, s.end, s.reason, raw[s.start : s.end]) for s in merged)


def _remaining(raw: str, removals: Sequence[Removal]) -> str:
    pieces: list[str] = []
    position = 0
    for removal in removals:
        pieces.append(raw[position : removal.start])
        position = removal.end
    pieces.append(raw[position:])
    return "".join(pieces).strip()
