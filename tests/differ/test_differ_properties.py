"""Properties that hold for any pair of texts, checked on arbitrary Unicode."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.differ import Alignment, Side, align
from app.differ.segment import clauses
from app.differ.types import dump, load

WORDS = st.sampled_from(
    [
        "Kyiv",
        "Kiev",
        "U.S.",
        "Mr.",
        "Jr.",
        "Russia’s",
        "ceasefire",
        "cease-fire",
        "30-day",
        "thirty",
        "days",
        "March",
        "19",
        "the",
        "and",
        "talks",
        "negotiations",
        "Black",
        "Sea",
        "NATO;",
        "as",
        "well",
        "as,",
        "—",
        "“quoted.”",
        "1.",
        "\n",
        "\n\n",
        "e.g.",
        "?!",
        "energy",
        "infrastructure",
        "Middle",
        "East",
        "Iran",
        "Israel",
        "économie",
        "北京",
        "Ελλάδα",
    ]
)
PROSE = st.lists(WORDS, max_size=60).map(" ".join)
TEXT = st.one_of(st.text(max_size=200), PROSE)
FAST = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def check_side(side: Side) -> None:
    previous_end = 0
    for c in side.clauses:
        assert previous_end <= c.start < c.end <= len(side.text)
        assert side.text[c.start : c.end].strip() == side.text[c.start : c.end]
        assert side.text[previous_end : c.start].strip() == ""
        previous_end = c.end
    assert side.text[previous_end:].strip() == ""
    sentences = [c.sentence for c in side.clauses]
    assert sentences == sorted(sentences)


def link_set(alignment: Alignment) -> set[tuple[tuple[int, ...], tuple[int, ...], float, str]]:
    return {(link.left, link.right, link.score, link.kind) for link in alignment.links}


@FAST
@given(TEXT)
def test_clauses_slice_and_cover_the_text(text: str) -> None:
    found = clauses(text)
    check_side(Side("x", text, found))
    if not text.strip():
        assert found == ()


@FAST
@given(TEXT, TEXT)
def test_alignment_is_well_formed(left: str, right: str) -> None:
    result = align(left, right)
    check_side(result.left)
    check_side(result.right)
    for link in result.links:
        assert link.left and link.right
        assert list(link.left) == sorted(set(link.left))
        assert all(0 <= i < len(result.left.clauses) for i in link.left)
        assert all(0 <= j < len(result.right.clauses) for j in link.right)
        for side, idx, spans in (
            (result.left, link.left, link.left_spans),
            (result.right, link.right, link.right_spans),
        ):
            bounds = [(side.clauses[i].start, side.clauses[i].end) for i in idx]
            for s in spans:
                assert any(a <= s.start < s.end <= b for a, b in bounds)


@FAST
@given(TEXT, TEXT)
def test_swapping_sides_mirrors_the_links(left: str, right: str) -> None:
    forward = align(left, right, left_label="A", right_label="B").mirrored()
    backward = align(right, left, left_label="B", right_label="A")
    assert backward.left == forward.left and backward.right == forward.right
    assert sorted(backward.links, key=lambda k: (k.left, k.right)) == sorted(
        forward.links, key=lambda k: (k.left, k.right)
    )


@FAST
@given(TEXT, TEXT)
def test_output_is_deterministic_and_round_trips(left: str, right: str) -> None:
    first = align(left, right, left_label="A", right_label="B")
    assert align(left, right, left_label="A", right_label="B") == first
    assert load(dump(first)) == first


@FAST
@given(PROSE)
def test_identical_texts_link_every_clause_to_itself(text: str) -> None:
    result = align(text, text)
    assert sorted((k.left, k.right) for k in result.links) == [
        ((i,), (i,)) for i in range(len(result.left.clauses))
    ]
    assert all(k.kind == "same" for k in result.links)
