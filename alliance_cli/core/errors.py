"""Every refusal the tool can give, as exception classes.

Each carries a message key from `alliance_cli.i18n` and the values to fill it with, so that the
CLI can say it in the clerk's language. The CLI turns any of them into one line on stderr and
exit code 1.
"""

from __future__ import annotations


class AllianceError(Exception):
    """A refusal the clerk can act on: bad input, unknown name, a rule that forbids it."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key, params)
        self.key = key
        self.params = params

    def __str__(self) -> str:  # for logs and tests; the CLI translates
        from alliance_cli.i18n import translate

        return translate(self.key, "en", **self.params)


class NotFound(AllianceError):
    """A name or id that is not in the database."""


class Duplicate(AllianceError):
    """A name that is already taken."""


class InvalidInput(AllianceError):
    """A value that is malformed or out of range."""


class RuleViolation(AllianceError):
    """A well-formed request that a programme rule forbids."""


class DatabaseProblem(AllianceError):
    """The database is missing, locked, corrupt or not ours."""


class ImportRejected(AllianceError):
    """An import file with bad rows; nothing was written."""

    def __init__(self, key: str, problems: list[tuple[int, str, dict]], **params: object) -> None:
        super().__init__(key, count=len(problems), **params)
        self.problems = problems  # (row number, message key, params)
