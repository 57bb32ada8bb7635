"""Resource sharing (要素流动): what one organisation provided to another — labour, produce,
funds, technology, management know-how, information — on a date, within an alliance, and the
totals per alliance, per pair of organisations and per kind.

Amounts are exact: a quantity is stored in hundredths of its unit and a value in fen (分), both
parsed from decimal text with at most two places and never through a binary float. Totals add
integers and show yuan with two decimals.

Who may be recorded: both organisations must be members of the alliance on the day. A flow
across alliances (跨联盟) is recorded with `cross=True`: then one of the two may instead belong
to another alliance that day, as a guest does at an activity.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from sqlalchemy import Connection, Row, and_, delete, func, insert, or_, select, update

from alliance_cli.core.activities import latest_allowed_date
from alliance_cli.core.audit import record_change
from alliance_cli.core.errors import InvalidInput, NotFound, RuleViolation
from alliance_cli.core.lookup import find_alliance, find_organisation, period_named
from alliance_cli.core.memberships import is_member_on, member_elsewhere_on, refuse_unless_active
from alliance_cli.core.periods import Period
from alliance_cli.core.vocabulary import RESOURCE_KINDS, resolve_term
from alliance_cli.storage.models import alliance, organisation, resource_flow

# The stored columns are 32-bit on a server database: 21,474,836.47 at most.
MAX_HUNDREDTHS = 2**31 - 1
MAX_UNIT_LENGTH = 20
_FULL_WIDTH_NUMBER = str.maketrans("０１２３４５６７８９．", "0123456789.")
GROUPINGS = ("alliance", "pair", "kind")


# --- exact amounts (pure) --------------------------------------------------------------------


def parse_amount(text: str | None, field_name: str, *, allow_zero: bool = False) -> int | None:
    """Decimal text with at most two places as an exact count of hundredths ("12.5" -> 1250);
    None when not given. Refused: not a number, negative, zero (unless `allow_zero`), more
    than two places, or more than the database holds."""
    if text is None or not str(text).strip():
        return None
    cleaned = str(text).translate(_FULL_WIDTH_NUMBER).strip()
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise InvalidInput("resource_bad_amount", field=field_name, value=text) from None
    if not amount.is_finite() or amount < 0 or (amount == 0 and not allow_zero):
        raise InvalidInput("resource_bad_amount", field=field_name, value=text)
    if amount > Decimal(MAX_HUNDREDTHS).scaleb(-2):
        raise InvalidInput(
            "resource_amount_too_large",
            field=field_name,
            value=text,
            maximum=decimal_text(MAX_HUNDREDTHS),
        )
    hundredths = amount.scaleb(2)
    if hundredths != hundredths.to_integral_value():
        raise InvalidInput("resource_bad_amount", field=field_name, value=text)
    return int(hundredths)


def decimal_text(hundredths: int) -> str:
    """1250 -> "12.50": an exact stored amount as shown."""
    return str(amount_of(hundredths))


def amount_of(hundredths: int) -> Decimal:
    """1250 -> Decimal("12.50"), exactly."""
    return Decimal(hundredths).scaleb(-2)


# --- totals (pure) ---------------------------------------------------------------------------


class Flow(NamedTuple):
    """The parts of a record that totals need."""

    alliance: str
    provider: str
    receiver: str
    kind: str
    quantity_hundredths: int | None
    unit: str | None
    value_fen: int | None


@dataclass
class Totals:
    """A group's record count, value in fen, and quantities (hundredths) per unit."""

    records: int = 0
    value_fen: int = 0
    quantities: dict[str, int] = field(default_factory=dict)

    def add(self, flow: Flow) -> None:
        self.records += 1
        self.value_fen += flow.value_fen or 0
        if flow.quantity_hundredths is not None:
            unit = flow.unit or ""
            self.quantities[unit] = self.quantities.get(unit, 0) + flow.quantity_hundredths


GROUP_KEYS: dict[str, Callable[[Flow], tuple[str, ...]]] = {
    "alliance": lambda flow: (flow.alliance,),
    "pair": lambda flow: (flow.provider, flow.receiver),
    "kind": lambda flow: (flow.kind,),
}


def total_flows(flows: Iterable[Flow], by: str) -> dict[tuple[str, ...], Totals]:
    """Totals per group: `alliance`, `pair` (provider to receiver, in that direction) or
    `kind`. Every record lands in exactly one group, so the groups add up to the whole."""
    key_of = GROUP_KEYS[by]
    groups: dict[tuple[str, ...], Totals] = {}
    for flow in flows:
        groups.setdefault(key_of(flow), Totals()).add(flow)
    return groups


