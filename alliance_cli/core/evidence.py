"""Evidence files (佐证): a photo or a scanned sign-in sheet attached to an activity, a case or
a score entry, kept beside the database so that anyone can check it was not swapped later.

The copies live in a folder named after the database file (`alliance.db` keeps them in
`alliance.db.evidence/`), content-addressed as `<sha256[:2]>/<sha256><suffix>`: identical
content with the same suffix is stored once, however often it is attached. A file is copied
in chunks to a temporary name while it is hashed (a large scan is never read into memory)
and then moved into place with `os.replace`, so a half-written copy never carries a real
name. Files this command created are removed again if the database transaction fails
(`evidence_files`), and a detached file is deleted only after the transaction committed.

`verify_evidence` reports every stored copy that is missing or changed (the evidence proves
nothing any more), every attachment whose activity or case is gone, and every file attached
to two or more different activities: the same photo or sign-in sheet filed for different
events is a sign of paperwork reused (形式主义).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import Connection, delete, insert, select

from alliance_cli.core.audit import record_change
from alliance_cli.core.cases import find_case
from alliance_cli.core.errors import Duplicate, InvalidInput, NotFound
from alliance_cli.storage.models import activity, evidence, good_case

CHUNK_BYTES = 1 << 20
TARGETS = ("activity", "case", "score_entry")
FAILING = ("missing", "changed")  # the problems that make `verify` exit 1
_SUFFIX = re.compile(r"^\.[a-z0-9]{1,16}$")


# --- where copies live (pure) ----------------------------------------------------------------


def evidence_folder(url: str) -> Path:
    """The folder beside a SQLite database file that holds its evidence copies. Other
    databases (a county's PostgreSQL server, an in-memory SQLite) have no such place."""
    from alliance_cli.storage.engine import sqlite_file

    file = sqlite_file(url)
    if file is None:
        raise InvalidInput("evidence_sqlite_only")
    return file.with_name(file.name + ".evidence")


def stored_suffix(original_name: str) -> str:
    """The original suffix in lower case (`.JPG` -> `.jpg`), or nothing when it is unusual,
    so that a stored name is always plain ASCII."""
    suffix = Path(original_name).suffix.lower()
    return suffix if _SUFFIX.match(suffix) else ""


def stored_path(folder: Path, sha256: str, original_name: str) -> Path:
    """Where the copy of content `sha256` attached as `original_name` lives."""
    return folder / sha256[:2] / f"{sha256}{stored_suffix(original_name)}"


def hash_file(path: Path) -> tuple[str, int]:
    """SHA-256 (hex) and size of a file, read in chunks."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK_BYTES):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _new_temporary(folder: Path, prefix: str) -> Path:
    """A new empty file with a unique hidden name in `folder`, with the permissions of any
    file the clerk creates (unlike `tempfile.mkstemp`, which makes it private)."""
    temporary = folder / f"{prefix}{os.getpid()}-{secrets.token_hex(8)}.part"
    temporary.open("xb").close()
    return temporary


def _copy_hashing(source: Path, target: Path) -> tuple[str, int]:
    """Copy `source` to the new file `target` in chunks, hashing on the way; flushed to disk
    so that the copy survives a crash once it is renamed into place."""
    digest = hashlib.sha256()
    size = 0
    with source.open("rb") as reading, target.open("wb") as writing:
        while chunk := reading.read(CHUNK_BYTES):
            digest.update(chunk)
            size += len(chunk)
            writing.write(chunk)
        writing.flush()
        os.fsync(writing.fileno())
    return digest.hexdigest(), size


# --- files changed by one command ------------------------------------------------------------


@dataclass
class FileChanges:
    """What one command did in the evidence folder: files and folders it created (removed
    again if the command fails) and copies no longer referenced, moved aside while the
    transaction holds the write lock (put back if it fails, deleted once it committed)."""

    created: list[Path] = field(default_factory=list)
    set_aside: list[tuple[Path, Path]] = field(default_factory=list)  # (aside, original)

    def set_copy_aside(self, copy: Path) -> None:
        if copy.exists():
            aside = copy.with_name(f".detached-{copy.name}")
            os.replace(copy, aside)
            self.set_aside.append((aside, copy))

    def undo(self) -> None:
        for path in reversed(self.created):
            try:
                if path.is_dir():
                    path.rmdir()  # only if empty: another command's copy may be inside
                else:
                    path.unlink(missing_ok=True)
            except OSError:
                pass
        self.created.clear()
        for aside, original in reversed(self.set_aside):
            os.replace(aside, original)
        self.set_aside.clear()

    def finish(self) -> None:
        for aside, _original in self.set_aside:
            aside.unlink(missing_ok=True)
            with contextlib.suppress(OSError):  # other copies are still in that folder
                aside.parent.rmdir()
        self.set_aside.clear()


@contextmanager
def evidence_files() -> Iterator[FileChanges]:
    """Wrap the database transaction with this (`with evidence_files() as files, writing()`):
    the transaction commits first, then copies set aside are deleted; if anything fails, the
    copies the command made are removed, those set aside are put back, and no file is left
    that no row references."""
    changes = FileChanges()
    try:
        yield changes
    except BaseException:
        changes.undo()
        raise
    changes.finish()


def _make_folder(path: Path, files: FileChanges) -> None:
    if not path.is_dir():
        path.mkdir()
        files.created.append(path)


# --- what evidence is attached to --------------------------------------------------------------


def _score_entry_names(connection: Connection) -> dict:
    """(score_entry, id) -> "2025Q4/红岩村党支部/work_quality", for every entry."""
    from alliance_cli.storage.models import alliance, organisation, score_entry

    rows = connection.execute(
        select(
            score_entry.c.id,
            score_entry.c.period,
            score_entry.c.subject_type,
            score_entry.c.subject_id,
            score_entry.c.indicator,
        )
    ).all()
    subjects = {("organisation", r.id): r.name for r in connection.execute(
        select(organisation.c.id, organisation.c.name))}  # fmt: skip
    subjects.update(
        {
            ("alliance", r.id): r.name
            for r in connection.execute(select(alliance.c.id, alliance.c.name))
        }
    )
    return {
        ("score_entry", r.id): f"{r.period}/{subjects[(r.subject_type, r.subject_id)]}/"
        f"{r.indicator}"
        for r in rows
    }


def _score_entry_by_id(connection: Connection, entry_id: int) -> tuple[int, str] | None:
    """The entry with that id and what to call it, or None."""
    from alliance_cli.core.score_entries import EntryKey
    from alliance_cli.core.subjects import subject_by_id
    from alliance_cli.storage.models import score_entry

    row = connection.execute(select(score_entry).where(score_entry.c.id == entry_id)).first()
    if row is None:
        return None
    subject = subject_by_id(connection, row.subject_type, row.subject_id)
    return row.id, EntryKey(row.period, subject, row.indicator).audit_key


def find_score_entry(connection: Connection, key: int | str) -> tuple[int, str]:
    """A score entry's id and what to call it, from its id or from the key the audit log
    uses (`2025Q4/红岩村党支部/work_quality`); NotFound otherwise."""
    from alliance_cli.core.scheme_versions import quarter_label
    from alliance_cli.core.score_entries import EntryKey, stored_entry
    from alliance_cli.core.subjects import find_subject

    text = str(key).strip()
    if text.isdigit():
        found = _score_entry_by_id(connection, int(text))
        if found is None:
            raise NotFound("unknown_score_entry", id=key)
        return found
    parts = text.split("/")
    if len(parts) != 3:
        raise NotFound("unknown_score_entry", id=key)
    period, subject_name, indicator = (part.strip() for part in parts)
    # The subject is looked up before the quarter: an unknown subject is reported first.
    subject = find_subject(connection, subject_name)
    entry = EntryKey(quarter_label(period), subject, indicator)
    row = stored_entry(connection, entry)
    if row is None:
        raise NotFound("unknown_score_entry", id=key)
    return row.id, entry.audit_key


def resolve_target(
    connection: Connection,
    *,
    activity_id: int | None = None,
    case_title: str | None = None,
    score_entry_id: int | str | None = None,
) -> tuple[str, int, str]:
    """(target code, target id, what to call it) for exactly one of the three."""
    given = [x is not None for x in (activity_id, case_title, score_entry_id)]
    if sum(given) != 1:
        raise InvalidInput("evidence_one_target")
    if activity_id is not None:
        title = _target_name(connection, "activity", activity_id)
        if title is None:
            raise NotFound("unknown_activity", id=activity_id)
        return "activity", activity_id, title
    if case_title is not None:
        case = find_case(connection, case_title)
        return "case", case.id, case.title
    return ("score_entry", *find_score_entry(connection, score_entry_id))


def _target_names(connection: Connection) -> dict[tuple[str, int], str]:
    """What every existing activity, case and score entry is called, keyed by (target, id)."""
    names = {
        ("activity", row.id): row.title
        for row in connection.execute(select(activity.c.id, activity.c.title))
    }
    names.update(
        {
            ("case", row.id): row.title
            for row in connection.execute(select(good_case.c.id, good_case.c.title))
        }
    )
    names.update(_score_entry_names(connection))
    return names


def _target_name(connection: Connection, target: str, target_id: int) -> str | None:
    """What one activity, case or score entry is called, or None when it is gone."""
    if target == "activity":
        return connection.execute(
            select(activity.c.title).where(activity.c.id == target_id)
        ).scalar()
    if target == "case":
        return connection.execute(
            select(good_case.c.title).where(good_case.c.id == target_id)
        ).scalar()
    if target == "score_entry":
        found = _score_entry_by_id(connection, target_id)
        return None if found is None else found[1]
    return None


# --- attaching and detaching -----------------------------------------------------------------


def attach_evidence(
    connection: Connection,
    source: Path,
    *,
    folder: Path,
    files: FileChanges,
    activity_id: int | None = None,
    case_title: str | None = None,
    score_entry_id: int | str | None = None,
    actor: str,
    now: datetime | None = None,
) -> dict:
    """Copy a file into the evidence folder and attach it to an activity, a case or a score
    entry. The same content attached to the same target twice is refused.

    Returns the stored row, plus `new_copy` (this content was not stored before) and
    `repaired` (a damaged or missing stored copy was replaced by this identical file)."""
    source = Path(source)
    if not source.exists():
        raise NotFound("evidence_no_file", path=str(source))
    if not source.is_file():
        raise InvalidInput("evidence_not_a_file", path=str(source))
    try:
        return _attach(
            connection,
            source,
            folder=folder,
            files=files,
            target=resolve_target(
                connection,
                activity_id=activity_id,
                case_title=case_title,
                score_entry_id=score_entry_id,
            ),
            actor=actor,
            now=now,
        )
    except BaseException:
        files.undo()  # a refusal leaves no copy behind, even without `evidence_files`
        raise


def _attach(
    connection: Connection,
    source: Path,
    *,
    folder: Path,
    files: FileChanges,
    target: tuple[str, int, str],
    actor: str,
    now: datetime | None,
) -> dict:
    kind, target_id, about = target
    try:
        _make_folder(folder, files)
        temporary = _new_temporary(folder, ".incoming-")
    except OSError as exc:
        raise InvalidInput(
            "evidence_folder_unwritable", path=str(folder), reason=exc.strerror
        ) from exc
    try:
        try:
            sha256, size = _copy_hashing(source, temporary)
        except OSError as exc:
            raise InvalidInput("file_unreadable", path=str(source), reason=exc.strerror) from exc
        same = connection.execute(
            select(evidence.c.id).where(
                evidence.c.target == kind,
                evidence.c.target_id == target_id,
                evidence.c.sha256 == sha256,
            )
        ).scalar()
        if same is not None:
            raise Duplicate("evidence_already_attached", id=same, about=about)
        final = stored_path(folder, sha256, source.name)
        referenced = _referenced(connection, sha256, source.name)
        new_copy = repaired = False
        _make_folder(final.parent, files)
        if not (final.is_file() and hash_file(final) == (sha256, size)):
            # Not stored yet, or a stored copy the records name is missing or damaged: this
            # file has the very content recorded, so it takes that copy's place.
            os.replace(temporary, final)
            repaired = referenced
            if not referenced:
                new_copy = True
                files.created.append(final)
    finally:
        temporary.unlink(missing_ok=True)
    values = {
        "target": kind,
        "target_id": target_id,
        "sha256": sha256,
        "size": size,
        "original_name": source.name,
        "attached_at": (now or datetime.now()).replace(microsecond=0),
        "attached_by": actor,
    }
    evidence_id = connection.execute(insert(evidence).values(**values)).inserted_primary_key[0]
    record_change(
        connection, actor, "attach", "evidence", str(evidence_id), after={**values, "about": about}
    )
    return {
        "id": evidence_id,
        **values,
        "about": about,
        "stored_file": final,
        "new_copy": new_copy,
        "repaired": repaired,
    }


def _referenced(connection: Connection, sha256: str, original_name: str) -> bool:
    """Whether a stored row already names the copy for this content and suffix."""
    suffix = stored_suffix(original_name)
    names = connection.execute(
        select(evidence.c.original_name).where(evidence.c.sha256 == sha256)
    ).scalars()
    return any(stored_suffix(name) == suffix for name in names)


def find_evidence(connection: Connection, evidence_id: int):
    row = connection.execute(select(evidence).where(evidence.c.id == evidence_id)).first()
    if row is None:
        raise NotFound("unknown_evidence", id=evidence_id)
    return row


def detach_evidence(
    connection: Connection, evidence_id: int, *, folder: Path, files: FileChanges, actor: str
) -> dict:
    """Remove an attachment. Its stored copy is deleted once the transaction commits, unless
    another attachment uses the same copy; the audit log keeps the row."""
    row = find_evidence(connection, evidence_id)
    before = dict(row._mapping)
    connection.execute(delete(evidence).where(evidence.c.id == evidence_id))
    record_change(connection, actor, "detach", "evidence", str(evidence_id), before=before)
    if not _referenced(connection, row.sha256, row.original_name):
        files.set_copy_aside(stored_path(folder, row.sha256, row.original_name))
    return before


# --- reading ---------------------------------------------------------------------------------


def list_evidence(
    connection: Connection,
    *,
    activity_id: int | None = None,
    case_title: str | None = None,
) -> list[dict]:
    """Attachments in the order they were made, of one activity or case or all."""
    query = select(evidence).order_by(evidence.c.id)
    if activity_id is not None or case_title is not None:
        target, target_id, about = resolve_target(
            connection, activity_id=activity_id, case_title=case_title
        )
        query = query.where(evidence.c.target == target, evidence.c.target_id == target_id)
        return [{**row._mapping, "about": about} for row in connection.execute(query)]
    names = _target_names(connection)
    return [
        {**row._mapping, "about": names.get((row.target, row.target_id))}
        for row in connection.execute(query)
    ]


def file_status(path: Path, sha256: str, size: int) -> tuple[str, int | None, str | None]:
    """(`ok`, `missing` or `changed`, size found, SHA-256 found) for one stored copy. The
    size is compared first, so a truncated file is found without reading it."""
    if not path.is_file():
        return "missing", None, None
    found_size = path.stat().st_size
    if found_size != size:
        return "changed", found_size, None
    found_sha, found_size = hash_file(path)
    return ("ok" if found_sha == sha256 else "changed"), found_size, found_sha


def show_evidence(connection: Connection, evidence_id: int, *, folder: Path) -> dict:
    """One attachment with what it is attached to and the state of its stored copy."""
    row = find_evidence(connection, evidence_id)
    details = dict(row._mapping)
    details["about"] = _target_name(connection, row.target, row.target_id)
    copy = stored_path(folder, row.sha256, row.original_name)
    details["stored_file"] = copy
    details["state"], _size, _sha = file_status(copy, row.sha256, row.size)
    return details


def export_evidence(
    connection: Connection, evidence_id: int, destination: Path, *, folder: Path
) -> dict:
    """Copy a stored file out, checked on the way: a missing or changed copy is refused
    rather than handed on as evidence, and an existing destination is never overwritten."""
    row = find_evidence(connection, evidence_id)
    destination = Path(destination)
    if destination.exists():
        raise Duplicate("file_exists", path=str(destination))
    if not destination.parent.is_dir():
        raise NotFound("folder_missing", path=str(destination.parent))
    copy = stored_path(folder, row.sha256, row.original_name)
    if not copy.is_file():
        raise InvalidInput("evidence_copy_missing", id=evidence_id, path=str(copy))
    try:
        temporary = _new_temporary(destination.parent, ".export-")
    except OSError as exc:
        raise InvalidInput("output_unwritable", path=str(destination), reason=exc.strerror) from exc
    try:
        sha256, size = _copy_hashing(copy, temporary)
        if (sha256, size) != (row.sha256, row.size):
            raise InvalidInput("evidence_copy_changed", id=evidence_id, path=str(copy))
        os.replace(temporary, destination)
    finally:
        temporary.unlink(missing_ok=True)
    return {"id": evidence_id, "original_name": row.original_name, "path": destination}


def verify_evidence(connection: Connection, *, folder: Path) -> dict:
    """Check every attachment. Returns `checked` (attachments), `files` (distinct copies) and
    `problems`, one row each, failing problems first:

    - `missing`: the stored copy is gone;
    - `changed`: its size or SHA-256 is not what was stored;
    - `target_missing`: the activity, case or score entry it was attached to is gone;
    - `reused`: the same content is attached to two or more different activities.
    """
    rows = connection.execute(select(evidence).order_by(evidence.c.id)).all()
    names = _target_names(connection)
    states: dict[Path, tuple[str, int | None, str | None]] = {}
    by_copy: dict[Path, list] = {}
    for row in rows:
        copy = stored_path(folder, row.sha256, row.original_name)
        by_copy.setdefault(copy, []).append(row)
        if copy not in states:
            states[copy] = file_status(copy, row.sha256, row.size)
    problems: list[dict] = []
    for copy, attached in by_copy.items():
        state, found_size, found_sha = states[copy]
        if state == "ok":
            continue
        first = attached[0]
        problems.append(
            {
                "problem": state,
                "evidence_ids": [row.id for row in attached],
                "target": first.target if len({r.target for r in attached}) == 1 else None,
                "target_ids": [row.target_id for row in attached],
                "original_name": first.original_name,
                "stored_file": str(copy),
                "size": first.size,
                "found_size": found_size,
                "sha256": first.sha256,
                "found_sha256": found_sha,
            }
        )
    for row in rows:
        if (row.target, row.target_id) not in names:
            problems.append(
                {
                    "problem": "target_missing",
                    "evidence_ids": [row.id],
                    "target": row.target,
                    "target_ids": [row.target_id],
                    "original_name": row.original_name,
                    "stored_file": str(stored_path(folder, row.sha256, row.original_name)),
                    "size": row.size,
                    "sha256": row.sha256,
                }
            )
    by_content: dict[str, list] = {}
    for row in rows:
        if row.target == "activity":
            by_content.setdefault(row.sha256, []).append(row)
    for sha256, attached in by_content.items():
        activities = sorted({row.target_id for row in attached})
        if len(activities) < 2:
            continue
        problems.append(
            {
                "problem": "reused",
                "evidence_ids": [row.id for row in attached],
                "target": "activity",
                "target_ids": activities,
                "titles": [names.get(("activity", a)) for a in activities],
                "original_name": attached[0].original_name,
                "sha256": sha256,
                "size": attached[0].size,
            }
        )
    order = {"missing": 0, "changed": 1, "target_missing": 2, "reused": 3}
    problems.sort(key=lambda p: (order[p["problem"]], p["evidence_ids"][0]))
    return {"checked": len(rows), "files": len(by_copy), "problems": problems}


def failing(problems: list[dict], *, strict: bool = False) -> bool:
    """Whether a verification should fail (exit 1): any missing or changed copy, or with
    `strict` any problem at all (reused paperwork and vanished targets too)."""
    return any(strict or problem["problem"] in FAILING for problem in problems)
