"""Good practice cases (好经验好做法): a case written up for publicity, the activities it
cites, and where it was publicised (broadcast, TV, newspaper, WeChat official account).

A case cites only what had happened when it was written: a linked activity is held on or
before the case's date, and a publicity item is dated on or after it. A case of an
organisation cites activities that organisation took part in; a case of an alliance cites
activities of that alliance or of an alliance under it, so that a mistyped activity id is
caught instead of stored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from types import SimpleNamespace

from sqlalchemy import Connection, Row, delete, func, insert, select, update

from alliance_cli.core.audit import record_change
from alliance_cli.core.errors import Duplicate, InvalidInput, NotFound, RuleViolation
from alliance_cli.core.locks import refuse_if_locked
from alliance_cli.core.lookup import (
    alliance_name_of,
    find_alliance,
    find_organisation,
    organisation_name_of,
    period_named,
)
from alliance_cli.core.periods import Period
from alliance_cli.core.vocabulary import resolve_term
from alliance_cli.storage.models import (
    activity,
    activity_org,
    alliance,
    case_activity,
    case_publicity,
    evidence,
    good_case,
    organisation,
)

MAX_TITLE_LENGTH = 300
MAX_LINK_LENGTH = 1000
_LINK = re.compile(r"^https?://[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?$", re.IGNORECASE)


# --- finding ---------------------------------------------------------------------------------


def find_case(connection: Connection, title: str) -> Row:
    """The case with that title, or NotFound."""
    row = connection.execute(select(good_case).where(good_case.c.title == title.strip())).first()
    if row is None:
        raise NotFound("unknown_case", title=title)
    return row


def _clean_title(title: str | None) -> str:
    cleaned = (title or "").strip()
    if not cleaned:
        raise InvalidInput("empty_title")
    if len(cleaned) > MAX_TITLE_LENGTH:
        raise InvalidInput("case_title_too_long", maximum=MAX_TITLE_LENGTH)
    return cleaned


def _alliance_and_descendants(connection: Connection, alliance_id: int) -> set[int]:
    """The alliance and every alliance below it (area alliances under the core one)."""
    children: dict[int, list[int]] = {}
    for row in connection.execute(select(alliance.c.id, alliance.c.parent_id)):
        if row.parent_id is not None:
            children.setdefault(row.parent_id, []).append(row.id)
    found, pending = set(), [alliance_id]
    while pending:
        current = pending.pop()
        if current not in found:
            found.add(current)
            pending.extend(children.get(current, ()))
    return found


def _citable_alliances(connection: Connection, case) -> set[int] | None:
    """The alliances whose activities the case may cite (its own and those below it), read
    once per command rather than once per cited activity; None when the case has none."""
    if case.alliance_id is None:
        return None
    return _alliance_and_descendants(connection, case.alliance_id)


def _check_citable(
    connection: Connection, case, activity_id: int, alliances: set[int] | None
) -> Row:
    """The activity, if the case may cite it; a refusal naming the reason otherwise. `case`
    is anything with the case's `written_on`, `alliance_id` and `organisation_id`;
    `alliances` is `_citable_alliances` of that case."""
    event = connection.execute(
        select(activity.c.id, activity.c.held_on, activity.c.title, activity.c.alliance_id).where(
            activity.c.id == activity_id
        )
    ).first()
    if event is None:
        raise NotFound("unknown_activity", id=activity_id)
    if event.held_on > case.written_on:
        raise RuleViolation(
            "case_activity_after_case",
            id=activity_id,
            held_on=event.held_on.isoformat(),
            written_on=case.written_on.isoformat(),
        )
    if alliances is not None and event.alliance_id not in alliances:
        raise RuleViolation(
            "case_activity_other_alliance",
            id=activity_id,
            alliance=alliance_name_of(connection, case.alliance_id),
        )
    if case.organisation_id is not None:
        took_part = connection.execute(
            select(activity_org.c.activity_id).where(
                activity_org.c.activity_id == activity_id,
                activity_org.c.organisation_id == case.organisation_id,
            )
        ).first()
        if took_part is None:
            raise RuleViolation(
                "case_activity_not_taken_part",
                id=activity_id,
                organisation=organisation_name_of(connection, case.organisation_id),
            )
    return event


def _linked_ids(connection: Connection, case_id: int) -> set[int]:
    return set(
        connection.execute(
            select(case_activity.c.activity_id).where(case_activity.c.case_id == case_id)
        ).scalars()
    )


# --- writing ---------------------------------------------------------------------------------


def add_case(
    connection: Connection,
    title: str,
    *,
    written_on: date,
    alliance_name: str | None = None,
    organisation_name: str | None = None,
    activity_ids: Iterable[int] = (),
    summary: str | None = None,
    actor: str,
) -> int:
    """Write up a case of an alliance and/or an organisation, citing activities."""
    title = _clean_title(title)
    if not (alliance_name or organisation_name):
        raise InvalidInput("case_needs_owner")
    refuse_if_locked(connection, day=written_on)
    if connection.execute(select(good_case.c.id).where(good_case.c.title == title)).first():
        raise Duplicate("duplicate_case", title=title)
    group = find_alliance(connection, alliance_name) if alliance_name else None
    org = find_organisation(connection, organisation_name) if organisation_name else None
    summary = summary.strip() if summary and summary.strip() else None
    values = {
        "title": title,
        "alliance_id": group.id if group else None,
        "organisation_id": org.id if org else None,
        "written_on": written_on,
        "summary": summary,
    }
    cited = list(dict.fromkeys(activity_ids))  # an id named twice is cited once
    case = SimpleNamespace(**values)
    alliances = _citable_alliances(connection, case)
    for activity_id in cited:
        _check_citable(connection, case, activity_id, alliances)
    case_id = connection.execute(insert(good_case).values(**values)).inserted_primary_key[0]
    for activity_id in cited:
        connection.execute(insert(case_activity).values(case_id=case_id, activity_id=activity_id))
    record_change(
        connection,
        actor,
        "add",
        "good_case",
        title,
        after={
            "written_on": written_on,
            "alliance": group.name if group else None,
            "organisation": org.name if org else None,
            "activities": cited,
            "summary": summary,
        },
    )
    return case_id


def link_activities(
    connection: Connection, title: str, activity_ids: Iterable[int], *, actor: str
) -> list[int]:
    """Cite more activities in a case; an activity it already cites is refused."""
    case = find_case(connection, title)
    linked = _linked_ids(connection, case.id)
    added: list[int] = []
    alliances = _citable_alliances(connection, case)
    for activity_id in dict.fromkeys(activity_ids):
        if activity_id in linked:
            raise Duplicate("case_already_linked", title=case.title, id=activity_id)
        _check_citable(connection, case, activity_id, alliances)
        connection.execute(insert(case_activity).values(case_id=case.id, activity_id=activity_id))
        linked.add(activity_id)
        added.append(activity_id)
    record_change(
        connection,
        actor,
        "link",
        "good_case",
        case.title,
        before={"activities": sorted(linked - set(added))},
        after={"activities": sorted(linked)},
    )
    return added


def unlink_activities(
    connection: Connection, title: str, activity_ids: Iterable[int], *, actor: str
) -> list[int]:
    """Stop citing activities in a case; an activity it does not cite is refused."""
    case = find_case(connection, title)
    linked = _linked_ids(connection, case.id)
    before = sorted(linked)
    removed: list[int] = []
    for activity_id in dict.fromkeys(activity_ids):
        if activity_id not in linked:
            raise NotFound("case_not_linked", title=case.title, id=activity_id)
        connection.execute(
            delete(case_activity).where(
                case_activity.c.case_id == case.id, case_activity.c.activity_id == activity_id
            )
        )
        linked.discard(activity_id)
        removed.append(activity_id)
    record_change(
        connection,
        actor,
        "unlink",
        "good_case",
        case.title,
        before={"activities": before},
        after={"activities": sorted(linked)},
    )
    return removed


def update_case(
    connection: Connection,
    title: str,
    *,
    new_title: str | None = None,
    written_on: date | None = None,
    alliance_name: str | None = None,
    organisation_name: str | None = None,
    summary: str | None = None,
    actor: str,
) -> dict:
    """Correct a case. None leaves a field as it is; an empty alliance, organisation or
    summary clears it, but a case keeps at least one owner. The activities it cites must
    stay citable and its publicity must not come before the new date. A new date or owner
    changes what a quarter's airing counted, so it is refused while the quarter of the old
    or the new date is published. Returns the stored values, with owners by name."""
    current = find_case(connection, title)
    given = [new_title, written_on, alliance_name, organisation_name, summary]
    if all(value is None for value in given):
        raise InvalidInput("nothing_to_update")
    after = {
        "title": current.title,
        "alliance_id": current.alliance_id,
        "organisation_id": current.organisation_id,
        "written_on": current.written_on,
        "summary": current.summary,
    }
    if new_title is not None:
        after["title"] = _clean_title(new_title)
        same = connection.execute(
            select(good_case.c.id).where(
                good_case.c.title == after["title"], good_case.c.id != current.id
            )
        ).first()
        if same is not None:
            raise Duplicate("duplicate_case", title=after["title"])
    if written_on is not None:
        after["written_on"] = written_on
    if alliance_name is not None:
        name = alliance_name.strip()
        after["alliance_id"] = find_alliance(connection, name).id if name else None
    if organisation_name is not None:
        name = organisation_name.strip()
        after["organisation_id"] = find_organisation(connection, name).id if name else None
    if summary is not None:
        after["summary"] = summary.strip() or None
    if after["alliance_id"] is None and after["organisation_id"] is None:
        raise InvalidInput("case_needs_owner")
    counted = ("written_on", "alliance_id", "organisation_id")  # what the airing counts
    if any(after[key] != getattr(current, key) for key in counted):
        for day in dict.fromkeys((current.written_on, after["written_on"])):
            refuse_if_locked(connection, day=day)
    citing = SimpleNamespace(**after)
    alliances = _citable_alliances(connection, citing)
    for activity_id in sorted(_linked_ids(connection, current.id)):
        _check_citable(connection, citing, activity_id, alliances)
    earliest = connection.execute(
        select(func.min(case_publicity.c.published_on)).where(
            case_publicity.c.case_id == current.id
        )
    ).scalar()
    if earliest is not None and earliest < after["written_on"]:
        raise RuleViolation(
            "publicity_before_case",
            published_on=earliest.isoformat(),
            written_on=after["written_on"].isoformat(),
        )
    connection.execute(update(good_case).where(good_case.c.id == current.id).values(**after))
    stored = _described(connection, after)
    record_change(
        connection,
        actor,
        "update",
        "good_case",
        current.title,
        before=_described(connection, current._asdict()),
        after=stored,
    )
    return stored


def _described(connection: Connection, values: dict) -> dict:
    """A case's fields with its owners by name, for the audit log and the clerk."""
    return {
        "title": values["title"],
        "written_on": values["written_on"],
        "alliance": alliance_name_of(connection, values["alliance_id"]),
        "organisation": organisation_name_of(connection, values["organisation_id"]),
        "summary": values["summary"],
    }


