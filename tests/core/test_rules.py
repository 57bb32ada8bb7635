"""Unit tests of the small core rules: dates, vocabularies, messages."""

from __future__ import annotations

import contextlib
import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alliance_cli.core.dates import parse_date
from alliance_cli.core.errors import InvalidInput
from alliance_cli.core.vocabulary import VOCABULARIES, label, resolve_term
from alliance_cli.i18n import MESSAGES, translate


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-03-05", date(2023, 3, 5)),
        ("2023/3/5", date(2023, 3, 5)),
        ("2023年3月5日", date(2023, 3, 5)),
        ("２０２３年３月５日", date(2023, 3, 5)),
        (" 2023-3-5 ", date(2023, 3, 5)),
        ("2023.03.05", date(2023, 3, 5)),
    ],
)
def test_accepted_date_spellings(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "2023-02-29", "0000-01-01", "2023-13-01", "3/5/2023", "yesterday", "2023-03-05T10:00"],
)
def test_rejected_dates(text):
    with pytest.raises(InvalidInput) as caught:
        parse_date(text, "date")
    assert caught.value.key == "bad_date"


@given(st.dates(min_value=date(1, 1, 1)))
def test_every_iso_date_round_trips(day):
    iso = f"{day.year:04d}-{day.month:02d}-{day.day:02d}"
    assert parse_date(iso) == day
    assert parse_date(f"{day.year:04d}年{day.month}月{day.day}日") == day


@given(st.text(max_size=20))
def test_parse_date_never_crashes(text):
    with contextlib.suppress(InvalidInput):
        parse_date(text)


@pytest.mark.parametrize("vocabulary", sorted(VOCABULARIES))
def test_every_term_resolves_from_code_and_both_labels(vocabulary):
    for term in VOCABULARIES[vocabulary].values():
        assert resolve_term(vocabulary, term.code) == term.code
        assert resolve_term(vocabulary, term.zh) == term.code
        assert resolve_term(vocabulary, term.en.upper()) == term.code
        assert label(vocabulary, term.code, "zh") == term.zh


def test_unknown_term_lists_the_choices():
    with pytest.raises(InvalidInput) as caught:
        resolve_term("category", "planet")
    assert "village/村" in translate(caught.value.key, "en", **caught.value.params)


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_both_languages_have_the_same_placeholders(key):
    zh, en = MESSAGES[key]
    assert zh and en
    assert set(re.findall(r"{(\w+)}", zh)) == set(re.findall(r"{(\w+)}", en))


def test_every_message_key_used_in_the_code_exists():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "alliance_cli"
    used = set()
    pattern = re.compile(
        r"(?:Input|Found|Duplicate|Violation|Problem|Rejected|say|warn|translate)"
        r"\(\s*\"(\w+)\""
    )
    for source in root.rglob("*.py"):
        used |= set(pattern.findall(source.read_text(encoding="utf-8")))
    assert used, "the pattern found no message keys"
    assert used - set(MESSAGES) == set()
