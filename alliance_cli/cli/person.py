"""`alliance person ...`: people (关系在支部、活动共参与), their roles and joint activities."""

from __future__ import annotations

from typing import Annotated

import typer

from alliance_cli.cli.context import say, settings, writing

app = typer.Typer(
    help="People 党员与群众: add, list, show, update, roles, joint activities.",
    no_args_is_help=True,
    add_completion=False,
)


@app.callback()
def person_group() -> None:
    """People 党员与群众: add, list, show, update, roles, joint activities."""


@app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="The person's name (namesakes: 张伟（东村）).")],
    home: Annotated[
        str, typer.Option("--home", help="Home organisation (关系在支部).", show_default=False)
    ],
    role: Annotated[
        list[str] | None,
        typer.Option(
            "--role", help="secretary, mentor, expert or activist (repeatable).", show_default=False
        ),
    ] = None,
    phone: Annotated[str | None, typer.Option("--phone", help="Optional phone.")] = None,
    speciality: Annotated[
        str | None, typer.Option("--speciality", help="A local expert's speciality.")
    ] = None,
    not_party_member: Annotated[
        bool, typer.Option("--not-party-member", help="The person is not a party member.")
    ] = False,
) -> None:
    """Add a person with a home organisation and roles. No ID numbers are stored.

    Example: alliance person add 李明 --home 红岩村 --role mentor --phone 13800000000
    """
    from alliance_cli.core.people import add_person

    with writing() as connection:
        add_person(
            connection,
            name,
            home=home,
            roles=role or (),
            phone=phone,
            speciality=speciality,
            party_member=not not_party_member,
            actor=settings.actor,
        )
    say("added_person", name=name.strip())
