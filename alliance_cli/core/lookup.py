"""Finding alliances and organisations by the names the clerk types."""

from __future__ import annotations

from sqlalchemy import Connection, Row, select

from alliance_cli.core.errors import NotFound
from alliance_cli.storage.models import alliance, organisation


def find_alliance(connection: Connection, name: str) -> Row:
    row = connection.execute(select(alliance).where(alliance.c.name == name.strip())).first()
    if row is None:
        raise NotFound("unknown_alliance", name=name)
    return row


def find_organisation(connection: Connection, name: str) -> Row:
    row = connection.execute(
        select(organisation).where(organisation.c.name == name.strip())
    ).first()
    if row is None:
        raise NotFound("unknown_organisation", name=name)
    return row
