"""Load over distinct, uncached URLs: does any worker stall when every request misses the cache?

usage: python tests/benchmarks/load_uncached.py [--seconds 10] [--connections 64 128]
       [--comparisons 10000] [--gzip]

`load.py` hammers one URL a row, so after the first request every answer comes from the
render cache. Here each request asks for a page not asked before (browse pages with and
without an issuer, searches, comparison pages and their JSON twins, shuffled with a fixed
seed), so each one reads the database and renders. With --gzip every request says
`Accept-Encoding: gzip`, as browsers do (wrk sends no such header by default). The server is
restarted before each concurrency level, so no level finds the previous one's pages cached.

For each level it prints requests/s, p50/p99/max latency, errors (non-2xx/3xx answers,
socket errors, timeouts at 10 s) and stalls: seconds of the run in which no response at all
came back. Target (issue 14): no error, no stall, p99 under 500 ms with 3,000–10,000
comparisons on a 2-core machine. Needs wrk. Every request goes to 127.0.0.1 only, for a
bounded time.
"""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote_plus

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sqlalchemy import create_engine, text

from app.db import normalise_url
from tests.benchmarks.corpus import ISSUERS
from tests.benchmarks.load import latency, prepared, start_server
from tests.support import free_port

TIMEOUT_SECONDS = 10
# Words of the synthetic readouts: each search asks for one of them, on several pages.
SEARCH_WORDS = [
    "ceasefire",
    "energy",
    "infrastructure",
    "Black",
    "Sea",
    "prisoners",
    "Ukraine",
    "Russia",
    "Europe",
    "peace",
    "trade",
    "talks",
    "consultations",
    "president",
    "call",
    "security",
    "sanctions",
    "negotiations",
    "agreed",
    "hostilities",
    "Middle",
    "East",
    "nuclear",
    "weapons",
    "relations",
    "cooperation",
    "experts",
    "technical",
    "exchange",
]

LUA = """
local paths, n, per_second = {}, 0, {}
function init(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
end
function request()
  n = n + 1
  return wrk.format("GET", paths[((n - 1) % #paths) + 1])
end
function response(status, headers, body)
  local t = os.time()
  per_second[t] = (per_second[t] or 0) + 1
end
function done(summary, latency, requests)
  local mx = latency.max / 1000
  io.write(string.format("MAXMS %.1f\\n", mx))
end
"""

# wrk calls `done` in a Lua state of its own, which cannot see the request thread's counts,
# so the thread writes its timeline out itself, each time a new second begins.
TIMELINE_LUA = """
local last = 0
local original_response = response
function response(status, headers, body)
  original_response(status, headers, body)
  local t = os.time()
  if t ~= last then
    last = t
    local f = io.open(timeline_path, "w")
    for second, count in pairs(per_second) do f:write(second, " ", count, "\\n") end
    f:close()
  end
end
"""


