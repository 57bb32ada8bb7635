"""Micro-wishes (微心愿): a resident's wish registered in an organisation's area, claimed by a
party member or an organisation, and fulfilled on a date; claims may be withdrawn.

A wish belongs to one alliance (the one it is counted for) and one organisation (whose area
it is in). Claims are kept as history: a withdrawn claim keeps its row with `withdrawn_on`,
and at most one claim is live (not withdrawn) at a time. A claim withdrawn on a day is no
longer live that day, so a new claim may be made from that day on. A wish is fulfilled only
while it has a live claim, on or after the day of that claim, and a fulfilled wish is final.

Counting for a period [start, end) (`wish_counts`) — each fulfilment counts once, in the
period it happened, and every rate stays between 0 and 100%:

- registered: registered in the period;
- carried over: registered before the period and not fulfilled before it began;
- due (应办): registered + carried over — the wishes that needed attention in the period;
- claimed: due wishes with a live claim at the end of the period, or fulfilled in it;
- fulfilled: fulfilled in the period;
- claim rate and fulfilment rate: claimed / due and fulfilled / due, in percent.

Rankings use fulfilled wishes only, never mere claims.

Correcting a wish (`update_wish`) — the resident, the organisation, the content, the
registration date, the alliance and the notes, by the rules of registering it:

- nothing given is refused; names and content are stripped and may not be empty; empty
  notes clear them;
- the registration date is not after the latest allowed date, nor after the wish was first
  claimed (a withdrawn claim included; a fulfilment always follows a claim, so not after it
  either);
- the quarter of the old and of the new registration date must not be locked (published):
  the airing counts a wish in its registration quarter, and lists it there;
- the alliance it counts for: a named one is checked as when registering (active, and the
  organisation a member of it on the registration date); a new organisation re-chooses it as
  registering does (`choose_alliance`, on the new date); otherwise it keeps its alliance,
  checked again on a new date — it is never moved to another alliance silently;
- a fulfilled wish may be corrected, but while its fulfilment lies in a locked quarter the
  organisation or alliance it counts for stays as it is (that quarter counted it there).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Row, Select, func, insert, or_, select, update

from alliance_cli.core.activities import latest_allowed_date
from alliance_cli.core.audit import record_change
from alliance_cli.core.errors import InvalidInput, NotFound, RuleViolation
from alliance_cli.core.exact import percent
from alliance_cli.core.locks import refuse_if_locked
from alliance_cli.core.lookup import find_alliance, find_organisation, period_named
from alliance_cli.core.memberships import (
    active_on,
    alliance_active_on,
    is_member_on,
    refuse_unless_active,
)
from alliance_cli.core.people import find_person
from alliance_cli.core.periods import Period
from alliance_cli.core.ranking import rank_order
from alliance_cli.core.vocabulary import resolve_term
from alliance_cli.storage.models import (
    alliance,
    membership,
    organisation,
    person,
    wish,
    wish_claim,
)

GROUPINGS = ("alliance", "org")


# --- dates -------------------------------------------------------------------------------------


def refuse_future(day: date, today: date, field: str) -> None:
    """Records are dated when they happened: nothing after the latest allowed date (today,
    unless ALLIANCE_MAX_FUTURE_DAYS allows more, as for activities)."""
    limit = latest_allowed_date(today)
    if day > limit:
        raise RuleViolation(
            "dated_in_future", field=field, day=day.isoformat(), limit=limit.isoformat()
        )


# --- registering -------------------------------------------------------------------------------


def choose_alliance(connection: Connection, org: Row, day: date) -> Row:
    """The alliance a wish in `org`'s area is counted for when the clerk names none: the only
    alliance the organisation belonged to that day; among several, its only area alliance
    (片区联盟, the area a resident lives in); otherwise the clerk must choose."""
    candidates = connection.execute(
        select(alliance)
        .join(membership, membership.c.alliance_id == alliance.c.id)
        .where(membership.c.organisation_id == org.id, active_on(day))
        .order_by(alliance.c.name)
    ).all()
    candidates = [group for group in candidates if alliance_active_on(group, day)]
    if not candidates:
        raise RuleViolation("wish_no_alliance", organisation=org.name, day=day.isoformat())
    if len(candidates) == 1:
        return candidates[0]
    areas = [group for group in candidates if group.kind == "area"]
    if len(areas) == 1:
        return areas[0]
    raise RuleViolation(
        "wish_alliance_ambiguous",
        organisation=org.name,
        day=day.isoformat(),
        choices=", ".join(group.name for group in candidates),
    )


def _refuse_unless_counted_for(connection: Connection, org: Row, group: Row, day: date) -> None:
    """A wish in `org`'s area may count for `group` on `day` only while the alliance is active
    and the organisation one of its members."""
    refuse_unless_active(group, day)
    if not is_member_on(connection, org.id, group.id, day):
        raise RuleViolation(
            "wish_org_not_member",
            organisation=org.name,
            alliance=group.name,
            day=day.isoformat(),
        )


def add_wish(
    connection: Connection,
    resident: str,
    *,
    organisation_name: str,
    content: str,
    on: date,
    alliance_name: str | None = None,
    notes: str | None = None,
    actor: str,
    today: date,
) -> dict:
    """Register a resident's wish in an organisation's area, counted for an alliance the
    organisation belonged to that day (see `choose_alliance` when none is named)."""
    resident = (resident or "").strip()
    if not resident:
        raise InvalidInput("wish_empty_resident")
    content = " ".join((content or "").split())
    if not content:
        raise InvalidInput("wish_empty_content")
    refuse_future(on, today, "--on")
    refuse_if_locked(connection, day=on)
    org = find_organisation(connection, organisation_name)
    if alliance_name is None:
        group = choose_alliance(connection, org, on)
    else:
        group = find_alliance(connection, alliance_name)
        _refuse_unless_counted_for(connection, org, group, on)
    values = {
        "resident": resident,
        "organisation_id": org.id,
        "alliance_id": group.id,
        "content": content,
        "registered_on": on,
        "notes": (notes or "").strip() or None,
    }
    wish_id = connection.execute(insert(wish).values(**values)).inserted_primary_key[0]
    stored = {
        "id": wish_id,
        "resident": resident,
        "organisation": org.name,
        "alliance": group.name,
        "content": content,
        "registered_on": on,
        "notes": values["notes"],
    }
    record_change(connection, actor, "add", "wish", str(wish_id), after=stored)
    return stored


# --- claims ------------------------------------------------------------------------------------


def find_wish(connection: Connection, wish_id: int, *, lock: bool = False) -> Row:
    """The wish with that id, or NotFound. `lock` holds its row until the transaction ends,
    so that two claims of one wish are checked one after the other on a server database too
    (SQLite write transactions begin IMMEDIATE and already queue)."""
    query = select(wish).where(wish.c.id == wish_id)
    row = connection.execute(query.with_for_update() if lock else query).first()
    if row is None:
        raise NotFound("unknown_wish", id=wish_id)
    return row


def _claims(connection: Connection, wish_ids: Iterable[int] | Select) -> list[Row]:
    """Claims of some wishes (ids, or a query of ids) with the claimant's name, oldest
    first."""
    claimant_org = organisation.alias("claimant_org")
    query = (
        select(
            wish_claim.c.id,
            wish_claim.c.wish_id,
            wish_claim.c.person_id,
            wish_claim.c.organisation_id,
            wish_claim.c.claimed_on,
            wish_claim.c.withdrawn_on,
            func.coalesce(person.c.name, claimant_org.c.name).label("claimant"),
        )
        .outerjoin(person, person.c.id == wish_claim.c.person_id)
        .outerjoin(claimant_org, claimant_org.c.id == wish_claim.c.organisation_id)
        .order_by(wish_claim.c.wish_id, wish_claim.c.claimed_on, wish_claim.c.id)
    )
    ids = wish_ids if isinstance(wish_ids, Select) else list(wish_ids)
    return connection.execute(query.where(wish_claim.c.wish_id.in_(ids))).all()


def _live_claim(connection: Connection, wish_id: int) -> Row | None:
    return next((c for c in _claims(connection, [wish_id]) if c.withdrawn_on is None), None)


def _refuse_if_fulfilled(found: Row) -> None:
    if found.fulfilled_on is not None:
        raise RuleViolation("wish_fulfilled", id=found.id, on=found.fulfilled_on.isoformat())


def claim_wish(
    connection: Connection,
    wish_id: int,
    *,
    person_name: str | None = None,
    organisation_name: str | None = None,
    on: date,
    actor: str,
    today: date,
) -> dict:
    """A party member or an organisation takes on a wish. Refused for a fulfilled wish, a
    wish someone else already holds, or a date before the wish (or its last withdrawal)."""
    if (person_name is None) == (organisation_name is None):
        raise InvalidInput("wish_one_claimant")
    found = find_wish(connection, wish_id, lock=True)
    _refuse_if_fulfilled(found)
    claims = _claims(connection, [wish_id])
    live = next((c for c in claims if c.withdrawn_on is None), None)
    if live is not None:
        raise RuleViolation(
            "wish_already_claimed",
            id=wish_id,
            claimant=live.claimant,
            on=live.claimed_on.isoformat(),
        )
    refuse_future(on, today, "--on")
    if on < found.registered_on:
        raise RuleViolation(
            "wish_before_registration",
            id=wish_id,
            day=on.isoformat(),
            registered=found.registered_on.isoformat(),
        )
    last_withdrawal = max((c.withdrawn_on for c in claims), default=None)
    if last_withdrawal is not None and on < last_withdrawal:
        # Claims of one wish never overlap, so that its history reads in order.
        raise RuleViolation(
            "wish_before_withdrawal",
            id=wish_id,
            day=on.isoformat(),
            withdrawn=last_withdrawal.isoformat(),
        )
    values: dict[str, Any] = {"wish_id": wish_id, "claimed_on": on}
    if person_name is not None:
        claimant = find_person(connection, person_name)
        if not claimant.party_member:
            raise RuleViolation("wish_claimant_not_party_member", name=claimant.name)
        values["person_id"] = claimant.id
        kind = "person"
    else:
        claimant = find_organisation(connection, organisation_name or "")
        values["organisation_id"] = claimant.id
        kind = "organisation"
    claim_id = connection.execute(insert(wish_claim).values(**values)).inserted_primary_key[0]
    stored = {"claim": claim_id, "claimant": claimant.name, "claimant_kind": kind, "on": on}
    record_change(connection, actor, "claim", "wish", str(wish_id), after=stored)
    return {"id": wish_id, **stored}


def withdraw_claim(
    connection: Connection, wish_id: int, *, on: date, actor: str, today: date
) -> dict:
    """End the live claim of a wish that is not yet fulfilled; the claim's row stays."""
    found = find_wish(connection, wish_id, lock=True)
    _refuse_if_fulfilled(found)
    live = _live_claim(connection, wish_id)
    if live is None:
        raise RuleViolation("wish_not_claimed", id=wish_id)
    refuse_future(on, today, "--on")
    if on < live.claimed_on:
        raise RuleViolation(
            "wish_before_claim",
            id=wish_id,
            day=on.isoformat(),
            claimed=live.claimed_on.isoformat(),
        )
    connection.execute(update(wish_claim).where(wish_claim.c.id == live.id).values(withdrawn_on=on))
    before = {"claimant": live.claimant, "claimed_on": live.claimed_on, "withdrawn_on": None}
    record_change(
        connection,
        actor,
        "withdraw",
        "wish",
        str(wish_id),
        before=before,
        after={**before, "withdrawn_on": on},
    )
    return {"id": wish_id, "claimant": live.claimant, "on": on}


