"""Helpers the test suites share: fresh databases, a live server, corpus settings.

A fresh database is a SQLite file in a temporary folder, or, when DATABASE_URL names a
PostgreSQL server, a schema of its own on that server (dropped afterwards).
"""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.config import DATA_DIR, Settings
from app.db import normalise_url

POSTGRES_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def postgres_url() -> str:
    """The PostgreSQL server to test against: DATABASE_URL if it is one, else the local one."""
    url = os.environ.get("DATABASE_URL", "")
    return normalise_url(url) if url.startswith("postgres") else POSTGRES_DEFAULT


def require_postgres(url: str) -> None:
    """Skip when no server answers, except in CI, where a missing server is a failure."""
    engine = create_engine(url, connect_args={"connect_timeout": 3})
    try:
        with engine.connect():
            pass
    except Exception as error:
        message = f"PostgreSQL at {make_url(url).render_as_string()} unreachable: {error}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    finally:
        engine.dispose()


def use_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith("postgres")


@contextmanager
def fresh_postgres_schema() -> Iterator[str]:
    """A fresh, empty schema on the PostgreSQL server, as a URL whose search_path is it."""
    base = postgres_url()
    require_postgres(base)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@contextmanager
def fresh_database(folder: Path) -> Iterator[str]:
    """A new empty database: PostgreSQL when DATABASE_URL names one, else a SQLite file."""
    if use_postgres():
        with fresh_postgres_schema() as url:
            yield url
    else:
        yield f"sqlite:///{folder / 'readouts.db'}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(app: FastAPI) -> Iterator[str]:
    """Serve the app with uvicorn in a thread on a free port of 127.0.0.1; yield its base URL."""
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def serving_app(settings: Settings) -> Iterator[str]:
    """The app built on ``settings``, served as `serving` does; its database closed after."""
    from app.main import create_app

    app = create_app(settings)
    try:
        with serving(app) as base_url:
            yield base_url
    finally:
        app.state.db.dispose()


def loaded_corpus(settings: Settings) -> Settings:
    """Migrate the settings' database and ingest the sample corpus into it."""
    from app.db import make_engine, make_session_factory
    from app.migrate import upgrade
    from app.services.ingestion import ingest

    engine = make_engine(settings)
    try:
        upgrade(settings, engine)
        with make_session_factory(engine)() as session:
            ingest(session, settings.articles_dir, settings.pairs_dir)
    finally:
        engine.dispose()
    return settings


def corpus_settings(database_url: str) -> Settings:
    return Settings(
        database_url=database_url,
        articles_dir=DATA_DIR / "articles",
        pairs_dir=DATA_DIR / "pairs",
    )
