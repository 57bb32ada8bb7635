"""Period locks (core/locks.py): a published quarter refuses changes until it is unlocked.
Publications are inserted straight into the table, as `score publish` would store them."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import insert

from alliance_cli.core.errors import RuleViolation
from alliance_cli.core.locks import (
    live_lock,
    locked_quarter_of,
    locked_quarters,
    refuse_if_locked,
)
from alliance_cli.core.periods import quarter_of
from alliance_cli.core.scheme import default_scheme_text
from alliance_cli.i18n import translate
from alliance_cli.storage.engine import transaction
from alliance_cli.storage.models import score_publication, score_scheme
from alliance_cli.storage.schema import open_database

PUBLISHED = datetime(2025, 4, 2, 9, 30, 15)


def publish(connection, period, *, at=PUBLISHED, by="王芳", unlocked_at=None):
    return connection.execute(
        insert(score_publication).values(
            period=period,
            scheme_id=1,
            snapshot="{}",
            sha256="0" * 64,
            published_at=at,
            published_by=by,
            unlocked_at=unlocked_at,
            unlocked_by="李强" if unlocked_at else None,
            unlock_reason="更正录入错误" if unlocked_at else None,
        )
    ).inserted_primary_key[0]


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    db = tmp_path_factory.mktemp("locks") / "locks.db"
    engine = open_database(f"sqlite:///{db}", create=True)
    with transaction(engine, write=True) as connection:
        connection.execute(
            insert(score_scheme).values(
                id=1,
                name="默认",
                version="2025.1",
                effective_from="0001Q1",
                sha256="0" * 64,
                content=default_scheme_text(),
                loaded_at=PUBLISHED,
                loaded_by="王芳",
            )
        )
    yield engine
    engine.dispose()


@pytest.fixture
def connection(engine):
    """A transaction rolled back after each test, so that tests do not see each other's
    publications."""
    with engine.connect() as connection:
        outer = connection.begin()
        try:
            yield connection
        finally:
            outer.rollback()


def refusal_text(caught) -> str:
    return translate(caught.value.key, "en", **caught.value.params)


def test_an_open_quarter_has_no_lock(connection):
    assert live_lock(connection, "2025Q1") is None
    refuse_if_locked(connection, period="2025Q1")
    refuse_if_locked(connection, day=date(2025, 2, 1))
    assert locked_quarters(connection) == []


def test_a_published_quarter_is_locked(connection):
    publication = publish(connection, "2025Q1")
    lock = live_lock(connection, "2025Q1")
    assert lock is not None and lock.id == publication
    with pytest.raises(RuleViolation) as caught:
        refuse_if_locked(connection, period="2025Q1")
    assert caught.value.key == "period_locked"
    assert caught.value.params == {
        "period": "2025Q1",
        "published_at": "2025-04-02 09:30",
        "published_by": "王芳",
    }
    assert refusal_text(caught) == (
        "2025Q1 is locked: its airing was published on 2025-04-02 09:30 by 王芳; to change "
        "it, reopen it first with: alliance score unlock 2025Q1 --reason ..."
    )
    assert "alliance score unlock 2025Q1 --reason" in translate(
        caught.value.key, "zh", **caught.value.params
    )


def test_an_unlocked_publication_no_longer_locks(connection):
    publish(connection, "2025Q1", unlocked_at=PUBLISHED + timedelta(days=3))
    assert live_lock(connection, "2025Q1") is None
    refuse_if_locked(connection, period="2025Q1")
    assert locked_quarters(connection) == []


def test_republished_after_unlocking_the_new_publication_is_the_lock(connection):
    publish(connection, "2025Q1", unlocked_at=PUBLISHED + timedelta(days=3))
    newer = publish(connection, "2025Q1", at=PUBLISHED + timedelta(days=4), by="李强")
    assert live_lock(connection, "2025Q1").id == newer
    with pytest.raises(RuleViolation) as caught:
        refuse_if_locked(connection, day=date(2025, 3, 31))
    assert caught.value.params["published_by"] == "李强"
    assert caught.value.params["published_at"] == "2025-04-06 09:30"


@pytest.mark.parametrize(
    ("day", "locked"),
    [
        (date(2024, 12, 31), False),
        (date(2025, 1, 1), True),
        (date(2025, 3, 31), True),
        (date(2025, 4, 1), False),
    ],
)
def test_a_day_is_locked_when_its_quarter_is(connection, day, locked):
    publish(connection, "2025Q1")
    if locked:
        with pytest.raises(RuleViolation):
            refuse_if_locked(connection, day=day)
    else:
        refuse_if_locked(connection, day=day)


@pytest.mark.parametrize(
    ("period", "locked"),
    [
        ("2025Q1", False),
        ("2025Q2", True),
        ("2025年第二季度", True),
        ("2025H1", True),  # a half holding a locked quarter
        ("2025H2", False),
        ("2025", True),
        ("2025-05", True),  # a month of a locked quarter
        ("2025-07", False),
    ],
)
def test_a_longer_period_is_locked_when_one_of_its_quarters_is(connection, period, locked):
    publish(connection, "2025Q2")
    if locked:
        with pytest.raises(RuleViolation) as caught:
            refuse_if_locked(connection, period=period)
        assert caught.value.params["period"] == "2025Q2"
    else:
        refuse_if_locked(connection, period=period)


def test_locked_quarters_lists_live_locks_oldest_first(connection):
    publish(connection, "2025Q3")
    publish(connection, "2024Q4")
    publish(connection, "2025Q1", unlocked_at=PUBLISHED + timedelta(days=1))
    publish(connection, "2025Q3", at=PUBLISHED + timedelta(days=1))  # twice: listed once
    quarters = locked_quarters(connection)
    assert quarters == [
        (date(2024, 10, 1), date(2025, 1, 1), "2024Q4"),
        (date(2025, 7, 1), date(2025, 10, 1), "2025Q3"),
    ]
    assert locked_quarter_of(quarters, date(2024, 12, 31)) == "2024Q4"
    assert locked_quarter_of(quarters, date(2025, 1, 1)) is None
    assert locked_quarter_of(quarters, date(2025, 9, 30)) == "2025Q3"


LOCKED = {"2024Q2", "2025Q1", "2025Q4"}


@given(st.dates(min_value=date(2023, 1, 1), max_value=date(2026, 12, 31)))
def test_bulk_and_single_checks_agree(engine, day):
    """For any day: refused exactly when its quarter holds a live lock, and the bulk list
    says the same."""
    with engine.connect() as connection:
        outer = connection.begin()
        try:
            for label in sorted(LOCKED):
                publish(connection, label)
            publish(connection, "2025Q2", unlocked_at=PUBLISHED)
            expected = quarter_of(day).label in LOCKED
            try:
                refuse_if_locked(connection, day=day)
                refused = False
            except RuleViolation:
                refused = True
            assert refused == expected
            bulk = locked_quarter_of(locked_quarters(connection), day)
            assert bulk == (quarter_of(day).label if expected else None)
        finally:
            outer.rollback()
