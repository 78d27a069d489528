#!/usr/bin/env python3
"""Ingestion throughput: N articles generated from the sample corpus, pure pipeline and CLI.

usage: .venv/bin/python tests/benchmarks/ingest_speed.py [--count 10000] [--repeat 1]
       [--skip-cli] [--skip-pure] [--keep]

The five sample articles of data/articles are copied round-robin into a temporary folder,
each with its sidecar. Every copy is made a new article by one unique sentence appended to a
body paragraph that is neither a statement nor a statement's lead-in, and by a distinct title
in its sidecar; the script checks that a copy yields the same statements as its seed, so the
comparisons are the seed's (stored once, the differ runs once per distinct pair).

Then it times
1. the pure pipeline, in this process: read_file + clean + extract + pair_statements over all
   copies, printing articles/s and ms per article (wall and CPU), and per seed the median CPU
   ms of each stage;
2. the full `readouts ingest FOLDER` (python -m app.cli ingest) into a fresh SQLite file,
   printing the command, its wall and CPU time and its summary line. Target: 10,000 under
   60 s. CPU times are printed because other work on a shared machine inflates wall times.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from app.ingest.clean import clean  # noqa: E402
from app.ingest.extract import Statement, extract, pair_statements  # noqa: E402
from app.ingest.readers import iter_articles, read_file, sidecar_path  # noqa: E402

SEEDS = ROOT / "data" / "articles"
TARGET_SECONDS = 60.0
TARGET_COUNT = 10_000


def _statement_keys(statements: list[Statement]) -> list[tuple[str, str, str]]:
    return [(s.issuer, s.kind, s.text) for s in statements]


def _marker(number: int) -> str:
    return f" This is copy number {number} of the article, made for a benchmark."


def _anchor(raw: str) -> int:
    """Offset in ``raw`` at the end of a body paragraph that no statement touches.

    The longest such paragraph that survives cleaning is chosen, and the choice is checked:
    with a marker sentence appended there, the article must give the same statements.
    """
    cleaned = clean(raw)
    statements = extract(cleaned.text)
    busy = [(s.intro_start if s.intro_start >= 0 else s.start, s.end) for s in statements]
    candidates: list[tuple[int, int]] = []
    position = 0
    for line in raw.split("\n"):
        end = position + len(line.rstrip())
        text = line.strip()
        found = cleaned.text.find(text) if len(text.split()) >= 20 else -1
        removed = any(r.start < end and r.end > position for r in cleaned.removals)
        if found >= 0 and not removed and text.endswith("."):
            start_c, end_c = found, found + len(text)
            if not any(a < end_c + 2 and b > start_c - 2 for a, b in busy):
                candidates.append((len(text), end))
        position += len(line) + 1
    for _length, end in sorted(candidates, reverse=True):
        changed = raw[:end] + _marker(99999) + raw[end:]
        if _statement_keys(extract(clean(changed).text)) == _statement_keys(statements):
            return end
    raise SystemExit("no paragraph of this seed can take a marker without changing it")


def generate(folder: Path, count: int) -> list[str]:
    """Write ``count`` article copies (with sidecars) into ``folder``; return the seed names."""
    seeds = sorted(SEEDS.glob("*.txt"))
    prepared = []
    for path in seeds:
        raw = path.read_text(encoding="utf-8")
        sidecar = sidecar_path(path)
        meta = json.loads(sidecar.read_text(encoding="utf-8")) if sidecar.is_file() else {}
        prepared.append((path.stem, raw, _anchor(raw), meta))
    names = []
    for number in range(count):
        stem, raw, at, meta = prepared[number % len(prepared)]
        name = f"{number:05d}-{stem}"
        text = raw[:at] + _marker(number) + raw[at:]
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
        title = f"{meta.get('title') or stem} (copy {number})"
        (folder / f"{name}.meta.json").write_text(
            json.dumps({**meta, "title": title}, ensure_ascii=False), encoding="utf-8"
        )
        names.append(stem)
    return names


@dataclass
class PureRun:
    wall: float = 0.0  # seconds for the whole folder
    cpu: float = 0.0  # CPU seconds of this process for the same
    statements: int = 0
    # per seed, per stage ("read", "clean", "extract"): CPU seconds of each article
    stages: dict[str, dict[str, list[float]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(list))
    )


def pure_pipeline(folder: Path) -> PureRun:
    """read_file + clean + extract + pair_statements over every article of the folder."""
    run = PureRun()
    cpu = time.process_time
    started, started_cpu = time.perf_counter(), cpu()
    for path in iter_articles(folder):
        seed = path.stem.split("-", 1)[1]
        t0 = cpu()
        document = read_file(path, folder)
        t1 = cpu()
        cleaned = clean(document.raw)
        t2 = cpu()
        found = extract(cleaned.text)
        pair_statements(found)
        t3 = cpu()
        stages = run.stages[seed]
        stages["read"].append(t1 - t0)
        stages["clean"].append(t2 - t1)
        stages["extract"].append(t3 - t2)
        run.statements += len(found)
    run.wall, run.cpu = time.perf_counter() - started, cpu() - started_cpu
    return run


def cli_ingest(folder: Path, keep: bool) -> tuple[float, float, str, list[str], int]:
    """Wall and CPU seconds of `python -m app.cli ingest FOLDER`, its summary, stderr, status."""
    database = Path(tempfile.gettempdir()) / f"readouts-ingest-bench-{os.getpid()}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    command = [sys.executable, "-m", "app.cli", "ingest", str(folder)]
    print(f"   $ DATABASE_URL={env['DATABASE_URL']} {' '.join(command)}", flush=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if not keep:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
    lines = done.stdout.strip().splitlines()
    summary = lines[-1] if lines else ""
    return seconds, cpu, summary, done.stderr.strip().splitlines(), done.returncode


def _ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1e3:6.2f}"


def report_pure(runs: list[PureRun], count: int) -> None:
    wall = statistics.median(r.wall for r in runs)
    cpu = statistics.median(r.cpu for r in runs)
    print(
        f"\n1. pure pipeline (read_file + clean + extract + pair_statements), "
        f"median of {len(runs)} run(s):"
    )
    print(
        f"   {count} articles in {wall:.2f} s wall ({count / wall:,.0f} articles/s, "
        f"{wall / count * 1e3:.2f} ms/article); {cpu:.2f} s CPU "
        f"({cpu / count * 1e3:.2f} ms/article); {runs[0].statements} statements"
    )
    print("   per seed, median CPU ms per article:      read   clean extract+pair  total")
    for seed, stages in sorted(runs[-1].stages.items()):
        totals = [sum(t) for t in zip(*stages.values(), strict=True)]
        print(
            f"   {seed[:40]:40s} {_ms(stages['read'])}  {_ms(stages['clean'])}"
            f"       {_ms(stages['extract'])} {_ms(totals)}"
        )


def report_cli(folder: Path, count: int, keep: bool) -> int:
    print("\n2. full ingest into a fresh SQLite database:")
    wall, cpu, summary, errors, code = cli_ingest(folder, keep)
    verdict = ""
    if count == TARGET_COUNT:
        verdict = (
            f" (target {TARGET_SECONDS:.0f} s: {'met' if wall < TARGET_SECONDS else 'NOT met'})"
        )
    print(
        f"   {count} articles in {wall:.1f} s wall{verdict}: {count / wall:,.0f} articles/s, "
        f"{wall / count * 1e3:.2f} ms/article; {cpu:.1f} s CPU ({cpu / count * 1e3:.2f} ms/article)"
    )
    print(f"   {summary}")
    for line in errors[-5:]:
        print(f"   stderr: {line}")
    if code:
        print(f"   exit status {code}")
    return code


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--count", type=int, default=TARGET_COUNT, help="articles to generate")
    parser.add_argument("--repeat", type=int, default=1, help="runs of the pure pipeline")
    parser.add_argument("--skip-cli", action="store_true", help="time the pure pipeline only")
    parser.add_argument("--skip-pure", action="store_true", help="time the CLI ingest only")
    parser.add_argument("--keep", action="store_true", help="keep the folder and the database")
    args = parser.parse_args()

    print(f"$ {' '.join([Path(sys.executable).name, *sys.argv])}")
    print(f"{os.cpu_count()} CPUs; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    work = Path(tempfile.mkdtemp(prefix="readouts-ingest-bench-"))
    folder = work / "articles"
    folder.mkdir()
    code = 0
    try:
        started = time.perf_counter()
        generate(folder, args.count)
        print(f"generated {args.count} articles in {time.perf_counter() - started:.1f} s: {folder}")
        if not args.skip_pure:
            report_pure([pure_pipeline(folder) for _ in range(max(1, args.repeat))], args.count)
        if not args.skip_cli:
            code = report_cli(folder, args.count, args.keep)
        print(f"load average at the end {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 1 if code else 0


if __name__ == "__main__":
    sys.exit(main())
