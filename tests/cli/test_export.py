"""`readouts export SLUG --format F` writes the bytes `/c/SLUG.F` serves."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.cli import main
from app.config import Settings
from app.main import create_app

SLUG = "2025-03-18-trump-putin-call"
GRID = "2025-05-19-trump-putin-ft"  # three accounts: a grid of points


@pytest.fixture
def environment(
    corpus_client: TestClient, migrated: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", migrated.database_url)
    monkeypatch.delenv("READOUTS_PUBLIC_ORIGIN", raising=False)


@pytest.mark.parametrize("fmt", ["csv", "md", "html", "json"])
def test_export_writes_what_the_server_serves(
    environment: None, corpus_client: TestClient, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"out.{fmt}"
    assert main(["export", SLUG, "--format", fmt, "--output", str(out)]) == 0
    served = corpus_client.get(f"/c/{SLUG}.{fmt}")
    assert served.status_code == 200 and out.read_bytes() == served.content


@pytest.mark.parametrize("fmt", ["csv", "md", "html", "json"])
def test_export_of_a_grid_writes_what_the_server_serves(
    environment: None, corpus_client: TestClient, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"out.{fmt}"
    assert main(["export", GRID, "--format", fmt, "--output", str(out)]) == 0
    served = corpus_client.get(f"/c/{GRID}.{fmt}")
    assert served.status_code == 200 and out.read_bytes() == served.content
    if fmt == "csv":
        header = out.read_bytes().decode("utf-8-sig").splitlines()[0]
        assert header.startswith("point,said by,") and header.count("(clauses)") == 3


def test_export_to_standard_output_with_the_public_origin(
    environment: None,
    migrated: Settings,
    capsysbinary: pytest.CaptureFixture[bytes],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("READOUTS_PUBLIC_ORIGIN", "https://readouts.example")
    assert main(["export", SLUG, "--format", "md"]) == 0
    written = capsysbinary.readouterr().out
    app = create_app(migrated.model_copy(update={"public_origin": "https://readouts.example"}))
    try:
        with TestClient(app) as client:
            assert written == client.get(f"/c/{SLUG}.md").content
    finally:
        app.state.db.dispose()
    assert f"<https://readouts.example/c/{SLUG}>".encode() in written


def test_export_of_an_unknown_slug_says_so(
    environment: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "no-such-comparison", "--format", "csv"]) == 1
    assert "there is no comparison 'no-such-comparison'" in capsys.readouterr().err


def test_export_refuses_an_unknown_format(
    environment: None, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["export", SLUG, "--format", "xlsx"])
    assert stopped.value.code == 2
    assert "invalid choice: 'xlsx'" in capsys.readouterr().err
