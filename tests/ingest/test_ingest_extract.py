"""Statements found in the seeds (issuer, kind, exact text) and the pairs made of them.

Long expected texts are fixtures cut by hand from the seed files (sed by line number), not
produced by the code under test.
"""

from __future__ import annotations

import pytest
from ingest_seeds import fixture, seed_raw, squash

from app.ingest.clean import clean
from app.ingest.extract import Statement, StatementPair, extract, pair_statements


def statements(seed: str) -> tuple[str, list[Statement]]:
    text = clean(seed_raw(seed)).text
    return text, extract(text)


def summary(found: list[Statement]) -> list[tuple[str, str, str]]:
    return [(s.kind, s.issuer, squash(s.text)) for s in found]


TRUMP_TO_EUROPE = (
    "I have so informed President Volodymyr Zelenskyy, of Ukraine, Ursula von der Leyen, "
    "President of the European Commission, President Emmanuel Macron, of France, Prime "
    "Minister Giorgia Meloni, of Italy, Chancellor Friedrich Merz, of Germany, and President "
    "Alexander Stubb, of Finland, during a call with me, immediately after the call with "
    "President Putin."
)
FT_CLAIM = (
    "[Trump] recounted the conversation to Zelenskyy together with the leaders of Britain, "
    "France, Germany, Italy, Finland and the European Commission."
)
NYT_MANTRA = (
    "[Putin] repeated his mantra that a peace deal needs to “remove the root causes of this "
    "crisis,” referring to Russia’s pursuit of wide-ranging influence over Ukraine."
)
NYT_DEFENSES = (
    "From Moscow’s perspective, the Russians need to bolster their defenses to protect "
    "themselves from NATO expansion, which has always been a sore subject. The Baltic nations "
    "were the first members of the former Soviet Union to join NATO, bringing large stretches "
    "of Russia’s border up against NATO’s. The prospect of Ukraine, an even bigger former "
    "Soviet republic, following suit was so threatening to Moscow that it became one of the "
    "causes of the most devastating land war in generations."
)
FT_EXCERPT = (
    "After phone calls with Russian President Vladimir Putin and Ukraine’s President Volodymyr "
    "Zelenskyy, Trump posted that “Russia and Ukraine will immediately start negotiations "
    "toward a Ceasefire and, more importantly, an END to the War”."
)
DISENGAGE = (
    "The US desire to disengage has been flagged for weeks, by Trump himself but also by "
    "secretary of state Marco Rubio and vice-president JD Vance, who have repeatedly "
    "expressed frustration with Russia and Ukraine in equal measure. Vance told reporters on "
    "Monday that the US might ultimately have to say: “This is not our war.”"
)
IGNATIUS = (
    "He still wants victory, which he described once again after Monday’s call with the "
    "phrase “eliminate the root causes of the crisis.” That’s code for his conviction that "
    "Ukraine cannot be a European country, as it wants, but must remain under Russian hegemony."
)


def test_seed_003_white_house_and_kremlin_sections_verbatim() -> None:
    _, found = statements("003")
    assert [(s.kind, s.issuer) for s in found] == [
        ("section", "White House"),
        ("section", "Kremlin"),
    ]
    assert found[0].text == fixture("003-white-house.txt")
    assert found[1].text == fixture("003-kremlin.txt")
    assert pair_statements(found) == [StatementPair(0, 1)]


def test_seed_000_statements() -> None:
    _, found = statements("000")
    assert summary(found) == [
        ("block", "Donald Trump", squash(fixture("000-trump-key-sentence.txt"))),
        ("block", "Vladimir Putin", squash(fixture("000-putin-key-sentence.txt"))),
        ("block", "The New York Times", NYT_MANTRA),
        ("block", "David Ignatius", IGNATIUS),
        ("block", "The New York Times", NYT_DEFENSES),
        # The FT excerpt's lead-in names no speaker; footnote (1) credits a sentence of the
        # excerpt to the FT. Trump's post, which the excerpt quotes, does not make it his.
        ("block", "Financial Times", FT_EXCERPT),
        (
            "quote",
            "Donald Trump",
            "because they know details of a negotiation that nobody else would be aware of",
        ),
        # Cited "(archived)", credited nowhere in the article: listed as unattributed.
        ("block", "Unattributed", DISENGAGE),
        ("block", "Financial Times", FT_CLAIM),
        ("block", "Donald Trump", TRUMP_TO_EUROPE),
    ]


