"""A database holding comparisons from before revisions existed: after the upgrade they are
shown as before, their delete links still delete, and the same secret now opens the editor."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient
from sqlalchemy import text

from app.config import Settings
from app.db import make_engine
from app.differ import align
from app.differ.types import dump
from app.main import create_app
from app.migrate import downgrade, upgrade
from app.services.naming import token_digest
from tests.corrections.helpers import LEFT, RIGHT

BEFORE = "0005"  # the head before revisions


def test_comparisons_and_delete_links_survive_the_revisions_migration(
    settings: Settings,
) -> None:
    engine = make_engine(settings)
    upgrade(settings, engine, BEFORE)
    alignment = dump(align(LEFT, RIGHT, left_label="White House", right_label="PMO"))
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO statements (id, issuer, text, kind, text_hash) VALUES "
                "(1, 'White House', :left, 'upload', 'a'), (2, 'PMO', :right, 'upload', 'b')"
            ),
            {"left": LEFT, "right": RIGHT},
        )
        for row_id, slug in ((1, "kept"), (2, "deleted")):
            conn.execute(
                text(
                    "INSERT INTO comparisons (id, slug, title, origin, unlisted, pair_hash, "
                    "left_statement_id, right_statement_id, left_label, right_label, "
                    "differ_version, delete_token_hash, left_coverage, right_coverage, "
                    "created_at, updated_at) VALUES (:id, :slug, 'Call', 'upload', :unlisted, "
                    ":hash, 1, 2, 'White House', 'PMO', :version, :token, 0, 0, "
                    "'2025-01-01', '2025-01-01')"
                ),
                {
                    "id": row_id,
                    "slug": slug,
                    "unlisted": row_id == 2,
                    "hash": f"h{row_id}",
                    "version": alignment["differ_version"],
                    "token": token_digest(f"secret-{slug}"),
                },
            )
            conn.execute(
                text("INSERT INTO alignments (comparison_id, data) VALUES (:id, :data)"),
                {"id": row_id, "data": json.dumps(alignment)},
            )
    upgrade(settings, engine)
    engine.dispose()

    app = create_app(settings)
    try:
        with TestClient(app) as client:
            assert client.get("/c/kept.json").json()["links"] == alignment["links"]
            assert client.get("/c/deleted/delete", params={"token": "secret-deleted"}).is_success
            gone = client.post("/c/deleted/delete", data={"token": "secret-deleted"})
            assert gone.status_code == 200 and client.get("/c/deleted").status_code == 404
            editor = client.get("/c/kept/edit", params={"token": "secret-kept"})
            assert editor.status_code == 200 and "Save as revision 2" in editor.text
            first = alignment["links"][0]
            removed = ",".join(map(str, first["left"])) + "/" + ",".join(map(str, first["right"]))
            saved = client.post(
                "/c/kept/edit",
                data={"token": "secret-kept", "base": "1", "remove": removed},
                follow_redirects=False,
            )
            assert saved.status_code == 303
            assert len(client.get("/c/kept.json").json()["links"]) == len(alignment["links"]) - 1
    finally:
        app.state.db.dispose()
    engine = make_engine(settings)
    try:
        downgrade(settings, engine, BEFORE)  # the revisions go; the comparison stays
        with engine.connect() as conn:
            assert conn.execute(text("SELECT slug FROM comparisons")).scalars().all() == ["kept"]
    finally:
        engine.dispose()
