"""Cross-inspection (交叉检查): who inspects whom each quarter, the points each inspection
gives, and the findings to rectify (整改) until they are closed.

A round is planned for one quarter and one subject type: the alliances scored in the quarter
(area and task alliances that existed in it) or, by option, the organisations scored in it.
The pairing rule is `inspection_pairing.plan_inspections` (never oneself, no mutual pair with
three or more, last round's pairs not repeated where avoidable); its "last round" is the plan
of the latest earlier quarter of the same subject type. Subjects are ordered by id before
planning, so the same records and seed give the same plan. Without a seed the quarter is
its own seed, written as a number: 2025Q2 gives 20252.

A finding is `open` when recorded, may move to `rectifying` (整改中) and ends `closed`
(已整改) with its closing date; a closed finding never changes again. Inspection points are
0-100 with at most two decimals, stored in hundredths; `inspection_points` hands them to the
scoring engine for a manual indicator.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from sqlalchemy import Connection, delete, func, insert, select, update

from alliance_cli.core import scheme_versions
from alliance_cli.core.audit import record_change
from alliance_cli.core.errors import Duplicate, InvalidInput, NotFound, RuleViolation
from alliance_cli.core.exact import from_hundredths, hundredths_between
from alliance_cli.core.inspection_pairing import plan_inspections
from alliance_cli.core.locks import live_lock
from alliance_cli.core.periods import Period, parse_period
from alliance_cli.core.subjects import (
    Subject,
    find_subject,
    scored_alliances,
    scored_organisations,
)
from alliance_cli.storage.models import (
    alliance,
    inspection,
    inspection_finding,
    organisation,
)

MAX_SEED = 2**31 - 1  # the seed column is a 32-bit integer on every engine
MAX_POINTS = Decimal(100)
FINDING_STATUSES = ("open", "rectifying", "closed")
UNFINISHED = ("open", "rectifying")
# What the clerk may type for `rectify --status`: the code, or the Chinese label.
_STATUS_WORDS = {
    "rectifying": ("rectifying", "整改中"),
    "closed": ("closed", "已整改"),
}


# --- small rules (pure) ----------------------------------------------------------------------


def default_seed(label: str) -> int:
    """The seed of a quarter planned without `--seed`: the quarter as a number (2025Q2 ->
    20252), so that a plan can be redone from its label alone."""
    return int(label[:4]) * 10 + int(label[5:])


def parse_points(text: str | Decimal | int) -> int:
    """Hundredths of inspection points typed as `85`, `85.5` or `85.50`: 0 to 100, at most
    two decimals (exact: never a binary float)."""
    hundredths = hundredths_between(text, Decimal(0), MAX_POINTS)
    if hundredths is None:
        raise InvalidInput("inspection_bad_points", value=text)
    return hundredths


points_of = from_hundredths  # stored hundredths as points with two decimals (None stays None)


def finding_status_code(text: str) -> str:
    """`rectifying`/整改中 or `closed`/已整改; a finding is never set back to open."""
    wanted = text.strip()
    for code, words in _STATUS_WORDS.items():
        if wanted.lower() in words:
            return code
    choices = ", ".join(f"{code}/{words[1]}" for code, words in _STATUS_WORDS.items())
    raise InvalidInput("bad_term", field="--status", value=text, choices=choices)


# --- lookups ---------------------------------------------------------------------------------


def _round_rows(connection: Connection, label: str, subject_type: str) -> list:
    return connection.execute(
        select(inspection)
        .where(inspection.c.period == label, inspection.c.subject_type == subject_type)
        .order_by(inspection.c.id)
    ).all()


def _finding_counts(connection: Connection, inspection_ids: Iterable[int]) -> dict[int, dict]:
    """inspection id -> {"findings": all findings, "unfinished": open or rectifying}."""
    ids = list(inspection_ids)
    counts: dict[int, dict] = {i: {"findings": 0, "unfinished": 0} for i in ids}
    if not ids:
        return counts
    rows = connection.execute(
        select(inspection_finding.c.inspection_id, inspection_finding.c.status, func.count())
        .where(inspection_finding.c.inspection_id.in_(ids))
        .group_by(inspection_finding.c.inspection_id, inspection_finding.c.status)
    )
    for inspection_id, status, count in rows:
        counts[inspection_id]["findings"] += count
        if status in UNFINISHED:
            counts[inspection_id]["unfinished"] += count
    return counts


def _names(connection: Connection, subject_type: str, ids: Iterable[int]) -> dict[int, str]:
    table = alliance if subject_type == "alliance" else organisation
    wanted = set(ids)
    if not wanted:
        return {}
    return dict(
        connection.execute(select(table.c.id, table.c.name).where(table.c.id.in_(wanted))).all()
    )


def _names_by_type(connection: Connection, rows: list) -> dict[str, dict[int, str]]:
    """subject type -> id -> name, for the inspectors and the inspected of `rows`."""
    return {
        subject_type: _names(
            connection,
            subject_type,
            [r.inspector_id for r in rows if r.subject_type == subject_type]
            + [r.inspected_id for r in rows if r.subject_type == subject_type],
        )
        for subject_type in {r.subject_type for r in rows}
    }


def _previous_round(
    connection: Connection, label: str, subject_type: str
) -> tuple[str | None, list[tuple[int, int]]]:
    """The latest earlier quarter planned for the same subject type, and its pairs."""
    previous = connection.execute(
        select(func.max(inspection.c.period)).where(
            inspection.c.subject_type == subject_type, inspection.c.period < label
        )
    ).scalar()
    if previous is None:
        return None, []
    pairs = [
        (r.inspector_id, r.inspected_id) for r in _round_rows(connection, previous, subject_type)
    ]
    return previous, pairs


def _refuse_if_published(connection: Connection, label: str) -> None:
    """Inspection points may feed the quarter's score: a published (locked) quarter keeps
    them until it is unlocked."""
    if live_lock(connection, label) is not None:
        raise RuleViolation("inspection_period_locked", period=label)


# --- planning --------------------------------------------------------------------------------


def plan_round(
    connection: Connection,
    quarter: str,
    *,
    subject_type: str = "alliance",
    seed: int | None = None,
    replace: bool = False,
    actor: str,
) -> dict:
    """Plan who inspects whom in a quarter and store it.

    Refused when the quarter already has a plan of that subject type (unless `replace`),
    when a plan to replace already has recorded points or findings, and when fewer than two
    subjects take part. Returns the plan with its seed, the previous round it avoided and
    how many of its pairs repeat that round (only when no other plan was possible)."""
    label = scheme_versions.quarter_label(quarter)
    period = parse_period(label)
    if seed is None:
        seed = default_seed(label)
    elif not 0 <= seed <= MAX_SEED:
        raise InvalidInput("inspection_bad_seed", value=seed, most=MAX_SEED)
    existing = _round_rows(connection, label, subject_type)
    if existing and not replace:
        raise Duplicate("inspection_plan_exists", period=label, seed=existing[0].seed)
    if existing:
        counts = _finding_counts(connection, (r.id for r in existing))
        recorded = [
            r for r in existing if r.points_hundredths is not None or counts[r.id]["findings"]
        ]
        if recorded:
            raise RuleViolation("inspection_plan_recorded", period=label, count=len(recorded))
    if subject_type == "organisation":
        subjects = scored_organisations(connection, period.start, period.end)
    else:
        subjects = scored_alliances(connection, period.start, period.end)
    subjects = sorted(subjects, key=lambda subject: subject.id)
    if len(subjects) < 2:
        raise RuleViolation("inspection_too_few", period=label, count=len(subjects))
    previous_label, previous_pairs = _previous_round(connection, label, subject_type)
    pairs = plan_inspections([s.id for s in subjects], seed, previous_pairs)
    names = {s.id: s.name for s in subjects}
    before = None
    if existing:
        old_names = _names(
            connection,
            subject_type,
            [r.inspector_id for r in existing] + [r.inspected_id for r in existing],
        )
        before = {
            "seed": existing[0].seed,
            "pairs": [[old_names[r.inspector_id], old_names[r.inspected_id]] for r in existing],
        }
        connection.execute(delete(inspection).where(inspection.c.id.in_([r.id for r in existing])))
    connection.execute(
        insert(inspection),
        [
            {
                "period": label,
                "subject_type": subject_type,
                "inspector_id": inspector_id,
                "inspected_id": inspected_id,
                "seed": seed,
            }
            for inspector_id, inspected_id in pairs
        ],
    )
    shown = [{"inspector": names[a], "inspected": names[b]} for a, b in pairs]
    record_change(
        connection,
        actor,
        "replan" if existing else "plan",
        "score_inspection",
        f"{label}/{subject_type}",
        before=before,
        after={
            "seed": seed,
            "previous": previous_label,
            "pairs": [[row["inspector"], row["inspected"]] for row in shown],
        },
    )
    return {
        "period": label,
        "subject_type": subject_type,
        "seed": seed,
        "previous": previous_label,
        "repeats": len(set(pairs) & set(previous_pairs)),
        "replaced": bool(existing),
        "pairs": shown,
    }


def list_round(connection: Connection, quarter: str) -> list[dict]:
    """Every assignment of a quarter (alliances first, then organisations, each in plan
    order) with its points, date and finding counts; refused when nothing is planned."""
    label = scheme_versions.quarter_label(quarter)
    rows = connection.execute(
        select(inspection)
        .where(inspection.c.period == label)
        .order_by(inspection.c.subject_type, inspection.c.id)
    ).all()
    if not rows:
        raise NotFound("inspection_no_plan", period=label)
    counts = _finding_counts(connection, (r.id for r in rows))
    names = _names_by_type(connection, rows)
    return [
        {
            "inspection_period": label,
            "inspection_subject_type": r.subject_type,
            "inspector": names[r.subject_type][r.inspector_id],
            "inspected": names[r.subject_type][r.inspected_id],
            "inspection_points": points_of(r.points_hundredths),
            "inspected_on": r.inspected_on,
            "finding_count": counts[r.id]["findings"],
            "findings_unfinished": counts[r.id]["unfinished"],
            "inspection_seed": r.seed,
        }
        for r in rows
    ]


# --- recording -------------------------------------------------------------------------------


def _planned_inspector(
    connection: Connection, name: str, label: str, subject_type: str | None
) -> tuple[Subject, object]:
    """The inspector named and its assignment in the quarter's plan."""
    planned_types = set(
        connection.execute(
            select(inspection.c.subject_type).where(inspection.c.period == label).distinct()
        ).scalars()
    )
    if not planned_types:
        raise NotFound("inspection_no_plan", period=label)
    if subject_type is None and len(planned_types) == 1:
        # With one round planned, a name that is also the other kind of subject is no puzzle.
        try:
            inspector = find_subject(connection, name, next(iter(planned_types)))
        except NotFound:
            inspector = find_subject(connection, name)
    else:
        inspector = find_subject(connection, name, subject_type)
    assignment = connection.execute(
        select(inspection).where(
            inspection.c.period == label,
            inspection.c.subject_type == inspector.subject_type,
            inspection.c.inspector_id == inspector.id,
        )
    ).first()
    if assignment is None:
        raise RuleViolation("inspection_not_in_plan", name=inspector.name, period=label)
    return inspector, assignment