def test_seed_000_key_sentences_are_exact_and_paired_and_ft_against_trump() -> None:
    _, found = statements("000")
    assert found[0].text == fixture("000-trump-key-sentence.txt")
    assert found[1].text == fixture("000-putin-key-sentence.txt")
    assert pair_statements(found) == [StatementPair(0, 1), StatementPair(8, 9)]


def test_seed_001_quotes_only_scare_quotes_and_fragments() -> None:
    assert statements("001")[1] == []


def test_seed_002_block_after_invokes() -> None:
    _, found = statements("002")
    assert [(s.kind, s.issuer) for s in found] == [("block", "Scott Ritter")]
    assert found[0].text.startswith("I’ve lost faith in the good faith of the Trump negotiating")
    assert found[0].text.endswith("rejects Russia’s conditions for peace.")
    assert pair_statements(found) == []


def test_seed_004_attributed_quotes_are_not_paired() -> None:
    _, found = statements("004")
    assert summary(found) == [
        (
            "quote",
            "Nikolay Petrov",
            "Washington is talking to Moscow again after years of "
            "strained ties following the 2022 annexation of Crimea.",
        ),
        (
            "quote",
            "Nikolay Petrov",
            "Putin already got a part of what he wanted – the "
            "impression of Russia as a country equal to the U.S.",
        ),
        ("quote", "Donald Trump", "will stay with Russia."),
        ("quote", "Sergey Radchenko", "still very much in the air."),
        (
            "quote",
            "Sergey Radchenko",
            "If there are restrictions on the kinds of weapons Ukraine "
            "can receive or the size of its army, then it will be "
            "difficult to get them to accept this kind of agreement.",
        ),
    ]
    assert pair_statements(found) == []


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_offsets_slice_the_cleaned_text(seed: str) -> None:
    text, found = statements(seed)
    assert all(text[s.start : s.end] == s.text for s in found)
    assert [s.start for s in found] == sorted(s.start for s in found)


# --------------------------------------------------------------------------- general rules

READOUT_A = (
    "The two leaders discussed trade and security.\n"
    "They agreed to meet again soon in a third country."
)
READOUT_B = (
    "The presidents held a frank exchange of views on regional issues.\n"
    "The sides will continue contacts at all levels."
)


def test_sections_end_at_commentary_naming_both_issuers() -> None:
    text = (
        f"Intro line.\nDowning Street's readout:\n{READOUT_A}\n"
        f"The Élysée's readout:\n{READOUT_B}\n"
        "Downing Street and the Élysée tell the story differently.\nMore commentary."
    )
    found = extract(text)
    assert [(s.kind, s.issuer, s.text) for s in found] == [
        ("section", "Downing Street", READOUT_A),
        ("section", "Élysée", READOUT_B),
    ]
    assert pair_statements(found) == [StatementPair(0, 1)]


def test_section_ends_at_paragraph_about_the_statements() -> None:
    text = f"What the Kremlin said:\n{READOUT_B}\nThese two statements could hardly differ more."
    (found,) = extract(text)
    assert found.text == READOUT_B


def test_block_after_statement_reads() -> None:
    text = "The Kremlin statement reads:\n\nThe sides agreed to continue contacts at all levels."
    (found,) = extract(text)
    assert (found.kind, found.issuer, found.text) == (
        "block",
        "Kremlin",
        "The sides agreed to continue contacts at all levels.",
    )


def test_block_after_said_normalises_title_and_known_name() -> None:
    text = "Kremlin spokesman Dmitry Peskov said:\nWe are not ready to discuss this matter now."
    (found,) = extract(text)
    assert found.issuer == "Dmitry Peskov"


