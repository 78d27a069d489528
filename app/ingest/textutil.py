"""Small text helpers shared by cleaning and extraction: lines with offsets, word counts."""

from __future__ import annotations

import bisect
import functools
import itertools
import operator
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import NamedTuple

_WORD = re.compile(r"\w+(?:['\u2019.-]\w+)*")
# Word characters outside ASCII (the range test comes first, so ASCII text is scanned fast).
_NON_ASCII_WORD = re.compile(r"[^\x00-\x7f\W]")
_CLASSES = (
    bytes(
        ord("a") if chr(b).isalnum() or chr(b) == "_" else ord("c") if chr(b) in "'.-" else ord(" ")
        for b in range(128)
    )
    + b" " * 128
)
# Characters that re.IGNORECASE matches with an ASCII letter but str.lower() does not turn
# into one: capital I with dot, dotless i, long s, Kelvin sign (computed over all of Unicode).
_FOLD_TRAPS = ("\u0130", "\u0131", "\u017f", "\u212a")
_SHORT = 16  # below this length the pattern is as quick as the byte table


class Line(NamedTuple):
    """One line of a text; ``text == source[start:end]`` and never contains a newline.

    A named tuple rather than a dataclass: a long article has thousands of lines, and a tuple
    is several times cheaper to build.
    """

    start: int
    end: int
    text: str


def split_lines(text: str) -> list[Line]:
    """Lines of ``text`` (split on ``\\n`` only), each with its offsets into ``text``."""
    chunks = text.split("\n")
    sizes = list(map(len, chunks))
    # Each line starts one past the end of the one before (the newline between them).
    starts = list(
        itertools.accumulate(map(operator.add, sizes[:-1], itertools.repeat(1)), initial=0)
    )
    ends = map(operator.add, starts, sizes)
    # Built by tuple.__new__ straight from C: a long article has thousands of lines.
    return list(map(_new_line, zip(starts, ends, chunks, strict=True)))


def word_count(text: str) -> int:
    """Number of words; used for thresholds, so an approximate count is enough.

    Exactly ``len(_WORD.findall(text))``, counted the quick way of ``line_word_counts``.
    """
    if len(text) < _SHORT:
        return len(_WORD.findall(text))
    classes = _word_classes(text)
    return classes.count(b" a") + classes.count(b" ca") + classes.count(b"cca")


def line_word_counts(text: str) -> list[int]:
    """``word_count`` of each line of ``text`` (the lines of ``split_lines``), in one go.

    Counting with the word pattern costs a regex step per character, the dearest part of
    cleaning. The same counts come from C-speed byte operations: every character becomes a
    class byte - ``a`` for a word character, ``c`` for a connector (apostrophe, full stop,
    hyphen) and a space for the rest (see ``_word_classes``) - and a word starts at each
    ``a`` that neither follows another nor continues a word through a single connector, that
    is at each `` a``, `` ca`` and ``cca``.
    """
    count = _word_classes(text).count
    counts: list[int] = []
    start = 0  # offset in the classes of the character before the line
    for line in text.split("\n"):
        end = start + len(line) + 1
        counts.append(
            count(b" a", start, end) + count(b" ca", start, end) + count(b"cca", start, end)
            if line
            else 0
        )
        start = end
    return counts


def _word_classes(text: str) -> bytes:
    """One class byte per character of ``text``, after a leading space: ``a`` for a word
    character (``\\w``), ``c`` for a connector of ``_WORD`` and a space for anything else.

    The non-ASCII word characters (accented letters, mostly) are first replaced by "a"; every
    other non-ASCII character becomes "?" (a space) on encoding, except the right single
    quotation mark, a connector, which becomes "'".
    """
    if not text.isascii():
        for letter in set(_NON_ASCII_WORD.findall(text)):
            text = text.replace(letter, "a")
        text = text.replace("\u2019", "'")
    return b" " + text.encode("ascii", "replace").translate(_CLASSES)


class Folded:
    """A text lowercased once, to find the lines that may match a case-insensitive pattern.

    Scanning every line with an ``re.IGNORECASE`` alternation costs a slow regex step per
    character; finding a few plain words in the lowercased text is many times quicker. A
    caller lists words of which every match of its pattern contains at least one (in
    lowercase ASCII) and runs the pattern only on the lines holding one. This is exact:
    ``re.IGNORECASE`` equates an ASCII letter with a character that ``str.lower()`` does not
    turn into that letter only for the four characters in ``_FOLD_TRAPS``; a text holding one
    of them is not filtered at all. Other non-ASCII characters never match such a word, so
    they are replaced by "?" and the words are searched in bytes, which is quicker still.
    """

    def __init__(self, text: str, lines: Sequence[Line]) -> None:
        self._lines = lines
        trapped = not text.isascii() and any(c in text for c in _FOLD_TRAPS)
        self._lower = None if trapped else text.encode("ascii", "replace").lower()

    def lines_with(self, words: Iterable[str]) -> Mapping[int, int] | None:
        """How many times each line holds one of ``words`` (lines holding none are left out);
        None: any line may hold any number."""
        lower = self._lower
        if lower is None:
            return None
        found: Counter[int] = Counter()
        for word in words:
            needle = word.encode("ascii")
            at = lower.find(needle)
            while at >= 0:
                found[bisect.bisect_right(self._lines, at, key=_line_start) - 1] += 1
                at = lower.find(needle, at + 1)
        return found


def may_hold(text: str, words: Iterable[str]) -> bool:
    """False when ``text`` cannot match a case-insensitive pattern each of whose matches
    contains one of ``words`` (lowercase ASCII); see ``Folded``."""
    if not text.isascii() and any(c in text for c in _FOLD_TRAPS):
        return True
    lower = text.lower()
    return any(word in lower for word in words)


_new_line: Callable[[tuple[int, int, str]], Line] = functools.partial(tuple.__new__, Line)


def _line_start(line: Line) -> int:
    return line.start


def rx(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """Compile a pattern in which a literal space means any run of whitespace.

    Pages use no-break spaces between words ("makes a\\u00a0similar claim"); writing ``\\s+``
    at every word gap would make the patterns unreadable. Patterns passed here must not
    contain a space inside a character class.
    """
    return re.compile(pattern.replace(" ", r"\s+"), flags)