def fulfil_wish(connection: Connection, wish_id: int, *, on: date, actor: str, today: date) -> dict:
    """Mark a claimed wish fulfilled on a day not before its live claim; this is final."""
    found = find_wish(connection, wish_id, lock=True)
    _refuse_if_fulfilled(found)
    live = _live_claim(connection, wish_id)
    if live is None:
        raise RuleViolation("wish_not_claimed", id=wish_id)
    refuse_future(on, today, "--on")
    refuse_if_locked(connection, day=on)
    if on < live.claimed_on:
        raise RuleViolation(
            "wish_before_claim",
            id=wish_id,
            day=on.isoformat(),
            claimed=live.claimed_on.isoformat(),
        )
    connection.execute(update(wish).where(wish.c.id == wish_id).values(fulfilled_on=on))
    record_change(
        connection,
        actor,
        "fulfil",
        "wish",
        str(wish_id),
        before={"fulfilled_on": None},
        after={"fulfilled_on": on, "claimant": live.claimant},
    )
    return {"id": wish_id, "claimant": live.claimant, "on": on}


# --- correcting --------------------------------------------------------------------------------


def _described(found: Row, org: Row, group: Row) -> dict:
    """A wish's registration as the clerk gave it (names, not ids), for the audit log; `org`
    and `group` are the wish's organisation and alliance rows."""
    return {
        "resident": found.resident,
        "organisation": org.name,
        "alliance": group.name,
        "content": found.content,
        "registered_on": found.registered_on,
        "notes": found.notes,
    }


