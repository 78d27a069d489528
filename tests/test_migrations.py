"""Migrations build the schema the models describe, and undo it, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.exc import IntegrityError

from app.config import PROJECT_ROOT, Settings
from app.db import make_engine
from app.main import create_app
from app.migrate import downgrade, upgrade
from app.models import Base

TABLES = {
    "articles",
    "statements",
    "comparisons",
    "alignments",
    "comparison_statements",
    "listing_state",
    "revisions",
    "proposals",
}
# The search index is each engine's own (no model describes it): FTS5's table and the
# shadow tables it keeps, or PostgreSQL's tsvector table.
FTS5_TABLES = {f"search_index{part}" for part in ("", "_data", "_idx", "_content", "_config")}
SEARCH_TABLES = {"sqlite": FTS5_TABLES | {"search_terms"}, "postgresql": {"search_documents"}}


def all_tables(engine: Engine) -> set[str]:
    return TABLES | SEARCH_TABLES[engine.dialect.name]


# Built in the listing's order on PostgreSQL (migration 0010), which the models' plain
# column lists cannot say: test_listing_indexes_are_in_listing_order checks them instead.
NEWEST_FIRST_INDEXES = {
    "ix_comparisons_listing",
    "ix_comparisons_left_label",
    "ix_comparisons_right_label",
}


def modelled(name: str | None, type_: str, _parent: object) -> bool:
    """What compare_metadata compares: all but the search index's tables."""
    return not (type_ == "table" and str(name).startswith("search_"))


def compared_on(dialect: str) -> Callable[[object, str | None, str, bool, object], bool]:
    """compare_metadata's include_object: on PostgreSQL, not the indexes built newest first
    (on both sides: the reflected one and the model's)."""

    def include(_object: object, name: str | None, type_: str, *_: object) -> bool:
        newest_first = dialect == "postgresql" and type_ == "index"
        return not (newest_first and name in NEWEST_FIRST_INDEXES)

    return include


@pytest.fixture(params=["sqlite", "postgresql"])
def engine_and_settings(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[Engine, Settings]]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'm.db'}"
    else:
        url = str(request.getfixturevalue("postgres_schema_url"))
    settings = Settings(database_url=url)
    engine = make_engine(settings)
    yield engine, settings
    engine.dispose()


def user_tables(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names()) - {"alembic_version"}


def test_upgrade_from_empty_creates_the_models_schema(
    engine_and_settings: tuple[Engine, Settings],
) -> None:
    engine, settings = engine_and_settings
    assert user_tables(engine) == set()
    upgrade(settings, engine)
    assert user_tables(engine) == all_tables(engine)
    with engine.connect() as conn:
        opts = {"include_name": modelled, "include_object": compared_on(engine.dialect.name)}
        context = MigrationContext.configure(conn, opts=opts)
        drift = compare_metadata(context, Base.metadata)
    assert drift == [], f"models and migrations disagree: {drift}"


def test_downgrade_removes_everything_and_upgrade_again_works(
    engine_and_settings: tuple[Engine, Settings],
) -> None:
    engine, settings = engine_and_settings
    upgrade(settings, engine)
    downgrade(settings, engine, "base")
    assert user_tables(engine) == set()
    upgrade(settings, engine)
    assert user_tables(engine) == all_tables(engine)


def test_listing_indexes_are_in_listing_order(
    engine_and_settings: tuple[Engine, Settings],
) -> None:
    # Newest first, undated last: PostgreSQL needs it built so (its NULLs sort last
    # ascending); SQLite walks its ascending indexes backwards in that order.
    engine, settings = engine_and_settings
    upgrade(settings, engine)
    newest_first = {"date": ("desc", "nulls_last"), "id": ("desc",)}
    expected = newest_first if engine.dialect.name == "postgresql" else {}

    def sortings() -> dict[str, object]:
        indexes = inspect(engine).get_indexes("comparisons")
        return {
            i["name"]: i.get("column_sorting", {})
            for i in indexes
            if i["name"] in NEWEST_FIRST_INDEXES
        }

    assert sortings() == {name: expected for name in NEWEST_FIRST_INDEXES}
    downgrade(settings, engine, "0009_later_statement_labels")
    assert sortings() == {name: {} for name in NEWEST_FIRST_INDEXES}
    upgrade(settings, engine)
    assert sortings() == {name: expected for name in NEWEST_FIRST_INDEXES}


def test_upgrade_twice_is_harmless(engine_and_settings: tuple[Engine, Settings]) -> None:
    engine, settings = engine_and_settings
    upgrade(settings, engine)
    upgrade(settings, engine)
    with engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() is not None


