"""A newer differ re-aligns only comparisons nobody corrected; a corrected one keeps its links
and shows the newer alignment as a proposal, on the page and through `readouts realign`.
`readouts export-gold` writes the hand-corrected ones in the gold form of data/eval/."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text

from app.cli import main
from app.config import Settings
from app.services.comparisons import DIFFER_VERSION
from tests.benchmarks.scoring import score
from tests.corrections.helpers import Made, body, form, made_from, revision_line
from tests.corrections.test_editing import edit

OLD = "1.9-old"


def made_by_an_older_differ(app: FastAPI, *slugs: str) -> None:
    with app.state.db.engine.begin() as conn:
        for slug in slugs:
            conn.execute(
                text("UPDATE comparisons SET differ_version = :old WHERE slug = :slug"),
                {"old": OLD, "slug": slug},
            )


def corrected(client: TestClient, note: str = "") -> Made:
    made = made_from(client.post("/api/comparisons", json=body()).json())
    assert edit(client, made, remove=made.keys[0], note=note).status_code == 303
    return made


def uncorrected(client: TestClient) -> Made:
    other = body(
        title="Another call",
        left={"label": "White House", "text": body()["left"]["text"] + " Again."},
    )
    return made_from(client.post("/api/comparisons", json=other).json())


def test_on_show_a_corrected_comparison_keeps_its_links_and_gets_a_proposal_to_accept(
    client: TestClient, app: FastAPI
) -> None:
    made = corrected(client)
    plain = uncorrected(client)
    kept = client.get(f"/c/{made.slug}.json").json()["links"]
    made_by_an_older_differ(app, made.slug, plain.slug)

    assert client.get(f"/c/{made.slug}.json").json()["links"] == kept
    line = revision_line(client.get(f"/c/{made.slug}").text)
    assert f"differ {DIFFER_VERSION} proposes other links" in line
    assert client.get(f"/c/{plain.slug}.json").json()["differ_version"] == DIFFER_VERSION
    assert "revision" not in client.get(f"/c/{plain.slug}.json").json(), "no history made"

    editor = client.get(made.manage_url)
    assert f"Differ {DIFFER_VERSION} proposes other links" in editor.text
    assert "add " in editor.text  # the link removed by hand is proposed again
    assert client.get(f"/c/{made.slug}/history.json").json()["proposal"] == DIFFER_VERSION

    accepted = client.post(
        f"/c/{made.slug}/edit", data=form(made, base=2, action="accept"), follow_redirects=False
    )
    assert accepted.status_code == 303
    data = client.get(f"/c/{made.slug}.json").json()
    assert data["links"] == made.data["links"]
    assert (data["revision"]["number"], data["revision"]["kind"]) == (3, "auto")
    assert "The automatic alignment of differ" in revision_line(client.get(f"/c/{made.slug}").text)
    assert "proposes" not in client.get(made.manage_url).text


def test_dismissing_a_proposal_keeps_the_hand_links(client: TestClient, app: FastAPI) -> None:
    made = corrected(client)
    kept = client.get(f"/c/{made.slug}.json").json()["links"]
    made_by_an_older_differ(app, made.slug)
    client.get(f"/c/{made.slug}")
    answer = client.post(
        f"/c/{made.slug}/edit", data=form(made, base=2, action="dismiss"), follow_redirects=False
    )
    assert answer.status_code == 303
    assert client.get(f"/c/{made.slug}.json").json()["links"] == kept
    assert client.get(f"/c/{made.slug}/history.json").json()["proposal"] is None
    again = client.post(f"/c/{made.slug}/edit", data=form(made, base=2, action="dismiss"))
    assert again.status_code == 409 and "no proposal" in again.text


def test_realign_keeps_corrections_and_re_aligns_the_rest(
    client: TestClient, app: FastAPI, migrated: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = corrected(client)
    plain = uncorrected(client)
    kept = client.get(f"/c/{made.slug}.json").json()["links"]
    made_by_an_older_differ(app, made.slug, plain.slug)
    monkeypatch.setenv("DATABASE_URL", migrated.database_url)
    assert main(["realign"]) == 0
    with app.state.db.engine.connect() as conn:
        versions = dict(conn.execute(text("SELECT slug, differ_version FROM comparisons")).all())
        proposals = conn.execute(text("SELECT count(*) FROM proposals")).scalar()
    assert versions == {made.slug: DIFFER_VERSION, plain.slug: DIFFER_VERSION}
    assert proposals == 1
    assert client.get(f"/c/{made.slug}.json").json()["links"] == kept
    assert main(["realign"]) == 0  # nothing left to do


def test_export_gold_writes_corrections_in_the_eval_form(
    client: TestClient,
    migrated: Settings,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    made = corrected(client, note="for the gold set")
    uncorrected(client)
    monkeypatch.setenv("DATABASE_URL", migrated.database_url)
    assert main(["export-gold", str(tmp_path)]) == 0
    assert "1 hand-corrected comparison written" in capsys.readouterr().out
    gold = json.loads((tmp_path / f"{made.slug}.json").read_text("utf-8"))
    assert set(gold) == {
        "event",
        "left_label",
        "right_label",
        "left_file",
        "right_file",
        "left",
        "right",
        "sure",
        "possible",
    }
    assert (tmp_path / gold["left_file"]).read_text("utf-8") == body()["left"]["text"]
    current = client.get(f"/c/{made.slug}.json").json()
    assert score(gold, current)["f1"] == 1.0, "the corrected alignment is its own gold"
    automatic = score(gold, made.data)
    assert automatic["precision"] < 1.0 or automatic["recall"] < 1.0
