"""The demo township's year of scoring: entries, a veto, computed and published quarters.

Built through the same core functions as the commands (`score enter`, `score veto`,
`score compute`, `score publish`), so the demo's airing is one the tool can explain line by
line. Entries are deterministic: the same demo gives the same airing every time.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, select

from alliance_cli.core.demo import AS_OF, BLUE, DEMO_YEAR, GREEN, RED
from alliance_cli.core.periods import Period
from alliance_cli.core.publication import compute_and_store, publish
from alliance_cli.core.score_entries import enter_score, set_veto
from alliance_cli.core.subjects import scored_organisations

PUBLISHED_QUARTERS = (1, 2, 3)  # the fourth is computed, ready to be published
VETO = ("镇司法所党支部", 3, "辖区发生重大安全责任事故（一票否决）")
MISSED_MEETINGS = {("平安村党支部", 2): 2, ("百草村党支部", 4): 1, ("县农业农村局党组", 3): 3}


def _spread(org_id: int, quarter: int, width: int) -> int:
    """A fixed, varied number in 0..width-1 for an organisation and quarter."""
    return (org_id * 7 + quarter * 3 + org_id * quarter) % width


WISH_ORGS = ["红岩村党支部", "石门村党支部", "桃源村党支部", "将军村党支部", "新街社区党委",
             "河口社区党支部", "平安村党支部", "百草村党支部"]  # fmt: skip
WISHES = [
    "为独居老人修缮屋顶",
    "给留守儿童送一批课外书",
    "村口路灯坏了想修好",
    "想学用智能手机挂号",
]
PROJECT_ORGS = ["红岩村党支部", "桃源村党支部", "豆香村党支部", "新街社区党委", "平安村党支部"]
VENUE = "红岩村党群服务中心"


def add_demo_records(connection: Connection, *, actor: str) -> None:
    """A year of the records the automatic indicators count besides activities: wishes
    (most fulfilled), individual and common projects (most done on time, one dropped),
    good-practice cases, and a shared venue booked by the red alliance."""
    from alliance_cli.core.cases import add_case
    from alliance_cli.core.projects import add_project, update_project
    from alliance_cli.core.venues import add_venue, book_venue
    from alliance_cli.core.wishes import add_wish, claim_wish, fulfil_wish

    add_venue(connection, VENUE, owner="红岩村党支部", capacity=80, shared_with=[RED], actor=actor)
    for quarter in range(1, 5):
        first_month = 3 * quarter - 2
        for n, org in enumerate(WISH_ORGS):
            wish = add_wish(
                connection, f"村民{n + 1}号", organisation_name=org,
                content=WISHES[(n + quarter) % len(WISHES)],
                on=date(DEMO_YEAR, first_month, 3 + n), actor=actor, today=AS_OF,
            )  # fmt: skip
            if (n + quarter) % 4 == 0:
                continue  # still open at the quarter's end
            claim_wish(
                connection, wish["id"], organisation_name="青山镇中心小学党支部",
                on=date(DEMO_YEAR, first_month + 1, 2), actor=actor, today=AS_OF,
            )  # fmt: skip
            fulfil_wish(
                connection, wish["id"], on=date(DEMO_YEAR, first_month + 2, 1), actor=actor,
                today=AS_OF,
            )  # fmt: skip
        for n, org in enumerate(PROJECT_ORGS):
            name = f"{org[:3]}人居环境整治（第{quarter}季度）"
            target = date(DEMO_YEAR, first_month + 2, 20)
            add_project(
                connection, name, organisation_name=org, started_on=date(DEMO_YEAR, first_month, 1),
                target_on=target, actor=actor,
            )  # fmt: skip
            if (n + quarter) % 5 == 0:
                update_project(connection, name, status="dropped", on=target, actor=actor)
            else:
                update_project(
                    connection, name, status="done", on=date(DEMO_YEAR, first_month + 2, 10),
                    actor=actor,
                )  # fmt: skip
        add_case(
            connection, f"红色讲解员“结对帮带”做法（第{quarter}季度）",
            written_on=date(DEMO_YEAR, first_month + 2, 25), alliance_name=RED,
            organisation_name="红岩村党支部", summary="老党员带新讲解员，讲好红色故事", actor=actor,
        )  # fmt: skip
        add_case(
            connection, f"网格员夜巡“三步法”（第{quarter}季度）",
            written_on=date(DEMO_YEAR, first_month + 2, 26), organisation_name="新街社区党委",
            summary="巡、记、报三步闭环", actor=actor,
        )  # fmt: skip
        for month in range(first_month, first_month + 3):
            book_venue(
                connection, VENUE, starts="14:00", ends="16:00", day=date(DEMO_YEAR, month, 25),
                purpose="联盟党课", alliance_name=RED, organisation_name="石门村党支部",
                actor=actor,
            )  # fmt: skip


def add_demo_people(connection: Connection, *, actor: str) -> None:
    """People across organisations: a secretary mentoring an activist, who is recommended
    for the red alliance's development quota; a local expert visiting the herb base; what
    the green alliance's members gave each other; a case publicised."""
    from alliance_cli.core.bases import add_base
    from alliance_cli.core.cases import publicise_case
    from alliance_cli.core.experts import record_visit
    from alliance_cli.core.mentoring import pair_mentor
    from alliance_cli.core.people import add_person
    from alliance_cli.core.quotas import allocate_quotas, recommend, set_pool
    from alliance_cli.core.resources import record_flow

    add_person(connection, "张卫国", home="红岩村党支部", roles=["secretary"], actor=actor)
    add_person(connection, "王小燕", home="石门村党支部", party_member=False, actor=actor)
    add_person(connection, "李思远", home="桃源村党支部", party_member=False, actor=actor)
    add_person(
        connection, "冯春林", home="青山中药材专业合作社党支部", roles=["expert"],
        speciality="中药材种植", actor=actor,
    )  # fmt: skip
    pair_mentor(connection, "张卫国", "王小燕", start=date(DEMO_YEAR, 3, 1), actor=actor)
    set_pool(connection, RED, DEMO_YEAR, 1, actor=actor)
    recommend(connection, "王小燕", alliance_name=RED, organisation_name="石门村党支部",
              on=date(DEMO_YEAR, 4, 1), actor=actor)  # fmt: skip
    recommend(connection, "李思远", alliance_name=RED, organisation_name="桃源村党支部",
              on=date(DEMO_YEAR, 5, 1), actor=actor)  # fmt: skip
    allocate_quotas(connection, RED, DEMO_YEAR, actor=actor)
    add_base(
        connection, "百草村中药材基地", product="中药材", alliance_name=GREEN,
        organisations=["百草村党支部", "青山中药材专业合作社党支部"], actor=actor,
    )  # fmt: skip
    for month in (4, 9):
        record_visit(
            connection, ["冯春林"], base_name="百草村中药材基地",
            held_on=date(DEMO_YEAR, month, 18), alliance_name=GREEN, host="百草村党支部",
            hours="12", attendees=6, actor=actor, today=AS_OF,
        )  # fmt: skip
    flows = [  # (provider, receiver, kind, day, quantity, unit, value in yuan, notes)
        ("青山中药材专业合作社党支部", "百草村党支部", "technology", date(DEMO_YEAR, 4, 18),
         None, None, "5000", "种苗与栽培技术指导"),
        ("县农业农村局党组", "豆香村党支部", "funds", date(DEMO_YEAR, 6, 1),
         None, None, "20000", "大豆良种补贴"),
        ("百草村党支部", "青山中药材专业合作社党支部", "produce", date(DEMO_YEAR, 10, 10),
         "1.5", "吨", "12000.50", "黄精统一收购"),
    ]  # fmt: skip
    for provider, receiver, kind, day, quantity, unit, value, notes in flows:
        record_flow(
            connection, provider=provider, receiver=receiver, alliance_name=GREEN, kind=kind,
            happened_on=day, quantity=quantity, unit=unit, value=value, notes=notes,
            actor=actor, today=AS_OF,
        )  # fmt: skip
    _add_demo_service_items(connection, actor=actor)
    publicise_case(
        connection, "红色讲解员“结对帮带”做法（第2季度）", channel="wechat",
        published_on=date(DEMO_YEAR, 7, 8), headline="老党员带出新讲解员",
        link="https://mp.weixin.qq.com/s/qingshan-demo", actor=actor,
    )  # fmt: skip