# --- recording -------------------------------------------------------------------------------


def _check_parties(connection: Connection, group, orgs: list, day: date, cross: bool) -> None:
    """Both members on the day; with `cross`, one of them may belong to another alliance."""
    outside = [org for org in orgs if not is_member_on(connection, org.id, group.id, day)]
    if not outside:
        return
    if not cross or len(outside) == 2:
        raise RuleViolation(
            "resource_not_member",
            organisation=outside[0].name,
            alliance=group.name,
            day=day.isoformat(),
        )
    # outside[0] is no member of `group` that day, so any alliance it belonged to is another
    if not member_elsewhere_on(connection, outside[0].id, group.id, day):
        raise RuleViolation(
            "resource_cross_without_alliance", organisation=outside[0].name, day=day.isoformat()
        )


def _checked_flow(
    connection: Connection,
    *,
    provider: str,
    receiver: str,
    alliance_name: str,
    kind: str,
    happened_on: date,
    quantity: str | None,
    unit: str | None,
    value: str | None,
    cross: bool,
    today: date,
) -> tuple[dict, dict]:
    """Every rule of a record, for `record_flow` and `update_flow` alike: a quantity with its
    unit, a value, or both; no future date; two different organisations, members of the
    alliance on the day (one may be outside with `cross`); the alliance active. Returns the
    column values (without notes) and the names shown."""
    code = resolve_term("resource", kind)
    quantity_hundredths = parse_amount(quantity, "--quantity")
    value_fen = parse_amount(value, "--value", allow_zero=True)
    unit = (unit or "").strip() or None
    if quantity_hundredths is None and not value_fen:
        raise InvalidInput("resource_needs_amount")
    if quantity_hundredths is not None and unit is None:
        raise InvalidInput("resource_quantity_needs_unit")
    if unit is not None and quantity_hundredths is None:
        raise InvalidInput("resource_unit_without_quantity")
    if unit is not None and len(unit) > MAX_UNIT_LENGTH:
        raise InvalidInput("resource_unit_too_long", limit=MAX_UNIT_LENGTH)
    limit = latest_allowed_date(today)
    if happened_on > limit:
        raise RuleViolation(
            "activity_in_future", day=happened_on.isoformat(), limit=limit.isoformat()
        )
    giver = find_organisation(connection, provider)
    taker = find_organisation(connection, receiver)
    if giver.id == taker.id:
        raise RuleViolation("resource_same_org", organisation=giver.name)
    group = find_alliance(connection, alliance_name)
    refuse_unless_active(group, happened_on)
    _check_parties(connection, group, [giver, taker], happened_on, cross)
    values = {
        "provider_id": giver.id,
        "receiver_id": taker.id,
        "alliance_id": group.id,
        "kind": code,
        "happened_on": happened_on,
        "quantity_hundredths": quantity_hundredths,
        "unit": unit,
        "value_fen": value_fen,
    }
    return values, {"alliance": group.name, "provider": giver.name, "receiver": taker.name}


def _twin_of(connection: Connection, values: dict, *, other_than: int | None = None) -> int | None:
    """The id of a stored record identical to `values` (notes aside), if any."""
    conditions = [
        resource_flow.c[name].is_(None) if stored is None else resource_flow.c[name] == stored
        for name, stored in values.items()
    ]
    if other_than is not None:
        conditions.append(resource_flow.c.id != other_than)
    return connection.execute(select(func.min(resource_flow.c.id)).where(*conditions)).scalar()


def _shown(flow_id: int, values: dict, names: dict) -> dict:
    """A record as the clerk sees it: names, and amounts as exact decimals."""
    quantity = values["quantity_hundredths"]
    value = values["value_fen"]
    return {
        "id": flow_id,
        "happened_on": values["happened_on"],
        "alliance": names["alliance"],
        "provider": names["provider"],
        "receiver": names["receiver"],
        "kind": values["kind"],
        "quantity": amount_of(quantity) if quantity is not None else None,
        "unit": values["unit"],
        "value_yuan": amount_of(value) if value is not None else None,
        "notes": values["notes"],
    }


