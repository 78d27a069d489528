"""Points: every pair aligned, links joined; the same points whatever the statements' order."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.differ import align, collate
from app.differ.points import MAX_PER_STATEMENT, Collation, dump, load

EVAL = Path(__file__).resolve().parents[2] / "data" / "eval"
WH = (EVAL / "2025-03-18_whitehouse.txt").read_text(encoding="utf-8")
KR = (EVAL / "2025-03-18_kremlin.txt").read_text(encoding="utf-8")
RETOLD = (EVAL / "2025-03-18-kremlin-retold_retold.txt").read_text(encoding="utf-8")


def paragraphs(text: str, count: int) -> str:
    return "\n\n".join([p for p in text.split("\n\n") if p.strip()][:count])


POOL = [
    (paragraphs(WH, 4), "White House"),
    (paragraphs(KR, 4), "Kremlin"),
    (paragraphs(RETOLD, 3), "Retold"),
    ("The leaders discussed a ceasefire on energy infrastructure. They spoke about hockey.", "A"),
    ("Both presidents agreed to halt strikes on energy infrastructure for 30 days.", "B"),
]


def identities(collation: Collation) -> set[frozenset[tuple[str, str, int]]]:
    """Points as sets of (text, label, clause): what they are, whatever the positions."""
    sides = collation.statements
    return {
        frozenset((sides[s].text, sides[s].label, c) for s, cs in p.clauses.items() for c in cs)
        for p in collation.points
    }


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    chosen=st.lists(st.sampled_from(range(len(POOL))), min_size=3, max_size=4, unique=True),
    data=st.data(),
)
def test_the_order_of_the_statements_does_not_change_the_points(
    chosen: list[int], data: st.DataObject
) -> None:
    given_order = [POOL[i] for i in chosen]
    shuffled = data.draw(st.permutations(given_order))
    first = collate([t for t, _ in given_order], [label for _, label in given_order])
    second = collate([t for t, _ in shuffled], [label for _, label in shuffled])
    assert identities(first) == identities(second)


def test_every_clause_is_in_exactly_one_point_and_points_say_who_said_them() -> None:
    texts, labels = zip(*POOL[:3], strict=True)
    collation = collate(list(texts), list(labels))
    for s, side in enumerate(collation.statements):
        held = sorted(c for p in collation.points for c in p.clauses.get(s, ()))
        assert held == list(range(len(side.clauses)))
    for point in collation.points:
        assert point.said_by == tuple(sorted(point.clauses))
        assert all(0 < len(cs) <= MAX_PER_STATEMENT for cs in point.clauses.values())
    assert any(len(p.said_by) == 3 for p in collation.points), "the call is in all three"
    assert any(len(p.said_by) == 1 for p in collation.points)


def test_a_pair_inside_is_the_two_statement_alignment_of_that_pair() -> None:
    (wh, wl), (kr, kl), (rt, rl) = POOL[:3]
    collation = collate([wh, kr, rt], [wl, kl, rl])
    for a, b, x, y in ((0, 1, wh, kr), (1, 2, kr, rt), (0, 2, wh, rt)):
        pair = collation.pair(a, b)
        alone = align(x, y)
        same = alone if (x, "") < (y, "") else align(y, x).mirrored()
        assert {(li.left, li.right) for li in pair.links} == {
            (li.left, li.right) for li in same.links
        }
        assert collation.pair(b, a).links == pair.mirrored().links
    with pytest.raises(IndexError):
        collation.pair(1, 1)


def test_a_link_in_two_pairs_makes_one_point_said_by_all_three() -> None:
    texts = [
        "The presidents agreed to a 30-day halt to strikes on energy infrastructure.",
        "A 30-day halt to strikes on energy infrastructure was agreed by the presidents.",
        "Hockey matches between Russian and American players were discussed. "
        "The presidents agreed to halt strikes on energy infrastructure for 30 days.",
    ]
    collation = collate(texts, ["A", "B", "C"])
    shared = [p for p in collation.points if p.said_by == (0, 1, 2)]
    assert len(shared) == 1
    alone = [p for p in collation.points if p.said_by == (2,)]
    first = collation.statements[2].clauses[alone[0].clauses[2][0]]
    assert "Hockey" in texts[2][first.start : first.end]


def test_stored_and_loaded_back_unchanged_and_two_to_six_only() -> None:
    texts, labels = zip(*POOL[2:], strict=True)
    collation = collate(list(texts), list(labels))
    assert load(dump(collation)) == collation
    with pytest.raises(ValueError):
        collate(["One."], ["A"])
    with pytest.raises(ValueError):
        collate(["x."] * 7, list("ABCDEFG"))
