"""Settings: the one place configuration is read from (environment variables, then defaults)."""

from __future__ import annotations

from functools import cache
from importlib.metadata import version
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import AliasChoices, Field, field_validator
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
    # Processor seconds one alignment may use, storing and answering included, before it
    # gives up: no input holds a worker.
    align_budget_seconds: float = 10.0
    # Alignments one worker process runs at once (they share one interpreter lock, so more
    # only stretch each other past their budget in wall time), and how many more may wait
    # their turn, each at most one budget; past that, 503 with Retry-After (web/limits.py).
    align_concurrency: int = Field(default=1, ge=1)
    align_queue: int = Field(default=8, ge=0)
    page_size: int = 20
    # Worker threads (per process) that read the database and render pages; see web/threads.py.
    read_threads: int = 4
    # Rendered pages kept in memory, per worker: at most this many, and this many bytes.
    render_cache_size: int = 256
    render_cache_bytes: int = 64_000_000
    # The address people reach the app at, scheme://host[:port] (e.g. https://readouts.example
    # behind a proxy): forms and API writes are taken from pages of this origin and of
    # trusted_origins only. Unset, the origin is the address the server answers on
    # (http://127.0.0.1:8000 and http://localhost:8000 for `readouts serve`).
    public_origin: str | None = None
    trusted_origins: tuple[str, ...] = ()
    # The token that lets an editor correct the corpus's curated comparisons by hand (they
    # have no manage link of their own); unset, they cannot be corrected.
    editor_token: str | None = None

    @field_validator("public_origin")
    @classmethod
    def _one_origin(cls, value: str | None) -> str | None:
        return None if value is None or not value.strip() else _checked_origin(value)

    @field_validator("trusted_origins")
    @classmethod
    def _origins(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(_checked_origin(origin) for origin in value)


Origin = tuple[str, str, int]
DEFAULT_PORTS = {"http": 80, "https": 443}


def parse_origin(value: str) -> Origin | None:
    """(scheme, host, port) of an origin such as `https://readouts.example`; None if it is not one.

    Browsers send the Origin header in this form; a configured origin may also spell out a
    default port, use capitals or end in a slash.
    """
    try:
        parts = urlsplit(value.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname or parts.path not in ("", "/"):
        return None
    if parts.query or parts.fragment or parts.username is not None:
        return None
    return scheme, parts.hostname.lower(), port or DEFAULT_PORTS[scheme]


def _checked_origin(value: str) -> str:
    if parse_origin(value) is None:
        raise ValueError(f"{value!r} is not an origin like https://readouts.example[:port]")
    return value.strip().rstrip("/")


@cache
def app_version() -> str:
    """The installed package's version: in the API description, /-/version and ETags."""
    return version("readouts")