def record_flow(
    connection: Connection,
    *,
    provider: str,
    receiver: str,
    alliance_name: str,
    kind: str,
    happened_on: date,
    quantity: str | None = None,
    unit: str | None = None,
    value: str | None = None,
    notes: str | None = None,
    cross: bool = False,
    actor: str,
    today: date,
) -> dict:
    """Record what `provider` gave `receiver` within an alliance. Needs a quantity with its
    unit, a value in yuan, or both. Returns the stored record and `same_as`: the id of an
    identical record already stored, if any (two loads on one day are possible, so it is
    recorded anyway and the caller warns)."""
    values, names = _checked_flow(
        connection,
        provider=provider,
        receiver=receiver,
        alliance_name=alliance_name,
        kind=kind,
        happened_on=happened_on,
        quantity=quantity,
        unit=unit,
        value=value,
        cross=cross,
        today=today,
    )
    same_as = _twin_of(connection, values)
    values["notes"] = (notes or "").strip() or None
    flow_id = connection.execute(insert(resource_flow).values(**values)).inserted_primary_key[0]
    stored = _shown(flow_id, values, names)
    record_change(connection, actor, "record", "resource_flow", str(flow_id), after=stored)
    return {**stored, "same_as": same_as}


def _stored_flow(connection: Connection, flow_id: int) -> tuple[Row, dict]:
    """The stored record and how it is shown, or NotFound."""
    current = connection.execute(select(resource_flow).where(resource_flow.c.id == flow_id)).first()
    if current is None:
        raise NotFound("unknown_flow", id=flow_id)
    query, _span = _flows_query(
        connection, alliance_name=None, organisation_name=None, kind=None, period=None
    )
    row = connection.execute(query.where(resource_flow.c.id == flow_id)).one()
    return current, _shown(current.id, current._asdict(), row._asdict())


def show_flow(connection: Connection, flow_id: int) -> dict:
    """One record with all its fields, amounts as exact decimals."""
    return _stored_flow(connection, flow_id)[1]


def _crossed(connection: Connection, current: Row) -> bool:
    """Whether a stored record crosses alliances: one side was not a member of its alliance
    on its day, so it was recorded with `cross`."""
    return not all(
        is_member_on(connection, org_id, current.alliance_id, current.happened_on)
        for org_id in (current.provider_id, current.receiver_id)
    )


def update_flow(
    connection: Connection,
    flow_id: int,
    *,
    provider: str | None = None,
    receiver: str | None = None,
    alliance_name: str | None = None,
    kind: str | None = None,
    happened_on: date | None = None,
    quantity: str | None = None,
    unit: str | None = None,
    value: str | None = None,
    notes: str | None = None,
    cross: bool = False,
    actor: str,
    today: date,
) -> dict:
    """Correct a record; the result is checked by every rule of `record_flow`. None leaves a
    field as it is; empty text clears the quantity (and its unit, unless one is given), the
    unit, the value or the notes. A record that already crossed alliances may keep doing so
    without `cross`. Returns the stored record and `same_as`, as `record_flow` does."""
    given = (provider, receiver, alliance_name, kind, happened_on, quantity, unit, value, notes)
    if all(field is None for field in given):
        raise InvalidInput("nothing_to_update")
    current, before = _stored_flow(connection, flow_id)
    if quantity is not None and not quantity.strip() and unit is None:
        unit = ""  # a quantity cleared takes its unit with it

    def text_of(amount: int | None) -> str | None:
        return decimal_text(amount) if amount is not None else None

    values, names = _checked_flow(
        connection,
        provider=before["provider"] if provider is None else provider,
        receiver=before["receiver"] if receiver is None else receiver,
        alliance_name=before["alliance"] if alliance_name is None else alliance_name,
        kind=current.kind if kind is None else kind,
        happened_on=current.happened_on if happened_on is None else happened_on,
        quantity=text_of(current.quantity_hundredths) if quantity is None else quantity,
        unit=current.unit if unit is None else unit,
        value=text_of(current.value_fen) if value is None else value,
        cross=cross or _crossed(connection, current),
        today=today,
    )
    same_as = _twin_of(connection, values, other_than=current.id)
    values["notes"] = current.notes if notes is None else (notes.strip() or None)
    connection.execute(
        update(resource_flow).where(resource_flow.c.id == current.id).values(**values)
    )
    after = _shown(current.id, values, names)
    record_change(connection, actor, "update", "resource_flow", str(current.id), before, after)
    return {**after, "same_as": same_as}


def delete_flow(connection: Connection, flow_id: int, *, actor: str) -> dict:
    """Delete a record made by mistake; the audit log keeps all of it. Returns it."""
    current, before = _stored_flow(connection, flow_id)
    connection.execute(delete(resource_flow).where(resource_flow.c.id == current.id))
    record_change(connection, actor, "delete", "resource_flow", str(current.id), before, None)
    return before


