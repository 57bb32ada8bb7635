"""expert visits keep the experts they named

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 09:20:00

Until now an expert visit's experts were read as "its participants who hold the expert role
today", so dropping the role took an expert off every past visit. The visit's experts are now
stored; the existing visits get the participants who hold the role at upgrade time, which is
what every listing showed until now.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "visit_expert",
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id", "person_id"],
            ["activity_person.activity_id", "activity_person.person_id"],
            name=op.f("fk_visit_expert_activity_id_activity_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("activity_id", "person_id", name=op.f("pk_visit_expert")),
    )
    with op.batch_alter_table("visit_expert", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_visit_expert_person_id"), ["person_id"], unique=False)
    op.execute(
        "INSERT INTO visit_expert (activity_id, person_id) "
        "SELECT ap.activity_id, ap.person_id FROM activity_person ap "
        "JOIN activity a ON a.id = ap.activity_id "
        "JOIN person_role r ON r.person_id = ap.person_id "
        "WHERE a.kind = 'expert_service' AND r.role = 'expert'"
    )


def downgrade() -> None:
    with op.batch_alter_table("visit_expert", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_visit_expert_person_id"))
    op.drop_table("visit_expert")
