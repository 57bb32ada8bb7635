"""foundation: alliances, organisations, memberships, belts, audit

Revision ID: 0001
Revises:
Create Date: 2026-11-27 04:10:43.614715
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "alliance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("theme", sa.String(length=20), nullable=True),
        sa.Column("theme_label", sa.String(length=100), nullable=True),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("leader", sa.String(length=100), nullable=True),
        sa.Column("goal", sa.Text(), nullable=True),
        sa.Column("min_members", sa.Integer(), server_default="2", nullable=False),
        sa.Column("founded_on", sa.Date(), nullable=True),
        sa.Column("dissolved_on", sa.Date(), nullable=True),
        sa.CheckConstraint("kind IN ('core', 'area', 'task')", name=op.f("ck_alliance_kind")),
        sa.CheckConstraint(
            "dissolved_on IS NULL OR founded_on IS NULL OR dissolved_on >= founded_on",
            name=op.f("ck_alliance_dissolved_after_founded"),
        ),
        sa.CheckConstraint("min_members >= 1", name=op.f("ck_alliance_min_members")),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["alliance.id"],
            name=op.f("fk_alliance_parent_id_alliance"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alliance")),
        sa.UniqueConstraint("name", name=op.f("uq_alliance_name")),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("action", sa.String(length=50), nullable=False),
        sa.Column("entity", sa.String(length=50), nullable=False),
        sa.Column("entity_key", sa.String(length=200), nullable=False),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("after", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_table(
        "organisation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("level", sa.String(length=20), server_default="village", nullable=False),
        sa.Column("secretary", sa.String(length=100), nullable=True),
        sa.Column("party_members", sa.Integer(), server_default="0", nullable=False),
        sa.CheckConstraint(
            "category IN ('village', 'community', 'agency', 'enterprise', 'association', 'school', 'other')",
            name=op.f("ck_organisation_category"),
        ),
        sa.CheckConstraint(
            "level IN ('county', 'township', 'village')", name=op.f("ck_organisation_level")
        ),
        sa.CheckConstraint("party_members >= 0", name=op.f("ck_organisation_party_members")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation")),
        sa.UniqueConstraint("name", name=op.f("uq_organisation_name")),
    )
    op.create_table(
        "schema_migration",
        sa.Column("revision", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("applied_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("revision", name=op.f("pk_schema_migration")),
    )
    op.create_table(
        "belt_link",
        sa.Column("alliance_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["alliance_id"],
            ["alliance.id"],
            name=op.f("fk_belt_link_alliance_id_alliance"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_belt_link_organisation_id_organisation"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("alliance_id", "position", name=op.f("pk_belt_link")),
        sa.UniqueConstraint("alliance_id", "organisation_id", name="uq_belt_link_org"),
    )
    op.create_table(
        "membership",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("alliance_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=10), server_default="member", nullable=False),
        sa.Column("joined_on", sa.Date(), nullable=False),
        sa.Column("left_on", sa.Date(), nullable=True),
        sa.CheckConstraint("role IN ('lead', 'member')", name=op.f("ck_membership_role")),
        sa.CheckConstraint(
            "left_on IS NULL OR left_on > joined_on", name=op.f("ck_membership_left_after_joined")
        ),
        sa.ForeignKeyConstraint(
            ["alliance_id"],
            ["alliance.id"],
            name=op.f("fk_membership_alliance_id_alliance"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_membership_organisation_id_organisation"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_membership")),
        sa.UniqueConstraint(
            "organisation_id", "alliance_id", "joined_on", name="uq_membership_spell"
        ),
    )
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_membership_alliance_id"), ["alliance_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_membership_organisation_id"), ["organisation_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_membership_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_membership_alliance_id"))

    op.drop_table("membership")
    op.drop_table("belt_link")
    op.drop_table("schema_migration")
    op.drop_table("organisation")
    op.drop_table("audit_log")
    op.drop_table("alliance")
