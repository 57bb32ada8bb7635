"""The demo township (青山镇): the seed plan's 1 + 3 + X structure, built through the same
core functions the commands use, so the demo also exercises every rule."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection

from alliance_cli.core.activities import ActivityDraft, log_activity
from alliance_cli.core.alliances import create_alliance, set_belt
from alliance_cli.core.memberships import join_alliance, leave_alliance
from alliance_cli.core.organisations import add_organisation

DEMO_YEAR = 2025
FOUNDED = date(DEMO_YEAR, 1, 1)
AS_OF = date(DEMO_YEAR, 12, 31)

# name, category, level, secretary, party members
ORGANISATIONS = [
    ("红岩村党支部", "village", "village", "张卫国", 42),
    ("石门村党支部", "village", "village", "李秀英", 35),
    ("桃源村党支部", "village", "village", "王建军", 28),
    ("将军村党支部", "village", "village", "赵红梅", 31),
    ("青山镇中心小学党支部", "school", "township", "刘文华", 18),
    ("县退役军人事务局党组", "agency", "county", "孙志强", 24),
    ("百草村党支部", "village", "village", "周海燕", 26),
    ("豆香村党支部", "village", "village", "吴国平", 22),
    ("栗园村党支部", "village", "village", "郑春生", 30),
    ("青山中药材专业合作社党支部", "enterprise", "village", "冯丽", 9),
    ("县农业农村局党组", "agency", "county", "陈立新", 37),
    ("镇农业综合服务中心党支部", "agency", "township", "褚明", 12),
    ("县板栗产业协会党支部", "association", "county", "卫东升", 8),
    ("新街社区党委", "community", "township", "蒋美玲", 56),
    ("河口社区党支部", "community", "township", "沈家宝", 33),
    ("平安村党支部", "village", "village", "韩永福", 27),
    ("镇派出所党支部", "agency", "township", "杨帆", 15),
    ("镇司法所党支部", "agency", "township", "朱敏", 6),
    ("青山物流有限公司党支部", "enterprise", "township", "秦浩", 7),
    ("镇卫生院党支部", "other", "township", "许静", 14),
]

CORE = "青山镇全域党建联盟"
RED = "红色引领片区联盟"
GREEN = "绿色发展片区联盟"
BLUE = "蓝色治理片区联盟"
TASK = "防汛救灾任务联盟"

AREAS = [
    # name, theme, leader, lead unit, members
    (
        RED,
        "red",
        "张卫国",
        "红岩村党支部",
        [
            "石门村党支部",
            "桃源村党支部",
            "将军村党支部",
            "青山镇中心小学党支部",
            "县退役军人事务局党组",
        ],
    ),
    (
        GREEN,
        "green",
        "陈立新",
        "县农业农村局党组",
        [
            "百草村党支部",
            "豆香村党支部",
            "栗园村党支部",
            "青山中药材专业合作社党支部",
            "镇农业综合服务中心党支部",
            "县板栗产业协会党支部",
        ],
    ),
    (
        BLUE,
        "blue",
        "蒋美玲",
        "新街社区党委",
        ["河口社区党支部", "平安村党支部", "镇派出所党支部", "镇司法所党支部", "镇卫生院党支部"],
    ),
]

RED_BELT = ["红岩村党支部", "石门村党支部", "桃源村党支部", "将军村党支部"]


def build_demo(connection: Connection, *, actor: str) -> None:
    """Create the demo township's alliances, organisations, membership history and a year
    of activities."""
    for name, category, level, secretary, members in ORGANISATIONS:
        add_organisation(
            connection,
            actor=actor,
            name=name,
            category=category,
            level=level,
            secretary=secretary,
            party_members=members,
        )
    create_alliance(
        connection, CORE, "core", actor=actor, leader="镇党委书记 陈建国", founded_on=FOUNDED
    )
    for name, theme, leader, lead, members in AREAS:
        create_alliance(
            connection,
            name,
            "area",
            actor=actor,
            theme=theme,
            leader=leader,
            founded_on=FOUNDED,
            lead=lead,
            members=tuple(members),
        )
    set_belt(connection, RED, RED_BELT, actor=actor, on=FOUNDED)
    # Membership moves during the year: history, not overwrites.
    join_alliance(connection, "青山物流有限公司党支部", BLUE, date(DEMO_YEAR, 4, 1), actor=actor)
    leave_alliance(connection, "县退役军人事务局党组", RED, date(DEMO_YEAR, 10, 1), actor=actor)
    create_alliance(
        connection,
        TASK,
        "task",
        actor=actor,
        leader="沈家宝",
        goal="汛期联防联控：河道巡查、转移群众、物资保障",
        min_members=3,
        founded_on=date(DEMO_YEAR, 5, 1),
        lead="河口社区党支部",
        members=("平安村党支部", "镇派出所党支部", "石门村党支部", "镇卫生院党支部"),
    )
    log_demo_activities(connection, actor=actor)


# What each area alliance does every month: (kind, title, host cycle, participants, hours per
# attendee). Welfare is skipped in a few months so that the 一月一公益 check has findings.
MONTHLY_PLAN = {
    RED: [
        ("party_day", "主题党日：重温入党誓词", RED_BELT, "青山镇中心小学党支部", 1),
        ("welfare", "一月一公益：红色讲解进校园", RED_BELT, "青山镇中心小学党支部", 2),
    ],
    GREEN: [
        (
            "expert_service",
            "本土专家服务团进基地",
            ["百草村党支部", "豆香村党支部", "栗园村党支部"],
            "县板栗产业协会党支部",
            3,
        ),
        (
            "welfare",
            "一月一公益：农技义诊",
            ["县农业农村局党组", "镇农业综合服务中心党支部"],
            "青山中药材专业合作社党支部",
            2,
        ),
    ],
    BLUE: [
        (
            "patrol",
            "平安巡防",
            ["镇派出所党支部", "平安村党支部", "河口社区党支部"],
            "新街社区党委",
            2,
        ),
        (
            "welfare",
            "一月一公益：社区助老",
            ["新街社区党委", "河口社区党支部"],
            "镇卫生院党支部",
            2,
        ),
    ],
}
SKIPPED_WELFARE = {(GREEN, 3), (GREEN, 8), (BLUE, 11)}


def log_demo_activities(connection: Connection, *, actor: str) -> None:
    """A year of monthly activities, a flood-season task, and a cross-alliance guest."""
    for month in range(1, 13):
        for alliance_name, plan in MONTHLY_PLAN.items():
            for kind, title, hosts, participant, hours_each in plan:
                if kind == "welfare" and (alliance_name, month) in SKIPPED_WELFARE:
                    continue
                host = hosts[(month - 1) % len(hosts)]
                attendees = 10 + (month * 7 + len(title)) % 25
                guests = [("新街社区党委", 2)] if alliance_name == RED and month > 10 else []
                draft = ActivityDraft(
                    held_on=date(DEMO_YEAR, month, 5 + 10 * (kind == "welfare")),
                    kind=kind,
                    title=f"{title}（{month}月）",
                    alliance=alliance_name,
                    host=host,
                    participants=[(participant, 5)] if participant != host else [],
                    guests=guests,
                    attendees=attendees,
                    hours=str(hours_each * attendees) if kind != "party_day" else None,
                )
                log_activity(connection, draft, actor=actor, today=AS_OF)
    for month in (6, 7, 8):
        log_activity(
            connection,
            ActivityDraft(
                held_on=date(DEMO_YEAR, month, 20),
                kind="patrol",
                title=f"汛期河道巡查（{month}月）",
                alliance=TASK,
                host="河口社区党支部",
                cohosts=["镇派出所党支部"],
                participants=[("平安村党支部", 8), ("石门村党支部", 6)],
                attendees=20,
                hours="80",
            ),
            actor=actor,
            today=AS_OF,
        )
