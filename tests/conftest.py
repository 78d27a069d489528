"""Every test gets its own fresh database (see tests/support.py) and an app built by the
factory on it; `corpus` fixtures add the sample corpus, as `readouts serve` loads it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.config import Settings
from app.main import create_app
from app.migrate import upgrade
from app.services.ingestion import ingest
from tests.support import corpus_settings, fresh_database, fresh_postgres_schema


@pytest.fixture
def postgres_schema_url() -> Iterator[str]:
    with fresh_postgres_schema() as url:
        yield url


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    with fresh_database(tmp_path) as url:
        yield url


@pytest.fixture
def settings(database_url: str) -> Settings:
    return corpus_settings(database_url)


@pytest.fixture
def migrated(settings: Settings) -> Settings:
    upgrade(settings)
    return settings


@pytest.fixture
def app(migrated: Settings) -> Iterator[FastAPI]:
    application = create_app(migrated)
    yield application
    application.state.db.dispose()


@pytest.fixture
def session(app: FastAPI) -> Iterator[Session]:
    with app.state.db.sessions() as db_session:
        yield db_session


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def corpus(app: FastAPI, migrated: Settings) -> FastAPI:
    """The app with the sample corpus ingested, as `readouts serve` leaves it."""
    with app.state.db.sessions() as db_session:
        ingest(db_session, migrated.articles_dir, migrated.pairs_dir)
    return app


@pytest.fixture
def corpus_client(corpus: FastAPI, client: TestClient) -> TestClient:
    return client
