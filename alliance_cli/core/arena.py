"""Arena contests (擂台赛), half-yearly: contestants, judges' points, trimmed means and ranks.

One arena per half (`2023H1`). Its contestants are all organisations or all alliances (the
core alliance is the whole township and never competes). Each judge gives each contestant at
most one score, 0-100 with at most two decimals; a correction is an explicit replacement,
audited with the points before and after.

A contestant's result is the trimmed mean of its judges' points (core/judging.py) under the
trim rule of the scheme in force for the half (by default: with 5 or more judges drop one
highest and one lowest, with 4 drop the highest, with 3 or fewer take the plain mean).
Contestants are ranked by result in standard competition ranking (1, 2, 2, 4). Rank points
come from the scheme's `arena.rank_points` (1st 60, 2nd 57, ...): tied contestants each get
the points of the rank they share, a rank beyond the list earns 0, and a scheme without rank
points gives none (None). Contestants no judge has scored yet have no result and no rank.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Connection, Table, and_, insert, select, update

from alliance_cli.core.audit import record_change
from alliance_cli.core.errors import Duplicate, InvalidInput, NotFound, RuleViolation
from alliance_cli.core.exact import CENT, from_hundredths, hundredths_between
from alliance_cli.core.judging import kept_scores, trimmed_mean
from alliance_cli.core.periods import parse_period
from alliance_cli.core.ranking import rank_order
from alliance_cli.core.scheme_versions import scheme_in_force
from alliance_cli.core.subjects import Subject, find_subject
from alliance_cli.storage.models import alliance, arena_contestant, arena_score, organisation

HIGHEST_POINTS = Decimal(100)
JUDGE_NAME_LIMIT = 100  # the width of arena_score.judge
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．－＋", "0123456789.-+")


# --- values the clerk types ------------------------------------------------------------------


def half_label(text: str) -> str:
    """The label of a half-year (`2023H1`) from `2023H1`, `2023h1`, `2023年上半年`; refuses
    any other period, so that one arena is always one half."""
    period = parse_period(text)
    if period.kind != "half":
        raise InvalidInput("not_a_half", value=text)
    return period.label


def parse_points(text: str | Decimal, field: str = "--points") -> int:
    """Judge or peer points as exact hundredths: "85.5" -> 8550. Points are 0-100 with at
    most two decimals (full-width digits accepted); anything else is refused rather than
    rounded."""
    hundredths = hundredths_between(str(text).translate(_FULL_WIDTH), Decimal(0), HIGHEST_POINTS)
    if hundredths is None:
        raise InvalidInput("bad_judged_points", field=field, value=text)
    return hundredths


points_of = from_hundredths  # stored hundredths as points with two decimals


# --- points given once, replaced only on purpose (judges here, peers in core/mutual.py) ------


@dataclass(frozen=True)
class GivenPoints:
    """Where one kind of points given by a person is kept (a judge's, a peer's): its table,
    its audit entity and first action, and the messages refusing a second score and a
    replacement of nothing."""

    table: Table
    entity: str
    action: str
    twice: str
    nothing_to_replace: str


def give_points(
    connection: Connection,
    kind: GivenPoints,
    match: dict,
    hundredths: int,
    *,
    names: dict,
    audit_key: str,
    replace: bool,
    actor: str,
) -> int | None:
    """Store the points of the row `match` (column -> value), audited. Giving them again is
    refused with the earlier points named, unless `replace` asks to change them; then there
    must be earlier points to replace, so that a misspelt name is not taken for a new one.
    `names` fills the refusals. Returns the points replaced (hundredths; None at first)."""
    table = kind.table
    where = and_(*(table.c[column] == value for column, value in match.items()))
    earlier = connection.execute(select(table.c.points_hundredths).where(where)).scalar()
    if earlier is not None and not replace:
        raise Duplicate(kind.twice, **names, points=points_of(earlier))
    if earlier is None and replace:
        raise NotFound(kind.nothing_to_replace, **names)
    after = {"points": str(points_of(hundredths))}
    if earlier is None:
        connection.execute(insert(table).values(**match, points_hundredths=hundredths))
        record_change(connection, actor, kind.action, kind.entity, audit_key, after=after)
    else:
        connection.execute(update(table).where(where).values(points_hundredths=hundredths))
        before = {"points": str(points_of(earlier))}
        record_change(connection, actor, "replace", kind.entity, audit_key, before, after)
    return earlier


JUDGES = GivenPoints(
    arena_score, "score_arena", "judge", "judge_scored_twice", "judge_nothing_to_replace"
)


# --- contestants -----------------------------------------------------------------------------


def arena_contestants(connection: Connection, half: str) -> list[Subject]:
    """The contestants of a half's arena (an empty list when none was created), by name."""
    subjects: list[Subject] = []
    for subject_type, table, category in (
        ("organisation", organisation, organisation.c.category),
        ("alliance", alliance, alliance.c.kind),
    ):
        rows = connection.execute(
            select(table.c.id, table.c.name, category.label("category"))
            .join(
                arena_contestant,
                and_(
                    arena_contestant.c.subject_id == table.c.id,
                    arena_contestant.c.subject_type == subject_type,
                ),
            )
            .where(arena_contestant.c.period == half)
        )
        subjects += [Subject(subject_type, r.id, r.name, r.category) for r in rows]
    return sorted(subjects, key=lambda subject: subject.name)


