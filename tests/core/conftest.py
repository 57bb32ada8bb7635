"""The small township the core tests build in a fresh database, straight through the core."""

from __future__ import annotations

from datetime import date

from alliance_cli.core.alliances import create_alliance
from alliance_cli.core.memberships import join_alliance
from alliance_cli.core.organisations import add_organisation
from alliance_cli.storage.engine import make_engine
from alliance_cli.storage.models import metadata

START = date(2023, 1, 1)
VILLAGES = ("甲村", "乙村", "丙社区")
RED_AND_BLUE = (("红色", "red"), ("蓝色", "blue"))
# 甲村 and 乙村 in 红色, 丙社区 in 蓝色
MEMBERS = (("甲村", "红色"), ("乙村", "红色"), ("丙社区", "蓝色"))


def memory_connection():
    """A connection to a new in-memory database holding every table, inside a transaction."""
    engine = make_engine("sqlite://")
    metadata.create_all(engine)
    connection = engine.connect()
    connection.begin()
    return connection


def build_township(
    connection,
    *,
    areas=RED_AND_BLUE,
    organisations=VILLAGES,
    secretaries=None,
    members=MEMBERS,
) -> None:
    """全域 (core, id 1), then the (name, theme) area alliances (ids 2, 3, ... in order), all
    founded on START; the organisations, villages with ids 1, 2, ... in order and an optional
    secretary each; and the (organisation, alliance) memberships, from START.

    By default: 红色 2 and 蓝色 3; 甲村 1 and 乙村 2 in 红色, 丙社区 3 in 蓝色."""
    create_alliance(connection, "全域", "core", actor="t", founded_on=START)
    for name, theme in areas:
        create_alliance(connection, name, "area", theme=theme, actor="t", founded_on=START)
    for name in organisations:
        secretary = {} if secretaries is None else {"secretary": secretaries.get(name)}
        add_organisation(connection, actor="t", name=name, category="village", **secretary)
    for organisation_name, alliance_name in members:
        join_alliance(connection, organisation_name, alliance_name, START, actor="t")


def township_connection(**township) -> object:
    """`memory_connection` with `build_township(**township)` in it."""
    connection = memory_connection()
    build_township(connection, **township)
    return connection
