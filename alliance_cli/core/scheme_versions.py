"""Loaded scoring schemes, versioned: which scheme is in force for a quarter.

A scheme is stored whole (its TOML text and SHA-256) with the first quarter it applies to.
A quarter is computed with the newest loaded scheme whose `effective_from` is not after it;
before any scheme is loaded, the default scheme that ships with the tool is in force, and it
is stored the first time a quarter is computed with it. Loading a scheme never touches a
published quarter: its results are frozen in its snapshot, and recomputing it is refused
while it is locked.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from sqlalchemy import Connection, insert, select

from alliance_cli.core.audit import record_change
from alliance_cli.core.errors import InvalidInput
from alliance_cli.core.periods import Period, parse_period
from alliance_cli.core.scheme import Scheme, default_scheme_text, parse_scheme
from alliance_cli.storage.models import activity_kind, score_scheme

EARLIEST = "0001Q1"


@dataclass(frozen=True)
class SchemeVersion:
    id: int | None  # None: the built-in default, not stored yet
    effective_from: str
    sha256: str
    content: str
    scheme: Scheme
    loaded_at: datetime | None = None
    loaded_by: str | None = None


def kind_codes(connection: Connection) -> set[str]:
    return set(connection.execute(select(activity_kind.c.code)).scalars())


def quarter_label(text: str) -> str:
    """A quarter label (`2025Q1`) from what the clerk typed; refuses other periods."""
    period = parse_period(text)
    if period.kind != "quarter":
        raise InvalidInput("not_a_quarter", value=text)
    return period.label


def _digest(content: str) -> str:
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def load_scheme(
    connection: Connection, content: str, *, effective_from: str, actor: str
) -> SchemeVersion:
    """Check and store a scheme, in force from the quarter `effective_from` on."""
    start = quarter_label(effective_from)
    scheme = parse_scheme(content, kinds=kind_codes(connection))
    now = datetime.now()
    digest = _digest(content)
    new_id = connection.execute(
        insert(score_scheme).values(
            name=scheme.name,
            version=scheme.version,
            effective_from=start,
            sha256=digest,
            content=content,
            loaded_at=now,
            loaded_by=actor,
        )
    ).inserted_primary_key[0]
    record_change(
        connection,
        actor,
        "load",
        "score_scheme",
        f"{scheme.version}@{start}",
        after={"name": scheme.name, "version": scheme.version, "sha256": digest},
    )
    return SchemeVersion(new_id, start, digest, content, scheme, now, actor)


def _sort_key(label: str) -> tuple[int, int]:
    return int(label[:4]), int(label[5:])


@lru_cache(maxsize=8)
def _parsed(content: str) -> Scheme:
    """The Scheme of a stored text, parsed once per text: a quarter's computation, an
    import and the annual evaluation ask for the scheme in force many times. The Scheme is
    shared between callers, so it is never changed after parsing (it is frozen; its
    `star_caps` dict is only read)."""
    return parse_scheme(content)


def scheme_in_force(connection: Connection, period: Period | str) -> SchemeVersion:
    """The scheme for a quarter (or for the first quarter of a half or a year)."""
    label = period.label if isinstance(period, Period) else period
    first_quarter = _first_quarter(label)
    rows = connection.execute(select(score_scheme).order_by(score_scheme.c.id.desc())).fetchall()
    candidates = [r for r in rows if _sort_key(r.effective_from) <= _sort_key(first_quarter)]
    if candidates:
        best = max(candidates, key=lambda r: (_sort_key(r.effective_from), r.id))
        return SchemeVersion(
            best.id,
            best.effective_from,
            best.sha256,
            best.content,
            _parsed(best.content),
            best.loaded_at,
            best.loaded_by,
        )
    content = default_scheme_text()
    return SchemeVersion(None, EARLIEST, _digest(content), content, _parsed(content))


def stored_scheme_id(connection: Connection, version: SchemeVersion, *, actor: str) -> int:
    """The id of `version`, storing the built-in default the first time it is used."""
    if version.id is not None:
        return version.id
    return load_scheme(connection, version.content, effective_from=EARLIEST, actor=actor).id  # type: ignore[return-value]


def scheme_versions(connection: Connection) -> list[dict]:
    """Every loaded scheme, oldest first."""
    return [
        {
            "id": r.id,
            "name": r.name,
            "version": r.version,
            "effective_from": r.effective_from,
            "sha256": r.sha256,
            "loaded_at": r.loaded_at,
            "loaded_by": r.loaded_by,
        }
        for r in connection.execute(select(score_scheme).order_by(score_scheme.c.id))
    ]


def _first_quarter(label: str) -> str:
    year = label[:4]
    if "Q" in label:
        return label
    if "H" in label:
        return f"{year}Q1" if label.endswith("1") else f"{year}Q3"
    return f"{year}Q1"
