"""Load benchmark: `readouts serve --workers 2` on 127.0.0.1 driven by wrk, with a baseline.

usage: python tests/benchmarks/load.py [--seconds 10] [--connections 32] [--comparisons 10000]
       [--gzip]

Prints requests/s and p50/p99 latency for a comparison page, its JSON twin, browse over
10,000 comparisons and a search, next to /-/ping (the cheapest endpoint of the same app,
the baseline: the ratio shows what a page costs), then the median time to submit and store
a new pair of typical readouts. With --gzip every request accepts gzip, as browsers do.
Needs wrk (`apt-get install wrk`). The database is a SQLite file under /tmp, seeded once
and reused; set DATABASE_URL to benchmark another database.
Every request goes to 127.0.0.1 only, for a bounded time.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app.config import Settings
from app.db import make_engine, make_session_factory
from app.migrate import upgrade
from app.services.ingestion import ingest
from tests.benchmarks.corpus import ensure_comparisons, synthetic_pairs
from tests.support import free_port

SLUG = "2025-03-18-trump-putin-call"
DEFAULT_DB = "sqlite:////tmp/readouts-bench.db"


def seed(url: str, count: int) -> None:
    settings = Settings(database_url=url)
    engine = make_engine(settings)
    upgrade(settings, engine)
    with make_session_factory(engine)() as session:
        ingest(session, settings.articles_dir, settings.pairs_dir)
        started = time.perf_counter()
        added = ensure_comparisons(session, count)
        if added:
            print(f"seeded {added} comparisons in {time.perf_counter() - started:.0f} s")
    engine.dispose()


def start_server(url: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DATABASE_URL": url}
    command = [
        sys.executable,
        "-m",
        "app.cli",
        "serve",
        "--no-ingest",
        "--port",
        str(port),
        "--workers",
        str(workers),
    ]
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/-/ping", timeout=1).read()
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("the server did not start")


def wrk(url: str, seconds: int, connections: int, gzip: bool = False) -> dict[str, float]:
    header = ["-H", "Accept-Encoding: gzip"] if gzip else []
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", *header, url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore[union-attr]
        "p50": latency(out, "50%"),
        "p99": latency(out, "99%"),
        "errors": float(errors.group(1)) if errors else 0.0,
    }


def latency(out: str, percentile: str) -> float:
    match = re.search(rf"{re.escape(percentile)}\s+([\d.]+)(us|ms|s)\b", out)
    if not match:
        return float("nan")
    value, unit = float(match.group(1)), match.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def submissions(base: str, count: int) -> tuple[list[float], int]:
    """Sequential POSTs of new, distinct pairs: wall time of each in ms, most words a side."""
    timings, words = [], 0
    for n, (title, left, right) in enumerate(synthetic_pairs(count, seed=int(time.time()))):
        body = json.dumps(
            {
                "title": f"{title} (load {n})",
                "left": {"label": left.label, "text": f"{left.text} Submitted as number {n}."},
                "right": {"label": right.label, "text": right.text},
            }
        ).encode()
        request = urllib.request.Request(
            f"{base}/api/comparisons", data=body, headers={"Content-Type": "application/json"}
        )
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
        timings.append((time.perf_counter() - started) * 1000)
        words = max(words, len(left.text.split()), len(right.text.split()))
    return timings, words


def prepared(connections: int | list[int]) -> tuple[argparse.Namespace, str]:
    """The command line's arguments and a seeded database's URL (wrk must be there)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    nargs = "+" if isinstance(connections, list) else None
    parser.add_argument("--connections", type=int, nargs=nargs, default=connections)
    parser.add_argument("--comparisons", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--gzip", action="store_true", help="say Accept-Encoding: gzip")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
    url = os.environ.get("DATABASE_URL", DEFAULT_DB)
    seed(url, args.comparisons)
    return args, url


def main() -> None:
    args, url = prepared(32)
    port = free_port()
    server = start_server(url, port, args.workers)
    base = f"http://127.0.0.1:{port}"
    try:
        targets = [
            ("baseline /-/ping", "/-/ping"),
            ("comparison page", f"/c/{SLUG}"),
            ("comparison JSON twin", f"/c/{SLUG}.json"),
            (f"browse ({args.comparisons:,} comparisons)", "/"),
            ("browse, page 50", "/?page=50"),
            ("search q=Black Sea", "/?q=Black+Sea"),
        ]
        print(
            f"wrk: {args.connections} connections, {args.seconds} s each; "
            f"readouts serve --workers {args.workers}; {url.split(':')[0]}"
        )
        print(f"{'endpoint':36} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'× baseline':>11}")
        baseline = None
        for name, path in targets:
            wrk(base + path, 2, args.connections, args.gzip)  # warm up caches and workers
            result = wrk(base + path, args.seconds, args.connections, args.gzip)
            baseline = baseline or result["rps"]
            note = f" ({int(result['errors'])} errors)" if result["errors"] else ""
            print(
                f"{name:36} {result['rps']:9.0f} {result['p50']:8.2f} {result['p99']:8.2f} "
                f"{baseline / result['rps']:10.1f}x{note}"
            )
        timings, words = submissions(base, 40)
        print(
            f"submit + store a new pair (40 sequential, at most {words} words a side): "
            f"median {statistics.median(timings):.1f} ms, "
            f"p90 {statistics.quantiles(timings, n=10)[-1]:.1f} ms"
        )
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
