"""Cleaning the seeds: every kind of boilerplate goes, every sentence of the article stays.

The article's own sentences are computed here independently of the code under test: from
hand-picked first and last lines of each article body, split into sentences by a simple
rule, with the known ad strings cut out by hand.
"""

from __future__ import annotations

import re

import pytest
from ingest_seeds import seed_raw, squash

from app.ingest.clean import Removal, clean

AD_000_A = (
    "How Everything Became …Brooks, RosaBest Price: $2.19Buy New $11.53(as of 02:01 UTC – Details)"
)
AD_000_B = (
    "Excavating the Evidenc…Kennedy, TitusBest Price: $34.39Buy New $17.48"
    "(as of 01:06 UTC – Details)"
)

# seed -> (first line of the article, last line of the article), both as line prefixes.
ARTICLE_BOUNDS = {
    "000": ("Ukraine Negotiations Still Hover", "It seems like, despite the FT"),
    "001": ("Imagine the Russian and American leaders", "Ultimately, this conversation belongs"),
    "002": ("So Much for Trump’s Peace Deal", "4 I don’t buy the notion"),
    "003": ("Trump-Putin phone call yields no breakthrough", "For now, even this very limited"),
    "004": (
        "International negotiations led by the U.S.",
        "Emerging negotiations led by Washington",
    ),
}

GONE = {
    "000": [
        "Best Price",
        "Buy New",
        "UTC – Details",
        "Excavating the Evidenc",
        "Brooks, Rosa",
        "moonofalabama.org",
    ],
    "001": [
        "My name is Steve Allen",
        "Follow me on social media",
        "[…]",
        "Dan Scavino",
        "Be the first to comment",
        "Thank you, Steve",
    ],
    "002": [
        "Print Friendly",
        "151 comments",
        "Jason Boxman",
        "Carolinian",
        "Trump, for all of his bragging, is a terrible dealmaker.",
        "Comments are closed",
    ],
    "003": [
        "Putting out high-quality journalism",
        "paid subscription",
        "Website: thomasfazi.net",
        "Twitter: @battleforeurope",
        "Latest book:",
        "The stark difference between those two",
        "Putin is justified in not trusting USA",
        "NATO has broken their Minsk agreement",
        "Because knowing NATO",
    ],
    "004": ["Skip to content", "Read also:"],
}

REASONS = {
    "000": {"shop-ad", "duplicate-body", "page-chrome"},
    "001": {"author-bio", "related-teasers", "comments"},
    "002": {"page-chrome", "comments"},
    "003": {"subscription-plea", "author-bio", "comments"},
    "004": {"page-chrome", "duplicate-body"},
}


def article_lines(seed: str) -> list[str]:
    lines = [squash(line) for line in seed_raw(seed).split("\n")]
    first, last = ARTICLE_BOUNDS[seed]
    start = next(i for i, line in enumerate(lines) if line.startswith(first))
    end = next(i for i, line in enumerate(lines) if line.startswith(last))
    body = [line for line in lines[start : end + 1] if line]
    if seed == "000":  # the first copy's last line has the second copy glued to it
        body[-1] = body[-1].split("on this.")[0] + "on this."
        body = [line.replace(AD_000_A, "") for line in body]
    return body


def sentences(line: str) -> list[str]:
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z“\"(\[])", squash(line))
    return [p for p in parts if p]


@pytest.mark.parametrize("seed", sorted(ARTICLE_BOUNDS))
def test_every_article_sentence_remains(seed: str) -> None:
    cleaned = squash(clean(seed_raw(seed)).text)
    missing = [s for line in article_lines(seed) for s in sentences(line) if s not in cleaned]
    assert missing == []


@pytest.mark.parametrize("seed", sorted(GONE))
def test_boilerplate_is_gone(seed: str) -> None:
    cleaned = clean(seed_raw(seed)).text
    assert [s for s in GONE[seed] if s in cleaned] == []


@pytest.mark.parametrize("seed", sorted(REASONS))
def test_removal_reasons(seed: str) -> None:
    assert {r.reason for r in clean(seed_raw(seed)).removals} == REASONS[seed]


@pytest.mark.parametrize("seed", sorted(ARTICLE_BOUNDS))
def test_cleaned_text_starts_and_ends_with_the_article(seed: str) -> None:
    cleaned = clean(seed_raw(seed)).text
    lines = article_lines(seed)
    assert cleaned.startswith(lines[0])
    assert squash(cleaned).endswith(squash(lines[-1]))


@pytest.mark.parametrize("seed", sorted(ARTICLE_BOUNDS))
def test_removals_slice_the_raw_text(seed: str) -> None:
    raw = seed_raw(seed)
    result = clean(raw)
    assert_removals_consistent(raw, result.removals, result.text)


