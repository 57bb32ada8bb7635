"""The demo township's year of scoring: entries, a veto, computed and published quarters.

Built through the same core functions as the commands (`score enter`, `score veto`,
`score compute`, `score publish`), so the demo's airing is one the tool can explain line by
line. Entries are deterministic: the same demo gives the same airing every time.
"""

from __future__ import annotations

from sqlalchemy import Connection, select

from alliance_cli.core.periods import Period
from alliance_cli.core.publication import compute_and_store, publish
from alliance_cli.core.score_entries import enter_score, set_veto
from alliance_cli.core.subjects import scored_organisations
from alliance_cli.storage.models import organisation

DEMO_YEAR = 2025
PUBLISHED_QUARTERS = (1, 2, 3)  # the fourth is computed, ready to be published
VETO = ("镇司法所党支部", 3, "辖区发生重大安全责任事故（一票否决）")
MISSED_MEETINGS = {("平安村党支部", 2): 2, ("百草村党支部", 4): 1, ("县农业农村局党组", 3): 3}


def _spread(org_id: int, quarter: int, width: int) -> int:
    """A fixed, varied number in 0..width-1 for an organisation and quarter."""
    return (org_id * 7 + quarter * 3 + org_id * quarter) % width


def score_demo_year(connection: Connection, *, actor: str) -> Period:
    """Enter a year of reviewed (and some self-assessed) points, compute every quarter,
    publish the first three; returns the latest quarter."""
    categories = {
        row.name: row.category
        for row in connection.execute(select(organisation.c.name, organisation.c.category))
    }
    for quarter in range(1, 5):
        period = Period("quarter", DEMO_YEAR, quarter)
        label = period.label
        for subject in scored_organisations(connection, period.start, period.end):
            reviewed = 8 + _spread(subject.id, quarter, 7)  # 8-14.5 of 15
            self_claimed = min(15, reviewed + 2)
            if subject.id % 3 == 0:  # a third of them score themselves first
                enter_score(
                    connection, subject.name, period=label, indicator="work_quality",
                    points=str(self_claimed), self_assessed=True, note="自评：按月报送材料",
                    subject_type="organisation", actor=actor,
                )  # fmt: skip
            enter_score(
                connection, subject.name, period=label, indicator="work_quality",
                points=f"{reviewed}.5" if subject.id % 2 else str(reviewed),
                note="镇党委审核：台账齐全" if reviewed >= 12 else "镇党委审核：台账需补充",
                subject_type="organisation", actor=actor,
            )  # fmt: skip
            if categories[subject.name] in ("village", "community"):
                enter_score(
                    connection, subject.name, period=label, indicator="village_governance",
                    points=str(2 + _spread(subject.id, quarter, 4)), subject_type="organisation",
                    actor=actor,
                )  # fmt: skip
            missed = MISSED_MEETINGS.get((subject.name, quarter))
            if missed:
                enter_score(
                    connection, subject.name, period=label, indicator="missed_meetings",
                    count=str(missed), note=f"缺席联盟例会 {missed} 次",
                    subject_type="organisation", actor=actor,
                )  # fmt: skip
        name, veto_quarter, reason = VETO
        if quarter == veto_quarter:
            set_veto(connection, name, period=label, reason=reason, actor=actor)
        if quarter in PUBLISHED_QUARTERS:
            publish(connection, period, actor=actor)
        else:
            compute_and_store(connection, period, actor=actor)
    return Period("quarter", DEMO_YEAR, 4)
