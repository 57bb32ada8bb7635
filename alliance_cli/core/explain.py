"""`score explain`: every point of one subject's quarterly total, traced to its records.

The explanation is built from the very numbers `score compute` stores (core/scoring.py), so
its lines always add up to the total: each indicator's points, then for an alliance the
figure from its members' totals, and for a vetoed subject one line that takes the total back
to zero.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import Connection, select

from alliance_cli.core.exact import ZERO
from alliance_cli.core.periods import Period
from alliance_cli.core.score_entries import is_enterable
from alliance_cli.core.score_metrics import Record, records
from alliance_cli.core.scoring import MEMBERS_INDICATOR, SubjectScore, Term, score_quarter
from alliance_cli.core.subjects import Subject
from alliance_cli.storage.models import score_entry


@dataclass
class Line:
    """One term of the sum."""

    kind: str  # indicator, members or veto
    code: str
    name: str
    term: Term | None
    points: Decimal
    records: list[Record] = field(default_factory=list)


@dataclass
class Explanation:
    period: Period
    subject: Subject
    score: SubjectScore
    scheme_version: str
    lines: list[Line]

    @property
    def explained_total(self) -> Decimal:
        return sum((line.points for line in self.lines), ZERO)


def explain(connection: Connection, subject: Subject, period: Period) -> Explanation:
    scores = score_quarter(connection, period)
    score = scores.find(subject.subject_type, subject.id)
    if score is None:
        from alliance_cli.core.errors import RuleViolation

        raise RuleViolation("not_scored", name=subject.name, period=period.label)
    notes = _entry_notes(connection, period.label, subject)
    lines = []
    if score.aggregate is not None:
        lines.append(
            Line(
                "members",
                MEMBERS_INDICATOR,
                scores.version.scheme.aggregation,
                None,
                score.aggregate,
                [
                    Record(f"organisation {member.id}", member.name, total)
                    for member, total in score.members
                ],
            )
        )
    for term in score.terms:
        indicator = term.indicator
        if is_enterable(indicator):
            found = notes.get(indicator.code, [])
            if not found and indicator.feed == "inspection" and term.quantity is not None:
                found = [Record("inspection", period.label, term.quantity, term.quantity)]
        else:
            found = records(
                connection, indicator, subject.subject_type, subject.id, period.start, period.end
            )
        lines.append(Line("indicator", indicator.code, indicator.name, term, term.points, found))
    if score.veto is not None:
        subtotal = sum((line.points for line in lines), ZERO)
        lines.append(Line("veto", "_veto", score.veto, None, -subtotal))
    return Explanation(period, subject, score, scores.version.scheme.version, lines)


def _entry_notes(connection: Connection, label: str, subject: Subject) -> dict[str, list[Record]]:
    rows = connection.execute(
        select(score_entry).where(
            score_entry.c.period == label,
            score_entry.c.subject_type == subject.subject_type,
            score_entry.c.subject_id == subject.id,
        )
    )
    found: dict[str, list[Record]] = {}
    for r in rows:
        used_reviewed = r.reviewed_hundredths is not None
        if r.self_hundredths is not None:
            found.setdefault(r.indicator, []).append(
                Record(
                    f"entry {r.id} self",
                    r.self_note or "",
                    Decimal(0) if used_reviewed else Decimal(r.self_hundredths) / 100,
                    Decimal(r.self_hundredths) / 100,
                    used=not used_reviewed,
                )
            )
        if used_reviewed:
            found.setdefault(r.indicator, []).append(
                Record(
                    f"entry {r.id} reviewed",
                    r.reviewed_note or "",
                    Decimal(r.reviewed_hundredths) / 100,
                    Decimal(r.reviewed_hundredths) / 100,
                )
            )
    return found