def assert_removals_consistent(raw: str, removals: tuple[Removal, ...], text: str) -> None:
    position = 0
    kept = []
    for r in removals:
        assert position <= r.start < r.end <= len(raw)
        assert raw[r.start : r.end] == r.text
        kept.append(raw[position : r.start])
        position = r.end
    kept.append(raw[position:])
    assert "".join(kept).strip() == text


def test_seed_000_keeps_exactly_one_copy_of_the_body() -> None:
    raw = squash(seed_raw("000"))
    cleaned = squash(clean(seed_raw("000")).text)
    for sentence in (
        "Russia will not fall for ending the war without having achieved its main goal.",
        "That might be the victory President Putin has on his mind.",
        "It seems like, despite the FT‘s claim, Prime Minister Starmer was left out",
    ):
        assert raw.count(sentence) == 2
        assert cleaned.count(sentence) == 1
    assert cleaned.count("The most important sentence by President Putin") == 1


def test_seed_000_glued_ads_go_but_their_sentences_stay() -> None:
    cleaned = squash(clean(seed_raw("000")).text)
    sentence = "Russia needs to remove the root cause, U.S. (NATO) expansionism, to achieve peace."
    assert sentence + " A complete victory" in cleaned
    assert AD_000_A not in cleaned and AD_000_B not in cleaned
    ads = [r for r in clean(seed_raw("000")).removals if r.reason == "shop-ad"]
    assert [squash(r.text) for r in ads] == [AD_000_A]  # the other ad sits inside the removed copy


def test_seed_003_ends_with_the_authors_last_sentence() -> None:
    cleaned = clean(seed_raw("003")).text
    assert cleaned.endswith("but that’s where things stand.")


def test_seed_004_keeps_its_summary_list_and_closing_sentences() -> None:
    cleaned = clean(seed_raw("004")).text
    assert "  1. In a turn of events" in cleaned
    assert "  6. Despite Russia's current upper hand" in cleaned
    assert cleaned.endswith("appear to lean towards a deal potentially advantageous for Russia.")
    title = "International negotiations led by the U.S. for a ceasefire in Ukraine appear to hold"
    assert cleaned.count(title) == 1


# --------------------------------------------------------------------------- general rules

PROSE = " ".join(f"Sentence number {i} of the article says something plain." for i in range(30))


def test_comment_count_under_the_headline_does_not_swallow_the_article() -> None:
    raw = f"A headline\n12 comments\n{PROSE}\nThe last line of the article."
    cleaned = clean(raw).text
    assert PROSE in cleaned and cleaned.endswith("The last line of the article.")
    assert "12 comments" not in cleaned


def test_comment_section_after_the_article_is_removed() -> None:
    raw = f"{PROSE}\n\nLeave a Reply\n\nGreat piece, thanks for writing it.\nI disagree."
    result = clean(raw)
    assert result.text == PROSE
    assert [r.reason for r in result.removals] == ["comments"]


def test_ad_glued_after_a_space_keeps_the_sentence() -> None:
    ad = "The Art of War …Sun, TzuBest Price: $5.99(as of 01:00 UTC – Details)"
    raw = f"{PROSE}\nPeace needs talks. {ad}"
    cleaned = clean(raw).text
    assert cleaned.endswith("Peace needs talks.")


def test_plea_in_the_middle_removes_only_the_plea() -> None:
    raw = (
        f"{PROSE}\nIf you enjoy this newsletter, please consider becoming a paid subscriber.\n"
        f"{PROSE.replace('Sentence', 'Clause')}"
    )
    result = clean(raw)
    assert PROSE.replace("Sentence", "Clause") in result.text
    assert [r.reason for r in result.removals] == ["subscription-plea"]


def test_short_repeated_lines_are_not_duplicates() -> None:
    raw = f"{PROSE}\nThanks!\nIt is what it is.\nThanks!\nIt is what it is."
    assert clean(raw).removals == ()


def test_repeated_paragraph_run_is_removed_once() -> None:
    body = "\n\n".join(f"Paragraph {i} tells a long story about the talks." for i in range(4))
    result = clean(f"{body}\n\n{body}")
    assert result.text == body
    assert [r.reason for r in result.removals] == ["duplicate-body"]


def test_bio_in_the_first_half_is_not_end_matter() -> None:
    raw = f"My name is Ann Lee and I am the author of this blog.\n{PROSE}"
    assert PROSE in clean(raw).text


def test_empty_and_blank_text() -> None:
    assert clean("").text == ""
    assert clean(" \n\n ").text == ""
