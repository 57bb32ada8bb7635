"""activities, kinds, venues, bookings, rotation plans

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 04:41:06.349742
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


# The kinds of DESIGN.md §2, seeded as data: a township adds its own with
# `alliance activity kinds add`. Frozen here, as a migration must not change later.
BUILTIN_KINDS = [
    ("study", "学习交流", "study exchange"),
    ("party_day", "主题党日", "themed party day"),
    ("volunteer", "志愿服务", "volunteer service"),
    ("welfare", "一月一公益", "monthly public welfare"),
    ("observation", "现场观摩", "site observation"),
    ("meeting", "联盟例会", "alliance meeting"),
    ("arena", "擂台赛", "arena contest"),
    ("inspection", "交叉检查", "cross-inspection"),
    ("mediation", "矛盾纠纷调解", "dispute mediation"),
    ("patrol", "平安巡防", "safety patrol"),
    ("traffic", "交通劝导", "traffic persuasion"),
    ("mentoring", "传帮带", "mentoring"),
    ("expert_service", "专家服务", "expert service"),
    ("other", "其他", "other"),
]


def upgrade() -> None:
    op.create_table(
        "activity_kind",
        sa.Column("code", sa.String(length=30), nullable=False),
        sa.Column("label_zh", sa.String(length=50), nullable=False),
        sa.Column("label_en", sa.String(length=50), nullable=False),
        sa.Column("builtin", sa.Boolean(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_activity_kind")),
        sa.UniqueConstraint("label_zh", name=op.f("uq_activity_kind_label_zh")),
    )
    kinds = sa.table(
        "activity_kind",
        sa.column("code", sa.String),
        sa.column("label_zh", sa.String),
        sa.column("label_en", sa.String),
        sa.column("builtin", sa.Boolean),
    )
    op.bulk_insert(
        kinds,
        [
            {"code": c, "label_zh": zh, "label_en": en, "builtin": True}
            for c, zh, en in BUILTIN_KINDS
        ],
    )
    op.create_table(
        "rotation_plan",
        sa.Column("alliance_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("host_id", sa.Integer(), nullable=False),
        sa.Column("saved_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["alliance_id"],
            ["alliance.id"],
            name=op.f("fk_rotation_plan_alliance_id_alliance"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["host_id"],
            ["organisation.id"],
            name=op.f("fk_rotation_plan_host_id_organisation"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("alliance_id", "month", name=op.f("pk_rotation_plan")),
    )
    op.create_table(
        "venue",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.CheckConstraint("capacity IS NULL OR capacity > 0", name=op.f("ck_venue_capacity")),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["organisation.id"],
            name=op.f("fk_venue_owner_id_organisation"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_venue")),
        sa.UniqueConstraint("name", name=op.f("uq_venue_name")),
    )
    op.create_table(
        "activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("alliance_id", sa.Integer(), nullable=False),
        sa.Column("host_id", sa.Integer(), nullable=False),
        sa.Column("attendees", sa.Integer(), server_default="0", nullable=False),
        sa.Column("hours_hundredths", sa.Integer(), server_default="0", nullable=False),
        sa.Column("venue_id", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.CheckConstraint("attendees >= 0", name=op.f("ck_activity_attendees")),
        sa.CheckConstraint("hours_hundredths >= 0", name=op.f("ck_activity_hours")),
        sa.ForeignKeyConstraint(
            ["alliance_id"],
            ["alliance.id"],
            name=op.f("fk_activity_alliance_id_alliance"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["host_id"],
            ["organisation.id"],
            name=op.f("fk_activity_host_id_organisation"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["kind"],
            ["activity_kind.code"],
            name=op.f("fk_activity_kind_activity_kind"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["venue_id"], ["venue.id"], name=op.f("fk_activity_venue_id_venue"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity")),
        sa.UniqueConstraint(
            "held_on", "alliance_id", "host_id", "title", name="uq_activity_natural"
        ),
    )
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.create_index(
            "ix_activity_alliance_held_on", ["alliance_id", "held_on"], unique=False
        )
        batch_op.create_index("ix_activity_held_on", ["held_on"], unique=False)

    op.create_table(
        "venue_share",
        sa.Column("venue_id", sa.Integer(), nullable=False),
        sa.Column("alliance_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["alliance_id"],
            ["alliance.id"],
            name=op.f("fk_venue_share_alliance_id_alliance"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["venue_id"],
            ["venue.id"],
            name=op.f("fk_venue_share_venue_id_venue"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("venue_id", "alliance_id", name=op.f("pk_venue_share")),
    )
    op.create_table(
        "activity_org",
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=12), server_default="participant", nullable=False),
        sa.Column("attendees", sa.Integer(), nullable=True),
        sa.Column("guest", sa.Boolean(), server_default="0", nullable=False),
        sa.CheckConstraint(
            "role IN ('host', 'cohost', 'participant')", name=op.f("ck_activity_org_role")
        ),
        sa.CheckConstraint(
            "attendees IS NULL OR attendees >= 0", name=op.f("ck_activity_org_attendees")
        ),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
            name=op.f("fk_activity_org_activity_id_activity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_activity_org_organisation_id_organisation"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("activity_id", "organisation_id", name=op.f("pk_activity_org")),
    )
    with op.batch_alter_table("activity_org", schema=None) as batch_op:
        batch_op.create_index("ix_activity_org_organisation_id", ["organisation_id"], unique=False)

    op.create_table(
        "venue_booking",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("venue_id", sa.Integer(), nullable=False),
        sa.Column("booked_on", sa.Date(), nullable=False),
        sa.Column("starts_at", sa.String(length=5), nullable=False),
        sa.Column("ends_at", sa.String(length=5), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=True),
        sa.Column("alliance_id", sa.Integer(), nullable=True),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("purpose", sa.Text(), nullable=True),
        sa.CheckConstraint("ends_at > starts_at", name=op.f("ck_venue_booking_ends_after_starts")),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
            name=op.f("fk_venue_booking_activity_id_activity"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["alliance_id"],
            ["alliance.id"],
            name=op.f("fk_venue_booking_alliance_id_alliance"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_venue_booking_organisation_id_organisation"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["venue_id"],
            ["venue.id"],
            name=op.f("fk_venue_booking_venue_id_venue"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_venue_booking")),
    )
    with op.batch_alter_table("venue_booking", schema=None) as batch_op:
        batch_op.create_index("ix_venue_booking_venue_day", ["venue_id", "booked_on"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("venue_booking", schema=None) as batch_op:
        batch_op.drop_index("ix_venue_booking_venue_day")

    op.drop_table("venue_booking")
    with op.batch_alter_table("activity_org", schema=None) as batch_op:
        batch_op.drop_index("ix_activity_org_organisation_id")

    op.drop_table("activity_org")
    op.drop_table("venue_share")
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.drop_index("ix_activity_held_on")
        batch_op.drop_index("ix_activity_alliance_held_on")

    op.drop_table("activity")
    op.drop_table("venue")
    op.drop_table("rotation_plan")
    op.drop_table("activity_kind")
