"""Search and browse through the databases' full-text engines (FTS5, tsvector), page by page.

Each test runs on SQLite, and on PostgreSQL when DATABASE_URL names one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.orm import Session

from app.config import Settings
from app.main import create_app
from app.models import Comparison
from app.services import listing
from app.services.comparisons import SideInput, store_comparison
from app.services.queries import index_words

PAGE_SIZE = 3


@pytest.fixture
def small_pages(migrated: Settings) -> Iterator[FastAPI]:
    """The app with three comparisons a page, so that a dozen make several pages."""
    application = create_app(migrated.model_copy(update={"page_size": PAGE_SIZE}))
    yield application
    application.state.db.dispose()


@pytest.fixture
def paged(small_pages: FastAPI) -> Iterator[TestClient]:
    with TestClient(small_pages, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def db_session(small_pages: FastAPI) -> Iterator[Session]:
    with small_pages.state.db.sessions() as session:
        yield session


def store(
    session: Session,
    title: str,
    left: str,
    right: str = "The sides discussed the situation.",
    *,
    labels: tuple[str, str] = ("White House", "Kremlin"),
    date: dt.date | None = None,
    unlisted: bool = False,
) -> Comparison:
    stored = store_comparison(
        session,
        title=title,
        left=SideInput(labels[0], left),
        right=SideInput(labels[1], right),
        date=date,
        origin="curated",
        unlisted=unlisted,
    )
    return stored.comparison


def titles(client: TestClient, **params: Any) -> list[str]:
    response = client.get("/.json", params=params)
    assert response.status_code == 200, response.text
    return [c["title"] for c in response.json()["comparisons"]]


def every_page(client: TestClient, **params: Any) -> list[str]:
    """Titles of every page, following the next links from the first page."""
    found: list[str] = []
    url: str | None = "/.json"
    first = True
    while url is not None:
        response = client.get(url, params=params if first else None)
        assert response.status_code == 200, response.text
        data = response.json()
        assert len(data["comparisons"]) <= PAGE_SIZE
        found += [c["title"] for c in data["comparisons"]]
        url = data["next_url"] and data["next_url"].replace("/?", "/.json?", 1)
        first = False
    return found


def test_phrases_in_quotes_match_words_in_that_order(
    db_session: Session, paged: TestClient
) -> None:
    store(db_session, "Sea first", "Ships crossed the Black Sea at dawn.")
    store(db_session, "Words apart", "The sea was calm; black clouds gathered.")
    store(db_session, "Plural", "The Black Seas of legend were discussed.")
    assert sorted(titles(paged, q="black sea")) == ["Plural", "Sea first", "Words apart"]
    assert titles(paged, q='"Black Sea"') == ["Sea first"]
    assert titles(paged, q='"black sea" ships') == ["Sea first"]
    assert sorted(titles(paged, q='"sea"')) == ["Sea first", "Words apart"], "whole words"
    assert sorted(titles(paged, q='"seas"')) == ["Plural"]


def test_prefixes_case_and_accents_fold_on_both_sides(
    db_session: Session, paged: TestClient
) -> None:
    store(
        db_session, "Élysée readout", "Négociations sur la MER NOIRE.", labels=("Élysée", "Kremlin")
    )
    store(db_session, "Other", "Nothing in common here.")
    for query in ("elysee", "ÉLYSÉE", "negoc", "NÉGO", "mer noire", '"Mer Noire"', "élys"):
        assert titles(paged, q=query) == ["Élysée readout"], query
    for query in ("lysee", '"mer noir"', "noire pizza"):
        assert titles(paged, q=query) == [], query


def test_search_combines_with_issuer_and_dates(db_session: Session, paged: TestClient) -> None:
    march, april = dt.date(2025, 3, 18), dt.date(2025, 4, 2)
    store(db_session, "WH March", "Energy infrastructure talks.", date=march)
    store(db_session, "WH April", "Energy infrastructure talks again.", date=april)
    store(db_session, "Elysee March", "Energy talks.", labels=("Élysée", "Kremlin"), date=march)
    store(db_session, "Undated", "Energy without a date.", labels=("Downing Street", "Kremlin"))
    assert titles(paged, q="energy", issuer="White House") == ["WH April", "WH March"]
    assert titles(paged, q="energy", since="2025-03-18", until="2025-03-18") == [
        "Elysee March",
        "WH March",
    ]
    assert titles(paged, q="energy", since="2025-03-19") == ["WH April"]
    assert titles(paged, q="energy", until="2025-04-01", issuer="Élysée") == ["Elysee March"]
    assert "Undated" in every_page(paged, q="energy")
    assert "Undated" not in every_page(paged, q="energy", until="9999-12-31")


def test_pages_follow_each_other_with_no_repeat_and_no_gap(
    db_session: Session, paged: TestClient
) -> None:
    dates = [dt.date(2025, 1, 1 + n % 4) if n % 5 else None for n in range(14)]
    for n, date in enumerate(dates):
        labels = ("White House", "Kremlin") if n % 3 else ("Kremlin", "White House")
        store(db_session, f"Call {n}", f"Ceasefire talks, round {n}.", labels=labels, date=date)
    store(db_session, "Elsewhere", "Grain exports.", labels=("Élysée", "Chinese MFA"))
    # The listing's order: newest date first, undated last, the later stored first on a tie.
    expected = [
        f"Call {n}"
        for n in sorted(
            range(14), key=lambda n: (dates[n] is None, -(dates[n] or dt.date.min).toordinal(), -n)
        )
    ]
    assert every_page(paged, q="ceasefire") == expected
    assert every_page(paged, issuer="Kremlin") == expected
    assert [t for t in every_page(paged) if t != "Elsewhere"] == expected
    assert sorted(every_page(paged, q="talks round", issuer="White House")) == sorted(expected)
    third = paged.get("/.json", params={"q": "ceasefire", "page": 3}).json()
    assert third["page"] == 3 and third["pages"] == 5 and third["total"] == 14
    assert not third["total_capped"] and third["prev_url"] and third["next_url"]
    beyond = paged.get("/.json", params={"q": "ceasefire", "page": 99}).json()
    assert beyond["comparisons"] == [] and beyond["next_url"] is None


def test_a_comparison_between_one_issuers_own_statements_is_listed_once(
    db_session: Session, paged: TestClient
) -> None:
    # Both sides' label indexes find it: the issuer's page merges them without a repeat.
    store(db_session, "Two Kremlin texts", "Talks on grain.", labels=("Kremlin", "Kremlin"))
    for n in range(5):
        store(db_session, f"Call {n}", f"Talks, round {n}.", date=dt.date(2025, 1, 1 + n))
    listed = every_page(paged, issuer="Kremlin")
    assert listed.count("Two Kremlin texts") == 1
    assert listed[:5] == [f"Call {n}" for n in range(4, -1, -1)]
    assert paged.get("/.json", params={"issuer": "Kremlin"}).json()["total"] == 6


def test_totals_stop_counting_past_the_cap(
    db_session: Session, paged: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(6):
        store(db_session, f"Call {n}", f"Ceasefire talks, round {n}.")
    monkeypatch.setattr(listing, "COUNT_CAP", 4)
    for params in ({}, {"q": "ceasefire"}, {"issuer": "Kremlin"}):
        data = paged.get("/.json", params=params).json()
        assert data["total"] == 4 and data["total_capped"] and data["pages"] is None, params
        assert data["next_url"], "the next page is offered all the same"
        page = paged.get("/", params={**params, "page": 2})
        assert "More than 4 comparisons" in page.text and "Page 2<" in page.text
    store(db_session, "Call 6", "Ceasefire talks, round 6.")  # and pages cached go stale
    monkeypatch.setattr(listing, "COUNT_CAP", 7)
    data = paged.get("/.json").json()
    assert data["total"] == 7 and not data["total_capped"] and data["pages"] == 3
    assert "7 comparisons" in paged.get("/").text


FOUND, NONE = ["Black Sea"], []
HOSTILE = [
    ('"', NONE),
    ('"""', NONE),
    ('"black', FOUND),
    ('black"', FOUND),
    ('"black" "sea', FOUND),
    ('"black sea" "', FOUND),
    ("NEAR(black sea)", NONE),  # "near" is a word like any other, and not in the text
    ("NEAR(black sea, 2)", NONE),
    ("black NEAR sea", NONE),
    ("black AND sea", NONE),
    ("black OR pizza", NONE),
    ("NOT sea", NONE),
    ("black -sea", FOUND),
    ("*", NONE),
    ("black*", FOUND),
    ("^black", FOUND),
    ("body:black", NONE),
    ("search_index:black", NONE),
    ("(black", FOUND),
    ("black)", FOUND),
    ("'black'", FOUND),
    ("black & sea | !pizza", NONE),
    ("black <-> sea", FOUND),
    ("black:*", FOUND),
    ("\\black", FOUND),
    ("{black sea}", FOUND),
    ("ｂｌａｃｋ", FOUND),  # full-width letters fold to plain ones
    ("😀 black", FOUND),
    ("a" * 200, NONE),
    ('"' * 200, NONE),
    ('"' * 199 + "b", FOUND),
    (" ".join(["black"] * 100)[:200], FOUND),
    (" ".join(f"w{n}" for n in range(60))[:200], NONE),
]