def _resolve_contestant(
    connection: Connection, name: str, subject_type: str | None, arena_type: str | None
) -> Subject:
    """The organisation or alliance named; a name that is both is settled by the type the
    arena already has, else it must be said with a subject type."""
    try:
        return find_subject(connection, name, subject_type)
    except InvalidInput as refused:
        if refused.key == "ambiguous_subject" and subject_type is None and arena_type:
            return find_subject(connection, name, arena_type)
        raise


def create_arena(
    connection: Connection,
    half_text: str,
    contestant_names: Iterable[str],
    *,
    subject_type: str | None = None,
    actor: str,
) -> list[Subject]:
    """Create a half's arena with its contestants, or add contestants to it.

    Refused: a period that is not a half, an unknown or ambiguous name, a name given twice,
    a contestant already in that half's arena, the core alliance, organisations and alliances
    mixed in one half, and an arena that would have fewer than 2 contestants. Returns the
    contestants added."""
    half = half_label(half_text)
    existing = arena_contestants(connection, half)
    arena_type = existing[0].subject_type if existing else subject_type
    added: list[Subject] = []
    for name in contestant_names:
        subject = _resolve_contestant(connection, name, subject_type, arena_type)
        if subject in added:
            raise InvalidInput("arena_contestant_twice", name=subject.name)
        if subject in existing:
            raise Duplicate("arena_contestant_exists", name=subject.name, half=half)
        if subject.subject_type == "alliance" and subject.category == "core":
            raise RuleViolation("arena_core_alliance", name=subject.name)
        if arena_type is None:
            arena_type = subject.subject_type
        elif subject.subject_type != arena_type:
            raise RuleViolation("arena_mixed_subjects", half=half, name=subject.name)
        added.append(subject)
    if len(existing) + len(added) < 2:
        raise RuleViolation("arena_too_few", half=half, count=len(existing) + len(added))
    for subject in added:
        connection.execute(
            insert(arena_contestant).values(
                period=half, subject_type=subject.subject_type, subject_id=subject.id
            )
        )
        record_change(
            connection,
            actor,
            "add",
            "score_arena",
            f"{half}/{subject.name}",
            after={"half": half, "contestant": subject.name, "subject_type": subject.subject_type},
        )
    return added


def _contestant_of(connection: Connection, half: str, name: str) -> Subject:
    """The contestant of that half's arena called `name`."""
    contestants = arena_contestants(connection, half)
    if not contestants:
        raise NotFound("no_arena", half=half)
    wanted = name.strip()
    for subject in contestants:
        if subject.name == wanted:
            return subject
    # An unknown name is refused as unknown; a name that is both an organisation and an
    # alliance is simply not a contestant either.
    with suppress(InvalidInput):
        find_subject(connection, name)
    raise NotFound("not_arena_contestant", name=wanted, half=half)


# --- judging ---------------------------------------------------------------------------------


def judge_contestant(
    connection: Connection,
    half_text: str,
    *,
    judge: str,
    contestant: str,
    points: str | Decimal,
    replace: bool = False,
    actor: str,
) -> dict:
    """Record one judge's points for one contestant of a half's arena.

    A judge scores each contestant once: scoring again is refused with the earlier points
    named, unless `replace` asks to change them (then there must be earlier points to
    replace, so that a misspelt judge is not taken for a new one). Returns the half, judge,
    contestant, points and the points replaced (None for a first score)."""
    half = half_label(half_text)
    judge_name = (judge or "").strip()
    if not judge_name:
        raise InvalidInput("empty_name")
    if len(judge_name) > JUDGE_NAME_LIMIT:
        raise InvalidInput("judge_name_too_long", limit=JUDGE_NAME_LIMIT)
    hundredths = parse_points(points)
    subject = _contestant_of(connection, half, contestant)
    earlier = give_points(
        connection,
        JUDGES,
        {
            "period": half,
            "judge": judge_name,
            "subject_type": subject.subject_type,
            "subject_id": subject.id,
        },
        hundredths,
        names={"judge": judge_name, "name": subject.name, "half": half},
        audit_key=f"{half}/{subject.name}/judge {judge_name}",
        replace=replace,
        actor=actor,
    )
    return {
        "half": half,
        "judge": judge_name,
        "contestant": subject.name,
        "points": points_of(hundredths),
        "replaced": points_of(earlier) if earlier is not None else None,
    }