def _add_demo_service_items(connection: Connection, *, actor: str) -> None:
    """The activity service list (选-送-定): one item delivered by a red alliance activity,
    one taken up and waiting for the blue alliance's approval."""
    from alliance_cli.core.service_items import (
        approve_item,
        deliver_item,
        propose_item,
        take_item,
    )
    from alliance_cli.storage.models import activity, alliance

    delivered = propose_item(
        connection, "老年人防电信诈骗讲座", alliance_name=RED, proposed_by="陈阿姨",
        proposer_kind="resident", on=date(DEMO_YEAR, 4, 2), actor=actor, today=AS_OF,
    )["id"]  # fmt: skip
    take_item(connection, delivered, organisation_name="石门村党支部",
              on=date(DEMO_YEAR, 4, 5), actor=actor, today=AS_OF)  # fmt: skip
    approve_item(connection, delivered, on=date(DEMO_YEAR, 4, 8), actor=actor, today=AS_OF)
    by = connection.execute(
        select(activity.c.id)
        .join(alliance, alliance.c.id == activity.c.alliance_id)
        .where(alliance.c.name == RED, activity.c.held_on >= date(DEMO_YEAR, 4, 8))
        .order_by(activity.c.held_on, activity.c.id)
    ).scalar()
    deliver_item(connection, delivered, activity_id=by, actor=actor)
    waiting = propose_item(
        connection, "夜间路灯巡查", alliance_name=BLUE, proposed_by="周建华",
        proposer_kind="member", on=date(DEMO_YEAR, 10, 9), actor=actor, today=AS_OF,
    )["id"]  # fmt: skip
    take_item(connection, waiting, organisation_name="河口社区党支部",
              on=date(DEMO_YEAR, 10, 12), actor=actor, today=AS_OF)  # fmt: skip


def score_demo_year(connection: Connection, *, actor: str) -> Period:
    """Add the year's other records, enter a year of reviewed (and some self-assessed)
    points, compute every quarter, publish the first three; returns the latest quarter."""
    add_demo_records(connection, actor=actor)
    add_demo_people(connection, actor=actor)
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
            if subject.category in ("village", "community"):
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
