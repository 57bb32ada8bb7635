"""`alliance demo`: build the demo township and print its structure."""

from __future__ import annotations

from typing import Annotated

import typer

from alliance_cli.cli.context import database_url, say, settings
from alliance_cli.cli.output import FormatOption, OutputOption, emit

app = typer.Typer(add_completion=False)


@app.command("demo")
def demo(
    reset: Annotated[
        bool,
        typer.Option(
            "--reset", help="Rebuild even if the database holds data (a backup is taken first)."
        ),
    ] = False,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """Build the demo township 青山镇 (core, red/green/blue area and task alliances, 20
    organisations, a year of activities and score entries, three published quarters) and
    print its structure and its latest quarterly airing 晾晒.

    Example: alliance --db demo.db demo --reset
    """
    from alliance_cli.cli.alliance import alliances_section, members_section
    from alliance_cli.cli.score_views import airing_sections
    from alliance_cli.core.airing import airing
    from alliance_cli.core.alliances import list_alliances, show_alliance
    from alliance_cli.core.demo import AS_OF, build_demo
    from alliance_cli.core.demo_scores import score_demo_year
    from alliance_cli.storage.engine import display_url, transaction
    from alliance_cli.storage.reset import reset_database

    url = database_url()
    engine, backup = reset_database(url, allow_reset=reset)
    if backup is not None:
        say("demo_backup", path=str(backup))
    try:
        with transaction(engine, write=True) as connection:
            build_demo(connection, actor=settings.actor)
            latest = score_demo_year(connection, actor=settings.actor)
        with transaction(engine, write=False) as connection:
            alliances = list_alliances(connection, AS_OF)
            details = [show_alliance(connection, row["name"], AS_OF) for row in alliances]
            shown = airing(connection, latest)
    finally:
        engine.dispose()
    say("demo_built", path=display_url(url))
    sections = [alliances_section(alliances)]
    for index, alliance in enumerate(details, start=1):
        if not alliance["members"]:
            continue  # the core alliance is made of the area alliances listed above
        title = alliance["name"]
        if alliance["belt"]:
            from alliance_cli.i18n import translate

            title += f" ({translate('belt', settings.lang)}: {' - '.join(alliance['belt'])})"
        sections.append(members_section(f"alliance_{index}", title, alliance["members"]))
    sections += airing_sections(shown, key_prefix="airing_")
    emit(sections, fmt, output)
