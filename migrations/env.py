"""Alembic environment: the same Settings and the same models' metadata as the app."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from app.config import Settings
from app.db import make_engine
from app.models import Base

config = context.config
target_metadata = Base.metadata


def run_with(connection: Connection) -> None:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # Batch migrations rebuild tables; with foreign keys on, dropping the old table
        # would cascade-delete the rows that refer to it.
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    try:
        _configure_and_run(connection)
    finally:
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")


def _configure_and_run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run_with(connection)
        return
    settings = config.attributes.get("settings") or Settings()
    engine = make_engine(settings)
    try:
        # begin(), not connect(): the SQLite pragma below opens the connection's
        # transaction, inside which Alembic would not commit on its own.
        with engine.begin() as conn:
            run_with(conn)
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("Offline (--sql) migrations are not supported; run against a database.")
run_migrations_online()
