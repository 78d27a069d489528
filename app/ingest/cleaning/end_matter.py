"""End matter: what follows the article (an author's bio and signature, share widgets,
related teasers, subscription pleas), found in the article's second half, and pleas and runs
of teasers anywhere in it."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping, Sequence

from app.ingest.cleaning.chrome import CHROME_LINE
from app.ingest.cleaning.span import Span, line_span
from app.ingest.textutil import Folded, Line, rx, word_count

# End matter (bio, signature, share widgets) starts only in the second half of the article.
TAIL_MIN_SHARE = 0.5
TAIL_MIN_WORDS = 80
# A subscription plea is a short paragraph.
PLEA_MAX_WORDS = 120

_I = re.IGNORECASE
_TAIL_CHROME = rx(
    r"print friendly.*|share this.*|like this:?|about the author.*|"
    r"related (?:posts|articles|stories).*|you (?:may|might) also like.*",
    _I,
)
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


def cue_lines(folded: Folded) -> Mapping[int, int] | None:
    """How many bio cue words each line (by index) holds at most (None: unknown)."""
    return folded.lines_with(_BIO_CUE_WORDS)


def pleading_lines(folded: Folded) -> Mapping[int, int] | None:
    """The lines that may hold a plea: a topic word and an asking word (None: any line)."""
    one, two = folded.lines_with(_PLEA_TOPIC_WORDS), folded.lines_with(_PLEA_ASK_WORDS)
    if one is None or two is None:
        return None
    return {index: count for index, count in one.items() if index in two}


def tail_start(
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


def label_tail(
    tail: Sequence[Line],
    first: int,
    cues: Mapping[int, int] | None,
    pleading: Mapping[int, int] | None,
) -> Iterable[Span]:
    """Everything after the article's end matter goes; label each line with what it is.

    ``tail`` starts at line ``first``; ``cues`` and ``pleading`` (by line index, None: any
    line) tell which lines may hold two bio cues or a plea.
    """
    for index, line in enumerate(tail):
        text = line.text.strip()
        if text:
            cued = cues is None or cues.get(first + index, 0) >= 2
            may_plead = pleading is None or first + index in pleading
            yield line_span(line, _tail_reason(tail, index, text, cued, may_plead))


def teaser_runs(lines: Sequence[Line]) -> Iterable[Span]:
    """Two or more consecutive lines ending in "[…]" are excerpts of other articles."""
    filled = [line for line in lines if line.text.strip()]
    flags = [line.text.rstrip().endswith(_TEASER_ENDINGS) for line in filled]
    for index, line in enumerate(filled):
        neighbours = flags[max(0, index - 1) : index] + flags[index + 1 : index + 2]
        if flags[index] and any(neighbours):
            yield line_span(line, "related-teasers")


def pleas(
    lines: Sequence[Line], counts: Sequence[int], topical: Mapping[int, int] | None
) -> Iterable[Span]:
    """Subscription pleas among ``lines``, whose word counts are ``counts``; ``topical``: the
    lines that may name a plea topic (see ``_PLEA_TOPIC_WORDS``; None: any line)."""
    for index, line in enumerate(lines):
        if (
            (topical is None or index in topical)
            and counts[index] <= PLEA_MAX_WORDS
            and line.text.strip()
            and _is_plea(line.text)
        ):
            yield line_span(line, "subscription-plea")


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


def _starts_tail(lines: Sequence[Line], index: int, text: str, cued: bool) -> bool:
    return bool(_is_bio(text, cued) or _TAIL_CHROME.fullmatch(text) or _is_signature(lines, index))


def _tail_reason(tail: Sequence[Line], index: int, text: str, cued: bool, may_plead: bool) -> str:
    if CHROME_LINE.fullmatch(text) or _TAIL_CHROME.fullmatch(text):
        return "page-chrome"
    if _is_bio(text, cued) or _is_signature(tail, index):
        return "author-bio"
    if may_plead and _is_plea(text):
        return "subscription-plea"
    if text.endswith(_TEASER_ENDINGS_LOOSE):
        return "related-teasers"
    return "comments"
