"""Ingestion: a folder of articles becomes stored articles, statements and comparisons.

Reading, cleaning and extracting are the ingest package's (pure); this module stores what
they find, keeps statements that are still compared, and pairs what each article quotes.
Every comparison is stored through `comparisons.store_comparison`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.ingest import extract as extracting
from app.ingest.budget import ReadLimits, ReadTooLarge, ReadTooSlow
from app.ingest.clean import clean
from app.ingest.pairs import PairManifest, PairSide, pick_statement, read_manifests, side_text
from app.ingest.readers import Document, ReadError, iter_articles, read_bytes, read_file
from app.models import Article, Comparison, Statement
from app.services.collations import run_collation, set_collation, store_many, texts_hash
from app.services.comparisons import (
    by_pair_hash,
    find_by_slug,
    run_differ,
    set_alignment,
    set_members,
    side_input,
    statement_in_use,
    store_comparison,
)
from app.services.naming import pair_hash, slug_of, text_hash
from app.services.queries import index_words

__all__ = ["IngestReport", "ReadError", "ReadTooLarge", "ReadTooSlow", "ingest", "read_upload"]


def read_upload(data: bytes, filename: str, max_pdf_pages: int, budget_seconds: float) -> str:
    """The text of an uploaded statement file, read within the upload's limits.

    Raises ReadTooLarge (more pages or text than a statement can be), ReadTooSlow (over the
    processor-time budget) or another ReadError, each with a reason for a person.
    """
    limits = ReadLimits(max_pdf_pages=max_pdf_pages, budget_seconds=budget_seconds)
    return read_bytes(data, filename, limits).raw


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    statements: int = 0
    comparisons_created: list[str] = field(default_factory=list)
    comparisons_updated: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"articles: {len(self.added)} added, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged; statements extracted: {self.statements}; "
            f"comparisons: {len(self.comparisons_created)} created, "
            f"{len(self.comparisons_updated)} updated"
        )


def ingest(session: Session, articles_dir: Path, pairs_dir: Path | None = None) -> IngestReport:
    """Load a folder of articles, then the curated pair manifests, then pair what was found.

    Articles are committed in batches of whole articles (an article and its statements in
    the same transaction), so an interrupted run leaves whole articles only, and the next
    run picks up where it stopped.
    """
    report = IngestReport()
    touched: list[tuple[Article, list[extracting.Statement]]] = []
    known = {
        name: digest for name, digest in session.execute(select(Article.name, Article.content_hash))
    }
    pending: list[Article] = []
    for path in iter_articles(articles_dir):
        try:
            document = read_file(path, articles_dir)
        except ValueError as error:
            report.errors.append(f"{path.name}: {error}")
            continue
        article, found = _ingest_document(session, document, report, known)
        report.statements += len(article.statements)
        if found is not None:
            touched.append((article, found))
            pending.append(article)
        if len(pending) >= INGEST_BATCH:
            _commit_batch(session, pending)
    _commit_batch(session, pending)
    if pairs_dir is not None and pairs_dir.is_dir():
        for manifest in read_manifests(pairs_dir):
            _ingest_manifest(session, manifest, pairs_dir, report)
    compared: set[str] = set()  # pair hashes known to be stored
    for article, found in touched:
        _pair_article(session, article, found, report, compared)
    return report


INGEST_BATCH = 100  # articles per commit: each commit holds whole articles only


def _commit_batch(session: Session, articles: list[Article]) -> None:
    """Commit, then drop the texts of the committed articles from memory (pairing needs
    only their statements)."""
    session.commit()
    for article in articles:
        session.expire(article, ["raw_text", "clean_text", "removals"])
    articles.clear()


def document_hash(document: Document) -> str:
    meta = repr(sorted(vars(document.meta).items()))
    return hashlib.sha256((document.raw + "\x00" + meta).encode("utf-8")).hexdigest()


def _ingest_document(
    session: Session,
    document: Document,
    report: IngestReport,
    known: Mapping[str, str] | None = None,
) -> tuple[Article, list[extracting.Statement] | None]:
    """Store a new or changed article; also return what was extracted (None: unchanged).

    ``known``: name -> content hash of the stored articles, to skip the lookup of new ones;
    given, the caller commits.
    """
    digest = document_hash(document)
    article = (
        None
        if known is not None and document.name not in known
        else session.scalar(select(Article).where(Article.name == document.name))
    )
    if article is not None and article.content_hash == digest:
        report.unchanged.append(document.name)
        return article, None
    cleaned = clean(document.raw)
    if article is None:
        article = Article(name=document.name)
        session.add(article)
        report.added.append(document.name)
    else:
        report.updated.append(document.name)
    meta = document.meta
    article.title, article.outlet, article.author = meta.title, meta.outlet, meta.author
    article.published, article.event_date, article.url = meta.date, meta.event_date, meta.url
    article.format, article.raw_text, article.clean_text = (
        document.format,
        document.raw,
        cleaned.text,
    )
    article.removals = [
        {"start": r.start, "end": r.end, "reason": r.reason, "text": r.text}
        for r in cleaned.removals
    ]
    article.content_hash = digest
    found = extracting.extract(cleaned.text)
    _sync_statements(session, article, found)
    if known is None:
        session.commit()
    return article, found


def _sync_statements(
    session: Session, article: Article, found: Sequence[extracting.Statement]
) -> None:
    """Keep statements whose text did not change (their comparisons stay valid), add new ones.

    A statement that disappeared from its article but is still compared somewhere is detached
    from the article rather than deleted: a permalink must not break because a file changed.
    """
    kept = {(s.issuer, s.text_hash): s for s in article.statements}
    fresh: list[Statement] = []
    for item in found:
        key = (item.issuer, text_hash(item.text))
        statement = kept.pop(key, None) or Statement(
            issuer=item.issuer, text=item.text, text_hash=key[1]
        )
        statement.kind, statement.start, statement.end = item.kind, item.start, item.end
        fresh.append(statement)
    for gone in kept.values():
        if statement_in_use(session, gone):
            gone.article = None
        else:
            session.delete(gone)
    article.statements = fresh


def _ingest_manifest(
    session: Session, manifest: PairManifest, pairs_dir: Path, report: IngestReport
) -> None:
    try:
        resolved = [_resolve_side(session, side, pairs_dir) for side in manifest.sides]
    except LookupError as error:
        report.errors.append(f"{manifest.name}: {error}")
        return
    if len(resolved) > 2:
        _ingest_many(session, manifest, resolved, report)
        return
    left, right = resolved
    existing = find_by_slug(session, manifest.slug)
    if existing is None:
        stored = store_comparison(
            session,
            title=manifest.title,
            date=manifest.date,
            left=left,
            right=right,
            slug=manifest.slug,
            origin="curated",
        )
        if stored.created:
            report.comparisons_created.append(stored.comparison.slug)
        return
    if existing.pair_hash == pair_hash(left.text, right.text):
        return
    _replace_sides(session, existing, left, right, manifest.title, manifest.date)
    session.commit()
    report.comparisons_updated.append(existing.slug)


def _ingest_many(
    session: Session, manifest: PairManifest, statements: list[Statement], report: IngestReport
) -> None:
    """Three accounts or more of one event: stored as a grid of points, re-collated when a
    statement's text changes, under the manifest's slug."""
    existing = find_by_slug(session, manifest.slug)
    if existing is None:
        stored = store_many(
            session,
            title=manifest.title,
            date=manifest.date,
            statements=statements,
            slug=manifest.slug,
            origin="curated",
        )
        if stored.created:
            report.comparisons_created.append(stored.comparison.slug)
        return
    if existing.pair_hash == texts_hash([s.text for s in statements]):
        return
    labels = [s.issuer for s in statements]
    existing.title, existing.date = manifest.title, manifest.date
    set_members(existing, statements, labels)
    existing.pair_hash = texts_hash([s.text for s in statements])
    set_collation(existing, run_collation([side_input(s) for s in statements]))
    texts = [s.text for s in statements]
    index_words(session, existing, [manifest.title, *labels, *texts])
    session.commit()
    report.comparisons_updated.append(existing.slug)


def _replace_sides(
    session: Session,
    comparison: Comparison,
    left: Statement,
    right: Statement,
    title: str,
    date: dt.date | None,
) -> None:
    comparison.title, comparison.date = title, date
    set_members(comparison, [left, right], [left.issuer, right.issuer])
    comparison.pair_hash = pair_hash(left.text, right.text)
    set_alignment(comparison, run_differ(side_input(left), side_input(right)))
    index_words(session, comparison, [title, left.issuer, right.issuer, left.text, right.text])


def _resolve_side(session: Session, side: PairSide, pairs_dir: Path) -> Statement:
    if side.file is not None:
        return _standalone_statement(session, side, side_text(side, pairs_dir))
    article = session.scalar(select(Article).where(Article.name == side.article))
    if article is None:
        raise LookupError(f"article {side.article!r} is not in the corpus")
    statements = list(article.statements)
    chosen = pick_statement(side, [_as_found(s) for s in statements])
    if chosen is None:
        raise LookupError(f"no statement by {side.issuer!r} found in {side.article!r}")
    statement = statements[[s.start for s in statements].index(chosen.start)]
    if side.source and not statement.source:
        statement.source = side.source
    return statement


def _standalone_statement(session: Session, side: PairSide, text: str) -> Statement:
    digest = text_hash(text)
    query = select(Statement).where(
        Statement.article_id.is_(None),
        Statement.issuer == side.issuer,
        Statement.text_hash == digest,
    )
    existing = session.scalar(query.limit(1))
    if existing is not None:
        return existing
    statement = Statement(
        issuer=side.issuer, text=text, kind="curated", source=side.source, text_hash=digest
    )
    session.add(statement)
    return statement


def _pair_article(
    session: Session,
    article: Article,
    found: list[extracting.Statement],
    report: IngestReport,
    compared: set[str],
) -> None:
    """Compare the statements an article sets against each other (unless already compared).

    `compared` holds the pair hashes this run has already seen, sparing a query for each
    repeat across articles that quote the same statements."""
    stored = {(s.issuer, s.text_hash): s for s in article.statements}
    for pair in extracting.pair_statements(found):
        left = stored.get((found[pair.left].issuer, text_hash(found[pair.left].text)))
        right = stored.get((found[pair.right].issuer, text_hash(found[pair.right].text)))
        if left is None or right is None:
            continue
        digest = pair_hash(left.text, right.text)
        if digest in compared:
            continue
        compared.add(digest)
        if by_pair_hash(session, digest) is not None:
            continue
        date = article.event_date or article.published
        base = slug_of(f"{date.isoformat() if date else ''} {left.issuer} vs {right.issuer}")
        title = f"{left.issuer} vs {right.issuer}"
        if article.title:
            title += f", as quoted in “{article.title}”"
        result = store_comparison(
            session, title=title, date=date, left=left, right=right, slug=base, origin="article"
        )
        if result.created:
            report.comparisons_created.append(result.comparison.slug)


def _as_found(statement: Statement) -> extracting.Statement:
    return extracting.Statement(
        issuer=statement.issuer,
        text=statement.text,
        start=statement.start or 0,
        end=statement.end or 0,
        kind=statement.kind,
    )
