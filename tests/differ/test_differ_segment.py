"""Sentences and clauses of real press prose, with offsets that slice the original text."""

from __future__ import annotations

from app.differ.segment import clauses, sentences


def cut(text: str) -> list[str]:
    return [text[a:b] for a, b in sentences(text)]


def clause_texts(text: str) -> list[str]:
    return [text[c.start : c.end] for c in clauses(text)]


def test_initials_and_jr_do_not_end_a_sentence() -> None:
    text = (
        "President Joseph R. Biden, Jr. spoke today with President Xi Jinping. "
        "They discussed trade."
    )
    assert cut(text) == [
        "President Joseph R. Biden, Jr. spoke today with President Xi Jinping.",
        "They discussed trade.",
    ]


def test_titles_and_us_abbreviation() -> None:
    text = (
        "Mr. Sullivan met Dr. Wang on the U.S. position. The U.S. delegation left. "
        "Talks ended in the U.S. The next round is in May."
    )
    assert cut(text) == [
        "Mr. Sullivan met Dr. Wang on the U.S. position.",
        "The U.S. delegation left.",
        "Talks ended in the U.S.",
        "The next round is in May.",
    ]


def test_quotes_ending_sentences() -> None:
    text = (
        "He said the talks were “productive.” The other side called them “a failure”. "
        'A spokesman added: "We will see." Nothing else was said.'
    )
    assert cut(text) == [
        "He said the talks were “productive.”",
        "The other side called them “a failure”.",
        'A spokesman added: "We will see."',
        "Nothing else was said.",
    ]


def test_em_dash_aside_stays_in_its_sentence() -> None:
    text = (
        "A prisoner exchange — 175 for 175 people — will take place on March 19. Both sides agreed."
    )
    assert cut(text) == [
        "A prisoner exchange — 175 for 175 people — will take place on March 19.",
        "Both sides agreed.",
    ]


def test_numbered_list_items_are_sentences_and_markers_stay_with_them() -> None:
    text = "The leaders agreed on three points:\n1. A ceasefire.\n2. Talks in Riyadh.\n3) A summit."
    assert cut(text) == [
        "The leaders agreed on three points:",
        "1. A ceasefire.",
        "2. Talks in Riyadh.",
        "3) A summit.",
    ]


def test_newlines_break_paragraphs_but_hard_wraps_continue() -> None:
    text = "Heading without a stop\nThe first paragraph runs on\nover a wrapped line. Then more."
    assert cut(text) == [
        "Heading without a stop",
        "The first paragraph runs on\nover a wrapped line.",
        "Then more.",
    ]


def test_one_paragraph_without_final_stop() -> None:
    text = "  The call lasted two hours. The presidents agreed to stay in touch  "
    assert cut(text) == ["The call lasted two hours.", "The presidents agreed to stay in touch"]


def test_as_well_as_splits_a_long_sentence_into_two_points() -> None:
    text = (
        "The leaders agreed that the movement to peace will begin with an energy and "
        "infrastructure ceasefire, as well as technical negotiations on implementation of a "
        "maritime ceasefire in the Black Sea, full ceasefire and permanent peace."
    )
    parts = clause_texts(text)
    assert len(parts) == 2
    assert parts[0].endswith("infrastructure ceasefire,")
    assert parts[1].startswith("as well as technical negotiations")
    assert {c.sentence for c in clauses(text)} == {0}


def test_semicolon_and_coordinated_main_clauses_split() -> None:
    text = (
        "The two presidents discussed the situation in the Middle East at length; "
        "they also reviewed the state of trade between their two countries in detail."
    )
    assert len(clause_texts(text)) == 2
    text = (
        "President Putin described the Russian position on the settlement in detail, "
        "and the American side presented its view of the next steps toward a ceasefire."
    )
    assert clause_texts(text)[1].startswith("and the American side")


def test_short_sentences_and_lists_are_not_split() -> None:
    short = "They discussed trade; and energy."
    assert clause_texts(short) == [short]
    listing = (
        "The sides discussed the economy, energy, trade, security, culture, sport, "
        "and the exchange of students between the universities of both countries."
    )
    assert clause_texts(listing) == [listing]


def test_clauses_cover_the_text_in_order() -> None:
    text = "First point; second point here is long enough to stand.\n\nThird. Fourth!"
    found = clauses(text)
    assert [c.sentence for c in found] == sorted(c.sentence for c in found)
    covered = "".join(text[c.start : c.end] for c in found)
    assert covered.replace(" ", "") == "".join(text.split())