def clean_link(link: str | None) -> str | None:
    """An http(s) address with a host, or None when none was given."""
    if link is None or not link.strip():
        return None
    text = link.strip()
    if len(text) > MAX_LINK_LENGTH or not _LINK.match(text):
        raise InvalidInput("bad_link", value=link)
    return text


def publicise_case(
    connection: Connection,
    title: str,
    *,
    channel: str,
    published_on: date,
    headline: str,
    link: str | None = None,
    actor: str,
) -> int:
    """Record where a case was publicised. Not before the case was written; the same
    channel, date and headline twice is refused."""
    case = find_case(connection, title)
    code = resolve_term("channel", channel)
    headline = _clean_title(headline)
    link = clean_link(link)
    if published_on < case.written_on:
        raise RuleViolation(
            "publicity_before_case",
            published_on=published_on.isoformat(),
            written_on=case.written_on.isoformat(),
        )
    same = connection.execute(
        select(case_publicity.c.id).where(
            case_publicity.c.case_id == case.id,
            case_publicity.c.channel == code,
            case_publicity.c.published_on == published_on,
            case_publicity.c.title == headline,
        )
    ).first()
    if same is not None:
        raise Duplicate("duplicate_publicity", title=headline, on=published_on.isoformat())
    publicity_id = connection.execute(
        insert(case_publicity).values(
            case_id=case.id, channel=code, published_on=published_on, title=headline, link=link
        )
    ).inserted_primary_key[0]
    record_change(
        connection,
        actor,
        "publicise",
        "good_case",
        case.title,
        after={"channel": code, "published_on": published_on, "title": headline, "link": link},
    )
    return publicity_id


