"""The one place two texts become a stored comparison, and files become stored articles.

Web pages, the API and the CLI all come through here, so deduplication, the differ run and
the differ-version check happen the same way whoever asks.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import delete, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.differ import DIFFER_VERSION, align
from app.differ.types import Alignment
from app.ingest import extract as extracting
from app.ingest.clean import clean
from app.ingest.pairs import PairManifest, PairSide, pick_statement, read_manifests, side_text
from app.ingest.readers import Document, iter_articles, read_file
from app.models import Article, Comparison, SearchWord, Statement
from app.search import words_of

# ---------------------------------------------------------------------------------------------
# Comparisons


@dataclass(frozen=True)
class SideInput:
    """One side of a pair as a person or a manifest gives it."""

    label: str
    text: str
    source: str | None = None


def normalise_text(text: str) -> str:
    """The form two texts are compared in for deduplication: NFC, whitespace folded."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def pair_hash(left: str, right: str) -> str:
    joined = normalise_text(left) + "\x00" + normalise_text(right)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()


def text_hash(text: str) -> str:
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def slugify(text: str, limit: int = 60) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:limit].rstrip("-")


def coverage(alignment: Alignment) -> tuple[float, float]:
    """Share of each side's clauses that have a counterpart on the other side."""

    def share(total: int, alone: int) -> float:
        return round((total - alone) / total, 3) if total else 0.0

    return (
        share(len(alignment.left.clauses), len(alignment.unlinked("left"))),
        share(len(alignment.right.clauses), len(alignment.unlinked("right"))),
    )


def run_differ(left: SideInput, right: SideInput, budget: float | None = None) -> Alignment:
    """Align two sides; with a budget (seconds), raise AlignmentTimeout past it."""
    return align(
        left.text, right.text, left_label=left.label, right_label=right.label, budget_seconds=budget
    )


def plausible_slug(slug: str) -> bool:
    """Slugs are short and printable; anything else cannot exist, so skip the database."""
    return 0 < len(slug) <= 200 and slug.isprintable()


def _by_pair_hash(session: Session, digest: str) -> Comparison | None:
    return session.scalar(select(Comparison).where(Comparison.pair_hash == digest))


def find_by_slug(session: Session, slug: str) -> Comparison | None:
    if not plausible_slug(slug):
        return None
    return session.scalar(select(Comparison).where(Comparison.slug == slug))


def current_alignment(session: Session, comparison: Comparison) -> Alignment:
    """The stored alignment, recomputed and saved once when a newer differ made it stale."""
    if comparison.differ_version == DIFFER_VERSION:
        return Alignment.from_dict(comparison.alignment)
    left = SideInput(comparison.left_label, comparison.left_statement.text)
    right = SideInput(comparison.right_label, comparison.right_statement.text)
    _set_alignment(comparison, run_differ(left, right))
    session.commit()
    return Alignment.from_dict(comparison.alignment)


def _set_alignment(comparison: Comparison, alignment: Alignment) -> None:
    comparison.alignment = alignment.to_dict()
    comparison.differ_version = alignment.differ_version
    comparison.left_coverage, comparison.right_coverage = coverage(alignment)


def _index_words(session: Session, comparison: Comparison, texts: Sequence[str]) -> None:
    """Keep the comparison's search words in step with its title, labels and texts.

    Written with one multi-row statement: a readout has hundreds of distinct words, and
    the ORM's row-by-row unit of work would triple the time to store a new pair.
    """
    session.flush()
    session.execute(delete(SearchWord).where(SearchWord.comparison_id == comparison.id))
    rows = [{"word": w, "comparison_id": comparison.id} for w in sorted(words_of(texts))]
    if rows:
        session.execute(insert(SearchWord), rows)


def _unique_slug(session: Session, base: str) -> str:
    slug, n = base, 1
    while find_by_slug(session, slug) is not None:
        n += 1
        slug = f"{base}-{n}"
    return slug


def upload_slug(title: str, digest: str) -> str:
    """Readable and stable: the title for people, the pair's hash for uniqueness."""
    stem = slugify(title, limit=48)
    return f"{stem}-{digest[:12]}" if stem else digest[:16]


def unlisted_slug() -> str:
    """128 random bits: an unlisted comparison cannot be found by guessing or by its texts."""
    return secrets.token_urlsafe(16)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Stored:
    comparison: Comparison
    created: bool
    delete_token: str | None = None  # given once, to whoever created an uploaded comparison


