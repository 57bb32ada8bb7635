"""The root command: help, version, lazy groups, error handling, and the meta-test that every
command documents itself with an example and appears in the README."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from alliance_cli import __version__
from alliance_cli.cli import GROUPS, app, load_group

README = Path(__file__).resolve().parents[2] / "README.md"


def all_commands():
    """(full command path, click command) for every leaf command, nested groups included."""

    def walk(path, command):
        subcommands = getattr(command, "commands", None)
        if subcommands is None:
            yield path, command
        else:
            for sub_name, sub in subcommands.items():
                yield from walk(f"{path} {sub_name}", sub)

    for name in GROUPS:
        yield from walk(name, load_group(name))


COMMANDS = sorted(all_commands())


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[p for p, _ in COMMANDS])
def test_every_command_has_help_with_an_example(path, command):
    text = command.help or ""
    assert text.strip(), f"{path} has no help"
    examples = re.findall(r"Example: (alliance .+)", text)
    assert examples, f"{path} help has no 'Example: alliance ...' line"
    assert all(f" {path.split()[-1]}" in e or path in e for e in examples), examples


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[p for p, _ in COMMANDS])
def test_readme_mentions_every_command(path, command):
    assert f"alliance {path}" in README.read_text(encoding="utf-8")


def test_help_lists_the_groups(cli):
    out = cli.ok("--help").stdout
    for name in GROUPS:
        assert name in out


def test_version(cli):
    assert cli.ok("--version").stdout.strip() == f"alliance {__version__}"


def test_python_dash_m_and_help_does_not_import_sqlalchemy():
    probe = (
        "import runpy, sys\n"
        "sys.argv = ['alliance', '--help']\n"
        "try:\n    runpy.run_module('alliance_cli', run_name='__main__')\n"
        "except SystemExit as e:\n    assert e.code in (0, None), e.code\n"
        "heavy = [m for m in ('sqlalchemy', 'alembic', 'openpyxl', 'jinja2') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert "Usage" in result.stdout
    assert "HEAVY []" in result.stdout


def test_member_list_does_not_import_alembic_openpyxl_or_jinja(township, db_path):
    probe = (
        "import sys\nfrom alliance_cli.cli import main\n"
        f"sys.argv = ['alliance', '--db', {str(db_path)!r}, 'member', 'list']\n"
        "try:\n    main()\nexcept SystemExit as e:\n    assert e.code in (0, None), e.code\n"
        "print('HEAVY', [m for m in ('alembic', 'openpyxl', 'jinja2') if m in sys.modules])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert "HEAVY []" in result.stdout


def test_unknown_command_is_a_usage_error(cli):
    result = cli("galaxy")
    assert result.exit_code == 2
    assert "No such command" in result.stderr


def test_bad_lang_is_a_usage_error(cli):
    result = cli("--lang", "fr", "alliance", "list")
    assert result.exit_code == 2


def test_unexpected_errors_are_one_line_without_debug(township, monkeypatch):
    import alliance_cli.core.organisations as organisations

    def explode(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(organisations, "list_organisations", explode)
    monkeypatch.delenv("ALLIANCE_DEBUG")
    result = township("member", "list")
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert result.stderr == (
        "internal error: RuntimeError: disk on fire (set ALLIANCE_DEBUG=1 for details)\n"
    )


def test_unexpected_errors_raise_with_debug(township, monkeypatch):
    import alliance_cli.core.organisations as organisations

    def explode(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(organisations, "list_organisations", explode)
    result = township("member", "list")
    assert isinstance(result.exception, RuntimeError)


def test_language_from_the_locale(township, monkeypatch):
    monkeypatch.delenv("ALLIANCE_LANG")
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    township.refused("member", "show", "无名村", message="没有名为“无名村”的成员组织")
    monkeypatch.setenv("LANG", "C.UTF-8")
    township.refused("member", "show", "无名村", message="no organisation named")


def test_subprocess_refusal_has_no_traceback(township, db_path):
    result = subprocess.run(
        [sys.executable, "-m", "alliance_cli", "--db", str(db_path), "member", "show", "无名村"],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 1
    assert result.stderr == "error: no organisation named '无名村'\n"
    assert result.stdout == ""


def test_typer_exit_type_is_used():
    assert issubclass(typer.Exit, Exception)
    assert app is not None
