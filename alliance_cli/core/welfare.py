"""One public-welfare activity a month (一月一公益): which alliance missed which month."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, select

from alliance_cli.core.memberships import active_during
from alliance_cli.core.periods import Period, add_months, month_label
from alliance_cli.storage.models import activity, alliance, membership, organisation, rotation_plan

WELFARE_KIND = "welfare"


def welfare_check(connection: Connection, period: Period, today: date) -> list[dict]:
    """Per alliance that had members during the period: the months it was active in (up to
    the current month), the months without a `welfare` activity, whether it kept the rule
    every month, and for each missed month the host a saved rotation plan had named."""
    months_with_welfare: dict[int, set[str]] = {}
    held = connection.execute(
        select(activity.c.alliance_id, activity.c.held_on).where(
            activity.c.kind == WELFARE_KIND,
            activity.c.held_on >= period.start,
            activity.c.held_on < period.end,
        )
    )
    for row in held:
        months_with_welfare.setdefault(row.alliance_id, set()).add(month_label(row.held_on))
    planned = {  # only a missed month of the period looks up its planned host
        (row.alliance_id, row.month): row.name
        for row in connection.execute(
            select(rotation_plan.c.alliance_id, rotation_plan.c.month, organisation.c.name)
            .join(organisation, organisation.c.id == rotation_plan.c.host_id)
            .where(rotation_plan.c.month.in_(period.months()))
        )
    }
    with_members = set(
        connection.execute(
            select(membership.c.alliance_id)
            .where(active_during(period.start, period.end))
            .group_by(membership.c.alliance_id)
        ).scalars()
    )
    results = []
    for group in connection.execute(select(alliance).order_by(alliance.c.id)):
        if group.id not in with_members:
            continue
        due = [
            label
            for label in period.months()
            if _month_is_due(label, group.founded_on, group.dissolved_on, today)
        ]
        if not due:
            continue
        done = months_with_welfare.get(group.id, set())
        missing = [m for m in due if m not in done]
        results.append(
            {
                "alliance": group.name,
                "months": len(due),
                "with_welfare": len(due) - len(missing),
                "missing": missing,
                "kept": not missing,
                "planned_hosts": [
                    planned[(group.id, m)] for m in missing if (group.id, m) in planned
                ],
            }
        )
    return results


def _month_is_due(label: str, founded: date | None, dissolved: date | None, today: date) -> bool:
    """A month counts if the alliance existed for some of it and it has begun."""
    first = date(int(label[:4]), int(label[5:]), 1)
    after = add_months(first, 1)
    if first > today:
        return False
    if founded is not None and founded >= after:
        return False
    return not (dissolved is not None and dissolved <= first)
