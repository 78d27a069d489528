"""The stored nouns: articles, the statements found in them, comparisons of two to six
statements, and the revisions of a comparison corrected by hand."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    event,
    text,
    update,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from app.packing import pack, unpack

# Named constraints make Alembic migrations identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Article(Base):
    """One ingested file: its text as found, as cleaned, and what cleaning removed."""

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)
    title: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(String(255))
    author: Mapped[str | None] = mapped_column(String(255))
    published: Mapped[dt.date | None] = mapped_column(Date)
    event_date: Mapped[dt.date | None] = mapped_column(Date)
    url: Mapped[str | None] = mapped_column(Text)
    format: Mapped[str] = mapped_column(String(16))
    raw_text: Mapped[str] = mapped_column(Text)
    clean_text: Mapped[str] = mapped_column(Text)
    removals: Mapped[list[Any]] = mapped_column(JSON, default=list)
    content_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    statements: Mapped[list[Statement]] = relationship(
        back_populates="article", order_by="Statement.start", cascade="all, delete-orphan"
    )


class Statement(Base):
    """A statement by one issuer: quoted in an article (with its offsets) or given directly."""

    __tablename__ = "statements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    issuer: Mapped[str] = mapped_column(String(255))
    text: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(32))
    start: Mapped[int | None] = mapped_column(Integer)
    end: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str | None] = mapped_column(Text)
    text_hash: Mapped[str] = mapped_column(String(64), index=True)

    article: Mapped[Article | None] = relationship(back_populates="statements")


# The listing's order in a PostgreSQL index's columns (see Comparison's indexes).
NEWEST_FIRST = {"date": "DESC NULLS LAST", "id": "DESC"}


class Comparison(Base):
    """Two statements side by side, with the stored alignment and the differ version that made it.

    Its words are in the search index (app/services/search_index.py: FTS5 on SQLite, a
    tsvector on PostgreSQL), made by migration 0006 and not described here: neither
    engine's table has a portable SQLAlchemy type.

    `pair_hash` identifies the pair by its normalised texts, so the same pair stored twice
    listed gets one row and one link. It is unique among listed comparisons only: each
    unlisted comparison is a row of its own, whatever its texts (see store_comparison).
    """

    __tablename__ = "comparisons"
    __table_args__ = (
        # Lists walk these in listing order: newest first, undated last. SQLite walks an
        # ascending index backwards in that order (its NULLs sort first); PostgreSQL's sort
        # last, so there they are built in that order, or every list would sort its matches.
        Index("ix_comparisons_listing", "unlisted", "date", "id", postgresql_ops=NEWEST_FIRST),
        # An issuer's page walks its label in listing order (app/services/listing.py).
        Index(
            "ix_comparisons_left_label",
            "unlisted",
            "left_label",
            "date",
            "id",
            postgresql_ops=NEWEST_FIRST,
        ),
        Index(
            "ix_comparisons_right_label",
            "unlisted",
            "right_label",
            "date",
            "id",
            postgresql_ops=NEWEST_FIRST,
        ),
        Index("ix_comparisons_updated", "unlisted", "updated_at"),
        Index(
            "uq_comparisons_listed_pair",
            "pair_hash",
            unique=True,
            sqlite_where=text("unlisted = false"),
            postgresql_where=text("unlisted = false"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    title: Mapped[str] = mapped_column(Text)
    date: Mapped[dt.date | None] = mapped_column(Date)
    origin: Mapped[str] = mapped_column(String(16))
    unlisted: Mapped[bool] = mapped_column(Boolean, default=False)
    pair_hash: Mapped[str] = mapped_column(String(64))
    left_statement_id: Mapped[int] = mapped_column(ForeignKey("statements.id"))
    right_statement_id: Mapped[int] = mapped_column(ForeignKey("statements.id"))
    left_label: Mapped[str] = mapped_column(String(255))
    right_label: Mapped[str] = mapped_column(String(255))
    differ_version: Mapped[str] = mapped_column(String(32))
    delete_token_hash: Mapped[str | None] = mapped_column(String(64))
    left_coverage: Mapped[float] = mapped_column(default=0.0)
    right_coverage: Mapped[float] = mapped_column(default=0.0)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    left_statement: Mapped[Statement] = relationship(foreign_keys=[left_statement_id])
    right_statement: Mapped[Statement] = relationship(foreign_keys=[right_statement_id])
    stored_alignment: Mapped[StoredAlignment] = relationship(
        back_populates="comparison", cascade="all, delete-orphan", uselist=False
    )
    # All statements, positions 0..n-1 (2 to 6); 0 and 1 are also left/right above.
    members: Mapped[list[ComparisonStatement]] = relationship(
        back_populates="comparison",
        cascade="all, delete-orphan",
        order_by="ComparisonStatement.position",
    )

    @property
    def alignment(self) -> dict[str, Any]:
        """The stored alignment in the contract's form (unpacked: see app/packing.py)."""
        return unpack(self.stored_alignment.data, self._texts())

    @alignment.setter
    def alignment(self, data: dict[str, Any]) -> None:
        packed = pack(data, self._texts())
        if self.stored_alignment is None:
            self.stored_alignment = StoredAlignment(data=packed)
        else:
            self.stored_alignment.data = packed

    def _texts(self) -> tuple[str | None, str | None]:
        left, right = self.left_statement, self.right_statement
        return (left.text if left else None, right.text if right else None)