def test_0003_moves_alignments_apart_and_back_keeping_data(
    engine_and_settings: tuple[Engine, Settings],
) -> None:
    engine, settings = engine_and_settings
    upgrade(settings, engine, "0002")
    alignment = {"differ_version": "1.0", "left": {}, "right": {}, "links": [{"left": [0]}]}
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO statements (id, issuer, text, kind, text_hash) VALUES "
                "(1, 'Kremlin', 'Hockey matches were discussed.', 'upload', 'a'),"
                "(2, 'White House', 'The Black Sea was discussed.', 'upload', 'b')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO comparisons (id, slug, title, origin, unlisted, pair_hash, "
                "left_statement_id, right_statement_id, left_label, right_label, alignment, "
                "differ_version, left_coverage, right_coverage, created_at, updated_at) VALUES "
                "(1, 's', 'Élysée call', 'upload', false, 'h', 1, 2, 'Kremlin', 'White House', "
                ":alignment, '1.0', 0, 0, '2025-01-01', '2025-01-01')"
            ),
            {"alignment": json.dumps(alignment)},
        )
    upgrade(settings, engine, "0003")
    with engine.connect() as conn:
        data = conn.execute(text("SELECT data FROM alignments WHERE comparison_id = 1")).scalar()
        words = set(conn.execute(text("SELECT word FROM search_words")).scalars())
    assert (json.loads(data) if isinstance(data, str) else data) == alignment
    assert {"elysee", "hockey", "black", "kremlin"} <= words
    downgrade(settings, engine, "0002")
    with engine.connect() as conn:
        back = conn.execute(text("SELECT alignment FROM comparisons WHERE id = 1")).scalar()
    assert (json.loads(back) if isinstance(back, str) else back) == alignment


def insert_comparison(conn: Connection, row_id: int, unlisted: bool, digest: str = "h") -> None:
    conn.execute(
        text(
            "INSERT INTO comparisons (id, slug, title, origin, unlisted, pair_hash, "
            "left_statement_id, right_statement_id, left_label, right_label, "
            "differ_version, left_coverage, right_coverage, created_at, updated_at) VALUES "
            "(:id, :slug, 't', 'upload', :unlisted, :digest, 1, 2, 'A', 'B', '2.0', 0, 0, "
            "'2025-01-01', '2025-01-01')"
        ),
        {"id": row_id, "slug": f"s{row_id}", "unlisted": unlisted, "digest": digest},
    )


def test_0005_lets_a_pair_be_stored_unlisted_many_times_and_back_keeping_every_row(
    engine_and_settings: tuple[Engine, Settings],
) -> None:
    engine, settings = engine_and_settings
    upgrade(settings, engine, "0004")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO statements (id, issuer, text, kind, text_hash) VALUES "
                "(1, 'A', 'One.', 'upload', 'a'), (2, 'B', 'Two.', 'upload', 'b')"
            )
        )
        insert_comparison(conn, 1, unlisted=False)
    upgrade(settings, engine, "0005")
    with engine.begin() as conn:
        insert_comparison(conn, 2, unlisted=True)
        insert_comparison(conn, 3, unlisted=True)
    with pytest.raises(IntegrityError), engine.begin() as conn:
        insert_comparison(conn, 4, unlisted=False)  # a second listed copy: still refused
    downgrade(settings, engine, "0004")
    with engine.connect() as conn:
        rows = dict(conn.execute(text("SELECT id, pair_hash FROM comparisons")).all())
    assert set(rows) == {1, 2, 3}, "every comparison is kept"
    assert rows[1] == "h" and len(set(rows.values())) == 3, "the listed one keeps its pair"


def _pages(client: TestClient, slugs: list[str]) -> dict[str, bytes]:
    """Every address a stored comparison answers, and what it answers."""
    paths = ["/", "/.json", "/api/comparisons"]
    for slug in slugs:
        paths += [f"/c/{slug}", f"/c/{slug}.json", f"/c/{slug}/delete"]
    answers = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        answers[path] = response.content
    return answers