def update_wish(
    connection: Connection,
    wish_id: int,
    *,
    resident: str | None = None,
    organisation_name: str | None = None,
    content: str | None = None,
    on: date | None = None,
    alliance_name: str | None = None,
    notes: str | None = None,
    actor: str,
    today: date,
) -> dict:
    """Correct a wish as registered; None leaves a field as it is, empty notes clear them.
    The rules are in the module docstring. Returns the stored values."""
    given = (resident, organisation_name, content, on, alliance_name, notes)
    if all(value is None for value in given):
        raise InvalidInput("nothing_to_update")
    found = find_wish(connection, wish_id, lock=True)
    current_org = connection.execute(
        select(organisation).where(organisation.c.id == found.organisation_id)
    ).one()
    current_group = connection.execute(
        select(alliance).where(alliance.c.id == found.alliance_id)
    ).one()
    before = _described(found, current_org, current_group)
    after = dict(before)
    if resident is not None:
        after["resident"] = resident.strip()
        if not after["resident"]:
            raise InvalidInput("wish_empty_resident")
    if content is not None:
        after["content"] = " ".join(content.split())
        if not after["content"]:
            raise InvalidInput("wish_empty_content")
    if notes is not None:
        after["notes"] = notes.strip() or None
    day = found.registered_on if on is None else on
    if on is not None:
        refuse_future(on, today, "--on")
    refuse_if_locked(connection, day=found.registered_on)
    refuse_if_locked(connection, day=day)
    first_claim = min((c.claimed_on for c in _claims(connection, [wish_id])), default=None)
    if first_claim is not None and day > first_claim:
        raise RuleViolation(
            "wish_registered_after_claim",
            id=wish_id,
            day=day.isoformat(),
            claimed=first_claim.isoformat(),
        )
    if organisation_name is not None:
        org = find_organisation(connection, organisation_name)
    else:
        org = current_org
    if alliance_name is not None:
        group = find_alliance(connection, alliance_name)
        _refuse_unless_counted_for(connection, org, group, day)
    elif org.id != found.organisation_id:
        group = choose_alliance(connection, org, day)
    else:
        group = current_group
        if day != found.registered_on:
            _refuse_unless_counted_for(connection, org, group, day)
    moved = (org.id, group.id) != (found.organisation_id, found.alliance_id)
    if moved and found.fulfilled_on is not None:
        refuse_if_locked(connection, day=found.fulfilled_on)  # that quarter counted it there
    after.update(organisation=org.name, alliance=group.name, registered_on=day)
    connection.execute(
        update(wish)
        .where(wish.c.id == wish_id)
        .values(
            resident=after["resident"],
            organisation_id=org.id,
            alliance_id=group.id,
            content=after["content"],
            registered_on=day,
            notes=after["notes"],
        )
    )
    record_change(connection, actor, "update", "wish", str(wish_id), before=before, after=after)
    return {"id": wish_id, **after}