def distinct_paths(url: str, count: int) -> list[str]:
    """Every browse page, issuer page, search page and comparison page there is, shuffled."""
    engine = create_engine(normalise_url(url))
    with engine.connect() as connection:
        slugs = list(
            connection.scalars(text("SELECT slug FROM comparisons WHERE unlisted = false"))
        )
    engine.dispose()
    pages = max(1, count // 20)
    paths = [f"/?page={n}" for n in range(1, pages + 1)]
    paths += [f"/.json?page={n}" for n in range(1, pages + 1)]
    for left, _ in ISSUERS:
        paths += [f"/?issuer={quote_plus(left)}&page={n}" for n in range(1, pages // 6 + 1)]
    paths += [f"/?q={quote_plus(w)}&page={n}" for w in SEARCH_WORDS for n in range(1, 30)]
    paths += [f"/?q={quote_plus(a + ' ' + b)}" for a in SEARCH_WORDS for b in SEARCH_WORDS]
    paths += [f"/c/{slug}" for slug in slugs] + [f"/c/{slug}.json" for slug in slugs]
    random.Random(14).shuffle(paths)
    return paths


def run_level(
    base: str, paths_file: Path, seconds: int, connections: int, gzip: bool = False
) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        timeline = Path(folder) / "timeline"
        script = Path(folder) / "distinct.lua"
        script.write_text(f'timeline_path = "{timeline}"\n' + LUA + TIMELINE_LUA, encoding="utf-8")
        out = subprocess.run(
            [
                "wrk",
                "-t1",
                f"-c{connections}",
                f"-d{seconds}s",
                f"--timeout={TIMEOUT_SECONDS}s",
                "--latency",
                *(["-H", "Accept-Encoding: gzip"] if gzip else []),
                "-s",
                str(script),
                base + "/",
                "--",
                str(paths_file),
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        counts = _timeline(timeline)
    return _summary(out, counts, seconds)


def _timeline(path: Path) -> dict[int, int]:
    if not path.exists():
        return {}
    rows = (line.split() for line in path.read_text().splitlines() if line.strip())
    return {int(t): int(c) for t, c in rows}


def _summary(out: str, counts: dict[int, int], seconds: int) -> dict[str, float]:
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    requests = re.search(r"(\d+) requests in", out)
    stalls = 0
    if counts:
        first = min(counts)
        # The last second's count may not have been written out: it is not judged.
        stalls = sum(1 for t in range(first, first + seconds - 1) if counts.get(t, 0) == 0)
    else:
        stalls = seconds
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore[union-attr]
        "requests": float(requests.group(1)) if requests else 0.0,
        "p50": latency(out, "50%"),
        "p99": latency(out, "99%"),
        "max": float(re.search(r"MAXMS ([\d.]+)", out).group(1)),  # type: ignore[union-attr]
        "errors": float(non_2xx.group(1)) if non_2xx else 0.0,
        "socket": float(sum(int(g) for g in socket.groups())) if socket else 0.0,
        "timeouts": float(socket.group(4)) if socket else 0.0,
        "stalls": float(stalls),
    }


def stop(server: subprocess.Popen[bytes]) -> None:
    """Ask the server to stop; one still busy with stuck requests after 20 s is killed."""
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        print("            (the server had not finished its requests 20 s later: killed)")
        server.kill()
        server.wait()


def main() -> None:
    args, url = prepared([64, 128])
    gzip = args.gzip
    paths = distinct_paths(url, args.comparisons)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"wrk over {len(paths):,} distinct URLs, {args.seconds} s a level, timeout "
        f"{TIMEOUT_SECONDS} s; readouts serve --workers {args.workers}; {url.split(':')[0]}; "
        f"{args.comparisons:,} comparisons; {os.cpu_count()} CPUs, load average {load}; "
        f"{'gzip asked for, as browsers do' if gzip else 'no Accept-Encoding'}"
    )
    print(
        f"{'connections':>11} {'requests':>9} {'req/s':>7} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'max ms':>8} {'errors':>7} {'timeouts':>9} {'stalled s':>10}"
    )
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
        handle.write("\n".join(paths) + "\n")
    paths_file = Path(handle.name)
    try:
        for connections in args.connections:
            port = free_port()
            server = start_server(url, port, args.workers)
            try:
                base = f"http://127.0.0.1:{port}"
                r = run_level(base, paths_file, args.seconds, connections, gzip)
                print(
                    f"{connections:>11} {r['requests']:>9.0f} {r['rps']:>7.0f} "
                    f"{r['p50']:>8.1f} {r['p99']:>8.1f} {r['max']:>8.0f} "
                    f"{r['errors'] + r['socket']:>7.0f} {r['timeouts']:>9.0f} {r['stalls']:>10.0f}",
                    flush=True,
                )
            finally:
                stop(server)
    finally:
        paths_file.unlink()


if __name__ == "__main__":
    main()
