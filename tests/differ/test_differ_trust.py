"""Differ 2: links a reader can trust on readouts the differ has never seen.

Every text here is written for the test (two made-up governments' readouts of one call),
not taken from a gold pair, so that the tests check the capability, not a fit.
"""

from __future__ import annotations

import pytest

from app.differ import Alignment, align
from app.differ.lexicon import lexicon
from app.differ.similarity import use_lexicon
from app.differ.types import dump, load
from app.differ.variants import merge_variants, variant_similarity

OPENING_L = "Chancellor Weber spoke with Prime Minister Lindqvist of Norway on Tuesday.\n"
OPENING_R = "Prime Minister Lindqvist held a telephone conversation with Chancellor Weber.\n"


def text(side: Alignment, which: str, index: int) -> str:
    s = side.left if which == "left" else side.right
    c = s.clauses[index]
    return s.text[c.start : c.end]


def link_of(a: Alignment, left_words: str, right_words: str) -> object:
    """The link joining a left clause holding `left_words` to a right one holding
    `right_words`, or None."""
    for link in a.links:
        if any(left_words in text(a, "left", i) for i in link.left) and any(
            right_words in text(a, "right", j) for j in link.right
        ):
            return link
    return None


def one_sided(a: Alignment, which: str, words: str) -> bool:
    side = "left" if which == "left" else "right"
    alone = [text(a, which, i) for i in a.unlinked(side)]  # type: ignore[arg-type]
    return any(words in t for t in alone)


PARAPHRASES = [
    (
        "The leaders tasked their teams to follow up on the Arctic fisheries quota.",
        "The two leaders agreed to instruct their representatives on the Arctic fisheries quota.",
        "tasked",
        "instruct",
    ),
    (
        "They condemned the ransomware attacks on hospitals in both countries.",
        "They discussed the growing threat of cybercrime against hospitals.",
        "ransomware",
        "cybercrime",
    ),
    (
        "Chancellor Weber said Germany would impose severe costs on those responsible.",
        "The sides agreed on new sanctions against those responsible.",
        "costs",
        "sanctions",
    ),
]


@pytest.mark.parametrize(("left", "right", "lword", "rword"), PARAPHRASES)
def test_a_paraphrase_with_no_shared_content_word_links_where_the_rest_agrees(
    left: str, right: str, lword: str, rword: str
) -> None:
    filler_l = "Weber also praised the new ferry line to Kiel.\n"
    filler_r = "Lindqvist invited Weber to visit Oslo in the spring.\n"
    a = align(OPENING_L + left + "\n" + filler_l, OPENING_R + right + "\n" + filler_r)
    link = link_of(a, lword, rword)
    assert link is not None
    assert any(lword in e and rword in e for e in link.evidence)  # type: ignore[attr-defined]
    assert one_sided(a, "left", "ferry line") and one_sided(a, "right", "visit Oslo")


def test_the_concept_groups_are_what_links_a_paraphrase() -> None:
    left, right, _, _ = PARAPHRASES[2]
    with use_lexicon(lexicon().without("concepts")):
        a = align(OPENING_L + left, OPENING_R + right)
    assert link_of(a, "costs", "sanctions") is None


def test_a_link_on_one_ordinary_shared_word_is_at_most_possible() -> None:
    a = align(
        OPENING_L + "Chancellor Weber thanked the allies for their support in the Baltic.",
        OPENING_R + "Lindqvist recalled that the two nations were allies during World War II.",
    )
    link = link_of(a, "thanked the allies", "World War II")
    assert link is None or link.confidence == "possible"  # type: ignore[attr-defined]


def test_a_link_on_much_shared_evidence_is_strong() -> None:
    a = align(
        OPENING_L + "They agreed to open a joint hydrogen terminal in Hammerfest by 2027.",
        OPENING_R
        + "A joint hydrogen terminal will open in Hammerfest in 2027, the leaders agreed.",
    )
    link = link_of(a, "hydrogen terminal", "hydrogen terminal")
    assert link is not None and link.confidence == "strong"  # type: ignore[attr-defined]
    assert {"Hammerfest", "hydrogen"} <= set(link.evidence)  # type: ignore[attr-defined]


def test_every_link_says_how_sure_it_is() -> None:
    a = align(
        OPENING_L + "They discussed fisheries and the Arctic. Weber praised the ferry line.",
        OPENING_R + "The leaders talked about Arctic fisheries. Lindqvist thanked the allies.",
    )
    assert a.links
    assert all(link.confidence in ("strong", "likely", "possible") for link in a.links)
    assert load(dump(a)) == a


