"""What compression saves: each page's bytes as sent plain and as sent to a client that
accepts gzip, and what each candidate codec would make of the same bytes, and how fast.

usage: python tests/benchmarks/compression.py

Builds a temporary SQLite database with the sample corpus, asks the app (in process) for a
comparison page, its JSON twin, the browse page, an article and the stylesheet, once without
and once with `Accept-Encoding: gzip`, and prints the sizes. Then, on the plain bytes of
each, gzip at levels 1, 6 and 9 and, where the `brotli` package is installed, brotli at
qualities 4 and 11: compressed size and milliseconds per compression (best of 20).
"""

from __future__ import annotations

import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from fastapi.testclient import TestClient

from app.main import create_app
from tests.support import corpus_settings, loaded_corpus

PATHS = {
    "comparison page": "/c/2025-03-18-trump-putin-call",
    "comparison JSON": "/c/2025-03-18-trump-putin-call.json",
    "browse page": "/",
    "articles page": "/articles",
}


def codecs() -> dict[str, Callable[[bytes], bytes]]:
    found: dict[str, Callable[[bytes], bytes]] = {
        f"gzip -{level}": lambda body, level=level: _gzip(body, level) for level in (1, 6, 9)
    }
    try:
        import brotli  # type: ignore[import-not-found]
    except ImportError:
        return found
    for quality in (4, 11):
        found[f"brotli q{quality}"] = lambda body, q=quality: brotli.compress(body, quality=q)
    return found


def _gzip(body: bytes, level: int) -> bytes:
    compressor = zlib.compressobj(level, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    return compressor.compress(body) + compressor.flush()


def best_ms(function: Callable[[bytes], bytes], body: bytes, runs: int = 20) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        function(body)
        best = min(best, time.perf_counter() - started)
    return best * 1000


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        settings = loaded_corpus(corpus_settings(f"sqlite:///{folder}/readouts.db"))
        app = create_app(settings)
        with TestClient(app) as client:
            paths = dict(PATHS)
            stylesheet = client.get("/").text.split('rel="stylesheet" href="')[1].split('"')[0]
            paths["stylesheet"] = stylesheet
            bodies: dict[str, bytes] = {}
            print(f"{'page':<18} {'plain':>9} {'as sent (gzip)':>15} {'saved':>6}  encoding")
            for name, path in paths.items():
                plain = client.get(path, headers={"Accept-Encoding": "identity"})
                packed = client.get(path, headers={"Accept-Encoding": "gzip"})
                sent = int(packed.headers.get("content-length", len(packed.content)))
                encoding = packed.headers.get("content-encoding", "none")
                saved = 1 - sent / len(plain.content)
                print(f"{name:<18} {len(plain.content):>9,} {sent:>15,} {saved:>6.0%}  {encoding}")
                bodies[name] = plain.content
        app.state.db.dispose()
    print()
    print(f"{'codec':<11}" + "".join(f"{name:>24}" for name in bodies))
    for codec, function in codecs().items():
        cells = "".join(
            f"{len(function(body)):>13,} B {best_ms(function, body):>6.2f} ms"
            for body in bodies.values()
        )
        print(f"{codec:<11}{cells}")


if __name__ == "__main__":
    main()
