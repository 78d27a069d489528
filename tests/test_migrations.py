"""Migrations build the schema the models describe, and undo it, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect

from app.config import Settings
from app.db import make_engine
from app.migrate import downgrade, upgrade
from app.models import Base

TABLES = {"articles", "statements", "comparisons"}


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
    assert user_tables(engine) == TABLES
    with engine.connect() as conn:
        drift = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert drift == [], f"models and migrations disagree: {drift}"


def test_downgrade_removes_everything_and_upgrade_again_works(
    engine_and_settings: tuple[Engine, Settings],
) -> None:
    engine, settings = engine_and_settings
    upgrade(settings, engine)
    downgrade(settings, engine, "base")
    assert user_tables(engine) == set()
    upgrade(settings, engine)
    assert user_tables(engine) == TABLES


def test_upgrade_twice_is_harmless(engine_and_settings: tuple[Engine, Settings]) -> None:
    engine, settings = engine_and_settings
    upgrade(settings, engine)
    upgrade(settings, engine)
    with engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() is not None
