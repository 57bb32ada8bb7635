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
