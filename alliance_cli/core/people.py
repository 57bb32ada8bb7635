"""People (关系在支部、活动共参与): party members and others with a home organisation and roles.

Personal data is kept minimal on purpose: a name, a home organisation, roles, optionally a
phone and, for local experts, a speciality. No ID numbers are stored, and exports leave
phones out unless asked.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, Row, insert, select

from alliance_cli.core.audit import record_change
from alliance_cli.core.errors import Duplicate, InvalidInput, NotFound
from alliance_cli.core.lookup import find_organisation
from alliance_cli.core.vocabulary import resolve_term
from alliance_cli.storage.models import person, person_role

MAX_PHONE_LENGTH = 30


def find_person(connection: Connection, name: str) -> Row:
    """The person called `name`, or NotFound."""
    row = connection.execute(select(person).where(person.c.name == name.strip())).first()
    if row is None:
        raise NotFound("unknown_person", name=name)
    return row


def person_roles(connection: Connection, person_id: int) -> list[str]:
    """The person's role codes, in the vocabulary's order."""
    order = ("secretary", "mentor", "expert", "activist")
    held = set(
        connection.execute(
            select(person_role.c.role).where(person_role.c.person_id == person_id)
        ).scalars()
    )
    return [code for code in order if code in held]


def clean_phone(phone: str | None) -> str | None:
    """A phone number as typed (digits, spaces, +, -), or None."""
    if phone is None or not phone.strip():
        return None
    text = phone.strip()
    if len(text) > MAX_PHONE_LENGTH or not all(ch.isdigit() or ch in " +-" for ch in text):
        raise InvalidInput("bad_phone", value=phone)
    return text


def add_person(
    connection: Connection,
    name: str,
    *,
    home: str,
    roles: Iterable[str] = (),
    phone: str | None = None,
    speciality: str | None = None,
    party_member: bool = True,
    actor: str,
) -> int:
    """Add a person with a home organisation and roles (codes or Chinese labels)."""
    clean = name.strip()
    if not clean:
        raise InvalidInput("empty_name")
    home_org = find_organisation(connection, home)
    codes = sorted({resolve_term("person_role", role) for role in roles})
    exists = connection.execute(select(person.c.id).where(person.c.name == clean)).first()
    if exists is not None:
        raise Duplicate("duplicate_person", name=clean)
    values = {
        "name": clean,
        "home_organisation_id": home_org.id,
        "party_member": party_member,
        "phone": clean_phone(phone),
        "speciality": (speciality or "").strip() or None,
    }
    person_id = connection.execute(insert(person).values(**values)).inserted_primary_key[0]
    for code in codes:
        connection.execute(insert(person_role).values(person_id=person_id, role=code))
    after = {**values, "home_organisation": home_org.name, "roles": codes}
    after.pop("home_organisation_id")
    after.pop("phone")  # personal data stays out of the audit trail
    record_change(connection, actor, "add", "person", clean, after=after)
    return person_id
