"""The differ's word lists, read from versioned data files in app/differ/data/.

What the differ knows about English and about readouts (aliases of places, groups of
near-synonyms, the frame vocabulary of every readout, stop words) is data, not code: each
entry says where it comes from, the files carry a version, and the quality benchmark can
score the differ without any one list (`without()`) to show what each is worth on pairs it
was not written from. The files are read once, on first use, never at import.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True, slots=True)
class Phrase:
    """Words that, in this order and at most `window` words apart, give their last word a
    concept: "impose ... costs" speaks of sanctions, "costs" alone does not."""

    words: tuple[str, ...]
    window: int
    concept: str


@dataclass(frozen=True, slots=True)
class Lexicon:
    aliases: dict[str, tuple[str, ...]]  # "=term" -> lower-case forms (phrases allowed)
    upper: dict[str, str]  # "US" -> "=us": abbreviations that are aliases only in capitals
    concepts: dict[str, tuple[str, ...]]  # "~name" -> words (or "=alias" terms)
    phrases: tuple[Phrase, ...]
    frame_words: frozenset[str]
    frame_factor: float
    stopwords: frozenset[str]
    numbers: dict[str, int]
    dates: frozenset[str]
    hyphen_prefixes: frozenset[str]
    negating_prefixes: tuple[str, ...]
    versions: tuple[int, ...]

    def without(self, *lists: str) -> Lexicon:
        """This lexicon with the named lists ("aliases", "concepts", "frame") left empty."""
        empty: dict[str, Any] = {}
        if "aliases" in lists:
            empty |= {"aliases": {}, "upper": {}}
        if "concepts" in lists:
            empty |= {"concepts": {}, "phrases": ()}
        if "frame" in lists:
            empty |= {"frame_words": frozenset()}
        return replace(self, **empty)


def _read(name: str) -> dict[str, Any]:
    text = resources.files("app.differ").joinpath("data", name).read_text(encoding="utf-8")
    return tomllib.loads(text)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


@cache
def lexicon() -> Lexicon:
    """The word lists as shipped (read on first call, then kept)."""
    aliases, concepts, frame, english = (
        _read(f"{name}.toml") for name in ("aliases", "concepts", "frame", "english")
    )
    phrases = tuple(
        Phrase(tuple(p["words"]), int(p["window"]), "~" + c["name"])
        for c in concepts["concept"]
        for p in c.get("phrases", ())
    )
    return Lexicon(
        aliases={"=" + a["term"]: tuple(a["forms"]) for a in aliases["alias"]},
        upper={u: "=" + a["term"] for a in aliases["alias"] for u in a.get("upper", ())},
        concepts={"~" + c["name"]: tuple(c["words"]) for c in concepts["concept"]},
        phrases=phrases,
        frame_words=_words(frame["words"]),
        frame_factor=float(frame["factor"]),
        stopwords=_words(english["stopwords"]),
        numbers={k: int(v) for k, v in english["numbers"].items()},
        dates=_words(english["words"]["dates"]),
        hyphen_prefixes=_words(english["words"]["hyphen_prefixes"]),
        negating_prefixes=tuple(english["words"]["negating_prefixes"].split()),
        versions=tuple(int(f["version"]) for f in (aliases, concepts, frame, english)),
    )