# --- listing -----------------------------------------------------------------------------------


def wish_status(fulfilled_on: date | None, has_live_claim: bool) -> str:
    """The status code of a wish today (wish_status vocabulary)."""
    if fulfilled_on is not None:
        return "fulfilled"
    return "claimed" if has_live_claim else "open"


def resolve_wish_period(connection: Connection, text: str | None) -> Period | None:
    """The period the clerk named; `latest`/`previous` count from the newest wish record."""
    return period_named(connection, text, wish.c.registered_on, wish.c.fulfilled_on)


def _wish_query():
    area = organisation.alias("area")
    return (
        select(
            wish.c.id,
            wish.c.registered_on,
            wish.c.resident,
            area.c.name.label("organisation"),
            alliance.c.name.label("alliance"),
            wish.c.content,
            wish.c.fulfilled_on,
            wish.c.notes,
        )
        .join(area, area.c.id == wish.c.organisation_id)
        .join(alliance, alliance.c.id == wish.c.alliance_id)
    )


def _with_claims(connection: Connection, query: Select) -> list[dict]:
    """The wishes of a `_wish_query()` with their status, current claimant and claims."""
    rows = connection.execute(query).all()
    claims: dict[int, list[Row]] = {}
    for claim in _claims(connection, query.with_only_columns(wish.c.id).order_by(None)):
        claims.setdefault(claim.wish_id, []).append(claim)
    wishes = []
    for row in rows:
        live = next((c for c in claims.get(row.id, ()) if c.withdrawn_on is None), None)
        details = dict(row._mapping)
        details["wish_status"] = wish_status(row.fulfilled_on, live is not None)
        details["claimant"] = live.claimant if live is not None else None
        details["claimed_on"] = live.claimed_on if live is not None else None
        details["claims"] = [
            {
                "claimant": c.claimant,
                "claimant_kind": "person" if c.person_id is not None else "organisation",
                "claimed_on": c.claimed_on,
                "withdrawn_on": c.withdrawn_on,
            }
            for c in claims.get(row.id, ())
        ]
        wishes.append(details)
    return wishes