def record_inspection(
    connection: Connection,
    quarter: str,
    *,
    inspector: str,
    inspected: str,
    points: str | Decimal | int,
    on: date,
    findings: Iterable[str] = (),
    due: date | None = None,
    replace: bool = False,
    subject_type: str | None = None,
    actor: str,
) -> dict:
    """Record an inspection of the quarter's plan: its points, date and findings (each open).

    The pair must be the plan's (the refusal names whom the inspector was assigned).
    Recording again is refused unless `replace`, which replaces points, date and findings
    as a whole and is refused once a finding's rectification has begun. A published quarter
    is refused: its points may count in its score."""
    label = scheme_versions.quarter_label(quarter)
    period = parse_period(label)
    hundredths = parse_points(points)
    texts = [(text or "").strip() for text in findings]
    if any(not text for text in texts):
        raise InvalidInput("inspection_empty_finding")
    if on < period.start:
        raise InvalidInput(
            "inspection_before_quarter", period=label, start=period.start.isoformat()
        )
    if due is not None and not texts:
        raise InvalidInput("inspection_due_without_findings")
    if due is not None and due < on:
        raise InvalidInput("inspection_due_before", due=due.isoformat(), on=on.isoformat())
    subject, assignment = _planned_inspector(connection, inspector, label, subject_type)
    target = _names(connection, subject.subject_type, [assignment.inspected_id])[
        assignment.inspected_id
    ]
    if inspected.strip() != target:
        find_subject(connection, inspected)  # an unknown name is refused as such
        raise RuleViolation(
            "inspection_wrong_pair",
            inspector=subject.name,
            inspected=inspected.strip(),
            assigned=target,
            period=label,
        )
    _refuse_if_published(connection, label)
    old_findings = connection.execute(
        select(inspection_finding)
        .where(inspection_finding.c.inspection_id == assignment.id)
        .order_by(inspection_finding.c.id)
    ).all()
    recorded = assignment.points_hundredths is not None or bool(old_findings)
    if recorded and not replace:
        raise Duplicate(
            "inspection_recorded",
            inspector=subject.name,
            inspected=target,
            period=label,
            points=points_of(assignment.points_hundredths),
        )
    started = [f for f in old_findings if f.status != "open"]
    if started:
        raise RuleViolation("inspection_rectification_started", id=started[0].id)
    before = None
    if recorded:
        before = {
            "points": points_of(assignment.points_hundredths),
            "inspected_on": assignment.inspected_on,
            "findings": [f.finding for f in old_findings],
            "due_on": old_findings[0].due_on if old_findings else None,
        }
        connection.execute(
            delete(inspection_finding).where(inspection_finding.c.inspection_id == assignment.id)
        )
    connection.execute(
        update(inspection)
        .where(inspection.c.id == assignment.id)
        .values(points_hundredths=hundredths, inspected_on=on)
    )
    finding_ids = [
        connection.execute(
            insert(inspection_finding).values(
                inspection_id=assignment.id, finding=text, status="open", due_on=due
            )
        ).inserted_primary_key[0]
        for text in texts
    ]
    stored_points = points_of(hundredths)
    record_change(
        connection,
        actor,
        "rerecord" if recorded else "record",
        "score_inspection",
        f"{label}/{subject.name}/inspects {target}",
        before=before,
        after={
            "points": stored_points,
            "inspected_on": on,
            "findings": texts,
            "due_on": due,
        },
    )
    return {
        "period": label,
        "inspector": subject.name,
        "inspected": target,
        "points": stored_points,
        "inspected_on": on,
        "finding_ids": finding_ids,
        "replaced": recorded,
    }