def unpublicise_case(connection: Connection, title: str, publicity_id: int, *, actor: str) -> dict:
    """Remove one publicity record of a case (by the id `case show` gives), e.g. one recorded
    in error; a correction is a removal and a new `publicise`. The audit log keeps it."""
    case = find_case(connection, title)
    record = connection.execute(
        select(
            case_publicity.c.id,
            case_publicity.c.channel,
            case_publicity.c.published_on,
            case_publicity.c.title,
            case_publicity.c.link,
        ).where(case_publicity.c.id == publicity_id, case_publicity.c.case_id == case.id)
    ).first()
    if record is None:
        raise NotFound("unknown_publicity", title=case.title, id=publicity_id)
    connection.execute(delete(case_publicity).where(case_publicity.c.id == publicity_id))
    removed = dict(record._mapping)
    record_change(connection, actor, "unpublicise", "good_case", case.title, before=removed)
    return removed


# --- reading ---------------------------------------------------------------------------------


def case_period(connection: Connection, text: str | None) -> Period | None:
    """The period the clerk named; `latest`/`previous` count from the newest case."""
    return period_named(connection, text, good_case.c.written_on)


def list_cases(
    connection: Connection,
    *,
    alliance_name: str | None = None,
    organisation_name: str | None = None,
    period: str | None = None,
) -> list[dict]:
    """Cases by date then title, with how many activities they cite, how often and where they
    were publicised, and how many evidence files they carry."""
    owner_alliance = alliance.alias("owner_alliance")
    query = (
        select(
            good_case.c.id,
            good_case.c.title,
            good_case.c.written_on,
            owner_alliance.c.name.label("alliance"),
            organisation.c.name.label("organisation"),
        )
        .outerjoin(owner_alliance, owner_alliance.c.id == good_case.c.alliance_id)
        .outerjoin(organisation, organisation.c.id == good_case.c.organisation_id)
        .order_by(good_case.c.written_on, good_case.c.title)
    )
    if alliance_name:
        query = query.where(good_case.c.alliance_id == find_alliance(connection, alliance_name).id)
    if organisation_name:
        org = find_organisation(connection, organisation_name)
        query = query.where(good_case.c.organisation_id == org.id)
    span = case_period(connection, period)
    if span is not None:
        query = query.where(good_case.c.written_on >= span.start, good_case.c.written_on < span.end)
    cited = dict(
        connection.execute(
            select(case_activity.c.case_id, func.count()).group_by(case_activity.c.case_id)
        ).all()
    )
    channels: dict[int, list[str]] = {}
    publicity_count: dict[int, int] = {}
    for row in connection.execute(
        select(case_publicity.c.case_id, case_publicity.c.channel).order_by(
            case_publicity.c.published_on, case_publicity.c.id
        )
    ):
        publicity_count[row.case_id] = publicity_count.get(row.case_id, 0) + 1
        if row.channel not in channels.setdefault(row.case_id, []):
            channels[row.case_id].append(row.channel)
    files = dict(
        connection.execute(
            select(evidence.c.target_id, func.count())
            .where(evidence.c.target == "case")
            .group_by(evidence.c.target_id)
        ).all()
    )
    cases = []
    for row in connection.execute(query):
        details = dict(row._mapping)
        case_id = details.pop("id")
        details["activities"] = cited.get(case_id, 0)
        details["publicity"] = publicity_count.get(case_id, 0)
        details["channels"] = channels.get(case_id, [])
        details["evidence"] = files.get(case_id, 0)
        cases.append(details)
    return cases


