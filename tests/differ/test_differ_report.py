"""The terminal view lists the links, then what each side alone said."""

from __future__ import annotations

from app.differ import align
from app.differ.report import format_text

LEFT = (
    "The presidents agreed on a moratorium on strikes against power plants and substations. "
    "They also discussed the hockey league."
)
RIGHT = (
    "Both sides committed to a moratorium on strikes against power plants and substations. "
    "The Kremlin raised the question of sanctions relief for fertiliser exports."
)


def test_report_shows_links_then_one_sided_clauses() -> None:
    text = format_text(align(LEFT, RIGHT, left_label="White House", right_label="Kremlin"))
    link_at = text.index("[1]")
    only_left = text.index("Only in White House:")
    only_right = text.index("Only in Kremlin:")
    assert link_at < only_left < only_right
    assert "moratorium on strikes" in text[link_at:only_left]
    assert "hockey league" in text[only_left:only_right]
    assert "fertiliser exports" in text[only_right:]
    assert "hockey" not in text[link_at:only_left]


def test_report_wraps_to_width() -> None:
    text = format_text(align(LEFT * 3, RIGHT * 3), width=60)
    assert max(len(line) for line in text.splitlines()) <= 60


def test_report_of_empty_alignment() -> None:
    text = format_text(align("", ""))
    assert "0 links" in text
    assert "Only in Left: (nothing)" in text and "Only in Right: (nothing)" in text
