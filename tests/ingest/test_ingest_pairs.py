"""Curated pair manifests: the shipped ones resolve to the right statements; bad ones fail."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest
from ingest_seeds import ARTICLES, PAIRS, SEED_FILES, fixture, squash

from app.ingest.clean import clean
from app.ingest.extract import extract
from app.ingest.pairs import PairSide, pick_statement, read_manifests, side_text
from app.ingest.readers import ReadError, read_file


def statements_of(article: str) -> list[Any]:
    return extract(clean(read_file(ARTICLES / article, ARTICLES).raw).text)


def test_shipped_manifests() -> None:
    manifests = read_manifests(PAIRS)
    assert [(m.slug, m.date, m.left.issuer, m.right.issuer) for m in manifests] == [
        ("2025-03-18-trump-putin-call", datetime.date(2025, 3, 18), "White House", "Kremlin"),
        (
            "2025-05-19-trump-putin-call",
            datetime.date(2025, 5, 19),
            "Donald Trump",
            "Vladimir Putin",
        ),
        ("2025-05-19-trump-putin-ft", datetime.date(2025, 5, 19), "Donald Trump", "Vladimir Putin"),
    ]
    assert manifests[0].left.article == manifests[0].right.article == SEED_FILES["003"]
    assert manifests[1].left.article == manifests[1].right.article == SEED_FILES["000"]
    three = manifests[2]  # the same call as three accounts: the FT's report is the third
    assert [s.issuer for s in three.sides] == ["Donald Trump", "Vladimir Putin", "Financial Times"]
    assert {s.article for s in three.sides} == {SEED_FILES["000"]}
    assert all(m.name == f"{m.slug}.json" for m in manifests)


def test_march_manifest_resolves_to_the_readouts() -> None:
    march = read_manifests(PAIRS)[0]
    found = statements_of(SEED_FILES["003"])
    left, right = pick_statement(march.left, found), pick_statement(march.right, found)
    assert left is not None and left.text == fixture("003-white-house.txt")
    assert right is not None and right.text == fixture("003-kremlin.txt")


def test_may_manifest_resolves_to_the_key_sentences() -> None:
    may = read_manifests(PAIRS)[1]
    found = statements_of(SEED_FILES["000"])
    left, right = pick_statement(may.left, found), pick_statement(may.right, found)
    assert left is not None and squash(left.text) == squash(fixture("000-trump-key-sentence.txt"))
    assert right is not None and right.text == fixture("000-putin-key-sentence.txt")


def test_pick_statement_without_a_match_returns_none() -> None:
    found = statements_of(SEED_FILES["003"])
    assert pick_statement(PairSide(issuer="Élysée", article="x"), found) is None


def write(folder: Path, name: str, data: object) -> None:
    (folder / name).write_text(json.dumps(data), encoding="utf-8")


def manifest(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "slug": "2025-01-01-test",
        "title": "Test",
        "date": "2025-01-01",
        "left": {"issuer": "White House", "file": "left.txt", "source": "https://example.org/l"},
        "right": {"issuer": "Kremlin", "file": "right.txt"},
    }
    data.update(changes)
    return data


@pytest.fixture()
def pair_dir(tmp_path: Path) -> Path:
    (tmp_path / "left.txt").write_text(
        "The President spoke with his counterpart.\n", encoding="utf-8"
    )
    (tmp_path / "right.txt").write_bytes(b"\xef\xbb\xbfThe sides discussed Ukraine.\r\n")
    return tmp_path


def test_manifest_with_file_sides(pair_dir: Path) -> None:
    write(pair_dir, "test.json", manifest())
    (m,) = read_manifests(pair_dir)
    assert m.left == PairSide("White House", file="left.txt", source="https://example.org/l")
    assert side_text(m.left, pair_dir) == "The President spoke with his counterpart."
    assert side_text(m.right, pair_dir) == "The sides discussed Ukraine."
    assert (m.slug, m.title, m.date, m.name) == (
        "2025-01-01-test",
        "Test",
        datetime.date(2025, 1, 1),
        "test.json",
    )


def test_manifest_date_is_optional(pair_dir: Path) -> None:
    write(pair_dir, "test.json", manifest(date=None))
    assert read_manifests(pair_dir)[0].date is None


@pytest.mark.parametrize(
    "bad",
    [
        manifest(slug="Not A Slug"),
        manifest(date="18 March 2025"),
        manifest(title=None),
        manifest(left={"issuer": "White House"}),
        manifest(left={"issuer": "White House", "file": "left.txt", "article": "a.txt"}),
        manifest(left={"file": "left.txt"}),
        manifest(left={"issuer": "White House", "file": "missing.txt"}),
        manifest(right={"issuer": "Kremlin", "file": "right.txt", "lable": "typo"}),
        manifest(extra=1),
        manifest(right="Kremlin"),
        [1, 2],
    ],
)
def test_bad_manifest_names_the_file(pair_dir: Path, bad: object) -> None:
    write(pair_dir, "broken.json", bad)
    with pytest.raises(ReadError, match=r"broken\.json"):
        read_manifests(pair_dir)


def test_invalid_json_names_the_file(pair_dir: Path) -> None:
    (pair_dir / "broken.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ReadError, match=r"broken\.json"):
        read_manifests(pair_dir)


def test_duplicate_slugs_are_refused(pair_dir: Path) -> None:
    write(pair_dir, "a.json", manifest())
    write(pair_dir, "b.json", manifest())
    with pytest.raises(ReadError, match=r"b\.json.*a\.json"):
        read_manifests(pair_dir)