def show_case(connection: Connection, title: str) -> dict:
    """One case with the activities it cites, its publicity and its evidence files."""
    case = find_case(connection, title)
    cited = connection.execute(
        select(
            activity.c.id,
            activity.c.held_on,
            activity.c.title,
            alliance.c.name.label("alliance"),
        )
        .join(case_activity, case_activity.c.activity_id == activity.c.id)
        .join(alliance, alliance.c.id == activity.c.alliance_id)
        .where(case_activity.c.case_id == case.id)
        .order_by(activity.c.held_on, activity.c.id)
    ).all()
    publicity = connection.execute(
        select(
            case_publicity.c.id,
            case_publicity.c.published_on,
            case_publicity.c.channel,
            case_publicity.c.title,
            case_publicity.c.link,
        )
        .where(case_publicity.c.case_id == case.id)
        .order_by(case_publicity.c.published_on, case_publicity.c.id)
    ).all()
    files = connection.execute(
        select(evidence.c.id, evidence.c.original_name, evidence.c.size, evidence.c.sha256)
        .where(evidence.c.target == "case", evidence.c.target_id == case.id)
        .order_by(evidence.c.id)
    ).all()
    return {
        "title": case.title,
        "written_on": case.written_on,
        "alliance": alliance_name_of(connection, case.alliance_id),
        "organisation": organisation_name_of(connection, case.organisation_id),
        "summary": case.summary,
        "activities": [dict(row._mapping) for row in cited],
        "publicity": [dict(row._mapping) for row in publicity],
        "evidence": [dict(row._mapping) for row in files],
    }
