"""Storing comparisons and ingesting folders: what a user sees in the database afterwards."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.config import DATA_DIR
from app.differ import DIFFER_VERSION
from app.differ.types import dump
from app.models import Article, Comparison, Statement
from app.services.comparisons import SideInput, current_alignment, store_comparison
from app.services.ingestion import ingest

WHITE_HOUSE_START = "Today, President Trump and President Putin spoke about the need for peace"
KREMLIN_END = "The presidents agreed to remain in contact on all issues raised."


def count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_same_pair_stored_twice_is_one_comparison_with_one_slug(session: Session) -> None:
    left = SideInput("White House", "The leaders agreed on a ceasefire in the Black Sea.")
    right = SideInput("Kremlin", "It was agreed to begin negotiations on the Black Sea.")
    first = store_comparison(session, title="A call", left=left, right=right)
    # Whitespace differences do not make a new pair.
    again = store_comparison(
        session,
        title="Same call, other title",
        left=SideInput("White House", "The leaders  agreed on a ceasefire\nin the Black Sea."),
        right=right,
    )
    assert first.created and not again.created
    assert again.comparison.slug == first.comparison.slug
    assert count(session, Comparison) == 1


def test_swapped_sides_are_a_different_comparison(session: Session) -> None:
    a = SideInput("A", "Both sides discussed energy infrastructure.")
    b = SideInput("B", "Energy infrastructure attacks will stop for thirty days.")
    one = store_comparison(session, title="x", left=a, right=b)
    two = store_comparison(session, title="x", left=b, right=a)
    assert one.comparison.slug != two.comparison.slug


def test_stored_alignment_is_recomputed_when_the_differ_changes(session: Session) -> None:
    stored = store_comparison(
        session,
        title="t",
        left=SideInput("A", "Talks on the Black Sea will begin."),
        right=SideInput("B", "Negotiations about the Black Sea will start."),
    )
    comparison = stored.comparison
    comparison.differ_version = "0.0-old"
    comparison.alignment = {**comparison.alignment, "links": []}
    session.commit()
    alignment = current_alignment(session, comparison)
    assert alignment.differ_version == DIFFER_VERSION
    session.refresh(comparison)
    assert comparison.differ_version == DIFFER_VERSION
    assert comparison.alignment["links"] == dump(alignment)["links"]


def test_ingesting_the_sample_corpus_creates_the_curated_comparison(session: Session) -> None:
    report = ingest(session, DATA_DIR / "articles", DATA_DIR / "pairs")
    assert len(report.added) == 5 and report.errors == []
    comparison = session.scalar(
        select(Comparison).where(Comparison.slug == "2025-03-18-trump-putin-call")
    )
    assert comparison is not None
    assert (comparison.left_label, comparison.right_label) == ("White House", "Kremlin")
    assert comparison.left_statement.text.startswith(WHITE_HOUSE_START)
    assert comparison.right_statement.text.rstrip().endswith(KREMLIN_END)
    assert comparison.differ_version == DIFFER_VERSION
    assert comparison.alignment["links"], "the two readouts share points; some must be linked"


def test_reingesting_changes_nothing(session: Session) -> None:
    first = ingest(session, DATA_DIR / "articles", DATA_DIR / "pairs")
    counts = [count(session, m) for m in (Article, Statement, Comparison)]
    again = ingest(session, DATA_DIR / "articles", DATA_DIR / "pairs")
    assert [count(session, m) for m in (Article, Statement, Comparison)] == counts
    assert again.added == [] and again.updated == []
    assert len(again.unchanged) == len(first.added)
    assert again.comparisons_created == []


def test_a_changed_file_updates_its_rows_and_keeps_its_links(
    session: Session, tmp_path: Path
) -> None:
    articles = tmp_path / "articles"
    shutil.copytree(DATA_DIR / "articles", articles)
    shutil.copytree(DATA_DIR / "pairs", tmp_path / "pairs")
    ingest(session, articles, tmp_path / "pairs")
    slugs = set(session.scalars(select(Comparison.slug)))
    fazi = next(p for p in articles.iterdir() if "fazi" in p.name and p.suffix == ".txt")
    fazi.write_text(fazi.read_text(encoding="utf-8") + "\nA new closing line.\n", encoding="utf-8")

    report = ingest(session, articles, tmp_path / "pairs")

    assert report.updated == [fazi.name]
    assert count(session, Article) == 5
    article = session.scalar(select(Article).where(Article.name == fazi.name))
    assert article is not None and "A new closing line." in article.raw_text
    assert set(session.scalars(select(Comparison.slug))) == slugs


def test_new_slugs_keep_words_apart_at_dashes_and_spell_other_scripts(session: Session) -> None:
    """'Biden–Putin' was 'bidenputin'; a title in Cyrillic gave no readable slug at all."""
    left = SideInput("A", "The leaders spoke about grain exports through the Black Sea.")
    right = SideInput("B", "Grain shipments across the Black Sea were discussed.")
    dashed = store_comparison(session, title="Biden–Putin call", left=left, right=right)
    assert dashed.comparison.slug.startswith("biden-putin-call-")
    cyrillic = store_comparison(session, title="Путин и Трамп", left=right, right=left)
    assert cyrillic.comparison.slug.startswith("putin-i-tramp-")
