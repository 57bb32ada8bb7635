"""Property: whatever organisations and membership histories a township holds, `member export`
read back by `member import` into an empty database with the same alliances gives the same
organisations and memberships (compared by natural keys: names and dates, not ids)."""

from __future__ import annotations

import shutil
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from alliance_cli.cli import app
from alliance_cli.core.memberships import join_alliance, leave_alliance
from alliance_cli.core.organisations import add_organisation
from alliance_cli.core.vocabulary import CATEGORIES, LEVELS
from alliance_cli.storage.engine import transaction
from alliance_cli.storage.schema import open_database
from tests.cli.test_member_import import organisations, spells
from tests.conftest import snapshot

# Alliance names that a spreadsheet would take for a formula, or that need CSV quoting.
ALLIANCES = ["=甲联盟", "乙,联盟", '丙"联盟']
FOUNDED = date(2020, 1, 1)

runner = CliRunner()


def run(*args) -> None:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, (args, result.stderr, result.exception)


@pytest.fixture(scope="module")
def alliances_only(tmp_path_factory) -> Path:
    """A database holding just the alliances, copied for every example."""
    db = tmp_path_factory.mktemp("roundtrip") / "alliances.db"
    run("--db", db, "alliance", "create", "全域联盟", "--kind", "core", "--founded", FOUNDED)
    for name, theme in zip(ALLIANCES, ("red", "green", "blue"), strict=True):
        run("--db", db, "alliance", "create", name, "--kind", "area", "--theme", theme,
            "--founded", FOUNDED)  # fmt: skip
    return db


text = st.text(alphabet="红岩村石门社区党支部委abcXYZ019 ,;\"'=-+@\t\n", min_size=1, max_size=10)
# Names often start with what a spreadsheet would run (= - + @), or with a quote of their own
# that the export must tell apart from the quote it adds.
PREFIXES = ["=", "-", "+", "@", "'", "'=", "'-", "''", "=-"]
names = st.one_of(text, st.tuples(st.sampled_from(PREFIXES), text).map("".join))
names = names.map(str.strip).filter(bool)

spell_lists = st.lists(
    st.tuples(
        st.integers(0, 400),  # days after the previous spell ended (0: rejoins that day)
        st.integers(1, 400),  # length: a spell covers at least its join day
        st.sampled_from(["lead", "member"]),
    ),
    min_size=1,
    max_size=3,
)

organisation = st.fixed_dictionaries(
    {
        "name": names,
        "category": st.sampled_from(sorted(CATEGORIES)),
        "level": st.sampled_from(sorted(LEVELS)),
        "secretary": st.none() | names,
        "party_members": st.integers(0, 500),
        "histories": st.dictionaries(
            st.sampled_from(ALLIANCES), st.tuples(spell_lists, st.booleans()), max_size=3
        ),
    }
)


def build_township(db: Path, orgs: list[dict]) -> None:
    engine = open_database(f"sqlite:///{db}", create=False)
    try:
        with transaction(engine, write=True) as connection:
            for org in orgs:
                add_organisation(
                    connection,
                    actor="test",
                    **{k: org[k] for k in ("name", "category", "level", "secretary")},
                    party_members=org["party_members"],
                )
                for alliance_name, (history, still_open) in org["histories"].items():
                    day = FOUNDED
                    for index, (gap, length, role) in enumerate(history):
                        joined = day + timedelta(days=gap)
                        join_alliance(
                            connection, org["name"], alliance_name, joined, role, actor="test"
                        )
                        if still_open and index == len(history) - 1:
                            break
                        day = joined + timedelta(days=length)
                        leave_alliance(connection, org["name"], alliance_name, day, actor="test")
    finally:
        engine.dispose()


# Examples share the autouse fixture's environment; each passes --db explicitly and works in
# its own temporary folder, so nothing carries over from one example to the next.
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@example(  # the quote the export adds, next to a quote of the clerk's own
    orgs=[
        {
            "name": "'=引号村",
            "category": "village",
            "level": "village",
            "secretary": "'=0",
            "party_members": 0,
            "histories": {"=甲联盟": ([(0, 1, "lead"), (0, 5, "member")], True)},
        }
    ],
    fmt="csv",
    lang="en",
)
@given(
    orgs=st.lists(organisation, min_size=1, max_size=5, unique_by=lambda o: o["name"]),
    fmt=st.sampled_from(["csv", "xlsx"]),
    lang=st.sampled_from(["en", "zh"]),
)
def test_export_then_import_gives_the_same_township(alliances_only, orgs, fmt, lang):
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "source.db", Path(folder) / "target.db"
        shutil.copyfile(alliances_only, source)
        shutil.copyfile(alliances_only, target)
        build_township(source, orgs)
        exported = Path(folder) / f"members.{fmt}"
        run("--db", source, "--lang", lang, "member", "export", "--format", fmt,
            "--output", exported)  # fmt: skip

        run("--db", target, "member", "import", exported)
        assert organisations(target) == organisations(source)
        assert spells(target) == spells(source)
        assert len(organisations(target)) == len(orgs)

        # Read back into the database it came from, the export changes nothing at all.
        before = snapshot(source)
        run("--db", source, "member", "import", exported)
        assert snapshot(source) == before