def test_abbreviation_defined_by_the_article_is_used() -> None:
    text = (
        "The Institute for the Study of War (ISW) published a note.\n"
        "The ISW claims that: “Russian forces advanced near the town this week.”"
    )
    (found,) = extract(text)
    assert (found.issuer, found.kind) == ("Institute for the Study of War", "block")


def test_scare_quotes_pronouns_and_unattributed_quotes_are_skipped() -> None:
    text = (
        "Moscow called it a “special operation”. They added it was “not ready to put "
        "pressure on anyone”. Critics see “a long and costly war with no end in sight”."
    )
    assert extract(text) == []


def test_quote_attributed_after_the_quotation() -> None:
    text = "“We will not give up a single inch of our land,” Zelensky said on Tuesday."
    (found,) = extract(text)
    assert (found.issuer, found.text) == (
        "Volodymyr Zelensky",
        "We will not give up a single inch of our land",
    )


def test_blocks_of_unrelated_commentators_are_not_paired() -> None:
    text = (
        "Anna Smith wrote:\nThe ceasefire is fragile and both sides know it well.\n"
        "Much later in the piece.\nJohn Brown wrote:\nSanctions will not end this war soon."
    )
    found = extract(text)
    assert [s.issuer for s in found] == ["Anna Smith", "John Brown"]
    assert pair_statements(found) == []


# --------------------------------------------------------------------------- cited sources

EXCERPT = "Russia wants influence over its neighbours and will not stop at the border of Ukraine."


def test_lead_in_naming_an_outlet_attributes_the_block_to_it() -> None:
    text = f"Western media, here the NY Times, keep repeating (archived) the line:\n\n{EXCERPT}"
    (found,) = extract(text)
    assert (found.kind, found.issuer, found.text) == ("block", "The New York Times", EXCERPT)


def test_lead_in_naming_a_piece_of_a_source_attributes_the_block_to_it() -> None:
    text = f"A different Reuters piece is far more careful when it says less:\n\n{EXCERPT}"
    (found,) = extract(text)
    assert (found.kind, found.issuer) == ("block", "Reuters")


def test_cited_but_unnamed_source_is_listed_as_unattributed_and_never_paired() -> None:
    text = (
        "The Kremlin statement reads:\n\nThe sides agreed to continue contacts at all levels.\n\n"
        f"The story was told differently elsewhere (archived):\n\n{EXCERPT}"
    )
    found = extract(text)
    assert [(s.kind, s.issuer) for s in found] == [("block", "Kremlin"), ("block", "Unattributed")]
    assert found[1].text == EXCERPT
    assert pair_statements(found) == []


def test_unattributed_excerpt_is_credited_where_the_article_quotes_it() -> None:
    text = (
        f"Media keep saying it (archived):\n\n{EXCERPT}\n\n"
        "The paper went on in the same vein for many more lines about everything.\n\n"
        "Later, a note.\n\n"
        "The Guardian claims that: “Russia wants influence over its neighbours and will not "
        "stop at the border.”"
    )
    found = extract(text)
    assert [(s.issuer, s.text[:20]) for s in found] == [
        ("Guardian", EXCERPT[:20]),
        ("Guardian", "Russia wants influen"),
    ]


def test_an_excerpt_is_not_credited_to_the_person_it_quotes() -> None:
    post = "We will start negotiations toward a ceasefire right away and end the war"
    text = (
        f"Trump said:\n\n{post}.\n\nThe press had its version (archived):\n\n"
        f"After the calls, Trump posted that “{post}”, a claim nobody could check."
    )
    found = extract(text)
    assert [s.issuer for s in found] == ["Donald Trump", "Unattributed"]


def test_colon_lead_in_citing_nothing_introduces_the_authors_own_text() -> None:
    text = f"Lavrov has been relentlessly on message about a ceasefire:\n\n{EXCERPT}"
    assert extract(text) == []
