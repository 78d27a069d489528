"""Settings: the one place configuration is read from (environment variables, then defaults)."""

from __future__ import annotations

from functools import cache
from importlib.metadata import version
from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"


class Settings(BaseSettings):
    """Every knob of the app. `Settings()` reads the environment; tests pass values directly.

    DATABASE_URL keeps its conventional unprefixed name so that any SQLAlchemy URL
    (SQLite file, PostgreSQL server) can be given the way hosting platforms give it.
    """

    model_config = SettingsConfigDict(env_prefix="READOUTS_", extra="ignore", populate_by_name=True)

    database_url: str = Field(
        default=f"sqlite:///{DATA_DIR / 'readouts.db'}",
        validation_alias=AliasChoices("DATABASE_URL", "READOUTS_DATABASE_URL", "database_url"),
    )
    articles_dir: Path = DATA_DIR / "articles"
    pairs_dir: Path = DATA_DIR / "pairs"
    max_statement_bytes: int = 1_000_000
    # Reading one uploaded or fetched file (see app/ingest/budget.py): PDF pages read at
    # most, and processor seconds its extraction may take.
    pdf_max_pages: int = 200
    read_budget_seconds: float = 10.0
    # Fetching a statement by its address (app/ingest/fetch.py): limits, and address ranges
    # fetched although not public (e.g. '["127.0.0.1/32"]' to serve fixtures in tests).
    fetch_max_bytes: int = 5_000_000
    fetch_timeout_seconds: float = 10.0
    fetch_allowed_networks: tuple[str, ...] = ()
    # Processor seconds one alignment may use before it gives up: no input holds a worker.
    align_budget_seconds: float = 10.0
    page_size: int = 20
    # Worker threads (per process) that read the database and render pages; see web/threads.py.
    read_threads: int = 4
    # Rendered pages kept in memory, per worker: at most this many, and this many bytes.
    render_cache_size: int = 256
    render_cache_bytes: int = 64_000_000
    # Origins (scheme://host[:port]) allowed to post forms besides the app's own host,
    # e.g. the public address when a proxy rewrites Host.
    trusted_origins: tuple[str, ...] = ()


@cache
def app_version() -> str:
    """The installed package's version: in the API description, /-/version and ETags."""
    return version("readouts")
