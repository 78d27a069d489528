"""Storage and uncached latency at scale: seed 100,000 comparisons in bulk, then measure.

usage: python tests/benchmarks/seed_100k.py [--comparisons 100000] [--db /tmp/readouts-100k.db]
       [--clients 4] [--browse 600] [--searches 400] [--workers 2] [--measure-only]
       [--slowest N]

Seeding does not go through the differ 100,000 times: it aligns a pool of 200 synthetic
pairs once (real readout sentences, see corpus.py), then writes each comparison with plain
multi-row INSERTs: its two statements (a pool pair's texts, the left one with a sentence of
its own), its row, its statements' rows in comparison_statements (where this checkout has
that table), and its alignment (the pool pair's, with that left text). Each comparison
is indexed for search through `index_words`, as the app indexes what it stores. Dates are
spread over 2000-2025 (one in ten undated), labels over six issuer pairs.

Then it prints:
- the database's size, its largest tables and indexes (SQLite's dbstat), and the bytes
  stored per comparison beyond its two texts (target: at most 20 KB);
- uncached latency of distinct browse pages (plain, issuer, date range, JSON twin; deep
  pages included) and of distinct searches (words, prefixes, phrases, with issuer or dates),
  each URL asked once, from `--clients` threads against `readouts serve --workers 2`
  (targets at 100,000: browse p99 < 50 ms, search p99 < 250 ms).

The same script runs against an older checkout (it uses only `index_words(session,
comparison, texts)` and the models' tables), so figures before and after a change compare.
SQLite only (its file size and dbstat). Every request goes to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import quote_plus

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.orm import Session

from app.config import Settings
from app.db import make_engine
from app.differ.types import dump
from app.migrate import upgrade
from app.services.comparisons import run_differ
from app.services.queries import index_words

try:  # where this checkout has them: bulk indexing, packed alignments
    from app.packing import pack
    from app.services.search_index import index_many
except ImportError:
    pack = index_many = None  # type: ignore[assignment]
from tests.benchmarks.corpus import ISSUERS, synthetic_pairs
from tests.support import free_port

POOL = 200
BATCH = 2000
WORDS = [
    *("ceasefire", "energy", "infrastructure", "prisoners", "ukraine", "europe", "peace"),
    *("trade", "talks", "consultations", "president", "security", "sanctions"),
    *("negotiations", "hostilities", "nuclear", "weapons", "relations", "cooperation"),
    *("experts", "technical", "exchange", "agreed", "middle"),
]
PHRASES = ["Black Sea", "Middle East", "energy infrastructure", "prisoner exchange"]


@dataclass(frozen=True)
class Ref:
    """A stored comparison as `index_words` needs it: its id."""

    id: int


def pool() -> list[tuple[str, str, str, str, str]]:
    """(left label, right label, left text, right text, alignment JSON with a text hole)."""
    out = []
    for _title, left, right in synthetic_pairs(POOL, seed=100):
        alignment = run_differ(left, right)
        holed = replace(alignment, left=replace(alignment.left, text="\x00LEFT\x00"))
        data = dump(holed)
        if pack is not None:  # stored as the app stores it
            data = pack(data, ("\x00LEFT\x00", right.text))
        out.append((left.label, right.label, left.text, right.text, json.dumps(data)))
    return out


def seed(url: str, count: int) -> None:
    settings = Settings(database_url=url)
    engine = make_engine(settings)
    upgrade(settings, engine)
    with engine.connect() as connection:
        have = connection.scalar(text("SELECT count(*) FROM comparisons")) or 0
    if have >= count:
        engine.dispose()
        return
    started = time.perf_counter()
    pairs = pool()
    print(f"aligned a pool of {POOL} pairs in {time.perf_counter() - started:.1f} s")
    rng = random.Random(15)
    with Session(engine) as session:
        for first in range(have, count, BATCH):
            _seed_batch(session, pairs, rng, first, min(count, first + BATCH))
            session.commit()
            done = min(count, first + BATCH)
            print(f"\r{done:,} comparisons, {time.perf_counter() - started:.0f} s", end="")
    print(f"\nseeded {count - have:,} comparisons in {time.perf_counter() - started:.0f} s")
    engine.dispose()


def _seed_batch(
    session: Session,
    pairs: list[tuple[str, str, str, str, str]],
    rng: random.Random,
    a: int,
    b: int,
) -> None:
    statements, comparisons, alignments, texts = [], [], [], []
    for n in range(a, b):
        left_label, right_label, left, right, holed = pairs[n % len(pairs)]
        left = f"{left} The sides agreed to hold consultations number {n} in {2000 + n % 26}."
        day = dt.date(2000, 1, 1) + dt.timedelta(days=rng.randrange(26 * 365))
        cid, lid, rid = n + 1, 2 * n + 1, 2 * n + 2
        title = f"{left_label} and {right_label} readouts, exchange {n}"
        for sid, label, body in ((lid, left_label, left), (rid, right_label, right)):
            digest = hashlib.sha256(f"{sid}:{body}".encode()).hexdigest()
            statements.append(
                {"id": sid, "issuer": label, "text": body, "kind": "upload", "hash": digest}
            )
        comparisons.append(
            {
                "id": cid,
                "slug": f"bench-{n}",
                "title": title,
                "date": None if n % 10 == 0 else day.isoformat(),
                "hash": hashlib.sha256(str(n).encode()).hexdigest(),
                "l": lid,
                "r": rid,
                "ll": left_label,
                "rl": right_label,
                "now": "2026-12-01 00:00:00",
            }
        )
        alignments.append(
            {"id": cid, "data": holed.replace('"\\u0000LEFT\\u0000"', json.dumps(left))}
        )
        texts.append((cid, [title, left_label, right_label, left, right]))
    session.execute(
        text(
            "INSERT INTO statements (id, issuer, text, kind, text_hash) "
            "VALUES (:id, :issuer, :text, :kind, :hash)"
        ),
        statements,
    )
    session.execute(
        text(
            "INSERT INTO comparisons (id, slug, title, date, origin, unlisted, pair_hash, "
            "left_statement_id, right_statement_id, left_label, right_label, differ_version, "
            "left_coverage, right_coverage, created_at, updated_at) VALUES (:id, :slug, :title, "
            ":date, 'bench', false, :hash, :l, :r, :ll, :rl, '2', 0.5, 0.5, :now, :now)"
        ),
        comparisons,
    )
    session.execute(
        text("INSERT INTO alignments (comparison_id, data) VALUES (:id, :data)"), alignments
    )
    if inspect(session.connection()).has_table("comparison_statements"):
        members = [
            {"id": c["id"], "position": k, "statement": c[side], "label": c[side + "l"]}
            for c in comparisons
            for k, side in enumerate(("l", "r"))
        ]
        session.execute(
            text(
                "INSERT INTO comparison_statements (comparison_id, position, statement_id, "
                "label) VALUES (:id, :position, :statement, :label)"
            ),
            members,
        )
    if index_many is not None:
        index_many(session.connection(), texts)
        return
    for cid, parts in texts:
        index_words(session, Ref(cid), parts)


def sizes(url: str, count: int) -> int:
    path = Path(url.removeprefix("sqlite:///"))
    engine = create_engine(url)
    with engine.connect() as connection:
        count = connection.scalar(text("SELECT count(*) FROM comparisons")) or count
        texts = connection.scalar(text("SELECT sum(length(CAST(text AS BLOB))) FROM statements"))
        listed = connection.execute(
            text("SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT 8")
        ).all()
        page = connection.scalar(text("PRAGMA page_size")) or 4096
        free = (connection.scalar(text("PRAGMA freelist_count")) or 0) * page
    engine.dispose()
    total = path.stat().st_size - free
    print(f"database: {total / 1e9:.2f} GB for {count:,} comparisons ({path})")
    for name, size in listed:
        print(f"  {name:40} {size / 1e6:9.1f} MB  {size / count / 1000:6.1f} KB/comparison")
    per = (total - (texts or 0)) / count
    print(
        f"texts: {(texts or 0) / count / 1000:.1f} KB/comparison; stored beyond its texts: "
        f"{per / 1000:.1f} KB/comparison (target 20 KB)"
    )
    return count


def start_server(url: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    """`readouts serve`, waited for up to 5 minutes (a loaded machine imports slowly)."""
    env = {**os.environ, "DATABASE_URL": url}
    command = [sys.executable, "-m", "app.cli", "serve", "--no-ingest", "--port", str(port)]
    process = subprocess.Popen(
        [*command, "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/-/ping", timeout=5) as answer:
                answer.read()
            return process
        except OSError:
            time.sleep(1)
    process.kill()
    raise SystemExit("the server did not start within 5 minutes")


def browse_paths(count: int, rng: random.Random, n: int) -> list[str]:
    pages = max(1, count // 20)
    paths: set[str] = set()
    while len(paths) < n:
        kind = rng.randrange(5)
        page = rng.randrange(1, pages + 1) if rng.random() < 0.3 else rng.randrange(1, 51)
        if kind == 0:
            paths.add(f"/?page={page}")
        elif kind == 1:
            paths.add(f"/.json?page={page}")
        elif kind == 2:
            issuer = rng.choice([label for pair in ISSUERS for label in pair])
            paths.add(f"/?issuer={quote_plus(issuer)}&page={min(page, pages // 6)}")
        elif kind == 3:
            year = rng.randrange(2000, 2026)
            paths.add(f"/?since={year}-01-01&until={year}-12-31&page={rng.randrange(1, 30)}")
        else:
            year = rng.randrange(2000, 2026)
            issuer = rng.choice([label for pair in ISSUERS for label in pair])
            paths.add(
                f"/?issuer={quote_plus(issuer)}&since={year}-01-01&page={rng.randrange(1, 10)}"
            )
    return sorted(paths, key=lambda _: rng.random())


def search_paths(rng: random.Random, n: int) -> list[str]:
    paths: set[str] = set()
    while len(paths) < n:
        kind = rng.randrange(6)
        page = rng.randrange(1, 20)
        word = rng.choice(WORDS)
        if kind == 0:
            q = word
        elif kind == 1:
            q = f"{word} {rng.choice(WORDS)}"
        elif kind == 2:
            q = word[: rng.randrange(3, len(word))]  # a prefix
        elif kind == 3:
            q = f'"{rng.choice(PHRASES)}"'
        elif kind == 4:
            q = f"consultations {rng.randrange(100_000)}"  # one comparison's own words
        else:
            q = f"{word} {rng.choice(PHRASES)}"
        extra = ""
        if rng.random() < 0.3:
            extra = f"&issuer={quote_plus(rng.choice([p[0] for p in ISSUERS]))}"
        elif rng.random() < 0.3:
            extra = f"&since={rng.randrange(2000, 2026)}-01-01"
        paths.add(f"/?q={quote_plus(q)}{extra}&page={page}")
    return sorted(paths, key=lambda _: rng.random())


def warm_up(count: int, measured: set[str]) -> list[str]:
    """Pages of every kind, none of them measured: each worker compiles its templates and
    opens its connections before the clock starts, as a server does once in its life."""
    rng = random.Random(7)
    paths = browse_paths(count, rng, 60) + search_paths(rng, 40)
    return [path for path in paths if path not in measured]


Timed = tuple[list[float], int, float, list[tuple[float, str]]]


def drive(port: int, paths: list[str], clients: int) -> Timed:
    """Each path asked once, by `clients` threads with a kept-alive connection each."""
    queue: Iterator[str] = iter(paths)
    lock = threading.Lock()
    timings: list[float] = []
    by_path: list[tuple[float, str]] = []
    errors = [0]

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while True:
            with lock:
                path = next(queue, None)
            if path is None:
                break
            started = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                ok = response.status < 400
            except OSError:
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                ok = False
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                timings.append(elapsed)
                by_path.append((elapsed, path))
                errors[0] += not ok
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return timings, errors[0], time.perf_counter() - started, by_path


def report(name: str, result: Timed, target: float, slowest: int = 0) -> None:
    timings, errors, wall, by_path = result
    cuts = statistics.quantiles(timings, n=100)
    p99 = cuts[98]
    print(
        f"{name:28} {len(timings):6d} {len(timings) / wall:7.0f} {statistics.median(timings):8.1f} "
        f"{cuts[94]:8.1f} {p99:8.1f} {max(timings):8.1f} {errors:6d}  "
        f"(target p99 < {target:.0f} ms: {'met' if p99 < target else 'not met'})"
    )
    for elapsed, path in sorted(by_path, reverse=True)[:slowest]:
        print(f"    {elapsed:8.1f} ms  {path}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--comparisons", type=int, default=100_000)
    parser.add_argument("--db", default="/tmp/readouts-100k.db")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--browse", type=int, default=600)
    parser.add_argument("--searches", type=int, default=400)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--measure-only", action="store_true", help="seeded already")
    parser.add_argument("--slowest", type=int, default=0, help="list the N slowest URLs")
    args = parser.parse_args()
    url = f"sqlite:///{args.db}"
    if not args.measure_only:
        seed(url, args.comparisons)
    count = sizes(url, args.comparisons)
    load = os.getloadavg()[0]
    port = free_port()
    server = start_server(url, port, args.workers)
    rng = random.Random(100)
    try:
        print(
            f"uncached, each URL once: {args.clients} client threads, readouts serve --workers "
            f"{args.workers}, load average {load:.1f} at the start"
        )
        print(
            f"{'':28} {'reqs':>6} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
            f"{'max ms':>8} {'errors':>6}"
        )
        browsing, searching = (
            browse_paths(count, rng, args.browse),
            search_paths(rng, args.searches),
        )
        drive(port, warm_up(count, set(browsing + searching)), args.clients)
        report(
            "distinct browse pages",
            drive(port, browsing, args.clients),
            50,
            args.slowest,
        )
        report(
            "distinct searches",
            drive(port, searching, args.clients),
            250,
            args.slowest,
        )
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
