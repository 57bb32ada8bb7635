"""`alliance db ...`: where the database is, creating it, backing it up, checking it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from alliance_cli.cli.context import database_url, say, settings

CHECK_DETAIL_LINES = 20  # integrity_check can list a hundred; the first few tell the story

app = typer.Typer(
    help="The database file: path, init, backup, check.", no_args_is_help=True, add_completion=False
)


@app.command("path")
def path() -> None:
    """Print where the database is (from --db, ALLIANCE_DB or the user data folder).

    Example: alliance db path
    """
    typer.echo(_shown(database_url()))


@app.command("init")
def init() -> None:
    """Create the database if it does not exist and bring its schema up to date.

    Example: alliance --db township.db db init
    """
    from alliance_cli.storage.schema import open_database

    engine = open_database(database_url(), create=True)
    engine.dispose()
    say("db_initialised", path=_shown(database_url()))


@app.command("backup")
def backup(
    file: Annotated[Path, typer.Argument(help="Where to write the copy (must not exist).")],
) -> None:
    """Copy the database to FILE while it is in use (SQLite's online backup).

    The database is copied as it is: an older one is not upgraded first.

    Example: alliance db backup backups/alliance-2023-06-30.db
    """
    from alliance_cli.storage.maintenance import backup_database
    from alliance_cli.storage.schema import open_database

    engine = open_database(database_url(), create=False, migrate=False)
    try:
        size = backup_database(engine, file)
    finally:
        engine.dispose()
    say("backup_done", path=str(file), size=size)


@app.command("check")
def check() -> None:
    """Check the database's integrity and foreign keys; exit 1 if anything is wrong.

    Example: alliance db check
    """
    from alliance_cli.i18n import translate
    from alliance_cli.storage.maintenance import check_database
    from alliance_cli.storage.schema import open_database

    url = database_url()
    # Recognised but not upgraded: a damaged database must not be migrated before it is checked.
    engine = open_database(url, create=False, migrate=False)
    try:
        problems = check_database(engine)
    finally:
        engine.dispose()
    if problems:
        lang = settings.lang
        summary = translate("check_failed", lang, count=len(problems), path=_shown(url))
        typer.echo(translate("error", lang, message=summary), err=True)
        for problem in problems[:CHECK_DETAIL_LINES]:
            typer.echo(f"  {problem}", err=True)
        raise typer.Exit(1)
    say("check_ok", path=_shown(url))


def _shown(url: str) -> str:
    from alliance_cli.storage.engine import display_url

    return display_url(url)
