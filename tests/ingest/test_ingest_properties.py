"""Property tests: cleaning and extraction never crash and their offsets always hold."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ingest_seeds import SEED_FILES, seed_raw
from test_ingest_clean import assert_removals_consistent

from app.ingest.clean import clean
from app.ingest.extract import extract, pair_statements

# Lines from the seeds (article, boilerplate, comments) recombined at random exercise every
# rule far more than random characters alone would.
SEED_LINES = sorted({line for seed in SEED_FILES for line in seed_raw(seed).split("\n")})
FRAGMENTS = st.one_of(
    st.sampled_from(SEED_LINES),
    st.text(max_size=80),
    st.sampled_from(
        [
            "",
            "---",
            "What the Kremlin said:",
            "X said:",
            "“",
            "”",
            '"',
            ":",
            "151 comments",
            "Best Price: $1.00(as of 01:00 UTC – Details)",
            "[…]",
            "Thomas Fazi",
            "Website: x.net",
            "\u00a0",
            "\r",
            "\u2028",
            "\x00",
        ]
    ),
)
MIXED = st.lists(FRAGMENTS, max_size=40).map("\n".join)
GLUED = st.lists(FRAGMENTS, max_size=20).map("".join)
ANY_TEXT = st.one_of(st.text(), MIXED, GLUED)
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(text: str) -> None:
    result = clean(text)
    assert_removals_consistent(text, result.removals, result.text)
    found = extract(result.text)
    for statement in found:
        assert result.text[statement.start : statement.end] == statement.text
        assert statement.text and statement.issuer
        assert statement.kind in {"section", "block", "quote"}
    for pair in pair_statements(found):
        assert 0 <= pair.left < pair.right < len(found)


@SETTINGS
@given(ANY_TEXT)
def test_clean_and_extract_never_crash(text: str) -> None:
    check(text)


@SETTINGS
@given(ANY_TEXT)
def test_extract_on_raw_text_never_crashes(text: str) -> None:
    for statement in extract(text):
        assert text[statement.start : statement.end] == statement.text