# --- rectification ---------------------------------------------------------------------------


def _finding_row(connection: Connection, finding_id: int):
    row = connection.execute(
        select(
            inspection_finding,
            inspection.c.period,
            inspection.c.subject_type,
            inspection.c.inspector_id,
            inspection.c.inspected_id,
            inspection.c.inspected_on,
        )
        .join(inspection, inspection.c.id == inspection_finding.c.inspection_id)
        .where(inspection_finding.c.id == finding_id)
    ).first()
    if row is None:
        raise NotFound("inspection_unknown_finding", id=finding_id)
    return row


def rectify_finding(
    connection: Connection,
    finding_id: int,
    status: str,
    *,
    on: date | None = None,
    today: date,
    actor: str,
) -> dict:
    """Move a finding on: to rectifying (整改中), or to closed (已整改) on `on` (default
    `today`). A closed finding never changes again; `on` is a closing date, so it is refused
    with rectifying; a finding cannot close before its inspection."""
    code = finding_status_code(status)
    row = _finding_row(connection, finding_id)
    if row.status == "closed":
        raise RuleViolation(
            "inspection_finding_closed", id=finding_id, on=row.closed_on.isoformat()
        )
    if row.status == code:
        raise RuleViolation("inspection_finding_already_rectifying", id=finding_id)
    if code == "rectifying" and on is not None:
        raise InvalidInput("inspection_on_needs_closed")
    closed_on = None
    if code == "closed":
        closed_on = on or today
        if row.inspected_on is not None and closed_on < row.inspected_on:
            raise InvalidInput(
                "inspection_closed_before",
                on=closed_on.isoformat(),
                inspected_on=row.inspected_on.isoformat(),
            )
    connection.execute(
        update(inspection_finding)
        .where(inspection_finding.c.id == finding_id)
        .values(status=code, closed_on=closed_on)
    )
    names = _names(connection, row.subject_type, [row.inspector_id, row.inspected_id])
    record_change(
        connection,
        actor,
        "rectify",
        "score_inspection_finding",
        f"{row.period}/{names[row.inspector_id]}/inspects {names[row.inspected_id]}"
        f"/finding {finding_id}",
        before={"status": row.status, "closed_on": row.closed_on},
        after={"status": code, "closed_on": closed_on},
    )
    return {"id": finding_id, "finding": row.finding, "status": code, "closed_on": closed_on}


