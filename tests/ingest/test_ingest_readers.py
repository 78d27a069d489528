"""Reading article files and uploads: encodings, metadata, formats, folder listing."""

from __future__ import annotations

import datetime
import hashlib
import json
from pathlib import Path

import pytest
from ingest_seeds import ARTICLES, ORIGINAL_SHA256, SEED_FILES
from pdf_builder import one_page

from app.ingest.readers import (
    ArticleMeta,
    ReadError,
    iter_articles,
    read_bytes,
    read_file,
)

D = datetime.date


# --------------------------------------------------------------------------- shipped corpus

EXPECTED_META = {
    "000": ArticleMeta(
        title="Ukraine Negotiations Still Hover Around Its Root Cause",
        outlet="Moon of Alabama",
        date=D(2025, 5, 20),
        event_date=D(2025, 5, 19),
    ),
    "001": ArticleMeta(
        title="Imagine the Russian and American leaders having a productive "
        "2.5-hour-long conversation just two months ago",
        event_date=D(2025, 3, 18),
    ),
    "002": ArticleMeta(
        title="So Much for Trump’s Peace Deal with Russia: US Backs Zelensky "
        "with Pre-Rejected-by-Russia Ceasefire Scheme"
    ),
    "003": ArticleMeta(
        title="Trump-Putin phone call yields no breakthrough",
        author="Thomas Fazi",
        date=D(2025, 3, 19),
        event_date=D(2025, 3, 18),
    ),
    "004": ArticleMeta(
        title="International negotiations led by the U.S. for a ceasefire in "
        "Ukraine appear to hold potential for Russia, yet ambiguous cues "
        "arise among participants"
    ),
}


def test_corpus_lists_exactly_the_five_seeds() -> None:
    names = [p.name for p in iter_articles(ARTICLES)]
    assert names == sorted(SEED_FILES.values())


@pytest.mark.parametrize("seed", sorted(SEED_FILES))
def test_shipped_seed_metadata(seed: str) -> None:
    doc = read_file(ARTICLES / SEED_FILES[seed], ARTICLES)
    assert doc.name == SEED_FILES[seed]
    assert doc.format == "txt"
    assert doc.meta == EXPECTED_META[seed]
    assert doc.notes == ()


@pytest.mark.parametrize("seed", sorted(SEED_FILES))
def test_shipped_seed_bytes_are_the_originals(seed: str) -> None:
    shipped = (ARTICLES / SEED_FILES[seed]).read_bytes()
    assert hashlib.sha256(shipped).hexdigest() == ORIGINAL_SHA256[seed]


# --------------------------------------------------------------------------- metadata


def test_sidecar_metadata(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Title line\nBody.", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text(
        json.dumps(
            {
                "title": "T",
                "outlet": "O",
                "author": "A",
                "date": "2025-03-19",
                "url": "https://example.org/a",
                "event_date": "2025-03-18",
            }
        ),
        encoding="utf-8",
    )
    doc = read_file(tmp_path / "a.txt", tmp_path)
    assert doc.meta == ArticleMeta(
        "T", "O", "A", D(2025, 3, 19), "https://example.org/a", D(2025, 3, 18)
    )
    assert doc.raw == "Title line\nBody."


def test_front_matter_metadata_is_removed_from_the_text(tmp_path: Path) -> None:
    path = tmp_path / "b.md"
    path.write_text(
        '---\ntitle: "A: title"\ndate: 2025-05-20\nlayout: post\n---\n\n# Head\nBody.\n',
        encoding="utf-8",
    )
    doc = read_file(path)
    assert doc.meta == ArticleMeta(title="A: title", date=D(2025, 5, 20))
    assert doc.raw == "# Head\nBody.\n"
    assert doc.format == "md"


def test_sidecar_overrides_front_matter(tmp_path: Path) -> None:
    (tmp_path / "c.txt").write_text("---\ntitle: old\nauthor: Ann\n---\nBody", encoding="utf-8")
    (tmp_path / "c.meta.json").write_text('{"title": "new"}', encoding="utf-8")
    assert read_file(tmp_path / "c.txt").meta == ArticleMeta(title="new", author="Ann")


def test_text_starting_with_a_rule_is_not_front_matter() -> None:
    text = "---\nThis is a normal sentence, not metadata.\n---\nMore."
    assert read_bytes(text.encode(), "x.txt").raw == text


@pytest.mark.parametrize("sidecar", ['{"titel": "typo"}', '{"date": "19 March"}', "[1]", "{"])
def test_bad_sidecar_is_refused_with_its_name(tmp_path: Path, sidecar: str) -> None:
    (tmp_path / "d.txt").write_text("Body", encoding="utf-8")
    (tmp_path / "d.meta.json").write_text(sidecar, encoding="utf-8")
    with pytest.raises(ReadError, match=r"d\.meta\.json"):
        read_file(tmp_path / "d.txt")


