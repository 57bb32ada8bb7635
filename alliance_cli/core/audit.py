"""The audit trail: who changed what, when, with the values before and after."""

from __future__ import annotations

import json
from datetime import date, datetime

from sqlalchemy import Connection, insert

from alliance_cli.storage.models import audit_log


def _encode(values: dict | None) -> str | None:
    if values is None:
        return None
    return json.dumps(values, ensure_ascii=False, sort_keys=True, default=_plain)


def _plain(value: object) -> str:
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def record_change(
    connection: Connection,
    actor: str,
    action: str,
    entity: str,
    entity_key: str,
    before: dict | None = None,
    after: dict | None = None,
) -> None:
    """Append one entry; called inside the same transaction as the change it describes."""
    connection.execute(
        insert(audit_log).values(
            at=datetime.now(),
            actor=actor,
            action=action,
            entity=entity,
            entity_key=entity_key,
            before=_encode(before),
            after=_encode(after),
        )
    )
