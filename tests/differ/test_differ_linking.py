"""Linking: out of order, many-to-many, one-sided clauses; judged on clause texts a reader sees."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.differ import DIFFER_VERSION, Alignment, align
from app.differ.evidence import pair_overlap
from app.differ.prepare import prepare

EVAL = Path(__file__).resolve().parents[2] / "data" / "eval"


def clause(alignment: Alignment, side: str, index: int) -> str:
    s = alignment.left if side == "left" else alignment.right
    c = s.clauses[index]
    return " ".join(s.text[c.start : c.end].split())


def linked_pairs(alignment: Alignment) -> set[tuple[str, str]]:
    """Every (left clause, right clause) pair that some link joins, as text."""
    return {
        (clause(alignment, "left", i), clause(alignment, "right", j))
        for link in alignment.links
        for i in link.left
        for j in link.right
    }


def alone(alignment: Alignment, side: str) -> list[str]:
    return [clause(alignment, side, i) for i in alignment.unlinked(side)]  # type: ignore[arg-type]


def linked(alignment: Alignment, left_words: str, right_words: str) -> bool:
    return any(left_words in a and right_words in b for a, b in linked_pairs(alignment))


def one_sided(alignment: Alignment, side: str, words: str) -> bool:
    matches = [c for c in alignment_clauses(alignment, side) if words in c]
    assert matches, f"no {side} clause contains {words!r}"
    return all(c in alone(alignment, side) for c in matches)


def alignment_clauses(alignment: Alignment, side: str) -> list[str]:
    s = alignment.left if side == "left" else alignment.right
    return [clause(alignment, side, i) for i in range(len(s.clauses))]


@pytest.fixture(scope="module")
def dev() -> Alignment:
    gold = json.loads((EVAL / "2025-03-18.json").read_text(encoding="utf-8"))
    left = (EVAL / gold["left_file"]).read_text(encoding="utf-8")
    right = (EVAL / gold["right_file"]).read_text(encoding="utf-8")
    return align(left, right, left_label="White House", right_label="Kremlin")


def test_dev_pair_one_sided_points(dev: Alignment) -> None:
    assert one_sided(dev, "right", "complete cessation of foreign military aid")
    assert one_sided(dev, "left", "Iran should never be in a position to destroy Israel")
    assert one_sided(dev, "right", "barbaric terrorist crimes")
    assert one_sided(dev, "right", "hockey matches")


def test_dev_pair_shared_points(dev: Alignment) -> None:
    assert linked(dev, "energy and infrastructure ceasefire", "energy infrastructure facilities")
    assert linked(dev, "maritime ceasefire in the Black Sea", "navigation in the Black Sea")
    assert linked(dev, "spoke broadly about the Middle East", "the Middle East and the Red Sea")
    assert linked(dev, "improved bilateral relations", "normalizing bilateral relations")
    assert linked(dev, "These negotiations will begin", "begin negotiations")


def test_dev_pair_labels_and_version(dev: Alignment) -> None:
    assert dev.differ_version == DIFFER_VERSION
    assert (dev.left.label, dev.right.label) == ("White House", "Kremlin")
    assert all(link.kind in ("same", "similar", "related") for link in dev.links)
    assert all(0 < link.score <= 1 for link in dev.links)


def test_identical_texts_link_one_to_one_as_same() -> None:
    text = (EVAL / "2025-03-18_kremlin.txt").read_text(encoding="utf-8")
    result = align(text, text)
    n = len(result.left.clauses)
    assert n > 10
    assert sorted((link.left, link.right) for link in result.links) == [
        ((k,), (k,)) for k in range(n)
    ]
    assert {link.kind for link in result.links} == {"same"}


def test_reordered_sentences_still_link_to_their_originals() -> None:
    text = (EVAL / "2025-03-18_whitehouse.txt").read_text(encoding="utf-8")
    sentences = [
        clause(align(text, ""), "left", i) for i in range(len(align(text, "").left.clauses))
    ]
    reworded = " ".join(reversed([s.replace("leaders", "presidents") for s in sentences]))
    result = align(text, reworded)
    for original in sentences:
        assert linked(result, original, original.replace("leaders", "presidents"))


def test_unrelated_texts_give_no_links() -> None:
    readout = (EVAL / "2025-03-18_whitehouse.txt").read_text(encoding="utf-8")
    recipe = (
        "Preheat the oven to a moderate heat. Whisk the eggs with sugar until pale and fluffy. "
        "Fold in the flour gently, then pour the batter into a buttered tin. Bake until golden "
        "and a skewer comes out clean. Let the sponge cool before icing it with lemon glaze."
    )
    assert align(readout, recipe).links == ()


def test_empty_and_blank_texts() -> None:
    for left, right in (("", ""), ("   \n ", "Text here."), ("Text here.", "")):
        result = align(left, right)
        assert result.links == ()
        assert result.left.text == left and result.right.text == right
    assert align("", "").left.clauses == ()


# A realistic pair written for these tests (not a gold pair): two accounts of one call,
# in another order and other words, each with points of its own.
WASHINGTON = "\n".join(
    [
        (
            "President Biden spoke today with President Xi Jinping of the People's Republic "
            "of China."
        ),
        (
            "The two leaders held a candid and constructive discussion on a range of "
            "bilateral, regional, and global issues."
        ),
        (
            "President Biden emphasized the importance of maintaining peace and stability "
            "across the Taiwan Strait."
        ),
        (
            "He raised continued concerns about the PRC's unfair trade policies and "
            "non-market economic practices."
        ),
        (
            "The leaders welcomed ongoing progress on counternarcotics cooperation, including"
            " efforts to stop the flow of fentanyl precursors."
        ),
        (
            "President Biden also underscored that the United States will continue to take "
            "necessary actions to prevent advanced U.S. semiconductor technologies from being"
            " used to undermine our national security."
        ),
        "He also raised concerns about human rights in Xinjiang and Hong Kong.",
        (
            "The leaders agreed that military-to-military communication between their armed "
            "forces would continue."
        ),
    ]
)

BEIJING = "\n".join(
    [
        (
            "On the evening of April 2, President Xi Jinping had a phone call with U.S. "
            "President Joe Biden at the latter's request."
        ),
        (
            "Xi Jinping pointed out that the Taiwan question is the first red line that must "
            "not be crossed in China-U.S. relations, and China will not tolerate separatist "
            'activities by "Taiwan independence" forces.'
        ),
        (
            "The U.S. side has taken an endless stream of measures to suppress China's trade "
            "and technology, and is adding more Chinese entities to its sanctions lists, "
            "which is not de-risking but creating risks."
        ),
        (
            "The two sides should continue to advance dialogue and cooperation in such areas "
            "as counter-narcotics, law enforcement, and climate change."
        ),
        (
            "The two presidents also exchanged views on the Ukraine crisis and the situation "
            "on the Korean Peninsula."
        ),
        (
            "The two heads of state agreed that the armed forces of the two countries will "
            "maintain military communication at all levels."
        ),
    ]
)


@pytest.fixture(scope="module")
def call() -> Alignment:
    return align(WASHINGTON, BEIJING, left_label="White House", right_label="Beijing")


def test_written_pair_links_the_shared_points(call: Alignment) -> None:
    assert linked(call, "Taiwan Strait", "Taiwan")
    assert linked(call, "counternarcotics cooperation", "counter-narcotics")
    assert linked(call, "military-to-military communication", "maintain military communication")
    assert linked(call, "spoke today with President Xi", "had a phone call with")


def test_written_pair_leaves_one_sided_points_alone(call: Alignment) -> None:
    assert one_sided(call, "left", "human rights in Xinjiang")
    assert one_sided(call, "right", "Korean Peninsula")


def test_one_clause_can_link_to_two() -> None:
    left = (
        "The presidents agreed on a moratorium on strikes against power plants and substations, "
        "and the delegations will hold talks on safe shipping through the Bosphorus straits."
    )
    right = (
        "Both sides committed to a moratorium on strikes against power plants and substations. "
        "Separately, delegations will hold talks in Istanbul on safe shipping through the "
        "Bosphorus straits."
    )
    result = align(left, right)
    assert linked(result, "moratorium on strikes", "moratorium on strikes")
    assert linked(result, "safe shipping", "safe shipping")
    assert alone(result, "left") == [] and alone(result, "right") == []


def test_near_synonyms_of_readouts_meet_below_the_same_word() -> None:
    lp, rp = prepare("A lasting settlement in Sudan.", "A durable peace in Sudan.")
    both, _, count, _ = pair_overlap(lp, rp, 0, 0, 0.4)
    assert count == 3  # Sudan, lasting ~ durable, settlement ~ peace
    same_lp, same_rp = prepare("A lasting settlement in Sudan.", "A lasting settlement in Sudan.")
    assert both < pair_overlap(same_lp, same_rp, 0, 0, 0.4).shared
    assert linked(align(lp.text, rp.text), "lasting settlement", "durable peace")


def test_sharing_only_the_principals_and_the_country_is_not_a_link() -> None:
    left = (
        "President Trump and President Putin spoke about Ukraine. Trump raised Ukraine again. "
        "Putin thanked Trump for his help on Ukraine. Trump and Putin will meet on Ukraine."
    )
    right = (
        "Putin informed Trump that a prisoner exchange with Ukraine will take place tomorrow. "
        "Putin and Trump noted that Ukraine sabotaged agreements. "
        "Hockey matches between Putin's and Trump's countries were discussed, not Ukraine."
    )
    result = align(left, right)
    assert not linked(result, "Trump raised Ukraine again", "prisoner exchange")
    assert not linked(result, "Putin thanked Trump", "Hockey matches")


def test_one_shared_topic_word_links_only_clauses_with_nothing_better() -> None:
    left = (
        "These negotiations will begin immediately in the Middle East. "
        "The leaders spoke about the Middle East as a region of cooperation."
    )
    right = (
        "It was agreed to begin negotiations immediately on the details. "
        "The presidents touched upon the situation in the Middle East and the Red Sea region."
    )
    result = align(left, right)
    assert linked(result, "These negotiations will begin", "begin negotiations")
    assert linked(result, "region of cooperation", "Red Sea region")
    assert not linked(result, "These negotiations will begin", "Red Sea region")


def test_two_openings_that_report_the_call_link() -> None:
    left = "The presidents spoke about the war in Ukraine. They agreed on a ceasefire."
    right = (
        "The leaders held a frank exchange of views on the situation around Ukraine. "
        "A ceasefire was agreed."
    )
    assert linked(align(left, right), "spoke about the war", "frank exchange of views")