def test_0007_keeps_every_two_statement_comparison_and_its_addresses(
    engine_and_settings: tuple[Engine, Settings],
) -> None:
    """A database holding two-sided comparisons (made before 0007) answers every address
    with the same content after it, and their delete links still delete them."""
    engine, settings = engine_and_settings
    upgrade(settings, engine)
    app = create_app(settings)
    made = []
    with TestClient(app) as client:
        for k, texts in enumerate(
            (
                ("Energy was discussed.", "Hockey was discussed."),
                ("A ceasefire for 30 days.", "No ceasefire was agreed."),
            )
        ):
            body = {
                "title": f"Call {k}",
                "date": "2025-03-18",
                "unlisted": k == 1,
                "left": {"label": "White House", "text": texts[0], "source": "https://a.example"},
                "right": {"label": "Kremlin", "text": texts[1]},
            }
            made.append(client.post("/api/comparisons", json=body).json())
        slugs = [m["slug"] for m in made]
        before = _pages(client, slugs)
    app.state.db.dispose()
    downgrade(settings, engine, "0006_fulltext_search")  # as a database made before 0007 is
    assert "comparison_statements" not in user_tables(engine)
    upgrade(settings, engine)
    with engine.connect() as conn:
        members = conn.execute(
            text("SELECT comparison_id, position, label FROM comparison_statements ORDER BY 1, 2")
        ).all()
    assert [(p, label) for _, p, label in members] == [
        (0, "White House"),
        (1, "Kremlin"),
        (0, "White House"),
        (1, "Kremlin"),
    ]
    app = create_app(settings)
    with TestClient(app) as client:
        assert _pages(client, slugs) == before
        for m in made:
            token = m["delete_url"].split("token=")[1]
            assert client.delete(f"/api/comparisons/{m['slug']}?token={token}").status_code == 204
            assert client.get(f"/c/{m['slug']}").status_code == 404
    app.state.db.dispose()
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM statements")).scalar() == 0


def test_0007_downgrade_keeps_many_statement_comparisons_as_their_first_two(
    engine_and_settings: tuple[Engine, Settings],
) -> None:
    engine, settings = engine_and_settings
    upgrade(settings, engine)
    app = create_app(settings)
    statements = [
        {"label": label, "text": f"{label} says energy was discussed."}
        for label in ("White House", "Kremlin", "Kyiv")
    ]
    with TestClient(app) as client:
        slug = client.post(
            "/api/comparisons", json={"title": "Three", "statements": statements}
        ).json()["slug"]
    app.state.db.dispose()
    downgrade(settings, engine, "0006_fulltext_search")
    with engine.connect() as conn:
        row = conn.execute(
            text("SELECT left_label, right_label, differ_version FROM comparisons")
        ).one()
    assert tuple(row) == ("White House", "Kremlin", "stale"), "recomputed as a pair when shown"
    assert slug


def test_the_alembic_command_line_builds_the_schema(tmp_path: Path) -> None:
    """`alembic upgrade head` reads DATABASE_URL through Settings and commits its work."""
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    result = subprocess.run(
        [sys.executable, "-m", "alembic", "upgrade", "head"],
        cwd=PROJECT_ROOT,
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    engine = make_engine(Settings(database_url=url))
    try:
        assert user_tables(engine) == all_tables(engine)
    finally:
        engine.dispose()


def test_0006_keeps_stored_comparisons_searchable_and_back(
    engine_and_settings: tuple[Engine, Settings],
) -> None:
    """Comparisons stored with search_words are found by the full-text index after the
    upgrade (folded, by prefix and by phrase; never the unlisted), and by words again after
    a downgrade."""
    engine, settings = engine_and_settings
    upgrade(settings, engine, "0005")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO statements (id, issuer, text, kind, text_hash) VALUES "
                "(1, 'Élysée', 'Négociations sur la mer Noire.', 'upload', 'a'),"
                "(2, 'Kremlin', 'The Black Sea was discussed.', 'upload', 'b')"
            )
        )
        insert_comparison(conn, 1, unlisted=False)
        insert_comparison(conn, 2, unlisted=True)
        conn.execute(text("UPDATE comparisons SET title = 'Élysée call', date = '2025-03-18'"))
        conn.execute(
            text("INSERT INTO alignments (comparison_id, data) VALUES (1, '{}'), (2, '{}')")
        )
    upgrade(settings, engine)
    assert "search_words" not in user_tables(engine)
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            triggers = set(
                conn.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))
            )
        assert {"search_index_comparison_deleted", "search_index_comparison_dated"} <= triggers
    app = create_app(settings)
    try:
        with TestClient(app) as client:
            for query in ("elysee", "NÉGO", '"mer noire"', "black", '"Black Sea"', "élysée call"):
                found = client.get("/.json", params={"q": query}).json()
                assert [c["slug"] for c in found["comparisons"]] == ["s1"], query
            found = client.get("/.json", params={"q": "black", "since": "2025-03-18"}).json()
            assert [c["slug"] for c in found["comparisons"]] == ["s1"]
            assert client.get("/.json", params={"q": '"noire mer"'}).json()["total"] == 0
    finally:
        app.state.db.dispose()
    downgrade(settings, engine, "0005")
    with engine.connect() as conn:
        words = set(
            conn.execute(text("SELECT word FROM search_words WHERE comparison_id = 1")).scalars()
        )
    assert {"elysee", "negociations", "black", "sea"} <= words
