"""`alliance base ...`: industry bases (产业基地), their organisations and expert visits."""

from __future__ import annotations

from typing import Annotated

import typer

from alliance_cli.cli.context import reading, say, settings, translated, warn, writing
from alliance_cli.cli.output import Column, FormatOption, OutputOption, Section, emit

app = typer.Typer(
    help="Industry bases 产业基地: add, update, link, unlink, list, show.",
    no_args_is_help=True,
    add_completion=False,
)


@app.callback()
def base_group() -> None:
    """Industry bases 产业基地: add, update, link, unlink, list, show."""


@app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="Base name, e.g. 百草村中药材基地.")],
    product: Annotated[
        str | None, typer.Option("--product", help="What it grows or makes, e.g. 中药材.")
    ] = None,
    alliance: Annotated[
        str | None,
        typer.Option("--alliance", help="The alliance it belongs to (usually a green one)."),
    ] = None,
    org: Annotated[
        list[str] | None,
        typer.Option("--org", help="An organisation running it (repeatable).", show_default=False),
    ] = None,
    notes: Annotated[str | None, typer.Option("--notes", help="Notes.")] = None,
) -> None:
    """Add an industry base, optionally in an alliance and linked to organisations.

    An alliance that is not green (绿色发展) is accepted with a warning.

    Example: alliance base add 百草村中药材基地 --product 中药材 --alliance 绿色联盟 --org 百草村
    """
    from alliance_cli.core.bases import add_base

    with writing() as connection:
        stored = add_base(
            connection,
            name,
            product=product,
            alliance_name=alliance,
            organisations=tuple(org or ()),
            notes=notes,
            actor=settings.actor,
        )
    say("added_base", name=stored["name"])
    if not stored["green"]:
        warn("warn_base_not_green", base=stored["name"], alliance=stored["alliance"])


@app.command("update")
def update(
    name: Annotated[str, typer.Argument(help="Base name.")],
    rename: Annotated[str | None, typer.Option("--name", help="New name.")] = None,
    product: Annotated[
        str | None, typer.Option("--product", help="New product ('' clears it).")
    ] = None,
    alliance: Annotated[
        str | None,
        typer.Option("--alliance", help="Move it to this alliance ('' for none)."),
    ] = None,
    notes: Annotated[
        str | None, typer.Option("--notes", help="New notes ('' clears them).")
    ] = None,
) -> None:
    """Change a base's name, product, alliance or notes, checked as `base add` checks them.

    Moving it to an alliance that is not green (绿色发展) is accepted with a warning. Linked
    organisations change with `base link` and `base unlink`.

    Example: alliance base update 百草村中药材基地 --name 百草村黄精基地 --product 黄精
    """
    from alliance_cli.core.bases import update_base

    with writing() as connection:
        stored = update_base(
            connection,
            name,
            rename=rename,
            product=product,
            alliance_name=alliance,
            notes=notes,
            actor=settings.actor,
        )
    say("updated_base", name=stored["name"])
    if not stored["green"]:
        warn("warn_base_not_green", base=stored["name"], alliance=stored["alliance"])


@app.command("link")
def link(
    name: Annotated[str, typer.Argument(help="Base name.")],
    orgs: Annotated[list[str], typer.Argument(help="Organisations to link to it.")],
) -> None:
    """Link more organisations to a base; one already linked is refused.

    Example: alliance base link 百草村中药材基地 豆香村 县农业农村局
    """
    from alliance_cli.core.bases import link_base

    with writing() as connection:
        linked = link_base(connection, name, orgs, actor=settings.actor)
    say("linked_base", base=name.strip(), organisations="、".join(linked))


@app.command("unlink")
def unlink(
    name: Annotated[str, typer.Argument(help="Base name.")],
    orgs: Annotated[list[str], typer.Argument(help="Organisations to unlink from it.")],
) -> None:
    """Undo a wrong `base link`; an organisation that is not linked is refused.

    Example: alliance base unlink 百草村中药材基地 县农业农村局
    """
    from alliance_cli.core.bases import unlink_base

    with writing() as connection:
        unlinked = unlink_base(connection, name, orgs, actor=settings.actor)
    say("unlinked_base", base=name.strip(), organisations="、".join(unlinked))


BASE_COLUMNS = [
    Column("name"),
    Column("product"),
    Column("alliance"),
    Column("linked_organisations"),
    Column("visits"),
    Column("last_visit"),
]

VISIT_COLUMNS = [
    Column("id"),
    Column("held_on"),
    Column("base"),
    Column("experts"),
    Column("alliance"),
    Column("host"),
    Column("title"),
    Column("attendees"),
    Column("hours"),
]


@app.command("list")
def list_(
    alliance: Annotated[
        str | None, typer.Option("--alliance", help="Only this alliance's bases.")
    ] = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """List bases with product, alliance, linked organisations and expert visits.

    Example: alliance base list --alliance 绿色联盟 --format md
    """
    from alliance_cli.core.bases import list_bases

    with reading() as connection:
        rows = list_bases(connection, alliance_name=alliance)
    emit([Section("bases", translated("bases_title"), BASE_COLUMNS, rows)], fmt, output)


@app.command("show")
def show(
    name: Annotated[str, typer.Argument(help="Base name.")],
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """Show one base: its organisations and every expert service visit it had.

    Example: alliance base show 百草村中药材基地
    """
    from alliance_cli.core.bases import show_base

    with reading() as connection:
        details = show_base(connection, name)
    fields = [*BASE_COLUMNS, Column("notes")]
    emit(
        [
            Section(
                "base",
                details["name"],
                fields,
                [details],
                record=True,
                json_value={k: v for k, v in details.items() if k != "visit_list"},
            ),
            Section("visits", translated("visits_title"), VISIT_COLUMNS, details["visit_list"]),
        ],
        fmt,
        output,
    )