def list_wishes(
    connection: Connection,
    *,
    alliance_name: str | None = None,
    organisation_name: str | None = None,
    status: str | None = None,
    period: str | None = None,
) -> list[dict]:
    """Wishes in the order they were registered, with their status today; filtered by
    alliance, organisation (whose area), status, and period of registration."""
    query = _wish_query().order_by(wish.c.registered_on, wish.c.id)
    if alliance_name:
        query = query.where(wish.c.alliance_id == find_alliance(connection, alliance_name).id)
    if organisation_name:
        org = find_organisation(connection, organisation_name)
        query = query.where(wish.c.organisation_id == org.id)
    wanted = resolve_term("wish_status", status) if status else None
    span = resolve_wish_period(connection, period)
    if span is not None:
        query = query.where(wish.c.registered_on >= span.start, wish.c.registered_on < span.end)
    wishes = _with_claims(connection, query)
    if wanted is not None:
        wishes = [w for w in wishes if w["wish_status"] == wanted]
    return wishes


def show_wish(connection: Connection, wish_id: int) -> dict:
    """One wish with its status and every claim, withdrawn ones included."""
    find_wish(connection, wish_id)
    return _with_claims(connection, _wish_query().where(wish.c.id == wish_id))[0]


# --- counting ----------------------------------------------------------------------------------


@dataclass
class WishTally:
    """How many wishes one alliance or organisation registered, carried over, had claimed
    and fulfilled in a period (definitions in the module docstring)."""

    registered: int = 0
    carried_over: int = 0
    claimed: int = 0
    fulfilled: int = 0

    @property
    def due(self) -> int:
        return self.registered + self.carried_over

    @property
    def claim_rate(self) -> Decimal | None:
        return percent(self.claimed, self.due)

    @property
    def fulfilment_rate(self) -> Decimal | None:
        return percent(self.fulfilled, self.due)

    def add(self, flags: tuple[int, int, int, int]) -> None:
        registered, carried_over, claimed, fulfilled = flags
        self.registered += registered
        self.carried_over += carried_over
        self.claimed += claimed
        self.fulfilled += fulfilled


@dataclass
class WishCounts:
    """Tallies per alliance id and per organisation id (the wish's area) for a period;
    an id that is missing had no wish due."""

    period: Period | None
    by_alliance: dict[int, WishTally]
    by_organisation: dict[int, WishTally]


def classify_wish(
    registered_on: date,
    fulfilled_on: date | None,
    claims: Iterable[tuple[date, date | None]],
    period: Period | None,
) -> tuple[bool, bool, bool, bool]:
    """(registered, carried over, claimed, fulfilled) of one wish in a period (None: ever).
    `claims` are (claimed_on, withdrawn_on) pairs."""
    start = period.start if period is not None else None
    end = period.end if period is not None else None
    if end is not None and registered_on >= end:
        return (False, False, False, False)
    if start is not None and fulfilled_on is not None and fulfilled_on < start:
        return (False, False, False, False)  # done before the period: not due in it
    registered = start is None or registered_on >= start
    fulfilled = fulfilled_on is not None and (end is None or fulfilled_on < end)
    live_at_end = any(
        (end is None or claimed_on < end)
        and (withdrawn_on is None or (end is not None and withdrawn_on >= end))
        for claimed_on, withdrawn_on in claims
    )
    return (registered, not registered, fulfilled or live_at_end, fulfilled)