@pytest.mark.parametrize(("query", "expected"), HOSTILE)
def test_hostile_queries_are_searched_as_plain_words(
    db_session: Session, paged: TestClient, query: str, expected: list[str]
) -> None:
    store(db_session, "Black Sea", "Shipping on the Black Sea resumed.")
    store(db_session, "Elsewhere", "Grain exports resumed.")
    response = paged.get("/.json", params={"q": query})
    assert response.status_code == 200, response.text
    assert [c["title"] for c in response.json()["comparisons"]] == expected
    assert response.json()["total"] == len(expected)
    page = paged.get("/", params={"q": query})
    assert page.status_code == 200 and ("Black Sea</a>" in page.text) == bool(expected)


def test_queries_too_long_are_a_4xx_with_a_message(paged: TestClient) -> None:
    response = paged.get("/.json", params={"q": "black " * 1000})
    assert response.status_code == 422
    assert "200" in response.json()["error"]["message"]


def test_deleted_redated_and_unlisted_comparisons_leave_search_in_step(
    db_session: Session, paged: TestClient
) -> None:
    kept = store(db_session, "Kept", "Prisoner exchange agreed.", date=dt.date(2025, 3, 18))
    store(db_session, "Secret", "Prisoner exchange agreed in secret.", unlisted=True)
    gone = store(db_session, "Gone", "Prisoner exchange postponed.")
    assert titles(paged, q="prisoner") == ["Kept", "Gone"], "never the unlisted one"
    db_session.delete(gone)
    db_session.commit()
    assert titles(paged, q="prisoner") == ["Kept"]
    # A new date, written without reindexing (a bare UPDATE), moves it in search too.
    db_session.execute(
        update(Comparison).where(Comparison.id == kept.id).values(date=dt.date(2024, 1, 2))
    )
    db_session.commit()
    assert titles(paged, q="prisoner", since="2025-01-01") == []
    assert titles(paged, q="prisoner", until="2024-01-02") == ["Kept"]
    # Reindexed with new texts: the old words go, the new ones come, still once.
    db_session.refresh(kept)
    kept.title = "Kept on ice"  # a change the listing sees (its pages are cached till one)
    index_words(db_session, kept, [kept.title, "White House", "Kremlin", "Hockey matches.", ""])
    db_session.commit()
    assert titles(paged, q="prisoner") == []
    assert titles(paged, q="hockey") == ["Kept on ice"]
    assert titles(paged, q="ice") == ["Kept on ice"]


def test_the_list_form_sent_with_no_dates_searches(db_session: Session, paged: TestClient) -> None:
    """The form sends `since=&until=` when no date is picked: that is no filter, not a 422."""
    store(db_session, "Black Sea", "Shipping on the Black Sea resumed.")
    response = paged.get("/", params={"q": '"Black Sea"', "issuer": "", "since": "", "until": ""})
    assert response.status_code == 200 and "Black Sea</a>" in response.text
    assert paged.get("/.json", params={"since": "", "until": ""}).json()["total"] == 1
    assert paged.get("/.json", params={"since": "soon"}).status_code == 422
