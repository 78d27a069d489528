"""Correcting an alignment by hand over HTTP: the manage link, revisions, history, revision
URLs, the 409 of two editors, the editor token for curated comparisons, and bad input."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from tests.corrections.helpers import (
    Made,
    body,
    form,
    key,
    made_from,
    revision_line,
    unlinked_pair,
)

CURATED = "2025-03-18-trump-putin-call"


@pytest.fixture
def made(client: TestClient) -> Made:
    answer = client.post("/api/comparisons", json=body())
    assert answer.status_code == 201
    return made_from(answer.json())


def edit(client: TestClient, made: Made, **fields: object) -> object:
    return client.post(f"/c/{made.slug}/edit", data=form(made, **fields), follow_redirects=False)


def test_the_api_gives_a_manage_link_that_opens_the_editor_and_the_old_delete_link_still_works(
    client: TestClient, made: Made
) -> None:
    assert made.manage_url == f"/c/{made.slug}/edit?token={made.token}"
    page = client.get(made.manage_url)
    assert page.status_code == 200
    assert page.headers["cache-control"] == "private, no-store"
    assert "Correct the links of" in page.text and "Save as revision 2" in page.text
    for link in made.data["links"]:
        assert f'name="remove" value="{key(link)}"' in page.text
    assert client.get(made.delete_url).status_code == 200  # the confirmation page
    assert client.get(f"/c/{made.slug}/edit", params={"token": "guess"}).status_code == 403
    gone = client.post(f"/c/{made.slug}/delete", data={"token": made.token})
    assert gone.status_code == 200 and client.get(f"/c/{made.slug}").status_code == 404


def test_a_save_is_a_new_revision_shown_with_its_line_history_and_urls(
    client: TestClient, made: Made
) -> None:
    original = made.data["links"]
    first, second = made.keys[0], made.keys[1]
    i, j = unlinked_pair(made.data)
    shown_strength = original[1]["confidence"]
    new_strength = "possible" if shown_strength != "possible" else "strong"
    answer = edit(
        client,
        made,
        remove=first,
        add_left=str(i),
        add_right=str(j),
        add_strength="strong",
        note="Kovrig and Spavor: the same point",
        **{f"strength:{second}:{shown_strength}": new_strength},
    )
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"].endswith("&saved=2")

    page = client.get(f"/c/{made.slug}")
    line = revision_line(page.text)
    assert (
        "Corrected by hand (revision 2 of 2, 3 links changed from the automatic alignment)" in line
    )
    data = client.get(f"/c/{made.slug}.json").json()
    keys = {key(link): link["confidence"] for link in data["links"]}
    assert first not in keys and keys[second] == new_strength
    assert keys[f"{i}/{j}"] == "strong"
    assert data["revision"] == {**data["revision"], "number": 2, "latest": 2, "kind": "hand"}

    history = client.get(f"/c/{made.slug}/history.json").json()
    newest, oldest = history["revisions"]
    assert (newest["number"], newest["kind"], oldest["kind"]) == (2, "hand", "auto")
    assert newest["note"] == "Kovrig and Spavor: the same point"
    assert [(c["left"], c["right"]) for c in newest["added"]] == [([i], [j])]
    assert [key(c) for c in newest["removed"]] == [first]
    assert [(key(c), c["was"]) for c in newest["remarked"]] == [(second, shown_strength)]
    clause = made.data["left"]["clauses"][i]
    said = made.data["left"]["text"][clause["start"] : clause["end"]].strip()
    assert said.startswith(newest["added"][0]["left_text"].removesuffix("…"))
    html = client.get(f"/c/{made.slug}/history").text
    assert "Kovrig and Spavor: the same point" in html and "unlinked" in html

    assert client.get(f"/c/{made.slug}/r/1.json").json()["links"] == original
    assert client.get(f"/c/{made.slug}/r/2.json").json()["links"] == data["links"]
    older = client.get(f"/c/{made.slug}/r/1")
    assert older.status_code == 200 and "see the current one" in older.text
    assert "revision 1 of 2" in revision_line(older.text)
    for missing in ("3", "3.json", "0", "x", "99999999999"):
        assert client.get(f"/c/{made.slug}/r/{missing}").status_code == 404
    assert "error" in client.get(f"/c/{made.slug}/r/3.json").json()


def test_an_uncorrected_comparison_has_revision_1_and_no_line(
    client: TestClient, made: Made
) -> None:
    assert 'class="revision-line"' not in client.get(f"/c/{made.slug}").text
    assert "revision" not in client.get(f"/c/{made.slug}.json").json()
    assert client.get(f"/c/{made.slug}/r/1.json").json()["links"] == made.data["links"]
    history = client.get(f"/c/{made.slug}/history.json").json()
    assert [r["number"] for r in history["revisions"]] == [1]
    assert client.get(f"/c/{made.slug}/r/2").status_code == 404


def test_the_second_of_two_editors_saving_from_one_revision_gets_409_and_keeps_their_changes(
    client: TestClient, made: Made
) -> None:
    assert edit(client, made, remove=made.keys[0], note="first editor").status_code == 303
    i, j = unlinked_pair(made.data)
    late = edit(
        client,
        made,
        remove=made.keys[1],
        add_left=str(i),
        add_right=str(j),
        add_strength="possible",
        note="second editor",
    )
    assert late.status_code == 409
    assert "Revision 2 was saved meanwhile; reload to see it" in late.text
    assert 'value="second editor"' in late.text
    assert f'name="remove" value="{made.keys[1]}" checked' in late.text
    assert f'name="add" value="{i}/{j}/possible" checked' in late.text
    assert 'name="base" value="2"' in late.text
    # Sent again as it came back, on the newer revision: both editors' changes are kept.
    again = edit(
        client,
        made,
        base=2,
        remove=made.keys[1],
        add=f"{i}/{j}/possible",
        note="second editor",
    )
    assert again.status_code == 303
    keys = {key(link) for link in client.get(f"/c/{made.slug}.json").json()["links"]}
    assert made.keys[0] not in keys and made.keys[1] not in keys and f"{i}/{j}" in keys


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"note": "two\nlines"}, "one line"),
        ({"note": "x" * 201}, "the limit is 200"),
        ({"add_left": "0", "add_right": "", "note": "n"}, "choose a clause on each side"),
        ({"add_left": "0", "add_right": "999"}, "not in the texts"),
        ({"add_left": "0", "add_right": "1", "add_strength": "certain"}, "strength is one of"),
        ({"remove": "98/99"}, "not in the current revision"),
        ({}, "Nothing to save"),
    ],
)
def test_bad_edits_are_refused_with_a_reason_and_the_form_back(
    client: TestClient, made: Made, fields: dict[str, str], message: str
) -> None:
    answer = edit(client, made, **fields)
    assert answer.status_code == 422, answer.text
    assert message in answer.text
    assert "revision" not in client.get(f"/c/{made.slug}.json").json()


def test_a_malformed_form_is_400_not_500(client: TestClient, made: Made) -> None:
    for fields in ({"remove": "a/b"}, {"add": "1/x"}):
        assert edit(client, made, **fields).status_code == 400


def test_curated_comparisons_need_the_editor_token(corpus_client: TestClient) -> None:
    path = f"/c/{CURATED}/edit"
    refused = corpus_client.get(path, params={"token": "anything"})
    assert refused.status_code == 403 and "READOUTS_EDITOR_TOKEN" in refused.text
    assert corpus_client.post(path, data={"token": "x", "base": "1"}).status_code == 403


@pytest.fixture
def editor_client(corpus: FastAPI, migrated: Settings) -> Iterator[TestClient]:
    app = create_app(migrated.model_copy(update={"editor_token": "s3cret-editor"}))
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client
    app.state.db.dispose()


def test_with_the_editor_token_a_curated_comparison_is_corrected(
    editor_client: TestClient,
) -> None:
    path = f"/c/{CURATED}/edit"
    assert editor_client.get(path, params={"token": "wrong"}).status_code == 403
    page = editor_client.get(path, params={"token": "s3cret-editor"})
    assert page.status_code == 200 and "editor token" in page.text
    assert "Delete this comparison" not in page.text  # the corpus's comparisons stay
    links = editor_client.get(f"/c/{CURATED}.json").json()["links"]
    answer = editor_client.post(
        path,
        data={"token": "s3cret-editor", "base": "1", "remove": key(links[0])},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    line = revision_line(editor_client.get(f"/c/{CURATED}").text)
    assert "revision 2 of 2, 1 link changed" in line
    made = editor_client.post("/api/comparisons", json=body()).json()
    other = editor_client.get(f"/c/{made['slug']}/edit", params={"token": "s3cret-editor"})
    assert other.status_code == 403, "the editor token is for the corpus, not others' uploads"


def test_the_one_time_page_after_the_form_shows_the_manage_link(client: TestClient) -> None:
    fields = {
        "title": "Biden–Trudeau call",
        "left_label": "White House",
        "left_text": body()["left"]["text"],
        "right_label": "Prime Minister of Canada",
        "right_text": body()["right"]["text"],
    }
    page = client.post("/new", data=fields)
    assert page.status_code == 200
    assert 'class="manage-link"' in page.text and "/edit?token=" in page.text
    assert 'class="delete-link"' in page.text


def test_a_save_that_loses_the_race_after_its_check_is_a_conflict_not_an_error(
    client: TestClient, made: Made, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both editors pass the check on the latest revision; the other commits first. The
    unique revision number (or SQLite refusing a stale write) makes this one a 409."""
    from app.services import corrections

    original = corrections._apply
    raced: list[int] = []

    def other_editor_first(*args: object, **kwargs: object) -> int:
        if not raced:
            raced.append(1)
            other = corrections.Edit(base=1, remove=frozenset([parse(made.keys[1])]))
            raced.append(corrections.save(app.state.db, made.slug, made.token, None, other))
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(corrections, "_apply", other_editor_first)
    late = edit(client, made, remove=made.keys[0], note="lost the race")
    assert raced == [1, 2]
    assert late.status_code == 409 and "Revision 2 was saved meanwhile" in late.text
    assert 'value="lost the race"' in late.text
    links = client.get(f"/c/{made.slug}.json").json()["links"]
    assert made.keys[0] in {key(link) for link in links}, "the loser's change was not stored"


