"""Page chrome: whole lines of navigation, sharing widgets, ad labels and bare site addresses,
shop widgets glued into paragraphs, and where a comment thread starts."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from app.ingest.cleaning.span import Span, line_at, line_span
from app.ingest.textutil import Line, rx, word_count

# Comments start only after this much article text: a "151 comments" link under a headline
# must not swallow the article that follows it.
MIN_WORDS_BEFORE_COMMENTS = 100

_I = re.IGNORECASE
CHROME_LINE = rx(
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
        for p in (_AD_LINE, CHROME_LINE, _BARE_SITE_URL, _COMMENT_HEADER)
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


def shop_ads(raw: str, lines: Sequence[Line]) -> Iterable[Span]:
    """Shop widgets (book title, author, prices, "as of … Details") glued into paragraphs."""
    # Every price label holds one of these words: only the lines holding one are searched.
    holding = sorted(
        {line_at(lines, at) for word in ("Price", "Buy") for at in _find_all(raw, word)}
    )
    for line in (lines[index] for index in holding):
        for match in _SHOP_PRICE.finditer(line.text):
            lead = [m.end() for m in _SENTENCE_END.finditer(line.text, 0, match.start())]
            start = lead[-1] if lead else 0
            yield Span(line.start + start, line.start + match.end(), "shop-ad")


def chrome_lines(lines: Sequence[Line]) -> Iterable[Span]:
    """Whole lines that are navigation, sharing widgets, ad labels, comment counts or a bare
    site address."""
    for line in lines:
        text = line.text.strip()
        if not text:
            continue
        # One pass for the four line patterns: _AD_LINE, then CHROME_LINE, _BARE_SITE_URL and
        # _COMMENT_HEADER (a comment count too early to start the thread), in this order.
        match = _ANY_CHROME.fullmatch(text)
        if match:
            yield line_span(line, "shop-ad" if match.group("ad") is not None else "page-chrome")


def comment_cut(lines: Sequence[Line]) -> int | None:
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


def _find_all(text: str, word: str) -> Iterator[int]:
    at = text.find(word)
    while at >= 0:
        yield at
        at = text.find(word, at + 1)