class ComparisonStatement(Base):
    """One statement of a comparison, at its position, with the issuer label it is shown under.

    Every comparison has a row per statement; those of three statements or more have no
    other place for their third and later statements, and two-statement ones are read
    through their left/right columns as before (which positions 0 and 1 mirror).
    """

    __tablename__ = "comparison_statements"
    # Issuer pages and the issuer menu read later statements (position >= 2) by this index.
    __table_args__ = (Index("ix_comparison_statements_position_label", "position", "label"),)

    comparison_id: Mapped[int] = mapped_column(
        ForeignKey("comparisons.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("statements.id"), index=True)
    label: Mapped[str] = mapped_column(String(255))

    comparison: Mapped[Comparison] = relationship(back_populates="members")
    statement: Mapped[Statement] = relationship()


class StoredAlignment(Base):
    """The differ's result for a comparison, kept apart so that lists never read it."""

    __tablename__ = "alignments"

    comparison_id: Mapped[int] = mapped_column(
        ForeignKey("comparisons.id", ondelete="CASCADE"), primary_key=True
    )
    data: Mapped[dict[str, Any]] = mapped_column(JSON)

    comparison: Mapped[Comparison] = relationship(back_populates="stored_alignment")


class Revision(Base):
    """One saved state of a two-statement comparison's alignment: the automatic one (`auto`)
    or one corrected by hand (`hand`), numbered 1, 2, … per comparison.

    Nothing is overwritten: each save adds a row, holding the whole alignment as shown at
    that revision (clauses included, since a newer differ may cut the texts differently).
    The unique number is what makes two editors saving from the same revision collide: the
    second insert fails, and the second editor is told to reload (409). A comparison nobody
    corrected has no rows; its automatic alignment counts as revision 1.
    """

    __tablename__ = "revisions"
    __table_args__ = (UniqueConstraint("comparison_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    comparison_id: Mapped[int] = mapped_column(ForeignKey("comparisons.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)
    changed: Mapped[int] = mapped_column(Integer, default=0)  # links unlike the automatic ones
    differ_version: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Proposal(Base):
    """A newer differ's automatic alignment of a comparison corrected by hand: shown beside
    the hand-corrected links, for an editor to accept (a new revision) or dismiss."""

    __tablename__ = "proposals"

    comparison_id: Mapped[int] = mapped_column(
        ForeignKey("comparisons.id", ondelete="CASCADE"), primary_key=True
    )
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    differ_version: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ListingState(Base):
    """One row whose generation goes up with every change to any comparison.

    Browse pages are cached under it: reading one row is far cheaper than counting the
    listing on every request, and every worker and machine sees the same value.
    """

    __tablename__ = "listing_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    generation: Mapped[int] = mapped_column(Integer, default=0)


@event.listens_for(Session, "before_flush")
def _bump_listing_generation(session: Session, _context: object, _instances: object) -> None:
    changed = (*session.new, *session.dirty, *session.deleted)
    if any(isinstance(item, Comparison) for item in changed):
        session.execute(
            update(ListingState)
            .where(ListingState.id == 1)
            .values(generation=ListingState.generation + 1)
        )
