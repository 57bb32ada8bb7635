"""What the global options chose, and the one way commands open the database."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer


class Settings:
    """The global options of the current invocation (a plain class: it is on the
    start-up path of every command, `--help` included)."""

    db: str | None = None
    lang: str = "en"
    actor: str = "clerk"
    quiet: bool = False

    def configure(
        self, *, db: str | None, lang: str | None, actor: str | None, quiet: bool
    ) -> None:
        from alliance_cli.i18n import detect_language

        self.db = db
        self.lang = detect_language(lang)
        self.actor = actor or _login_name()
        self.quiet = quiet


def _login_name() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "clerk"


settings = Settings()


def database_url() -> str:
    from alliance_cli.storage.engine import resolve_url

    return resolve_url(settings.db)


@contextmanager
def reading() -> Iterator:
    """A read-only transaction on an existing database."""
    with _transaction(write=False) as connection:
        yield connection


@contextmanager
def writing() -> Iterator:
    """A write transaction (BEGIN IMMEDIATE); creates and migrates the database if needed.
    Nothing is stored unless the whole block succeeds."""
    with _transaction(write=True) as connection:
        yield connection


@contextmanager
def _transaction(*, write: bool) -> Iterator:
    from alliance_cli.storage.engine import sqlite_file, transaction
    from alliance_cli.storage.schema import open_database

    url = database_url()
    file = sqlite_file(url)
    created = file is not None and not file.exists()
    engine = open_database(url, create=write)
    try:
        with transaction(engine, write=write) as connection:
            yield connection
    except BaseException:
        engine.dispose()
        if created:
            # A refused first command leaves no empty database behind.
            for leftover in (
                file,
                file.with_name(file.name + "-wal"),
                file.with_name(file.name + "-shm"),
            ):
                leftover.unlink(missing_ok=True)
        raise
    engine.dispose()


def say(key: str, **params: object) -> None:
    """A confirmation on stderr (data goes to stdout); silent with --quiet."""
    if not settings.quiet:
        typer.echo(translated(key, **params), err=True)


def warn(key: str, **params: object) -> None:
    """A warning on stderr, shown even with --quiet."""
    typer.echo(translated(key, **params), err=True)


def translated(key: str, **params: object) -> str:
    """A message or title in the clerk's language (for section titles and labels)."""
    from alliance_cli.i18n import translate

    return translate(key, settings.lang, **params)