def wish_counts(
    connection: Connection, period: Period | None, *, alliance_id: int | None = None
) -> WishCounts:
    """Registered, carried-over, claimed and fulfilled wishes per alliance and per
    organisation in a period (None: over all time); with `alliance_id`, only the wishes
    counted for that alliance. Scoring reuses this."""
    query = select(
        wish.c.id,
        wish.c.alliance_id,
        wish.c.organisation_id,
        wish.c.registered_on,
        wish.c.fulfilled_on,
    )
    if alliance_id is not None:
        query = query.where(wish.c.alliance_id == alliance_id)
    if period is not None:
        query = query.where(
            wish.c.registered_on < period.end,
            or_(wish.c.fulfilled_on.is_(None), wish.c.fulfilled_on >= period.start),
        )
    rows = connection.execute(query).all()
    claims: dict[int, list[tuple[date, date | None]]] = {}
    if rows:
        claim_query = select(
            wish_claim.c.wish_id, wish_claim.c.claimed_on, wish_claim.c.withdrawn_on
        ).where(wish_claim.c.wish_id.in_(query.with_only_columns(wish.c.id)))
        for claim in connection.execute(claim_query):
            claims.setdefault(claim.wish_id, []).append((claim.claimed_on, claim.withdrawn_on))
    by_alliance: dict[int, WishTally] = {}
    by_organisation: dict[int, WishTally] = {}
    for row in rows:
        flags = classify_wish(row.registered_on, row.fulfilled_on, claims.get(row.id, ()), period)
        if not any(flags):
            continue
        by_alliance.setdefault(row.alliance_id, WishTally()).add(flags)
        by_organisation.setdefault(row.organisation_id, WishTally()).add(flags)
    return WishCounts(period, by_alliance, by_organisation)


def _overlaps(first_day: date | None, last_day: date | None, span: Period | None) -> bool:
    """Whether [first_day, last_day) (None: open) meets the period."""
    if span is None:
        return True
    return (first_day is None or first_day < span.end) and (
        last_day is None or last_day > span.start
    )


def wish_stats(
    connection: Connection,
    period: str | None,
    *,
    by: str = "alliance",
    alliance_name: str | None = None,
) -> dict:
    """Counts and rates per alliance or per organisation, ranked by fulfilled wishes
    (ties share a rank and are listed by name). Every alliance active in the period is
    listed, and every organisation that belonged to one (to `alliance_name`, if given),
    so that one with no wish shows zeros."""
    if by not in GROUPINGS:
        raise InvalidInput("bad_term", field="--by", value=by, choices=", ".join(GROUPINGS))
    span = resolve_wish_period(connection, period)
    group = find_alliance(connection, alliance_name) if alliance_name else None
    counts = wish_counts(connection, span, alliance_id=group.id if group is not None else None)
    names: dict[int, str] = {}
    if by == "alliance":
        tallies = counts.by_alliance
        for row in connection.execute(select(alliance).order_by(alliance.c.name)):
            if (group is None or row.id == group.id) and (
                row.id in tallies or _overlaps(row.founded_on, row.dissolved_on, span)
            ):
                names[row.id] = row.name
    else:
        tallies = counts.by_organisation
        spells = select(
            membership.c.organisation_id,
            membership.c.joined_on,
            membership.c.left_on,
            organisation.c.name,
        ).join(organisation, organisation.c.id == membership.c.organisation_id)
        if group is not None:
            spells = spells.where(membership.c.alliance_id == group.id)
        for spell in connection.execute(spells):
            if _overlaps(spell.joined_on, spell.left_on, span):
                names[spell.organisation_id] = spell.name
        missing = set(tallies) - set(names)
        if missing:
            names.update(
                connection.execute(
                    select(organisation.c.id, organisation.c.name).where(
                        organisation.c.id.in_(missing)
                    )
                ).all()
            )
    ranked = rank_order(
        list(names),
        total=lambda key: tallies.get(key, WishTally()).fulfilled,
        name=names.__getitem__,
    )
    name_key = "alliance" if by == "alliance" else "organisation"
    rows = []
    for item in ranked:
        key = item.subject
        tally = tallies.get(key, WishTally())
        rows.append(
            {
                "rank": item.rank,
                name_key: names[key],
                "registered": tally.registered,
                "carried_over": tally.carried_over,
                "wishes_due": tally.due,
                "claimed": tally.claimed,
                "fulfilled": tally.fulfilled,
                "claim_rate": tally.claim_rate,
                "fulfilment_rate": tally.fulfilment_rate,
            }
        )
    return {"period": span.label if span is not None else None, "by": by, "rows": rows}
