"""The root command: global options, the command groups, and turning refusals into exit codes.

Groups are registered lazily: `alliance --help` lists them from the table below without
importing their modules, and a group's module (and with it SQLAlchemy) is imported only when
that group is called. PITFALLS.md measured eager registration at 1.21x the start-up of a
minimal Typer app.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

from alliance_cli import __version__
from alliance_cli.cli.context import settings

# name -> (module holding `app`, one-line help shown by `alliance --help`). The root help is
# kept short and ASCII: wrapped lines and CJK text cost Rich measurable start-up time.
GROUPS: dict[str, tuple[str, str]] = {
    "alliance": ("alliance_cli.cli.alliance", "Alliances: create, list, show, dissolve, belts."),
    "member": ("alliance_cli.cli.member", "Member organisations: add, join, leave, import."),
    "activity": ("alliance_cli.cli.activity", "Activities: log, list, import, rotation."),
    "venue": ("alliance_cli.cli.venue", "Shared venues: add, book, list, usage."),
    # programme records (issue 4): one line per group, kept in this order
    "project": ("alliance_cli.cli.project", "Projects: common, individual, progress, overdue."),
    "wish": ("alliance_cli.cli.wish", "Micro-wishes: add, claim, fulfil, list, stats."),
    "service": ("alliance_cli.cli.service", "Service list: propose, take, approve, deliver."),
    "person": ("alliance_cli.cli.person", "People: home branch, roles, joint activities."),
    "mentor": ("alliance_cli.cli.mentor", "Mentoring pairs: pair, end, list."),
    "quota": ("alliance_cli.cli.quota", "Development quotas: set, recommend, allocate, list."),
    "base": ("alliance_cli.cli.base", "Industry bases: add, link, list, show."),
    "expert": ("alliance_cli.cli.expert", "Local experts: list, service visits to bases."),
    "resource": ("alliance_cli.cli.resource", "Resource sharing: record, list, totals."),
    "case": ("alliance_cli.cli.case", "Good practice cases: add, link, publicise, list."),
    "evidence": ("alliance_cli.cli.evidence", "Evidence files: attach, list, verify, export."),
    # scoring (issue 5)
    "score": (
        "alliance_cli.cli.score",
        "Scoring: scheme, enter, compute, explain, publish, annual.",
    ),
    "report": ("alliance_cli.cli.report", "Reports: the quarterly airing, the annual evaluation."),
    "db": ("alliance_cli.cli.db", "The database: path, init, backup, check."),
    "demo": ("alliance_cli.cli.demo", "Build the demo township and print it."),
}


def load_group(name: str) -> Any:
    """The real Click command behind a group name, importing its module."""
    module = importlib.import_module(GROUPS[name][0])
    command = typer.main.get_command(module.app)
    command.name = name
    return command


class LazyRootGroup(TyperGroup):
    """A TyperGroup whose sub-groups are imported only when dispatched to."""

    def list_commands(self, ctx) -> list[str]:
        return list(GROUPS)

    def get_command(self, ctx, cmd_name: str):
        # Used for help listings and completion: a stub carrying the one-line help is enough.
        if cmd_name not in GROUPS:
            return None
        return TyperCommand(name=cmd_name, help=GROUPS[cmd_name][1], callback=None)

    def resolve_command(self, ctx, args):
        if args and args[0] in GROUPS:
            return args[0], load_group(args[0]), args[1:]
        return super().resolve_command(ctx, args)

    def invoke(self, ctx):
        from alliance_cli.core.errors import AllianceError

        try:
            return super().invoke(ctx)
        except AllianceError as refusal:
            _report_refusal(refusal)
            raise typer.Exit(1) from None
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise
        except BrokenPipeError:
            # `alliance member list | head`: the reader went away, which is not an error.
            sys.stderr.close()
            raise typer.Exit(0) from None
        except Exception as unexpected:
            if os.environ.get("ALLIANCE_DEBUG"):
                raise
            from alliance_cli.i18n import translate

            reason = f"{type(unexpected).__name__}: {unexpected}".splitlines()[0]
            typer.echo(translate("internal_error", settings.lang, reason=reason), err=True)
            raise typer.Exit(1) from None


def _report_refusal(refusal) -> None:
    from alliance_cli.core.errors import ImportRejected
    from alliance_cli.i18n import translate

    lang = settings.lang
    message = translate(refusal.key, lang, **refusal.params)
    typer.echo(translate("error", lang, message=message), err=True)
    if isinstance(refusal, ImportRejected):
        for row, key, params in refusal.problems:
            detail = translate(key, lang, **params)
            typer.echo("  " + translate("import_row", lang, row=row, message=detail), err=True)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"alliance {__version__}")
        raise typer.Exit()


app = typer.Typer(
    cls=LazyRootGroup,
    name="alliance",
    help="Run a township party-building alliance programme.\n\nExample: alliance demo --reset",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def root(
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Database file or URL (else $ALLIANCE_DB).",
            show_default=False,
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="zh or en (else from the locale).",
            show_default=False,
        ),
    ] = None,
    actor: Annotated[
        str | None,
        typer.Option(
            "--actor",
            help="Who changes things, for the audit log.",
            show_default=False,
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print nothing on success (for cron).")
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Global options, valid before any command."""
    if lang is not None and lang not in ("zh", "en"):
        raise typer.BadParameter("choose zh or en", param_hint="--lang")
    settings.configure(db=db, lang=lang, actor=actor, quiet=quiet)


def main() -> None:
    """Console-script entry point."""
    app(prog_name="alliance")