def parse(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    left, right = text.split("/")
    return tuple(map(int, left.split(","))), tuple(map(int, right.split(",")))


def test_the_editor_answers_head_like_get(client: TestClient, made: Made) -> None:
    got, head = client.get(made.manage_url), client.head(made.manage_url)
    assert (got.status_code, head.status_code, head.content) == (200, 200, b"")
    assert head.headers["content-type"] == got.headers["content-type"]


def test_a_page_cached_before_a_save_is_not_served_after_it(
    client: TestClient, made: Made, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime as dt

    from sqlalchemy import text

    from app.services import corrections

    with app.state.db.engine.connect() as conn:
        stored = conn.execute(
            text("SELECT updated_at FROM comparisons WHERE slug = :slug"), {"slug": made.slug}
        ).scalar()
    stored = dt.datetime.fromisoformat(str(stored)).replace(tzinfo=dt.UTC)
    # The save lands within the same second as the stored time: the page must change anyway.
    monkeypatch.setattr(corrections, "utcnow", lambda: stored + dt.timedelta(microseconds=1))
    before = client.get(f"/c/{made.slug}")
    fresh = {"If-None-Match": before.headers["etag"]}
    assert client.get(f"/c/{made.slug}", headers=fresh).status_code == 304
    assert edit(client, made, remove=made.keys[0]).status_code == 303
    after = client.get(f"/c/{made.slug}", headers=fresh)
    assert after.status_code == 200 and after.headers["etag"] != before.headers["etag"]
    assert "Corrected by hand" in after.text


def test_a_comparison_of_more_than_two_statements_is_not_corrected(
    client: TestClient, made: Made, app: FastAPI
) -> None:
    import json

    from sqlalchemy import text

    many = {**made.data, "statements": [{"label": name} for name in "ABC"]}
    contract = {k: many[k] for k in ("differ_version", "left", "right", "links", "statements")}
    with app.state.db.engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE alignments SET data = :data WHERE comparison_id = "
                "(SELECT id FROM comparisons WHERE slug = :slug)"
            ),
            {"data": json.dumps(contract), "slug": made.slug},
        )
    refused = client.get(made.manage_url)
    assert refused.status_code == 422 and "two statements only" in refused.text
    assert edit(client, made, remove=made.keys[0]).status_code == 422
