"""Alembic environment: always run from code with an open connection (see storage/schema.py)."""

from datetime import datetime

from alembic import context
from sqlalchemy import insert

from alliance_cli.storage.models import metadata, schema_migration


def _record_step(ctx, step, heads, run_args) -> None:
    # Each applied step is logged with its name and time, in the same transaction as the step.
    if step.is_upgrade:
        ctx.connection.execute(
            insert(schema_migration).values(
                revision=step.up_revision_id,
                name=(step.up_revision.doc or "").strip(),
                applied_at=datetime.now(),
            )
        )


connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,
    on_version_apply=_record_step,
)
with context.begin_transaction():
    context.run_migrations()
