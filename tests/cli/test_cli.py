"""The command line as a user runs it: real processes, real database files, real ports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from app.cli import main
from tests.support import free_port

WHITE_HOUSE = (
    "The leaders agreed that the movement to peace will begin with an energy and "
    "infrastructure ceasefire. The two leaders shared the view that Iran should never be "
    "in a position to destroy Israel."
)
KREMLIN = (
    "Donald Trump proposed that the parties mutually refrain from attacks on energy "
    "infrastructure facilities for 30 days. Hockey matches between Russian and American "
    "players were discussed."
)


def run_cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=300,
        check=False,
    )


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    left, right = tmp_path / "whitehouse.txt", tmp_path / "kremlin.txt"
    left.write_text(WHITE_HOUSE, encoding="utf-8")
    right.write_text(KREMLIN, encoding="utf-8")
    return left, right


def test_align_json_prints_the_contract(
    pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    left, right = pair
    assert main(["align", str(left), str(right), "--json", "--left-label", "White House"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["left"]["label"] == "White House" and data["right"]["label"] == "kremlin"
    assert data["left"]["text"] == WHITE_HOUSE
    energy = [
        link
        for link in data["links"]
        for i in link["left"]
        if "energy"
        in WHITE_HOUSE[data["left"]["clauses"][i]["start"] : data["left"]["clauses"][i]["end"]]
    ]
    assert energy, "the energy ceasefire is said by both sides"


def test_align_text_view_names_what_one_side_alone_said(
    pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    left, right = pair
    assert main(["align", str(left), str(right)]) == 0
    out = capsys.readouterr().out
    assert "Iran" in out and "Hockey" in out


def test_align_refuses_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["align", str(tmp_path / "nope.txt"), str(tmp_path / "nope2.txt")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_ingest_reports_what_it_found_then_nothing_new(database_url: str) -> None:
    env = {"DATABASE_URL": database_url}
    first = run_cli(["ingest"], env)
    assert first.returncode == 0, first.stderr
    assert "articles: 5 added, 0 updated, 0 unchanged" in first.stdout
    assert "comparisons: " in first.stdout and "0 created" not in first.stdout
    second = run_cli(["ingest"], env)
    assert "articles: 0 added, 0 updated, 5 unchanged" in second.stdout
    assert "comparisons: 0 created" in second.stdout


def test_ingest_refuses_a_folder_that_does_not_exist(database_url: str, tmp_path: Path) -> None:
    result = run_cli(["ingest", str(tmp_path / "missing")], {"DATABASE_URL": database_url})
    assert result.returncode == 2 and "is not a folder" in result.stderr


def test_serve_migrates_ingests_and_answers(database_url: str, tmp_path: Path) -> None:
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "app.cli", "serve", "--port", str(port)],
            env={**os.environ, "DATABASE_URL": database_url},
            stdout=output,
            stderr=subprocess.STDOUT,
            text=True,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        health = wait_for(base + "/-/health", process, log)
        assert json.loads(health) == {"status": "ok", "database": "ok"}
        home = urllib.request.urlopen(base + "/", timeout=10).read().decode()
        assert "/c/2025-03-18-trump-putin-call" in home
        articles = urllib.request.urlopen(base + "/articles", timeout=10).read().decode()
        assert "no breakthrough" in articles.lower()
    finally:
        process.terminate()
        process.wait(timeout=20)


def wait_for(url: str, process: subprocess.Popen[str], log: Path, seconds: float = 120) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"readouts serve exited early:\n{log.read_text()}")
        try:
            return urllib.request.urlopen(url, timeout=2).read().decode()
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer within {seconds} s")


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("postgresql://postgres:secret@127.0.0.1:1/test", "cannot reach the database"),
        ("not a url", "is not a database URL"),
        ("sqlite:////proc/no-such-folder/readouts.db", "cannot create the database"),
    ],
)
@pytest.mark.parametrize("command", [["serve", "--no-ingest"], ["serve"], ["ingest"]])
def test_a_database_that_cannot_be_reached_is_one_line_and_an_exit_code(
    url: str, reason: str, command: list[str]
) -> None:
    result = run_cli(command, {"DATABASE_URL": url})
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and reason in result.stderr, result.stderr
    assert "secret" not in result.stderr, "the password is not printed"
    assert result.stdout == ""


def test_align_three_files_prints_statements_and_points(
    pair: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    left, right = pair
    kyiv = tmp_path / "kyiv.txt"
    kyiv.write_text(
        "Ukraine is ready for a ceasefire on energy infrastructure. Air defence was discussed.",
        encoding="utf-8",
    )
    args = ["align", str(left), str(right), str(kyiv), "--json", "--label", "White House"]
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert [s["label"] for s in data["statements"]] == ["White House", "kremlin", "kyiv"]
    assert any(len(p["said_by"]) == 3 for p in data["points"])
    assert main(["align", str(left), str(right), str(kyiv)]) == 0
    view = capsys.readouterr().out
    assert "said by all" in view and "only kremlin" in view
    assert main(["align", str(left)]) == 2
    assert "2 to 6 files" in capsys.readouterr().err