def _quarters_of(period: Period) -> list[str]:
    """The quarter labels a period touches (a month is inside one quarter)."""
    return period.quarters()


def open_findings(connection: Connection, *, period: str | None = None, today: date) -> list[dict]:
    """Unfinished findings (open or rectifying), soonest due first (no due date last), with
    who inspected whom and whether the due date is before `today`. `period` may be any
    period (`2025Q2`, `2025H1`, `2025`, latest/previous of the planned quarters)."""
    query = (
        select(
            inspection_finding.c.id,
            inspection_finding.c.finding,
            inspection_finding.c.status,
            inspection_finding.c.due_on,
            inspection.c.period,
            inspection.c.subject_type,
            inspection.c.inspector_id,
            inspection.c.inspected_id,
            inspection.c.inspected_on,
        )
        .join(inspection, inspection.c.id == inspection_finding.c.inspection_id)
        .where(inspection_finding.c.status.in_(UNFINISHED))
        .order_by(
            inspection_finding.c.due_on.is_(None),
            inspection_finding.c.due_on,
            inspection_finding.c.id,
        )
    )
    if period is not None:
        span = parse_period(period, newest=lambda: _newest_planned(connection))
        query = query.where(inspection.c.period.in_(_quarters_of(span)))
    rows = connection.execute(query).all()
    names = _names_by_type(connection, rows)
    return [
        {
            "id": r.id,
            "inspection_period": r.period,
            "inspection_subject_type": r.subject_type,
            "inspector": names[r.subject_type][r.inspector_id],
            "inspected": names[r.subject_type][r.inspected_id],
            "finding": r.finding,
            "status": r.status,
            "inspected_on": r.inspected_on,
            "finding_due_on": r.due_on,
            "finding_overdue": r.due_on is not None and r.due_on < today,
        }
        for r in rows
    ]


def _newest_planned(connection: Connection) -> date | None:
    newest = connection.execute(select(func.max(inspection.c.period))).scalar()
    return None if newest is None else parse_period(newest).start


# --- for the scoring engine ------------------------------------------------------------------


def inspection_points(connection: Connection, quarter_label: str) -> dict[tuple[str, int], Decimal]:
    """(subject type, subject id) -> the points the subject received when it was inspected
    in the quarter (Decimal, two places); only recorded inspections. A scheme indicator
    whose source is `manual` may take its value from here."""
    label = scheme_versions.quarter_label(quarter_label)
    rows = connection.execute(
        select(
            inspection.c.subject_type, inspection.c.inspected_id, inspection.c.points_hundredths
        ).where(inspection.c.period == label, inspection.c.points_hundredths.is_not(None))
    )
    return {
        (subject_type, inspected_id): points_of(hundredths)
        for subject_type, inspected_id, hundredths in rows
    }
