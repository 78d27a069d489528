"""Services: the only place that touches the database for the web and the CLI.

By noun: `comparisons` (store, find, show, delete), `ingestion` (the pipeline), `queries`
(browse, search, articles), `shapes` (what each page shows, and its JSON). The arrows go one
way: web and cli -> services -> (differ, ingest, models); the web imports nothing else.
"""

from app.db import Database

__all__ = ["Database"]
