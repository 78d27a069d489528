"""Terms see through wording; weights favour rare words; scores are symmetric."""

from __future__ import annotations

import pytest

from app.differ.similarity import cosine, information, tokenize
from app.differ.variants import merge_variants


def terms(text: str) -> list[str]:
    return [t.term for t in tokenize(text) if t.term]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Kyiv", "Kiev"),
        ("the United States", "US"),
        ("U.S.", "American"),
        ("Washington", "the United States of America"),
        ("Russia", "the Russian Federation"),
        ("Moscow", "Russian"),
        ("NATO", "North Atlantic Treaty Organisation"),
        ("NATO", "North Atlantic Treaty Organization"),
        ("ceasefire", "cease-fire"),
        ("Ukrainian", "Ukraine"),
        ("Russia’s", "Russia's"),
    ],
)
def test_aliases_meet(a: str, b: str) -> None:
    assert terms(a) == terms(b)
    assert len(terms(a)) == 1


def test_the_pronoun_us_is_not_the_united_states() -> None:
    assert terms("they told us") != terms("they told US")
    assert terms("they told us") == terms("they told")


def test_numbers_meet_in_any_spelling() -> None:
    assert terms("a 30-day ceasefire") == ["#30", "day", "=ceasefire"]
    assert sorted(terms("a ceasefire of thirty days")) == sorted(terms("a 30-day ceasefire"))
    assert "#30" in terms("for 30 days") and "#30" in terms("for thirty days")
    assert terms("1,000 troops") == terms("1000 troops")
    assert "#175" in terms("175 for 175 people")


def test_stems_and_possessives() -> None:
    assert terms("negotiations") == terms("negotiate")
    assert terms("Putin’s proposal") == terms("Putin proposals")


def test_stop_words_carry_no_term() -> None:
    assert terms("the and of with which would") == []


def test_rare_words_weigh_more_than_common_ones() -> None:
    assert information("kursk", ["Kursk"]) > information("ceasefir", ["ceasefire"])
    assert information("ceasefir", ["ceasefire"]) > information("war", ["war"])
    assert information("agre", ["agreed"]) < information("prolifer", ["proliferation"])


def test_spelling_variants_merge_whichever_side_they_are_on() -> None:
    left, right = {"organis", "relationship", "econom"}, {"organiz", "relat", "economi"}
    forward = merge_variants(left, right)
    assert forward == merge_variants(right, left)

    def same(a: str, b: str) -> bool:
        return forward.get(a, a) == forward.get(b, b)

    assert same("organis", "organiz")
    assert same("relationship", "relat")
    assert same("econom", "economi")
    assert not same("organis", "econom")
    assert "kursk" not in merge_variants({"kursk"}, {"kyiv"})


def test_cosine_is_symmetric_and_bounded() -> None:
    a = {"kursk": 3.0, "ceasefir": 1.5, "war": 0.5}
    b = {"kursk": 3.0, "energi": 2.0}
    assert cosine(a, b) == cosine(b, a)
    assert 0 < cosine(a, b) < 1
    assert cosine(a, a) == pytest.approx(1.0)
    assert cosine(a, {"hockey": 1.0}) == 0.0


def test_concepts_gather_near_synonyms_of_readouts() -> None:
    from app.differ.similarity import concept

    def of(word: str) -> str:
        return concept(terms(word)[0])

    assert of("economic") == of("economy") == of("trade") != ""
    assert of("lasting") == of("durable") == of("sustainable") != ""
    assert of("refrain") == of("halt") == of("cessation") != ""
    assert of("relations") == of("relationship") != ""
    assert of("economic") != of("lasting")
    assert concept(terms("Geneva")[0]) == ""
