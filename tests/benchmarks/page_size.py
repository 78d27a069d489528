"""How big and how slow the comparison page of a huge pair is, and what a worker keeps.

    python tests/benchmarks/page_size.py [--pairs 100] [--size 1000000]

Stores pairs of statements of `--size` bytes a side in a fresh SQLite database, serves it with
`readouts serve --workers 1`, and prints for the first pairs the bytes and time of the first
part of the page (uncached, then cached), its JSON twin and the number of parts; then views
`--pairs` distinct pairs once each and prints the worker's resident memory (RSS).

Aligning a 1 MB pair for real takes minutes (and is refused by the 10 s budget), and it is
viewing, not aligning, that is measured here: each stored alignment is made up — one clause
per sentence, every other sentence linked to its counterpart, each linked word marked as
shared or changed, so the page carries more markup than a real alignment's would.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from app.config import Settings  # noqa: E402
from app.db import make_engine, make_session_factory  # noqa: E402
from app.differ.types import Alignment, Clause, Link, Side, Span  # noqa: E402
from app.migrate import upgrade  # noqa: E402
from app.services import comparisons  # noqa: E402
from app.services.comparisons import DIFFER_VERSION, SideInput  # noqa: E402
from tests.support import free_port  # noqa: E402

WORDS = [
    "ceasefire",
    "energy",
    "infrastructure",
    "Black",
    "Sea",
    "negotiations",
    "leaders",
    "agreed",
    "peace",
    "Ukraine",
    "Russia",
    "United",
    "States",
    "relations",
    "security",
    "talks",
    "president",
    "call",
    "region",
    "conflict",
    "lasting",
    "maritime",
    "navigation",
    "prisoners",
    "exchange",
    "sanctions",
    "trade",
    "economic",
    "cooperation",
]


def make_text(seed: int, size: int) -> tuple[str, list[tuple[int, int]]]:
    """About `size` bytes of sentences; each sentence's (start, end)."""
    rng = random.Random(seed)
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    at = 0
    while at < size:
        sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 24)))
        sentence = sentence[0].upper() + sentence[1:] + "."
        spans.append((at, at + len(sentence)))
        gap = "\n" if rng.random() < 0.1 else " "
        parts.append(sentence + gap)
        at += len(sentence) + len(gap)
    return "".join(parts), spans


def word_spans(text: str, start: int, end: int) -> tuple[Span, ...]:
    spans, at = [], start
    for number, word in enumerate(text[start:end].split(" ")):
        spans.append(Span(at, at + len(word), "shared" if number % 2 else "changed"))
        at += len(word) + 1
    return tuple(spans)


def made_up(
    left: str, lspans: list[tuple[int, int]], right: str, rspans: list[tuple[int, int]]
) -> Alignment:
    links = tuple(
        Link(
            left=(i,),
            right=(i,),
            score=0.6,
            kind="similar",
            left_spans=word_spans(left, *lspans[i]),
            right_spans=word_spans(right, *rspans[i]),
            confidence="likely",
            evidence=("ceasefire",),
        )
        for i in range(0, min(len(lspans), len(rspans)), 2)
    )
    return Alignment(
        DIFFER_VERSION,
        Side("A", left, tuple(Clause(s, e, n) for n, (s, e) in enumerate(lspans))),
        Side("B", right, tuple(Clause(s, e, n) for n, (s, e) in enumerate(rspans))),
        links,
    )


def store(database_url: str, pairs: int, size: int) -> list[str]:
    settings = Settings(database_url=database_url)
    engine = make_engine(settings)
    upgrade(settings, engine)
    left, lspans = make_text(1, size)
    right, rspans = make_text(2, size)
    slugs = []
    with make_session_factory(engine)() as session:
        for k in range(pairs):
            # Distinct pairs of the same length: only the first word changes.
            tag = f"P{k:06d}"
            lt, rt = tag + left[len(tag) :], tag + right[len(tag) :]
            alignment = made_up(lt, lspans, rt, rspans)
            comparisons.run_differ = lambda *_a, _al=alignment, **_k: _al  # type: ignore[assignment]
            stored = comparisons.store_comparison(
                session,
                title=f"Big pair {k}",
                left=SideInput("A", lt),
                right=SideInput("B", rt),
                origin="benchmark",
            )
            slugs.append(stored.comparison.slug)
    engine.dispose()
    return slugs


def get(url: str) -> tuple[int, float]:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=600) as answer:
        body = answer.read()
    return len(body), time.perf_counter() - started


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB."""
    total = 0
    for proc in [pid, *children(pid)]:
        try:
            for line in Path(f"/proc/{proc}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            pass
    return total / 1024


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
                found += children(int(entry.name))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description="page bytes and time for big pairs, worker RSS")
    parser.add_argument("--pairs", type=int, default=100)
    parser.add_argument("--size", type=int, default=1_000_000, help="bytes a side")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="readouts-page-size-"))
    url = f"sqlite:///{folder / 'readouts.db'}"
    started = time.perf_counter()
    slugs = store(url, args.pairs, args.size)
    print(
        f"stored {len(slugs)} pairs of {args.size:,} bytes a side"
        f" in {time.perf_counter() - started:.0f} s"
    )
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "app.cli",
            "serve",
            "--no-ingest",
            "--workers",
            "1",
            "--port",
            str(port),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                get(base + "/-/health")
                break
            except OSError:
                time.sleep(0.2)
        print(f"worker RSS at start: {rss_mb(server.pid):.0f} MB")
        for slug in slugs[:3]:
            size, seconds = get(f"{base}/c/{slug}")
            _, cached = get(f"{base}/c/{slug}")
            with urllib.request.urlopen(f"{base}/c/{slug}") as answer:
                page = answer.read().decode()
            parts = (
                page.split("(part 1 of ", 1)[1].split(")", 1)[0] if "(part 1 of " in page else "1"
            )
            json_size, json_seconds = get(f"{base}/c/{slug}.json")
            print(
                f"/c/{slug}: {size / 1e6:.2f} MB in {seconds:.2f} s"
                f" (cached {cached * 1000:.0f} ms),"
                f" {parts} parts; JSON {json_size / 1e6:.2f} MB in {json_seconds:.2f} s"
            )
        last, worst = get(f"{base}/c/{slugs[0]}?part=2")
        print(f"part 2: {last / 1e6:.2f} MB in {worst:.2f} s")
        started = time.perf_counter()
        biggest = 0.0
        for slug in slugs:
            get(f"{base}/c/{slug}")
            biggest = max(biggest, rss_mb(server.pid))
        print(
            f"viewed {len(slugs)} distinct pairs in {time.perf_counter() - started:.0f} s;"
            f" worker RSS now {rss_mb(server.pid):.0f} MB, at most {biggest:.0f} MB"
        )
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