# --------------------------------------------------------------------------- encodings

TEXT = "Café “quoted” — Київ\nsecond line"


@pytest.mark.parametrize(
    "data",
    [
        b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
        b"\xff\xfe" + TEXT.encode("utf-16-le"),
        b"\xfe\xff" + TEXT.encode("utf-16-be"),
        TEXT.replace("\n", "\r\n").encode("utf-8"),
    ],
)
def test_boms_and_line_endings(data: bytes) -> None:
    doc = read_bytes(data, "upload.txt")
    assert doc.raw == TEXT
    assert doc.notes == ()


def test_invalid_utf8_is_read_as_windows_1252_with_a_note() -> None:
    doc = read_bytes("Caf\u00e9 \u201cquoted\u201d".encode("cp1252"), "legacy.txt")
    assert doc.raw == "Café “quoted”"
    assert len(doc.notes) == 1 and "Windows-1252" in doc.notes[0]


def test_undecodable_bytes_are_refused() -> None:
    with pytest.raises(ReadError, match="not UTF-8"):
        read_bytes(b"abc \x81 def", "odd.txt")


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
        bytes(range(256)),
        b"\x01\x02\x03\x04\x05\x06 mostly control characters \x07\x08\x0e\x0f",
    ],
)
def test_binary_is_refused(data: bytes) -> None:
    with pytest.raises(ReadError, match="binary"):
        read_bytes(data, "picture.txt")


def test_unreadable_path_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match=r"missing\.txt"):
        read_file(tmp_path / "missing.txt")


# --------------------------------------------------------------------------- formats

PAGE = """<!doctype html><html><head><title>Page title | Site</title>
<meta property="og:title" content="The real title">
<meta property="og:site_name" content="Example News">
<meta name="author" content="Ann Lee">
<meta property="article:published_time" content="2025-03-19T08:00:00Z">
<link rel="canonical" href="https://example.org/story">
<script>var x = "do not show";</script><style>p {color: red}</style></head>
<body><nav><a href="/">Home</a> Menu</nav>
<article><h1>The real title</h1>
<p>The first paragraph of the story has plenty of words to count as the main text of the
page, so it is chosen over the whole body, which also carries the navigation.</p>
<p>Second &amp; last paragraph, with <em>inline</em> markup and a
line break.</p></article>
<footer>Copyright 2025 Example</footer></body></html>"""


def test_html_main_text_and_metadata() -> None:
    doc = read_bytes(PAGE.encode("utf-8"), "story.html")
    assert doc.format == "html"
    assert doc.raw.split("\n\n") == [
        "The real title",
        "The first paragraph of the story has plenty of words to count as the main text of the "
        "page, so it is chosen over the whole body, which also carries the navigation.",
        "Second & last paragraph, with inline markup and a line break.",
    ]
    assert doc.meta == ArticleMeta(
        title="The real title",
        outlet="Example News",
        author="Ann Lee",
        date=D(2025, 3, 19),
        url="https://example.org/story",
    )


def test_html_without_article_uses_body_without_scripts() -> None:
    doc = read_bytes(b"<html><body><p>Hello there.</p><script>x()</script></body></html>", "upload")
    assert (doc.format, doc.raw) == ("html", "Hello there.")


def test_pdf_text() -> None:
    doc = read_bytes(one_page("The Kremlin readout of the call."), "readout.pdf")
    assert doc.format == "pdf"
    assert doc.raw == "The Kremlin readout of the call."


def test_damaged_pdf_is_refused() -> None:
    with pytest.raises(ReadError, match=r"broken\.pdf"):
        read_bytes(b"%PDF-1.4\nthis is not really a pdf", "broken.pdf")


# --------------------------------------------------------------------------- folders


def test_iter_articles_skips_sidecars_manifests_hidden_and_readme(tmp_path: Path) -> None:
    for name in [
        "b.txt",
        "a.md",
        "c.html",
        "d.pdf",
        "a.meta.json",
        "pairs.json",
        ".hidden.txt",
        "README.md",
        "notes.docx",
        "sub/e.txt",
        ".git/f.txt",
    ]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    found = [p.relative_to(tmp_path).as_posix() for p in iter_articles(tmp_path)]
    assert found == ["a.md", "b.txt", "c.html", "d.pdf", "sub/e.txt"]
    assert read_file(tmp_path / "sub" / "e.txt", tmp_path).name == "sub/e.txt"


def test_iter_articles_on_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(ReadError):
        list(iter_articles(tmp_path / "nope"))