def arena_scores(connection: Connection, half_text: str, *, judge: str | None = None) -> list[dict]:
    """Every judge's points in a half's arena (or one judge's), by contestant then judge."""
    half = half_label(half_text)
    contestants = arena_contestants(connection, half)
    if not contestants:
        raise NotFound("no_arena", half=half)
    names = {(s.subject_type, s.id): s.name for s in contestants}
    query = select(arena_score).where(arena_score.c.period == half)
    if judge is not None:
        query = query.where(arena_score.c.judge == judge.strip())
    rows = [
        {
            "contestant": names[(row.subject_type, row.subject_id)],
            "judge": row.judge,
            "judge_points": points_of(row.points_hundredths),
        }
        for row in connection.execute(query)
    ]
    return sorted(rows, key=lambda row: (row["contestant"], row["judge"]))


# --- results ---------------------------------------------------------------------------------


def rank_points_for(rank: int, table: tuple[Decimal, ...]) -> Decimal | None:
    """The points a rank earns: the rank's entry of the scheme's list, 0 beyond the list,
    None when the scheme gives no rank points. Tied contestants share a rank, so each gets
    the points of that rank."""
    if not table:
        return None
    return (table[rank - 1] if rank <= len(table) else Decimal(0)).quantize(CENT)


def arena_standings(connection: Connection, half_text: str) -> dict:
    """A half's arena in published order: every contestant with its judges, all and kept
    scores, result, rank and rank points; contestants without scores last, by name.

    Returns `half`, `scheme` (the version of the scheme in force), `rows`, and
    `judge_counts` (the distinct numbers of judges among scored contestants, so that the
    CLI can say when contestants were judged by different numbers of judges)."""
    half = half_label(half_text)
    contestants = arena_contestants(connection, half)
    if not contestants:
        raise NotFound("no_arena", half=half)
    return _standings(connection, half, contestants)


def _standings(connection: Connection, half: str, contestants: list[Subject]) -> dict:
    scheme = scheme_in_force(connection, half).scheme
    scores: dict[Subject, list[Decimal]] = {subject: [] for subject in contestants}
    by_key = {(s.subject_type, s.id): s for s in contestants}
    for row in connection.execute(
        select(
            arena_score.c.subject_type, arena_score.c.subject_id, arena_score.c.points_hundredths
        ).where(arena_score.c.period == half)
    ):
        scores[by_key[(row.subject_type, row.subject_id)]].append(points_of(row.points_hundredths))
    scored = [subject for subject in contestants if scores[subject]]
    results = {subject: trimmed_mean(scores[subject], scheme.trim) for subject in scored}
    ranked = rank_order(scored, total=results.__getitem__, name=lambda s: s.name)
    rows = [
        {
            "subject": entry.subject,
            "contestant": entry.subject.name,
            "judges": len(scores[entry.subject]),
            "judge_scores": sorted(scores[entry.subject]),
            "kept_scores": kept_scores(scores[entry.subject], scheme.trim),
            "arena_result": results[entry.subject],
            "rank": entry.rank,
            "rank_points": rank_points_for(entry.rank, scheme.rank_points),
        }
        for entry in ranked
    ]
    rows += [
        {
            "subject": subject,
            "contestant": subject.name,
            "judges": 0,
            "judge_scores": [],
            "kept_scores": [],
            "arena_result": None,
            "rank": None,
            "rank_points": None,
        }
        for subject in contestants
        if not scores[subject]
    ]
    return {
        "half": half,
        "scheme": scheme.version,
        "rows": rows,
        "judge_counts": sorted({len(scores[subject]) for subject in scored}),
    }


def arena_results(connection: Connection, half_label_text: str) -> list[dict]:
    """The ranked results of a half's arena, for the annual evaluation: one dict per scored
    contestant with `subject` (Subject), `result` (Decimal), `rank` and `rank_points`
    (Decimal, or None when the scheme gives no rank points), in published order. A half
    without an arena, or without scores yet, gives an empty list."""
    half = half_label(half_label_text)
    contestants = arena_contestants(connection, half)
    if not contestants:
        return []
    return [
        {
            "subject": row["subject"],
            "result": row["arena_result"],
            "rank": row["rank"],
            "rank_points": row["rank_points"],
        }
        for row in _standings(connection, half, contestants)["rows"]
        if row["rank"] is not None
    ]
