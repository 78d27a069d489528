"""Stored alignments are packed (no texts, arrays) and read back exactly as the contract."""

from __future__ import annotations

import json
from typing import Any

from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.orm import Session

from app.differ.types import dump
from app.packing import pack, unpack
from app.services.comparisons import SideInput, run_differ, store_comparison

LEFT = "The presidents discussed a ceasefire in the Black Sea. Energy talks will follow."
RIGHT = "Both sides agreed on energy infrastructure. A Black Sea ceasefire was discussed."


def test_a_real_alignment_packs_to_less_than_half_and_back_exactly() -> None:
    data = dump(run_differ(SideInput("White House", LEFT), SideInput("Kremlin", RIGHT)))
    packed = pack(data, (LEFT, RIGHT))
    assert packed != data and LEFT not in json.dumps(packed)
    assert len(json.dumps(packed)) < len(json.dumps(data)) / 2
    assert unpack(packed, (LEFT, RIGHT)) == data


def test_data_of_another_shape_or_other_texts_is_stored_as_it_is() -> None:
    data = dump(run_differ(SideInput("A", LEFT), SideInput("B", RIGHT)))
    assert pack(data, (LEFT, RIGHT + " More.")) == data, "texts that differ are kept"
    assert pack(data, (None, RIGHT)) == data
    other = {"differ_version": "3", "statements": [{"label": "A"}], "points": []}
    assert pack(other, (LEFT, RIGHT)) is other and unpack(other, (LEFT, RIGHT)) is other


@settings(max_examples=60, deadline=None)
@given(
    st.text(min_size=1, max_size=200).filter(str.strip),
    st.text(min_size=1, max_size=200).filter(str.strip),
)
def test_any_pair_round_trips(left: str, right: str) -> None:
    data = dump(run_differ(SideInput("A", left), SideInput("B", right)))
    assert unpack(pack(data, (left, right)), (left, right)) == data


def contract_part(twin: dict[str, Any], full: dict[str, Any]) -> dict[str, Any]:
    """The twin's keys that the stored contract has (the page adds its own, e.g. URLs)."""
    part = {key: twin[key] for key in full}
    for side in ("left", "right"):
        part[side] = {key: twin[side][key] for key in full[side]}
    return part


def test_rows_stored_before_packing_still_read(session: Session, client: TestClient) -> None:
    stored = store_comparison(
        session, title="t", left=SideInput("A", LEFT), right=SideInput("B", RIGHT)
    )
    comparison = stored.comparison
    raw = session.execute(
        text("SELECT data FROM alignments WHERE comparison_id = :id"), {"id": comparison.id}
    ).scalar_one()
    assert '"packed"' in (raw if isinstance(raw, str) else json.dumps(raw))
    full = comparison.alignment
    assert full == dump(stored.alignment)
    assert contract_part(client.get(f"/c/{comparison.slug}.json").json(), full) == full
    comparison.stored_alignment.data = full  # an old row: the contract's form as it was
    session.commit()
    session.expire_all()
    assert comparison.alignment == full
    assert (
        '"packed"'
        not in session.execute(
            text("SELECT data FROM alignments WHERE comparison_id = :id"), {"id": comparison.id}
        )
        .scalar_one()
        .__str__()
    )
    assert contract_part(client.get(f"/c/{comparison.slug}.json").json(), full) == full
    page = client.get(f"/c/{comparison.slug}")
    assert page.status_code == 200 and "Black Sea" in page.text
