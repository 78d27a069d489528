"""The form and the API refuse the same things, and the form says so next to the field."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from tests.ingest.pdf_builder import fanned_out
from tests.web.test_bad_input import LEFT, RIGHT, form


def multipart(data: dict[str, str | bytes]) -> dict[str, tuple[None, bytes]]:
    """Every field as a multipart part without a file name, as a browser sends the form."""
    return {k: (None, v if isinstance(v, bytes) else v.encode()) for k, v in data.items()}


def api_body(title: str = "Grain talks", left_label: str = "A") -> dict[str, Any]:
    return {
        "title": title,
        "left": {"label": left_label, "text": LEFT},
        "right": {"label": "B", "text": RIGHT},
    }


def stored(client: TestClient) -> int:
    return int(client.get("/api/comparisons").json()["total"])


@pytest.mark.parametrize(
    ("field", "value", "limit"),
    [("left_label", "L" * 256, 200), ("right_label", "R" * 201, 200), ("title", "T" * 301, 300)],
)
def test_over_long_titles_and_labels_are_refused_next_to_the_field(
    client: TestClient, field: str, value: str, limit: int
) -> None:
    """On PostgreSQL a 256-character label was a 500 (the column holds 255); on SQLite it
    was stored, as was a title of any length."""
    response = client.post("/new", files=multipart(form(**{field: value})))
    assert response.status_code == 422
    assert f'id="{field}-error"' in response.text
    assert f"the limit is {limit}" in response.text
    assert RIGHT in response.text and LEFT in response.text, "what was typed is kept"
    assert stored(client) == 0


@pytest.mark.parametrize("value", ["White\tHouse", "White\nHouse", "Kreml\x07in", "A\x85B"])
def test_control_characters_in_labels_are_refused_by_the_form_and_the_api(
    client: TestClient, value: str
) -> None:
    page = client.post("/new", files=multipart(form(left_label=value)))
    assert page.status_code == 422
    assert 'id="left_label-error"' in page.text and "control characters" in page.text
    api = client.post("/api/comparisons", json=api_body(left_label=value))
    assert api.status_code == 422 and "left.label" in api.json()["error"]["message"]
    assert stored(client) == 0


def test_control_characters_in_titles_are_refused_by_the_form_and_the_api(
    client: TestClient,
) -> None:
    page = client.post("/new", files=multipart(form(title="Grain\x1b[31m talks")))
    assert page.status_code == 422 and 'id="title-error"' in page.text
    api = client.post("/api/comparisons", json=api_body(title="Grain\x1b[31m talks"))
    assert api.status_code == 422 and "title" in api.json()["error"]["message"]
    assert stored(client) == 0


def test_a_form_field_that_is_not_utf8_is_refused_not_stored_as_mojibake(
    client: TestClient,
) -> None:
    latin1 = "Élysée".encode("latin-1")
    data: dict[str, str | bytes] = {**form(), "left_label": latin1}
    page = client.post("/new", files=multipart(data))
    assert page.status_code == 422
    assert 'id="left_label-error"' in page.text and "UTF-8" in page.text
    assert "Ã" not in page.text and LEFT in page.text
    urlencoded = client.post(
        "/new",
        content=b"title=Grain+talks&left_label=%C9lys%E9e&left_text=a&right_label=B&right_text=b",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert urlencoded.status_code == 422 and "UTF-8" in urlencoded.text
    assert stored(client) == 0


def test_utf8_text_in_form_fields_is_kept_as_typed(client: TestClient) -> None:
    made = client.post(
        "/new",
        files=multipart(form(title="Élysée — Kremlin", left_label="Élysée")),
        follow_redirects=False,
    )
    assert made.status_code == 303
    data = client.get(made.headers["location"] + ".json").json()
    assert data["title"] == "Élysée — Kremlin" and data["left"]["label"] == "Élysée"


def test_a_pasted_text_over_the_size_limit_is_refused_next_to_its_field(
    client: TestClient,
) -> None:
    """It was a bare 'Part exceeded maximum size' page, and everything typed was lost."""
    big = "The ministers met again. " * 45_000  # 1.1 MB, over the 1 MB limit
    response = client.post(
        "/new", files=multipart(form(left_text=big, title="Kept title", right_label="Kept"))
    )
    assert response.status_code == 413
    assert 'id="left_text-error"' in response.text and "the limit is" in response.text
    assert "Kept title" in response.text and 'value="Kept"' in response.text
    assert RIGHT in response.text
    assert stored(client) == 0


def test_an_upload_past_the_reading_limits_is_refused_next_to_its_field(
    client: TestClient,
) -> None:
    """A 1 KB PDF whose page tree fans out to 160,000 pages: the upload path passes the
    page limit (READOUTS_PDF_MAX_PAGES) to the reader, which refuses it at once."""
    pdf = fanned_out(levels=4, fan=20)
    response = client.post(
        "/new",
        data=form(left_text="", title="Kept title"),
        files={"left_file": ("many-pages.pdf", pdf, "application/pdf")},
    )
    assert response.status_code == 413
    assert 'id="left_text-error"' in response.text and "pages" in response.text
    assert "Kept title" in response.text and RIGHT in response.text
    assert stored(client) == 0


def test_the_upload_path_reads_within_the_configured_page_limit(migrated: Settings) -> None:
    three_pages = fanned_out(levels=1, fan=3)
    strict = create_app(migrated.model_copy(update={"pdf_max_pages": 2}))
    with TestClient(strict) as client:
        response = client.post(
            "/new",
            data=form(left_text=""),
            files={"left_file": ("three.pdf", three_pages, "application/pdf")},
        )
        assert response.status_code == 413 and 'id="left_text-error"' in response.text
    strict.state.db.dispose()
    default = create_app(migrated)
    with TestClient(default) as client:
        read = client.post(
            "/new",
            data=form(left_text=""),
            files={"left_file": ("three.pdf", three_pages, "application/pdf")},
            follow_redirects=False,
        )
        assert read.status_code == 303, "within the default limit, the same file is read"
    default.state.db.dispose()