# --- reading ---------------------------------------------------------------------------------


def flow_period(connection: Connection, text: str | None) -> Period | None:
    """The period the clerk named; `latest`/`previous` count from the newest record."""
    return period_named(connection, text, resource_flow.c.happened_on)


def _flows_query(
    connection: Connection,
    *,
    alliance_name: str | None,
    organisation_name: str | None,
    kind: str | None,
    period: str | None,
):
    giver = organisation.alias("provider")
    taker = organisation.alias("receiver")
    query = (
        select(
            resource_flow.c.id,
            resource_flow.c.happened_on,
            alliance.c.name.label("alliance"),
            giver.c.name.label("provider"),
            taker.c.name.label("receiver"),
            resource_flow.c.kind,
            resource_flow.c.quantity_hundredths,
            resource_flow.c.unit,
            resource_flow.c.value_fen,
            resource_flow.c.notes,
        )
        .join(alliance, alliance.c.id == resource_flow.c.alliance_id)
        .join(giver, giver.c.id == resource_flow.c.provider_id)
        .join(taker, taker.c.id == resource_flow.c.receiver_id)
        .order_by(resource_flow.c.happened_on, resource_flow.c.id)
    )
    conditions = []
    if alliance_name:
        conditions.append(
            resource_flow.c.alliance_id == find_alliance(connection, alliance_name).id
        )
    if organisation_name:
        org = find_organisation(connection, organisation_name)
        conditions.append(
            or_(resource_flow.c.provider_id == org.id, resource_flow.c.receiver_id == org.id)
        )
    if kind:
        conditions.append(resource_flow.c.kind == resolve_term("resource", kind))
    span = flow_period(connection, period)
    if span is not None:
        conditions += [
            resource_flow.c.happened_on >= span.start,
            resource_flow.c.happened_on < span.end,
        ]
    if conditions:
        query = query.where(and_(*conditions))
    return query, span


def list_flows(
    connection: Connection,
    *,
    alliance_name: str | None = None,
    organisation_name: str | None = None,
    kind: str | None = None,
    period: str | None = None,
) -> list[dict]:
    """Records oldest first, filtered by alliance, organisation (giving or receiving), kind
    (code or label) and period; quantities and values as exact decimals."""
    query, _span = _flows_query(
        connection,
        alliance_name=alliance_name,
        organisation_name=organisation_name,
        kind=kind,
        period=period,
    )
    flows = []
    for row in connection.execute(query):
        details = dict(row._mapping)
        quantity = details.pop("quantity_hundredths")
        value = details.pop("value_fen")
        details["quantity"] = amount_of(quantity) if quantity is not None else None
        details["value_yuan"] = amount_of(value) if value is not None else None
        flows.append(details)
    return flows


def flow_totals(
    connection: Connection,
    *,
    by: str = "alliance",
    alliance_name: str | None = None,
    period: str | None = None,
) -> dict:
    """Totals per alliance, per (provider, receiver) pair or per kind, in a period or ever:
    records, value in yuan (two decimals; records without a value add nothing) and the
    quantities per unit. Groups are in name order, kinds in the vocabulary's order."""
    if by not in GROUPINGS:
        raise InvalidInput("bad_term", field="--by", value=by, choices=", ".join(GROUPINGS))
    query, span = _flows_query(
        connection, alliance_name=alliance_name, organisation_name=None, kind=None, period=period
    )
    flows = [
        Flow(
            row.alliance,
            row.provider,
            row.receiver,
            row.kind,
            row.quantity_hundredths,
            row.unit,
            row.value_fen,
        )
        for row in connection.execute(query)
    ]
    names = {"alliance": ("alliance",), "pair": ("provider", "receiver"), "kind": ("kind",)}[by]
    kind_order = list(RESOURCE_KINDS)

    def order(item: tuple) -> tuple:
        key = item[0]
        return (kind_order.index(key[0]),) if by == "kind" else key

    rows = []
    for key, totals in sorted(total_flows(flows, by).items(), key=order):
        rows.append(
            {
                **dict(zip(names, key, strict=True)),
                "records": totals.records,
                "value_yuan": amount_of(totals.value_fen),
                "quantities": {
                    unit: amount_of(amount) for unit, amount in sorted(totals.quantities.items())
                },
            }
        )
    return {"period": span.label if span is not None else None, "by": by, "rows": rows}
