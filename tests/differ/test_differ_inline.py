"""Word-level spans inside a link: shared words, one side's own words, facts set against
each other."""

from __future__ import annotations

from app.differ import Alignment, Link, Span, align


def only_link(alignment: Alignment) -> Link:
    assert len(alignment.links) == 1
    return alignment.links[0]


def words(text: str, spans: tuple[Span, ...], kind: str) -> list[str]:
    return [text[s.start : s.end] for s in spans if s.kind == kind]


LEFT = "Putin agreed to a 30-day pause in strikes on energy infrastructure in Kiev."
RIGHT = "The sides will refrain from strikes on energy infrastructure for 30 days, Kyiv said."


def test_numbers_are_set_against_each_other() -> None:
    result = align(LEFT, RIGHT)
    link = only_link(result)
    (left_30,) = [s for s in link.left_spans if result.left.text[s.start : s.end] == "30"]
    (right_30,) = [s for s in link.right_spans if result.right.text[s.start : s.end] == "30"]
    assert left_30.kind == right_30.kind == "number"
    assert link.right_spans[left_30.counterpart or 0] == right_30
    assert link.left_spans[right_30.counterpart or 0] == left_30


def test_shared_and_changed_words() -> None:
    result = align(LEFT, RIGHT)
    link = only_link(result)
    shared = words(LEFT, link.left_spans, "shared")
    assert {"strikes", "energy", "infrastructure"} <= set(shared)
    assert "pause" in words(LEFT, link.left_spans, "changed")
    assert "refrain" in words(RIGHT, link.right_spans, "changed")
    assert words(LEFT, link.left_spans, "name")[-1] == "Kiev"
    (kiev,) = [s for s in link.left_spans if LEFT[s.start : s.end] == "Kiev"]
    assert kiev.counterpart is not None
    assert RIGHT[link.right_spans[kiev.counterpart].start :].startswith("Kyiv")
    for span in link.left_spans:
        if span.kind == "shared":
            assert span.counterpart is not None


def test_different_dates_pair_up() -> None:
    result = align(
        "The prisoner exchange between Russia and Ukraine will be held on March 19.",
        "The prisoner exchange between Ukraine and Russia was held on March 20.",
    )
    link = only_link(result)
    (nineteen,) = [s for s in link.left_spans if result.left.text[s.start : s.end] == "19"]
    assert nineteen.kind == "date"
    other = link.right_spans[nineteen.counterpart or 0]
    assert result.right.text[other.start : other.end] == "20"


def test_spans_lie_inside_their_clauses_and_in_order() -> None:
    left = open_dev("whitehouse")
    right = open_dev("kremlin")
    result = align(left, right)
    for link in result.links:
        for side, idx, spans in (
            (result.left, link.left, link.left_spans),
            (result.right, link.right, link.right_spans),
        ):
            inside = [(side.clauses[i].start, side.clauses[i].end) for i in idx]
            assert [s.start for s in spans] == sorted(s.start for s in spans)
            for s in spans:
                assert any(a <= s.start < s.end <= b for a, b in inside)
        for s in link.left_spans:
            if s.counterpart is not None:
                assert 0 <= s.counterpart < len(link.right_spans)


def open_dev(side: str) -> str:
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "data" / "eval" / f"2025-03-18_{side}.txt"
    return path.read_text(encoding="utf-8")