def store_comparison(
    session: Session,
    *,
    title: str,
    left: SideInput | Statement,
    right: SideInput | Statement,
    date: dt.date | None = None,
    slug: str | None = None,
    origin: str = "upload",
    unlisted: bool = False,
    budget: float | None = None,
) -> Stored:
    """Store a pair once: the same two texts always come back as the same comparison."""
    left_side, right_side = _side_input(left), _side_input(right)
    digest = pair_hash(left_side.text, right_side.text)
    existing = _by_pair_hash(session, digest)
    if existing is not None:
        return Stored(existing, created=False)
    if unlisted:
        slug = unlisted_slug()
    delete_token = secrets.token_urlsafe(24) if origin == "upload" else None
    comparison = Comparison(
        slug=_unique_slug(session, slug or upload_slug(title, digest)),
        delete_token_hash=token_digest(delete_token) if delete_token else None,
        title=title,
        date=date,
        origin=origin,
        unlisted=unlisted,
        pair_hash=digest,
        left_statement=_statement_for(left, "upload"),
        right_statement=_statement_for(right, "upload"),
        left_label=left_side.label,
        right_label=right_side.label,
    )
    _set_alignment(comparison, run_differ(left_side, right_side, budget))
    session.add(comparison)
    try:
        _index_words(
            session,
            comparison,
            [title, left_side.label, right_side.label, left_side.text, right_side.text],
        )
        session.commit()
    except IntegrityError:
        # Another writer stored the same pair (or took the slug) first: theirs is ours.
        session.rollback()
        again = _by_pair_hash(session, digest)
        if again is None:
            raise
        return Stored(again, created=False)
    return Stored(comparison, created=True, delete_token=delete_token)


def delete_comparison(session: Session, comparison: Comparison, token: str) -> bool:
    """Delete with the uploader's secret; curated comparisons have none and stay."""
    expected = comparison.delete_token_hash
    if not expected or not hmac.compare_digest(expected, token_digest(token)):
        return False
    statements = [comparison.left_statement, comparison.right_statement]
    session.delete(comparison)
    session.flush()
    for statement in statements:
        if statement.article_id is None and not _is_compared(session, statement):
            session.delete(statement)
    session.commit()
    return True


def _side_input(side: SideInput | Statement) -> SideInput:
    if isinstance(side, Statement):
        return SideInput(side.issuer, side.text, side.source)
    return side


def _statement_for(side: SideInput | Statement, kind: str) -> Statement:
    if isinstance(side, Statement):
        return side
    return Statement(
        issuer=side.label,
        text=side.text,
        kind=kind,
        source=side.source,
        text_hash=text_hash(side.text),
    )


# ---------------------------------------------------------------------------------------------
# Ingestion


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
        if _is_compared(session, gone):
            gone.article = None
        else:
            session.delete(gone)
    article.statements = fresh


def _is_compared(session: Session, statement: Statement) -> bool:
    if statement.id is None:
        return False
    query = select(Comparison.id).where(
        (Comparison.left_statement_id == statement.id)
        | (Comparison.right_statement_id == statement.id)
    )
    return session.scalar(query.limit(1)) is not None


def _ingest_manifest(
    session: Session, manifest: PairManifest, pairs_dir: Path, report: IngestReport
) -> None:
    try:
        left = _resolve_side(session, manifest.left, pairs_dir)
        right = _resolve_side(session, manifest.right, pairs_dir)
    except LookupError as error:
        report.errors.append(f"{manifest.name}: {error}")
        return
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


def _replace_sides(
    session: Session,
    comparison: Comparison,
    left: Statement,
    right: Statement,
    title: str,
    date: dt.date | None,
) -> None:
    comparison.title, comparison.date = title, date
    comparison.left_statement, comparison.right_statement = left, right
    comparison.left_label, comparison.right_label = left.issuer, right.issuer
    comparison.pair_hash = pair_hash(left.text, right.text)
    _set_alignment(comparison, run_differ(_side_input(left), _side_input(right)))
    _index_words(session, comparison, [title, left.issuer, right.issuer, left.text, right.text])


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
        if _by_pair_hash(session, digest) is not None:
            continue
        date = article.event_date or article.published
        base = slugify(f"{date.isoformat() if date else ''} {left.issuer} vs {right.issuer}")
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
