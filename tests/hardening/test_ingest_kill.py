"""Ingestion is transactional per article: SIGKILL midway leaves whole articles only.

A real `python -m app.cli ingest FOLDER` runs in a subprocess over two hundred articles
(copies of the sample corpus under new names, each with its own metadata). It is killed
with SIGKILL once some, but not all, articles are stored. The database must then hold only
whole articles (each with exactly the statements a full ingest finds in its file), and the
next run must complete the job without duplicating anything.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from app.config import DATA_DIR, PROJECT_ROOT
from app.db import make_engine, make_session_factory
from app.migrate import upgrade
from app.models import Article, Comparison, Statement
from app.services.ingestion import ingest
from tests.support import corpus_settings, fresh_database

SOURCES = DATA_DIR / "articles"
COPIES_PER_SOURCE = 40  # 5 sources -> 200 articles
KILL_AFTER = 20  # stored articles before the kill
SUMMARY = re.compile(
    r"articles: (?P<added>\d+) added, (?P<updated>\d+) updated, (?P<unchanged>\d+) unchanged; "
    r"statements extracted: (?P<statements>\d+); "
    r"comparisons: (?P<created>\d+) created, (?P<cupdated>\d+) updated"
)

# One statement as stored, everything that a full ingest of its file determines.
StatementKey = tuple[str, str, str, int | None, int | None]


@dataclass(frozen=True)
class Reference:
    """What a complete ingest of one source file stores."""

    raw_text: str
    clean_text: str
    statements: list[StatementKey]


def statement_key(statement: Statement) -> StatementKey:
    return (statement.issuer, statement.text_hash, statement.kind, statement.start, statement.end)


def sources() -> list[Path]:
    return sorted(SOURCES.glob("*.txt"))


def build_corpus(folder: Path) -> dict[str, str]:
    """Copies of every sample article under new names, each with its own metadata.

    Returns {copy name: source name}. Names interleave the sources, so a kill at any
    point leaves a mix of long and short articles behind.
    """
    folder.mkdir()
    origin: dict[str, str] = {}
    for number in range(COPIES_PER_SOURCE):
        for source in sources():
            name = f"copy-{number:03d}-{source.stem}"
            shutil.copyfile(source, folder / f"{name}.txt")
            meta = json.loads(source.with_name(source.stem + ".meta.json").read_text("utf-8"))
            meta["title"] = f"{meta.get('title') or source.stem} (archived copy {number})"
            meta["url"] = f"https://example.org/archive/{number}/{source.stem}"
            (folder / f"{name}.meta.json").write_text(json.dumps(meta), encoding="utf-8")
            origin[f"{name}.txt"] = source.name
    return origin


def reference(tmp_path: Path) -> tuple[dict[str, Reference], int]:
    """A complete, uninterrupted in-process ingest of the sources: what each file yields."""
    settings = corpus_settings(f"sqlite:///{tmp_path / 'reference.db'}")
    engine = make_engine(settings)
    try:
        upgrade(settings, engine)
        with make_session_factory(engine)() as session:
            ingest(session, SOURCES, None)
            found = {
                article.name: Reference(
                    article.raw_text,
                    article.clean_text,
                    sorted(statement_key(s) for s in article.statements),
                )
                for article in session.scalars(select(Article))
            }
            comparisons = session.scalar(select(func.count()).select_from(Comparison)) or 0
    finally:
        engine.dispose()
    assert set(found) == {source.name for source in sources()}
    assert any(ref.statements for ref in found.values()), "the sample corpus has statements"
    return found, comparisons


def run_ingest(folder: Path, database_url: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "app.cli", "ingest", str(folder)],
        cwd=PROJECT_ROOT,
        env={**os.environ, "DATABASE_URL": database_url},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen[str]) -> dict[str, int]:
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, f"ingest failed ({process.returncode}):\n{out}\n{err}"
    match = SUMMARY.search(out)
    assert match, f"no summary line in:\n{out}\n{err}"
    return {key: int(value) for key, value in match.groupdict().items()}


def article_count(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(Article)) or 0)


def check_consistent(
    engine: Engine, origin: dict[str, str], expected: dict[str, Reference]
) -> list[str]:
    """Every stored article is whole; nothing is duplicated or orphaned. Returns the names."""
    with make_session_factory(engine)() as session:
        articles = list(session.scalars(select(Article)))
        names = [article.name for article in articles]
        duplicates = [name for name, n in Counter(names).items() if n > 1]
        assert not duplicates, f"articles stored twice: {duplicates}"
        for article in articles:
            assert article.name in origin, f"unexpected article {article.name!r}"
            ref = expected[origin[article.name]]
            assert article.content_hash, f"{article.name}: no content hash"
            assert article.raw_text == ref.raw_text, f"{article.name}: raw text differs"
            assert article.clean_text == ref.clean_text, f"{article.name}: clean text differs"
            assert article.title and article.title.endswith(")"), f"{article.name}: no metadata"
            stored = sorted(statement_key(s) for s in article.statements)
            assert stored == ref.statements, (
                f"{article.name}: {len(stored)} statements stored, "
                f"a full ingest of its file stores {len(ref.statements)}"
            )
        orphans = session.scalar(
            select(func.count()).select_from(Statement).where(Statement.article_id.is_(None))
        )
        assert orphans == 0, f"{orphans} statements belong to no article"
        statement_ids = set(session.scalars(select(Statement.id)))
        hashes = []
        for comparison in session.scalars(select(Comparison)):
            assert {comparison.left_statement_id, comparison.right_statement_id} <= statement_ids
            hashes.append(comparison.pair_hash)
        assert len(hashes) == len(set(hashes)), "the same pair is compared twice"
    return names


@pytest.fixture
def database_url_for_cli(tmp_path: Path) -> Iterator[str]:
    with fresh_database(tmp_path) as url:
        upgrade(corpus_settings(url))
        yield url


def test_sigkill_midway_leaves_whole_articles_and_the_next_run_completes(
    tmp_path: Path, database_url_for_cli: str
) -> None:
    expected, expected_comparisons = reference(tmp_path)
    folder = tmp_path / "articles"  # no sibling pairs/ folder: articles only
    origin = build_corpus(folder)
    total = len(origin)

    engine = make_engine(corpus_settings(database_url_for_cli))
    try:
        process = run_ingest(folder, database_url_for_cli)
        deadline = time.monotonic() + 60
        stored = 0
        while time.monotonic() < deadline and process.poll() is None:
            stored = article_count(engine)
            if stored >= KILL_AFTER:
                break
            time.sleep(0.01)
        if process.poll() is not None:
            out, err = process.communicate()
            pytest.fail(
                f"ingest ended ({process.returncode}) before it could be killed midway, "
                f"with {stored} of {total} articles seen; make the corpus larger\n{out}\n{err}"
            )
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=30)
        assert process.returncode == -signal.SIGKILL

        survivors = check_consistent(engine, origin, expected)
        assert KILL_AFTER <= len(survivors) < total, (len(survivors), total)

        # The next run picks up where the killed one stopped and finishes the job.
        report = finish(run_ingest(folder, database_url_for_cli))
        assert report["added"] == total - len(survivors), report
        assert report["unchanged"] == len(survivors), report
        assert report["updated"] == 0, report
        names = check_consistent(engine, origin, expected)
        assert sorted(names) == sorted(origin)
        with engine.connect() as connection:
            statements = connection.scalar(select(func.count()).select_from(Statement))
            comparisons = connection.scalar(select(func.count()).select_from(Comparison))
        assert statements == sum(len(expected[origin[name]].statements) for name in origin)
        assert report["statements"] == statements, report
        # Copies hold the same statements: each pair is compared once, as for the sources.
        assert comparisons == expected_comparisons
        assert report["created"] == expected_comparisons, report

        # And once more: nothing left to do, nothing duplicated.
        again = finish(run_ingest(folder, database_url_for_cli))
        assert (again["added"], again["updated"], again["unchanged"]) == (0, 0, total), again
        assert (again["created"], again["cupdated"]) == (0, 0), again
        check_consistent(engine, origin, expected)
        with engine.connect() as connection:
            assert connection.scalar(select(func.count()).select_from(Statement)) == statements
            assert connection.scalar(select(func.count()).select_from(Comparison)) == comparisons
    finally:
        engine.dispose()
