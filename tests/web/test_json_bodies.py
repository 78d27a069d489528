"""JSON bodies are counted before they are parsed: a comparison's few dozen values pass, a
body of a million tiny values is refused with 422 before json.loads holds the worker.

The count must never refuse a real statement, whatever its text holds (commas, colons,
brackets, quotes, backslashes, escapes): a property test checks it against the values of
the parsed document, for any JSON, however it is spelled.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from app.web.limits import MAX_JSON_VALUES, json_values_within

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=6) | st.dictionaries(st.text(), inner, max_size=6),
    max_leaves=40,
)


def tokens(value: Any) -> int:
    """What json_values_within counts, from the parsed document: strings (keys too),
    containers, and the colons and commas between their parts."""
    if isinstance(value, str):
        return 1
    if isinstance(value, list):
        return 1 + max(len(value) - 1, 0) + sum(tokens(v) for v in value)
    if isinstance(value, dict):
        parts = sum(2 + tokens(v) for v in value.values())  # the key and its colon
        return 1 + max(len(value) - 1, 0) + parts
    return 0


@settings(max_examples=300, derandomize=True, database=None)
@given(JSON, st.booleans(), st.sampled_from([None, 1, "\t"]))
def test_the_count_is_exact_for_any_json(value: Any, ascii_only: bool, indent: Any) -> None:
    body = json.dumps(value, ensure_ascii=ascii_only, indent=indent).encode()
    count = tokens(value)
    assert json_values_within(body, count)
    if count > 0:
        assert not json_values_within(body, count - 1)


def _fast_count(body: bytes) -> int:
    """Brackets, commas, colons and quotes anywhere."""
    return sum(body.count(c) for c in (b"[", b"{", b",", b":", b'"'))


def side(text: str) -> dict[str, str]:
    return {"label": "A", "text": text}


def test_statements_full_of_punctuation_are_taken(client: TestClient) -> None:
    text = 'He said: "yes, [sic] {maybe}, no\\\\", \u0416, then: \u2014, ' * 400
    body = {"left": side(text), "right": side("He said yes, then no.")}
    assert _fast_count(json.dumps(body).encode()) > 2 * MAX_JSON_VALUES
    assert client.post("/api/align", json=body).status_code == 200


def test_a_body_of_a_million_tiny_values_is_refused_before_it_is_parsed(
    client: TestClient,
) -> None:
    body = {"left": side("a"), "right": side("b"), "junk": [[]] * 1_000_000}
    headers = {"Content-Type": "application/json"}
    response = client.post("/api/comparisons", content=json.dumps(body), headers=headers)
    assert response.status_code == 422
    assert "more than 1,000 JSON values" in response.json()["error"]["message"]
    small = {"left": side("a"), "right": side("b"), "junk": [[]] * 100}
    assert client.post("/api/align", json=small).status_code == 200, "extra fields are ignored"
