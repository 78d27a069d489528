"""Where the sample corpus lives, and which shipped article is which seed."""

from __future__ import annotations

import importlib.util
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
ARTICLES = REPO / "data" / "articles"
PAIRS = REPO / "data" / "pairs"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

SEED_FILES = {
    "000": "2025-05-20-moon-of-alabama-ukraine-negotiations-still-hover-around-root-cause.txt",
    "001": "2025-03-putin-trump-call-productive-conversation-new-detente.txt",
    "002": "2025-03-us-backs-zelensky-with-pre-rejected-ceasefire-scheme.txt",
    "003": "2025-03-19-thomas-fazi-trump-putin-call-no-breakthrough.txt",
    "004": "2025-us-led-ceasefire-talks-hold-potential-for-russia.txt",
}
# SHA-256 of the collected originals (the sample corpus as handed over), so a test can
# prove the shipped files are byte for byte those articles without reading anything
# outside the repository.
ORIGINAL_SHA256 = {
    "000": "5918c78f9fd089d98034ba8f8bb5b46a01523cbd76588d0394d0f63ad18b96c7",
    "001": "b0b59b3654a9989f6181a170217ba67d73568556212cdbe0c06909e504c4bf12",
    "002": "845759e81579fb224a37f889058f46118e04956aad8cd8d85dc734827351f3a2",
    "003": "1d0f948b3f6e90ac8a2ab66f7a2ef525a853528845f1d85fd1efdaef28bee278",
    "004": "eb29c2d1c84efa8c9fcf318651451e9514141722769a33d57628fb3ccd02f741",
}


def seed_raw(seed: str) -> str:
    return (ARTICLES / SEED_FILES[seed]).read_text(encoding="utf-8")


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def squash(text: str) -> str:
    """Whitespace-insensitive form (the seeds use no-break spaces between some words)."""
    return " ".join(text.split())


def html_pages() -> dict[str, bytes]:
    """The readout pages of fixtures/make_html.py, built from fixtures/readouts/ (name: page)."""
    spec = importlib.util.spec_from_file_location("make_html", FIXTURES / "make_html.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return {name: make().encode("utf-8") for name, make in module.PAGES.items()}
