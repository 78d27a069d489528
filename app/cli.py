"""`readouts serve | ingest | align | realign | export-gold | export`: the command line,
a thin layer over services."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from app.config import Settings

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def main(argv: Sequence[str] | None = None) -> int:
    from pydantic import ValidationError

    from app.db import DatabaseUnreachable

    parser = _parser()
    args = parser.parse_args(argv)
    handler = args.handler
    try:
        result: int = handler(args)
    except DatabaseUnreachable as error:
        print(f"readouts: {error}", file=sys.stderr)
        return 1
    except ValidationError as error:  # a setting from the environment is not valid
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
        print(f"readouts: invalid setting: {problems}", file=sys.stderr)
        return 2
    return result


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="readouts", description=__doc__)
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="migrate, ingest the sample corpus and serve the app")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.add_argument("--no-ingest", action="store_true", help="serve without ingesting first")
    serve.add_argument(
        "--access-log", action="store_true", help="log every request (costs throughput)"
    )
    serve.set_defaults(handler=_serve)

    ingest = commands.add_parser("ingest", help="load a folder of articles into the database")
    ingest.add_argument(
        "path", nargs="?", type=Path, help="folder of articles (default data/articles)"
    )
    ingest.set_defaults(handler=_ingest)

    align = commands.add_parser(
        "align", help="align two statement files offline (or up to six: who said what)"
    )
    align.add_argument("files", type=Path, nargs="+", metavar="FILE", help="2 to 6 text files")
    align.add_argument("--json", action="store_true", help="print the JSON contract")
    align.add_argument("--left-label", default=None)
    align.add_argument("--right-label", default=None)
    align.add_argument(
        "--label",
        action="append",
        default=[],
        help="issuer of each file, in order (repeat it; default: the file names)",
    )
    align.set_defaults(handler=_align)

    realign = commands.add_parser(
        "realign",
        help="re-align stored comparisons made by an older differ "
        "(those corrected by hand keep their links and get a proposal)",
    )
    realign.set_defaults(handler=_realign)

    gold = commands.add_parser(
        "export-gold", help="write every hand-corrected comparison in the gold form of data/eval/"
    )
    gold.add_argument("folder", type=Path, help="where to write SLUG.json and its two texts")
    gold.set_defaults(handler=_export_gold)

    export = commands.add_parser(
        "export", help="write a stored comparison as CSV, Markdown, standalone HTML or JSON"
    )
    export.add_argument("slug", help="the comparison's slug, as in /c/SLUG")
    export.add_argument("--format", choices=["csv", "md", "html", "json"], default="csv")
    export.add_argument(
        "--output", "-o", type=Path, default=None, help="file to write (default: standard output)"
    )
    export.set_defaults(handler=_export)
    return parser


@contextmanager
def _session(settings: Settings) -> Iterator[Session]:
    """A session on the migrated database, closed (and its engine disposed) after use."""
    from app.db import check_database, make_engine, make_session_factory
    from app.migrate import upgrade

    check_database(settings)
    engine = make_engine(settings)
    try:
        upgrade(settings, engine)
        with make_session_factory(engine)() as session:
            yield session
    finally:
        engine.dispose()


def _realign(args: argparse.Namespace) -> int:
    from app.services.realigning import realign

    with _session(Settings()) as session:
        print(realign(session).summary())
    return 0


def _export_gold(args: argparse.Namespace) -> int:
    from app.services.gold import export_gold

    with _session(Settings()) as session:
        written = export_gold(session, args.folder)
    for item in written:
        print(f"{item.path} (revision {item.revision})")
    print(f"{len(written)} hand-corrected comparison{'' if len(written) == 1 else 's'} written")
    return 0


def _migrate_and_ingest(settings: Settings, articles: Path, pairs: Path | None) -> int:
    from app.db import check_database, make_engine, make_session_factory
    from app.migrate import upgrade
    from app.services.ingestion import ingest

    check_database(settings)
    engine = make_engine(settings)
    try:
        upgrade(settings, engine)
        with make_session_factory(engine)() as session:
            report = ingest(session, articles, pairs)
    finally:
        engine.dispose()
    print(report.summary())
    for error in report.errors:
        print(f"skipped: {error}", file=sys.stderr)
    return 0


def _ingest(args: argparse.Namespace) -> int:
    settings = Settings()
    folder: Path = args.path or settings.articles_dir
    if not folder.is_dir():
        print(f"readouts: {folder} is not a folder", file=sys.stderr)
        return 2
    pairs = settings.pairs_dir if args.path is None else folder.parent / "pairs"
    return _migrate_and_ingest(settings, folder, pairs if pairs.is_dir() else None)


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    settings = Settings()
    if args.no_ingest:
        from app.db import check_database
        from app.migrate import upgrade

        check_database(settings)
        upgrade(settings)
    else:
        _migrate_and_ingest(settings, settings.articles_dir, settings.pairs_dir)
    # Workers are separate processes: they rebuild the app from the same environment.
    os.environ.setdefault("DATABASE_URL", settings.database_url)
    uvicorn.run(
        "app.main:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        access_log=args.access_log,
    )
    return 0


def _align(args: argparse.Namespace) -> int:
    from app.differ.report import format_points, format_text
    from app.services.collations import MAX_STATEMENTS, collated
    from app.services.comparisons import SideInput, dump_json, run_differ
    from app.services.shapes import to_json

    files: list[Path] = args.files
    if not 2 <= len(files) <= MAX_STATEMENTS:
        print(f"readouts: give 2 to {MAX_STATEMENTS} files, not {len(files)}", file=sys.stderr)
        return 2
    labels = [path.stem for path in files]
    labels[0] = args.left_label or labels[0]
    labels[1] = args.right_label or labels[1]
    for k, label in enumerate(args.label[: len(files)]):
        labels[k] = label
    texts = []
    for path in files:
        try:
            texts.append(path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError) as error:
            print(f"readouts: cannot read {path}: {error}", file=sys.stderr)
            return 2
    sides = [SideInput(label, text) for label, text in zip(labels, texts, strict=True)]
    if len(sides) > 2:
        if args.json:
            print(collated(sides, None, lambda made: to_json(made)).decode("utf-8"))
        else:
            from app.services.collations import run_collation

            print(format_points(run_collation(sides)), end="")
        return 0
    alignment = run_differ(sides[0], sides[1])
    if args.json:
        print(dump_json(alignment, indent=1).decode("utf-8"))
    else:
        print(format_text(alignment))
    return 0


def _export(args: argparse.Namespace) -> int:
    """The same bytes as /c/SLUG.csv (.md, .html, .json) on a server with the same settings."""
    from app.db import Database, check_database
    from app.migrate import upgrade
    from app.services.collations import show_any
    from app.services.grid_exports import export_any
    from app.web.urls import Urls

    settings = Settings()
    check_database(settings)
    upgrade(settings)  # as serve does: the stored alignments are read in the current schema
    db = Database.open(settings)
    try:
        shown = show_any(db, Urls(), args.slug)
        if shown is None:
            print(f"readouts: there is no comparison {args.slug!r}", file=sys.stderr)
            return 1
        body = export_any(shown.page, args.format, settings.public_origin)
    finally:
        db.dispose()
    if args.output is None:
        sys.stdout.buffer.write(body)
        sys.stdout.buffer.flush()
        return 0
    try:
        args.output.write_bytes(body)
    except OSError as error:
        print(f"readouts: cannot write {args.output}: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
