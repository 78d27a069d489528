"""A long comparison's page is cut into parts, so no rendered page grows with its texts."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

import app.web.aligned

SLUG = "2025-03-18-trump-putin-call"


def _anchors(html: str) -> list[str]:
    return re.findall(r'<p class="clause[^"]*"\s+id="([LR]\d+)"', html)


def test_a_pair_shorter_than_a_part_is_one_page(corpus_client: TestClient) -> None:
    page = corpus_client.get(f"/c/{SLUG}").text
    assert 'class="parts"' not in page
    assert corpus_client.get(f"/c/{SLUG}?part=2").status_code == 404


def test_long_comparisons_are_cut_into_parts_that_together_show_every_clause(
    corpus_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = corpus_client.get(f"/c/{SLUG}.json").json()
    clauses = len(whole["left"]["clauses"]) + len(whole["right"]["clauses"])
    monkeypatch.setattr(app.web.aligned, "PART_CHARS", 800)
    first = corpus_client.get(f"/c/{SLUG}")
    assert first.status_code == 200
    count = int(re.search(r"part 1 of (\d+)", first.text).group(1))  # type: ignore[union-attr]
    assert count > 2
    assert f'href="/c/{SLUG}?part=2"' in first.text and 'rel="next"' in first.text
    seen: list[str] = []
    for number in range(1, count + 1):
        page = corpus_client.get(f"/c/{SLUG}?part={number}")
        assert page.status_code == 200
        assert len(page.content) < len(first.content) * 3
        seen += _anchors(page.text)
    assert len(seen) == len(set(seen)) == clauses
    missing = corpus_client.get(f"/c/{SLUG}?part={count + 1}")
    assert missing.status_code == 404
    assert f"This comparison has {count} parts; there is no part {count + 1}." in missing.text
    # The JSON twin stays whole: parts are the HTML page's.
    assert corpus_client.get(f"/c/{SLUG}.json?part=2").json() == whole


def test_a_part_that_is_not_a_number_is_refused_in_words(corpus_client: TestClient) -> None:
    page = corpus_client.get(f"/c/{SLUG}?part=two")
    assert page.status_code == 422
    assert "part" in page.text.lower()


def test_a_pair_inside_a_grid_is_cut_into_parts_at_its_own_address(
    corpus_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The parts' links of /c/{slug}/1-3 are that pair's own (?part=2 was ignored there:
    # every "next part" link showed part 1 again).
    pair = "/c/2025-05-19-trump-putin-ft/1-3"
    whole = corpus_client.get(f"{pair}.json").json()
    clauses = len(whole["left"]["clauses"]) + len(whole["right"]["clauses"])
    monkeypatch.setattr(app.web.aligned, "PART_CHARS", 200)
    first = corpus_client.get(pair)
    count = int(re.search(r"part 1 of (\d+)", first.text).group(1))  # type: ignore[union-attr]
    assert count >= 2 and f'href="{pair}?part=2"' in first.text
    pages = [corpus_client.get(pair, params={"part": n}) for n in range(1, count + 1)]
    assert all(page.status_code == 200 for page in pages)
    seen = [anchor for page in pages for anchor in _anchors(page.text)]
    assert len(seen) == len(set(seen)) == clauses
    assert corpus_client.get(pair, params={"part": count + 1}).status_code == 404
