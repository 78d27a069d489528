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

import bisect
import functools
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from app.ingest.textutil import Folded, Line, line_word_counts, rx, split_lines, word_count

# Comments start only after this much article text: a "151 comments" link under a headline
# must not swallow the article that follows it.
MIN_WORDS_BEFORE_COMMENTS = 100
# End matter (bio, signature, share widgets) starts only in the second half of the article.
TAIL_MIN_SHARE = 0.5
TAIL_MIN_WORDS = 80
# A repeated run of text shorter than this is a coincidence (a "Thanks!"), not a copy.
MIN_DUPLICATE_WORDS = 12
# A subscription plea is a short paragraph.
PLEA_MAX_WORDS = 120


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
_ANY_CHROME = re.compile(
    "|".join(
        f"(?P<ad>{p.pattern})" if p is _AD_LINE else f"(?:{p.pattern})"
        for p in (_AD_LINE, _CHROME_LINE, _BARE_SITE_URL, _COMMENT_HEADER)
    ),
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
# Every match of _BIO_CUES / _PLEA_TOPIC contains one of these words (lowercased): lines
# without any cannot match, so only the others are tested with the (slow, case-insensitive)
# patterns. Keep these lists in step with the patterns.
_BIO_CUE_WORDS = (
    "publisher",
    "editor",
    "author",
    "follow",
    "social",
    "necessarily",
    "expressed",
    "sharing",
    "originally",
    "republished",
    "latest",
    "reserved",
)
_PLEA_TOPIC_WORDS = ("subscri", "donat", "patreon", "coffee", "member", "support")
_PLEA_ASK_WORDS = ("please", "consider", "you")
_PLEA_ASK = rx(r"\bplease\b|\bconsider\b|\bif you (?:like|enjoy|appreciate|value)\b", _I)
# A line "ends in" these when only whitespace follows (the same as ``\s*$`` on one line).
_TEASER_ENDINGS = ("[…]", "[...]", "[&hellip;]")
_TEASER_ENDINGS_LOOSE = ("[…]", "[...]", "…", "...")
# Where one sentence is glued to the next ("this.The"): the match ends at the cut. Matching
# the stop first lets the regex engine skip quickly to the few candidate characters.
_GLUE = rx(r"[.!?:](?<=[a-z0-9)\]\"”\u2019][.!?:])(?=[A-Z“\"(\[])")


# --------------------------------------------------------------------------- public API


def clean(raw: str) -> Cleaned:
    """Find the boilerplate in ``raw`` and return the article text with the removals."""
    lines = split_lines(raw)
    spans: list[_Span] = list(_shop_ads(raw, lines))
    cut = _comment_cut(lines)
    spans += _chrome_lines(lines[:cut])
    if cut is not None:
        spans.append(_Span(lines[cut].start, len(raw), "comments"))
    body_end = cut if cut is not None else len(lines)
    body = raw[: lines[body_end - 1].end] if body_end else ""
    counts = line_word_counts(body) if body_end else []
    # Lines (by index) that may hold two bio cues, or a plea: see _BIO_CUE_WORDS.
    folded = Folded(body, lines[:body_end])
    cues = folded.lines_with(_BIO_CUE_WORDS)
    pleading = _both(folded, _PLEA_TOPIC_WORDS, _PLEA_ASK_WORDS)
    tail = _tail_start(lines, body_end, counts, cues)
    if tail is not None:
        spans += _label_tail(lines[tail:body_end], tail, cues, pleading)
    article = lines[: tail if tail is not None else body_end]
    spans += _teaser_runs(article)
    spans += _pleas(article, counts, pleading)
    spans += _duplicates(raw, article, spans)
    removals = _resolve(raw, spans)
    return Cleaned(text=_remaining(raw, removals), removals=removals)


# --------------------------------------------------------------------------- line rules


def _line_span(line: Line, reason: str) -> _Span:
    return _Span(line.start, line.end, reason)


def _shop_ads(raw: str, lines: Sequence[Line]) -> Iterable[_Span]:
    """Shop widgets (book title, author, prices, "as of … Details") glued into paragraphs."""
    # Every price label holds one of these words: only the lines holding one are searched.
    holding = sorted(
        {_line_at(lines, at) for word in ("Price", "Buy") for at in _find_all(raw, word)}
    )
    for line in (lines[index] for index in holding):
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
        # One pass for the four line patterns: _AD_LINE, then _CHROME_LINE, _BARE_SITE_URL and
        # _COMMENT_HEADER (a comment count too early to start the thread), in this order.
        match = _ANY_CHROME.fullmatch(text)
        if match:
            yield _line_span(line, "shop-ad" if match.group("ad") is not None else "page-chrome")


def _comment_cut(lines: Sequence[Line]) -> int | None:
    """Index of the comment-section header, when enough article text precedes it."""
    words = 0
    for index, line in enumerate(lines):
        if words >= MIN_WORDS_BEFORE_COMMENTS:
            # Enough text: from here on only the header test matters (no more counting).
            return next(
                (
                    later
                    for later in range(index, len(lines))
                    if _COMMENT_HEADER.fullmatch(lines[later].text.strip())
                ),
                None,
            )
        words += word_count(line.text)
    return None


def _is_bio(text: str, cued: bool = True) -> bool:
    """``cued`` False: the line is known to hold fewer than two bio cues (``_BIO_CUE_WORDS``)."""
    return bool(_BIO_START.match(text)) or (cued and len(_BIO_CUES.findall(text)) >= 2)


def _is_plea(text: str) -> bool:
    return word_count(text) <= PLEA_MAX_WORDS and bool(
        _PLEA_TOPIC.search(text) and _PLEA_ASK.search(text)
    )


def _is_signature(lines: Sequence[Line], index: int) -> bool:
    """A signature line ("Twitter: @x"), or a bare name line right above one."""
    text = lines[index].text.strip()
    if _SIGNATURE.fullmatch(text):
        return True
    if not _NAME_LINE.fullmatch(text):
        return False
    for following in itertools.islice(lines, index + 1, None):
        if following.text.strip():
            return bool(_SIGNATURE.fullmatch(following.text.strip()))
    return False  # no line follows the name


def _tail_start(
    lines: Sequence[Line], end: int, counts: Sequence[int], cues: Mapping[int, int] | None
) -> int | None:
    """First line of end matter (bio, signature, share widget) in the article's second half.

    ``counts`` holds the word count of each of the first ``end`` lines; ``cues`` how many bio
    cue words each line holds at most (None: unknown).
    """
    total = sum(counts)
    before = 0
    for index in range(end):
        text = lines[index].text.strip()
        enough = before >= TAIL_MIN_WORDS and before >= TAIL_MIN_SHARE * total
        cued = cues is None or cues.get(index, 0) >= 2
        if enough and text and _starts_tail(lines, index, text, cued):
            return index
        before += counts[index]
    return None


def _starts_tail(lines: Sequence[Line], index: int, text: str, cued: bool) -> bool:
    return bool(_is_bio(text, cued) or _TAIL_CHROME.fullmatch(text) or _is_signature(lines, index))


def _label_tail(
    tail: Sequence[Line],
    first: int,
    cues: Mapping[int, int] | None,
    pleading: Mapping[int, int] | None,
) -> Iterable[_Span]:
    """Everything after the article's end matter goes; label each line with what it is.

    ``tail`` starts at line ``first``; ``cues`` and ``pleading`` (by line index, None: any
    line) tell which lines may hold two bio cues or a plea.
    """
    for index, line in enumerate(tail):
        text = line.text.strip()
        if text:
            cued = cues is None or cues.get(first + index, 0) >= 2
            may_plead = pleading is None or first + index in pleading
            yield _line_span(line, _tail_reason(tail, index, text, cued, may_plead))


def _tail_reason(tail: Sequence[Line], index: int, text: str, cued: bool, may_plead: bool) -> str:
    if _CHROME_LINE.fullmatch(text) or _TAIL_CHROME.fullmatch(text):
        return "page-chrome"
    if _is_bio(text, cued) or _is_signature(tail, index):
        return "author-bio"
    if may_plead and _is_plea(text):
        return "subscription-plea"
    if text.endswith(_TEASER_ENDINGS_LOOSE):
        return "related-teasers"
    return "comments"


def _teaser_runs(lines: Sequence[Line]) -> Iterable[_Span]:
    """Two or more consecutive lines ending in "[…]" are excerpts of other articles."""
    filled = [line for line in lines if line.text.strip()]
    flags = [line.text.rstrip().endswith(_TEASER_ENDINGS) for line in filled]
    for index, line in enumerate(filled):
        neighbours = flags[max(0, index - 1) : index] + flags[index + 1 : index + 2]
        if flags[index] and any(neighbours):
            yield _line_span(line, "related-teasers")


def _both(folded: Folded, first: Iterable[str], second: Iterable[str]) -> Mapping[int, int] | None:
    """The lines holding a word of ``first`` and a word of ``second`` (None: any line)."""
    one, two = folded.lines_with(first), folded.lines_with(second)
    if one is None or two is None:
        return None
    return {index: count for index, count in one.items() if index in two}


def _pleas(
    lines: Sequence[Line], counts: Sequence[int], topical: Mapping[int, int] | None
) -> Iterable[_Span]:
    """Subscription pleas among ``lines``, whose word counts are ``counts``; ``topical``: the
    lines that may name a plea topic (see ``_PLEA_TOPIC_WORDS``; None: any line)."""
    for index, line in enumerate(lines):
        if (
            (topical is None or index in topical)
            and counts[index] <= PLEA_MAX_WORDS
            and line.text.strip()
            and _is_plea(line.text)
        ):
            yield _line_span(line, "subscription-plea")


# --------------------------------------------------------------------------- duplicates


class _Unit(NamedTuple):
    start: int
    end: int
    key: str  # the text with whitespace runs folded to one space


_new_unit: Callable[[tuple[int, int, str]], _Unit] = functools.partial(tuple.__new__, _Unit)


def _kept_chars(
    raw: str, line: Line, inside: Sequence[tuple[int, int]]
) -> tuple[str, Sequence[int]]:
    """The line's text without the removed ``inside`` ranges (sorted, clipped to the line),
    and the raw offset of each kept character."""
    if not inside:
        return line.text, range(line.start, line.end)
    pieces: list[str] = []
    offsets: list[int] = []
    position = line.start
    for start, end in inside:
        if start > position:
            pieces.append(raw[position:start])
            offsets.extend(range(position, start))
        position = max(position, end)
    if position < line.end:
        pieces.append(raw[position : line.end])
        offsets.extend(range(position, line.end))
    return "".join(pieces), offsets


def _removed_by_line(
    lines: Sequence[Line], spans: Sequence[_Span]
) -> dict[int, list[tuple[int, int]]]:
    """The parts of each line that ``spans`` remove: sorted (start, end), clipped to the line;
    lines from which nothing is removed are left out."""
    removed: dict[int, list[tuple[int, int]]] = {}
    for span in spans:
        first = bisect.bisect_right(lines, span.start, key=_line_start) - 1
        for index in range(max(first, 0), len(lines)):
            line = lines[index]
            if line.start >= span.end:
                break
            if span.start < line.end:
                part = (max(span.start, line.start), min(span.end, line.end))
                removed.setdefault(index, []).append(part)
    for parts in removed.values():
        parts.sort()
    return removed


def _line_start(line: Line) -> int:
    return line.start


def _line_at(lines: Sequence[Line], offset: int) -> int:
    """Index of the line holding ``offset``."""
    return bisect.bisect_right(lines, offset, key=_line_start) - 1


def _find_all(text: str, word: str) -> Iterator[int]:
    at = text.find(word)
    while at >= 0:
        yield at
        at = text.find(word, at + 1)


def _units(raw: str, lines: Sequence[Line], spans: Sequence[_Span]) -> list[_Unit]:
    """Sentence-ish units: lines, split where a sentence is glued to the next ("this.The")."""
    units: list[_Unit] = []
    removed = _removed_by_line(lines, spans)
    for index, line in enumerate(lines):
        text = line.text
        if not text or text.isspace():
            continue  # holds no unit, whatever is removed from it
        offsets: Sequence[int]
        if index in removed:
            text, offsets = _kept_chars(raw, line, removed[index])
        else:
            offsets = range(line.start, line.end)
        cuts = [m.end() for m in _GLUE.finditer(text)]
        bounds = zip([0, *cuts], [*cuts, len(text)], strict=True) if cuts else ((0, len(text)),)
        for a, b in bounds:
            piece = text[a:b]
            key = piece if _is_folded(piece) else " ".join(piece.split())
            if key:
                lead = len(piece) - len(piece.lstrip())
                trail = len(piece.rstrip())
                units.append(_new_unit((offsets[a + lead], offsets[a + trail - 1] + 1, key)))
    return units


def _is_folded(text: str) -> bool:
    """Whether ``" ".join(text.split()) == text``, tested without splitting: a printable text
    holds no whitespace but the plain space (every other whitespace character is a control or
    separator character, which is not printable)."""
    return (
        text.isprintable()
        and "  " not in text
        and not text.startswith(" ")
        and not text.endswith(" ")
    )


def _duplicates(raw: str, lines: Sequence[Line], spans: Sequence[_Span]) -> list[_Span]:
    """Later copies of runs of units that already appeared (a body pasted twice)."""
    units = _units(raw, lines, spans)
    seen: dict[str, list[int]] = {}
    found: list[_Span] = []
    j = 0
    while j < len(units):
        length = _longest_repeat(units, seen.get(units[j].key, []), j)
        if length and _has_words(units[j : j + length], MIN_DUPLICATE_WORDS):
            found.append(_Span(units[j].start, units[j + length - 1].end, "duplicate-body"))
            j += length
            continue
        seen.setdefault(units[j].key, []).append(j)
        j += 1
    return found


def _has_words(units: Sequence[_Unit], minimum: int) -> bool:
    """Whether the units hold at least ``minimum`` words (counting stops once they do)."""
    total = 0
    for unit in units:
        total += word_count(unit.key)
        if total >= minimum:
            return True
    return total >= minimum


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