def test_a_fragment_that_says_nothing_new_is_not_left_one_sided() -> None:
    a = align(
        OPENING_L
        + "The leaders agreed to impose new export controls on the junta's arms suppliers,"
        " and the U.S. will do so in close coordination with partners.",
        OPENING_R + "Both sides agreed on new export controls against arms suppliers of the junta.",
    )
    assert len(a.left.clauses) == 3  # the sentence is cut in two clauses
    assert not one_sided(a, "left", "close coordination with partners")


def test_a_fragment_with_a_point_of_its_own_stays_one_sided() -> None:
    a = align(
        OPENING_L
        + "The leaders agreed to impose new export controls on the junta's arms suppliers,"
        " and Germany will send two frigates to the Barents Sea in March.",
        OPENING_R + "Both sides agreed on new export controls against arms suppliers of the junta.",
    )
    assert one_sided(a, "left", "two frigates")


def test_press_conference_questions_are_not_linked_as_statements() -> None:
    left = (
        OPENING_L + "The leaders agreed on new export controls against the junta's arms suppliers."
    )
    right = (
        OPENING_R
        + "Both sides agreed on new export controls against arms suppliers of the junta.\n\n"
        "Q Prime Minister, will the export controls on the junta's arms suppliers hurt"
        " the harbour workers?\n\n"
        "QUESTION: And the export controls. The junta's arms suppliers say they will sue.\n\n"
        "The Prime Minister: The export controls on arms suppliers are aimed at the junta."
    )
    a = align(left, right)
    assert link_of(a, "export controls", "Both sides agreed") is not None
    assert one_sided(a, "right", "hurt the harbour workers?")
    assert one_sided(a, "right", "they will sue")
    assert not one_sided(a, "right", "are aimed at the junta")  # an answer is a statement


def test_names_of_the_participants_alone_link_nothing() -> None:
    a = align(
        OPENING_L + "Chancellor Weber raised the fishing quotas in the Barents Sea.",
        OPENING_R + "Prime Minister Lindqvist explained the new rail tariffs to Weber.",
    )
    assert link_of(a, "fishing quotas", "rail tariffs") is None


def test_a_point_between_two_shared_points_links_on_little_evidence() -> None:
    a = align(
        OPENING_L + "They discussed the Arctic fisheries quota for 2026.\n"
        "The leaders underscored their support for a free press.\n"
        "They agreed to meet again in Bergen in June.",
        OPENING_R + "The leaders talked about the Arctic fisheries quota for 2026.\n"
        "The leaders underlined that journalists must work without fear.\n"
        "They will meet again in Bergen in June.",
    )
    assert link_of(a, "free press", "journalists") is not None


def test_one_sided_clauses_say_how_close_they_came_to_a_link() -> None:
    a = align(
        OPENING_L + "They discussed Arctic fisheries. Weber praised the hydrogen ferry to Kiel.",
        OPENING_R + "The leaders talked about Arctic fisheries. Hydrogen prices were discussed.",
    )
    alone_l = set(a.unlinked("left"))
    near = {m.clause: m for m in a.left.near_misses}
    assert set(near) <= alone_l
    for m in a.left.near_misses:
        assert 0 < m.score < 1 and 0 <= m.counterpart < len(a.right.clauses)
    assert a.mirrored().right.near_misses == a.left.near_misses


def test_a_word_and_its_opposite_are_not_one_term() -> None:
    assert variant_similarity("nonprolifer", "prolifer") == 0.0
    assert merge_variants(["nonprolifer"], ["prolifer"]) == {}
    a = align(
        OPENING_L + "Weber warned of the proliferation of armed drones.",
        OPENING_R + "Lindqvist praised the nonproliferation of armed drones.",
    )
    link = link_of(a, "proliferation", "nonproliferation")
    assert link is not None  # "armed drones" is shared
    start = a.left.text.index("proliferation")
    kinds = {s.kind for s in link.left_spans if s.start == start}  # type: ignore[attr-defined]
    assert kinds == {"changed"}


def test_every_word_list_entry_says_where_it_comes_from() -> None:
    import tomllib
    from importlib import resources

    data = resources.files("app.differ").joinpath("data")
    for name, key in (("aliases.toml", "alias"), ("concepts.toml", "concept")):
        parsed = tomllib.loads(data.joinpath(name).read_text(encoding="utf-8"))
        assert parsed["version"] >= 2
        for entry in parsed[key]:
            assert entry["source"].strip(), entry
    lex = lexicon()
    negations = lex.negating_prefixes
    for words in lex.concepts.values():
        for w in words:
            assert not any(p + w in words for p in negations), w
