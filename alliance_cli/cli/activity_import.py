"""`alliance activity import FILE`: many activities at once from CSV or XLSX."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from alliance_cli.cli.context import say, settings, writing


def import_(
    file: Annotated[
        Path,
        typer.Argument(help="A .csv or .xlsx file shaped like data/activities_template.csv."),
    ],
) -> None:
    """Import activities from CSV or XLSX, one row per activity, all or nothing.

    An activity is identified by its date, alliance, host and title: re-importing a file,
    or one that overlaps it, adds only the activities not yet recorded. Every bad row is
    listed with its row number, and then nothing is written.

    Example: alliance activity import data/activities_template.csv
    """
    from alliance_cli.core.activity_import import import_activities, open_activity_file
    from alliance_cli.core.dates import today

    # A missing file or column never opens the database.
    with open_activity_file(file) as source, writing() as connection:
        counts = import_activities(connection, source, actor=settings.actor, today=today())
    say("activity_import_done", path=str(file), **counts)


def register(app: typer.Typer) -> None:
    """Add `import` to the activity group."""
    app.command("import")(import_)
