"""Finding alliances, organisations and periods by what the clerk types."""

from __future__ import annotations

from sqlalchemy import Connection, Row, func, select

from alliance_cli.core.errors import NotFound
from alliance_cli.core.periods import Period, parse_period
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


def alliance_name_of(connection: Connection, alliance_id: int | None) -> str | None:
    """The name of the alliance with that id; None when there is no id."""
    if alliance_id is None:
        return None
    return connection.execute(
        select(alliance.c.name).where(alliance.c.id == alliance_id)
    ).scalar_one()


def organisation_name_of(connection: Connection, organisation_id: int | None) -> str | None:
    """The name of the organisation with that id; None when there is no id."""
    if organisation_id is None:
        return None
    return connection.execute(
        select(organisation.c.name).where(organisation.c.id == organisation_id)
    ).scalar_one()


def period_named(connection: Connection, text: str | None, *columns, where=None) -> Period | None:
    """The period the clerk named, or None when none was; `latest` and `previous` count
    from the newest value of the date `columns` (each filtered by `where`, if given), which
    is looked up only when one of them is asked for."""
    if text is None:
        return None

    def newest():
        newest_values = []
        for column in columns:
            query = select(func.max(column))
            if where is not None:
                query = query.where(where)
            newest_values.append(query.scalar_subquery())
        values = connection.execute(select(*newest_values)).one()
        return max((value for value in values if value is not None), default=None)

    return parse_period(text, newest=newest)
