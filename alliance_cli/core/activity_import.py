"""Importing activities from CSV or XLSX (`alliance activity import`): one row per activity,
all or nothing, idempotent, and fast enough for a county's million rows.

The natural key of an activity is (date, alliance, host, title), the `uq_activity_natural`
constraint. A row whose key is already stored with the same details adds nothing, so a file
can be imported twice, or overlap an earlier one; a row whose key is stored with different
details (kind, attendees, hours, organisations and their attendance, venue, notes) is a bad
row, to be changed with `activity edit`. Within one file, identical rows count once and
different rows with the same key are bad rows.

The rules are those of `activity log` (core/activities.py), applied in bulk with its parsers
and its messages.

How it stays fast (bench/activity_import.py measures it on a million rows):
- The file is streamed (csv.reader over the open file, openpyxl in read-only mode) and
  handled in batches of BATCH_ROWS rows; nothing holds all rows at once.
- Names, kinds, memberships and venues are loaded once into dicts, and each distinct date,
  kind and hours text is parsed once. `_Checker.check_rows` accepts a row only when it can
  see at a glance that it is plain and valid; any other row goes to `_Checker.check_row`,
  which applies the rules one by one and names the problem. The fast path never refuses a
  row itself, it only skips work, so the rules live in one place.
- Each checked batch is staged into a TEMP table through the raw sqlite3 connection, up to
  1000 rows per INSERT statement, with no None parameters (sqlite3 binds None through its
  slow adaptation path, so absent values travel as -1 or '' and become NULL in SQL).
- `_Writer` then writes the batch with set-based SQL in a thread of its own, while the main
  thread checks the next batch (SQLite runs without Python's GIL): the new activities in file
  order with ON CONFLICT DO NOTHING on the natural key, then their organisations; only for a
  batch where some key was already there does it match and compare details.
- When a big file adds to days that hold no activity yet (the usual quarterly import), the
  indexes declared with CREATE INDEX on activity and activity_org are dropped and rebuilt
  from their own stored definitions at the end, which is faster than updating them row by
  row; CHECK constraints are not evaluated for the import's own inserts, whose values are
  checked on the staged batch instead (`_Writer._assert_valid`).
- All of it is the command's one transaction: a refusal or a crash leaves nothing behind.
"""

from __future__ import annotations

import csv
import io
import queue
import re
import sqlite3
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import closing
from datetime import date
from itertools import chain
from operator import itemgetter
from pathlib import Path

from sqlalchemy import Connection, select

from alliance_cli.core.activities import (
    MAX_HOURS_PER_PERSON,
    hours_text,
    latest_allowed_date,
    parse_count,
    parse_hours,
    parse_org_spec,
)
from alliance_cli.core.audit import record_change
from alliance_cli.core.dates import parse_date
from alliance_cli.core.errors import (
    AllianceError,
    DatabaseProblem,
    ImportRejected,
    InvalidInput,
    NotFound,
    RuleViolation,
)
from alliance_cli.core.locks import live_lock, locked_error, locked_quarters
from alliance_cli.core.tabular import (
    clean_cell,
    column_positions,
    header_aliases,
    refuse_missing_columns,
)
from alliance_cli.storage.models import activity_kind, alliance, membership, organisation, venue

# Column keys in template order; headers are matched through i18n.COLUMNS (key, Chinese and
# English label) and the extra spellings below.
COLUMN_KEYS = (
    "date",
    "kind",
    "title",
    "alliance",
    "host",
    "cohosts",
    "participants",
    "guests",
    "attendees",
    "hours",
    "venue",
    "notes",
)
REQUIRED = ("date", "kind", "title", "alliance", "host")
EXTRA_HEADERS = {
    "held_on": "date",
    "co-hosts": "cohosts",
    "cohost": "cohosts",
    "participant": "participants",
    "guest": "guests",
    "volunteer hours": "hours",
    "total attendees": "attendees",
    "note": "notes",
}
LIST_SEPARATORS = re.compile(r"[;；、]")
MAX_PROBLEMS = 1000  # bad rows listed; the message counts them all
MAX_COUNT = 10**9  # attendance beyond this is a typing error (and would overflow SQLite)
HOST, COHOST, PARTICIPANT, GUEST = 0, 1, 2, 3  # staged role codes
EXTRA_SLOTS = 3  # organisations besides the host staged in the row; more go to a side table
# A staged record, in this order (the stage's `seq` is its rowid, assigned in order).
RECORD_COLUMNS = (
    "row",
    "held_on",
    "kind",
    "title",
    "alliance_id",
    "host_id",
    "host_att",
    "attendees",
    "hours",
    "venue_id",
    "notes",
    "n_orgs",
    *(f"{name}{slot}" for slot in range(1, EXTRA_SLOTS + 1) for name in ("o", "r", "a")),
)
BATCH_ROWS = 20000
BIG_IMPORT = 20000  # rows from which dropping and rebuilding indexes pays
_SMALL_COUNTS = {str(number): number for number in range(10000)}
_END_OF_TIME = "9999-12-31"
_NO_EXTRAS = (-1,) * (3 * EXTRA_SLOTS)


class _Slow(Exception):
    """Raised inside the fast path: this row needs the full check."""


_SLOW = _Slow()


# --- the file ---------------------------------------------------------------------------------


class ActivityFile:
    """An activity file opened for streaming: its header mapped to column keys, then its
    data rows as lists of cell text, numbered as the spreadsheet numbers them.

    Opened before the write transaction begins, so that a missing file, an unknown type or
    a missing column is refused without touching the database."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.suffix = self.path.suffix.lower()
        if self.suffix not in (".csv", ".xlsx"):
            raise InvalidInput("file_type", path=str(self.path))
        self.unquote = self.suffix == ".csv"  # only CSV exports put a quote before formulas
        self.encoding = "utf-8-sig"
        self.size = 0  # bytes (CSV) or rows (XLSX) in all, to estimate the number of rows
        self.done = 0  # bytes or rows read so far
        # XLSX: the records after the header, still open, so that the workbook is loaded once.
        self._rest: Iterator[tuple[int, list]] | None = None
        try:
            self._read_header()
        except BaseException:
            self.close()
            raise

    def _read_header(self) -> None:
        header = self._first_record()
        if header is None:
            raise InvalidInput("import_empty", path=str(self.path))
        self.headers = [clean_cell(cell, unquote=self.unquote) for cell in header]
        self.width = len(self.headers)
        self.index = column_positions(self.headers, header_aliases(COLUMN_KEYS, EXTRA_HEADERS))
        refuse_missing_columns(self.index, REQUIRED, str(self.path))
        # Column key -> the header as the file spells it, for messages.
        self.header_of = {key: self.headers[i] for key, i in self.index.items()}
        for key in COLUMN_KEYS:
            self.header_of.setdefault(key, key)

    def _unreadable(self, exc: Exception) -> InvalidInput:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return InvalidInput("file_unreadable", path=str(self.path), reason=reason)

    def _first_record(self) -> list | None:
        """The header record. An XLSX file keeps its records open for `data_rows`; a CSV
        file is read again from the start, which its encoding fallback needs anyway."""
        records = self.records()
        try:
            for _number, record in records:
                if self.suffix == ".xlsx":
                    self._rest, records = records, None
                return record
        except UnicodeDecodeError:
            if self.encoding == "gb18030":
                raise
            self.encoding = "gb18030"  # older Excel's "CSV" on a Chinese Windows
            return self._first_record()
        finally:
            if records is not None:
                records.close()
        return None

    def records(self) -> Iterator[tuple[int, list]]:
        """(row number, cells) for every record, the header (row 1) included. CSV cells are
        raw text; XLSX cells are cleaned text. A CSV file that is not in `self.encoding`
        raises UnicodeDecodeError."""
        if self.suffix == ".csv":
            return self._csv_records()
        return self._xlsx_records()

    def _csv_records(self) -> Iterator[tuple[int, list]]:
        try:
            handle = self.path.open("rb")
            self.size = self.path.stat().st_size
        except OSError as exc:
            raise self._unreadable(exc) from exc
        with handle, io.TextIOWrapper(handle, encoding=self.encoding, newline="") as text:
            reader = csv.reader(text)
            number = 0
            try:
                for number, record in enumerate(reader, start=1):
                    yield number, record
                    if number % BATCH_ROWS == 0:
                        self.done = handle.tell()
            except csv.Error as exc:
                raise self._unreadable(ValueError(f"row {number + 1}: {exc}")) from exc

    def _xlsx_records(self) -> Iterator[tuple[int, list]]:
        from openpyxl import load_workbook

        try:
            handle = self.path.open("rb")
        except OSError as exc:
            raise self._unreadable(exc) from exc
        with handle:
            try:
                book = load_workbook(handle, read_only=True, data_only=True)
                sheet = book.worksheets[0]
                self.size = sheet.max_row or 0
            except Exception as exc:  # a damaged workbook fails with any exception type
                raise self._unreadable(ValueError(f"not a valid XLSX workbook ({exc})")) from exc
            try:
                for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                    self.done = number
                    yield number, [clean_cell(value) for value in row]
            except Exception as exc:
                reason = str(exc).strip("'\"") or type(exc).__name__
                raise self._unreadable(ValueError(f"not a valid XLSX workbook ({reason})")) from exc
            finally:
                book.close()

    def data_rows(self) -> Iterator[tuple[int, list]]:
        """The records after the header; the caller closes them when it stops early."""
        records, self._rest = self._rest, None
        if records is None:
            records = self.records()
            next(records, None)  # the header
        return records

    def close(self) -> None:
        """Close the workbook kept open since the header was read, if `data_rows` did not
        take it over."""
        records, self._rest = self._rest, None
        if records is not None:
            records.close()

    def __enter__(self) -> ActivityFile:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def estimated_rows(self, rows_so_far: int) -> int:
        """How many rows the whole file probably has, from how far `rows_so_far` got."""
        if not self.done or not self.size:
            return rows_so_far
        return int(rows_so_far * self.size / self.done)


def open_activity_file(path: Path) -> ActivityFile:
    """Open an activity file and check its header (before any transaction)."""
    path = Path(path)
    try:
        return ActivityFile(path)
    except UnicodeDecodeError as exc:
        raise InvalidInput("file_unreadable", path=str(path), reason=str(exc)) from exc


# --- the reference data, loaded once --------------------------------------------------------


class _Reference:
    """Names, kinds, memberships and venues as plain dicts keyed by the stored names."""

    def __init__(self, connection: Connection) -> None:
        self.kinds: dict[str, str] = {}  # code, Chinese label, English label -> code
        self.kinds_folded: dict[str, str] = {}  # lower-cased code and English label -> code
        for kind in connection.execute(select(activity_kind)):
            self.kinds[kind.code] = self.kinds[kind.label_zh] = kind.code
            self.kinds[kind.label_en] = kind.code
            self.kinds_folded[kind.code.lower()] = kind.code
            self.kinds_folded[kind.label_en.lower()] = kind.code
        self.org_ids = {org.name: org.id for org in connection.execute(select(organisation))}
        self.org_names = {org_id: name for name, org_id in self.org_ids.items()}
        # alliance name -> (id, first active day, first day no longer active), ISO text
        self.alliances: dict[str, tuple[int, str, str]] = {}
        for group in connection.execute(select(alliance)):
            opens = group.founded_on.isoformat() if group.founded_on else ""
            closes = group.dissolved_on.isoformat() if group.dissolved_on else _END_OF_TIME
            self.alliances[group.name] = (group.id, opens, closes)
        # organisation id -> [(alliance id, joined, left or end of time)]
        self.spells: dict[int, list[tuple[int, str, str]]] = {}
        for spell in connection.execute(select(membership)):
            left = spell.left_on.isoformat() if spell.left_on else _END_OF_TIME
            self.spells.setdefault(spell.organisation_id, []).append(
                (spell.alliance_id, spell.joined_on.isoformat(), left)
            )
        self.venues = {place.name: place.id for place in connection.execute(select(venue))}
        # Published quarters are locked: (first day, day after, the refusal), ISO text.
        self.locked = [
            (start.isoformat(), end.isoformat(), locked_error(live_lock(connection, label)))
            for start, end, label in locked_quarters(connection)
        ]

    def is_member(self, org_id: int, alliance_id: int, day: str) -> bool:
        return any(
            group == alliance_id and joined <= day < left
            for group, joined, left in self.spells.get(org_id, ())
        )

    def in_other_alliance(self, org_id: int, alliance_id: int, day: str) -> bool:
        return any(
            group != alliance_id and joined <= day < left
            for group, joined, left in self.spells.get(org_id, ())
        )

    def fast_members(self, alliance_id: int) -> dict[str, tuple[int, str, str]]:
        """name -> (org id, joined, left) of the members of one alliance with one spell in
        it, for the fast path (others are looked up in full)."""
        members = {}
        for org_id, spells in self.spells.items():
            mine = [(joined, left) for group, joined, left in spells if group == alliance_id]
            name = self.org_names[org_id]
            if len(mine) == 1 and _plain(name):
                members[name] = (org_id, *mine[0])
        return members


def _plain(text: str) -> bool:
    """Text that a cell holds exactly as stored: no spaces at the ends, no leading quote."""
    return bool(text) and text == text.strip() and not text.startswith("'")


# --- checking rows ----------------------------------------------------------------------------


class _Checker:
    """Turns data rows into records (RECORD_COLUMNS) and hands them to the writer in
    batches; keeps the first MAX_PROBLEMS bad rows and counts them all."""

    def __init__(self, source: ActivityFile, reference: _Reference, latest: date) -> None:
        self.source = source
        self.ref = reference
        self.latest = latest.isoformat()
        positions = [source.index.get(key, source.width) for key in COLUMN_KEYS]
        self.pad = [""] if source.width in positions else []  # an absent column reads as ''
        self.fields: Callable[[list], tuple] = itemgetter(*positions)
        self.problems: list[tuple[int, str, dict]] = []
        self.bad_rows = 0
        self.date_cache: dict[str, str] = {}  # raw text -> ISO day, or "" if not plain
        self.hours_cache: dict[str, int] = {}  # raw text -> hundredths, or -1 if not plain
        self.kind_cache = {k: v for k, v in reference.kinds.items() if _plain(k)}
        self.venue_cache = {k: v for k, v in reference.venues.items() if _plain(k)}
        # alliance name -> (id, opens, closes, fast members)
        self.alliance_cache = {
            name: (info[0], info[1], info[2], reference.fast_members(info[0]))
            for name, info in reference.alliances.items()
            if _plain(name)
        }

    # The fast path is one long loop on purpose: a function call per cell would cost more
    # than the checks themselves. Anything it is not sure of raises _SLOW.
    def check_rows(self, rows: Iterator[tuple[int, list]], writer: _Writer) -> None:
        """Check every row; good records go to `writer` in batches, bad rows to
        `self.problems` and `self.bad_rows`."""
        dates, hours_cache, kinds = self.date_cache, self.hours_cache, self.kind_cache
        groups, venues, counts = self.alliance_cache, self.venue_cache, _SMALL_COUNTS
        fields, width, pad = self.fields, self.source.width, self.pad
        member_id, guest_id, count_of = self._fast_member, self._fast_guest, self._fast_count
        per_person = MAX_HOURS_PER_PERSON * 100  # hours are in hundredths
        batch: list[tuple] = []
        append = batch.append
        extras_beyond: list[tuple] = []  # (seq, org id, role, attendance)
        staged = 0  # records handed to the writer before this batch
        for number, row in rows:
            if len(row) != width:
                row = (row + [""] * width)[:width]
            if pad:
                row = row + pad
            (d_raw, k_raw, title, a_raw, h_raw, c_raw, p_raw, g_raw, n_raw, hr_raw, v_raw,
             notes) = fields(row)  # fmt: skip
            try:
                day = dates.get(d_raw)
                if day is None:
                    day = self._cache_date(d_raw)
                group = groups.get(a_raw)
                if not day or group is None:
                    raise _SLOW
                alliance_id, opens, closes, members = group
                if day < opens or day >= closes:
                    raise _SLOW
                kind = kinds.get(k_raw)
                if kind is None:
                    kind = self._cache_kind(k_raw)
                if not kind:
                    raise _SLOW
                host = members.get(h_raw)
                if host is None or day < host[1] or day >= host[2]:
                    host_id = member_id(h_raw, alliance_id, day)
                else:
                    host_id = host[0]
                title = title.strip()
                if not title or title[0] == "'":
                    raise _SLOW
                host_att = -1
                host_listed = False
                counted = 0
                extras = []
                if c_raw:
                    if "、" in c_raw or "；" in c_raw:
                        c_raw = c_raw.replace("、", ";").replace("；", ";")
                    for name in c_raw.split(";"):
                        member = members.get(name)
                        if member is None or day < member[1] or day >= member[2]:
                            extras.append((member_id(name, alliance_id, day), COHOST, -1))
                        else:
                            extras.append((member[0], COHOST, -1))
                if p_raw:
                    if "、" in p_raw or "；" in p_raw or "：" in p_raw:
                        p_raw = p_raw.replace("、", ";").replace("；", ";").replace("：", ":")
                    for part in p_raw.split(";"):
                        name, colon, count = part.rpartition(":")
                        if colon:
                            attendance = counts.get(count)
                            if attendance is None:
                                attendance = count_of(count)
                            counted += attendance
                        else:
                            name, attendance = count, -1
                        member = members.get(name)
                        if member is None or day < member[1] or day >= member[2]:
                            org_id = member_id(name, alliance_id, day)
                        else:
                            org_id = member[0]
                        if org_id == host_id:
                            if host_listed:
                                raise _SLOW
                            host_listed, host_att = True, attendance
                        else:
                            extras.append((org_id, PARTICIPANT, attendance))
                if g_raw:
                    if "、" in g_raw or "；" in g_raw or "：" in g_raw:
                        g_raw = g_raw.replace("、", ";").replace("；", ";").replace("：", ":")
                    for part in g_raw.split(";"):
                        name, colon, count = part.rpartition(":")
                        if colon:
                            attendance = counts.get(count)
                            if attendance is None:
                                attendance = count_of(count)
                            counted += attendance
                        else:
                            name, attendance = count, -1
                        extras.append((guest_id(name, alliance_id, day), GUEST, attendance))
                if len(extras) > 1 or (extras and extras[0][0] == host_id):
                    ids = {extra[0] for extra in extras}
                    if len(ids) != len(extras) or host_id in ids:
                        raise _SLOW
                if n_raw:
                    total = counts.get(n_raw)
                    if total is None:
                        total = count_of(n_raw)
                    if total < counted:
                        raise _SLOW
                else:
                    total = counted
                if hr_raw:
                    hours = hours_cache.get(hr_raw)
                    if hours is None:
                        hours = self._cache_hours(hr_raw)
                    if hours < 0 or hours > per_person * total:
                        raise _SLOW
                else:
                    hours = 0
                if v_raw:
                    venue_id = venues.get(v_raw)
                    if venue_id is None:
                        raise _SLOW
                else:
                    venue_id = -1
                if notes:
                    notes = notes.strip()
                    if notes[:1] == "'":
                        raise _SLOW
                n_extra = len(extras)
                if n_extra == 0:
                    slots = _NO_EXTRAS
                elif n_extra == 1:
                    slots = (*extras[0], -1, -1, -1, -1, -1, -1)
                elif n_extra == 2:
                    slots = (*extras[0], *extras[1], -1, -1, -1)
                else:
                    slots = (*extras[0], *extras[1], *extras[2])
                    for org_id, role, attendance in extras[3:]:
                        extras_beyond.append((staged + len(batch) + 1, org_id, role, attendance))
                append((number, day, kind, title, alliance_id, host_id, host_att, total, hours,
                        venue_id, notes, n_extra + 1, *slots))  # fmt: skip
            except _Slow:
                try:
                    checked = self.check_row(row)
                except AllianceError as refusal:
                    self.bad_rows += 1
                    if len(self.problems) < MAX_PROBLEMS:
                        self.problems.append((number, refusal.key, refusal.params))
                    continue
                if checked is None:
                    continue  # a blank row
                record, extras = checked
                slots = [slot for extra in extras[:EXTRA_SLOTS] for slot in extra]
                append((number, *record, *slots, *_NO_EXTRAS[len(slots) :]))
                for org_id, role, attendance in extras[EXTRA_SLOTS:]:
                    extras_beyond.append((staged + len(batch), org_id, role, attendance))
            if len(batch) >= BATCH_ROWS:
                staged += len(batch)
                writer.put(batch, extras_beyond, self.source.estimated_rows(staged))
                batch = []
                append = batch.append
                extras_beyond = []
        if batch:
            staged += len(batch)
            writer.put(batch, extras_beyond, staged)

    def _cache_date(self, raw: str) -> str:
        """The ISO day of a raw date cell if it is a valid date not after the latest allowed
        day and outside the published quarters, else "" (the full check names the problem,
        the lock included)."""
        try:
            day = parse_date(clean_cell(raw, unquote=self.source.unquote)).isoformat()
        except InvalidInput:
            day = ""
        if day > self.latest or any(start <= day < end for start, end, _ in self.ref.locked):
            day = ""
        self.date_cache[raw] = day
        return day

    def _cache_kind(self, raw: str) -> str:
        """The kind code for a raw kind cell in any accepted spelling, else ""."""
        text = clean_cell(raw, unquote=self.source.unquote)
        kind = self.ref.kinds.get(text) or self.ref.kinds_folded.get(text.lower()) or ""
        self.kind_cache[raw] = kind
        return kind

    def _cache_hours(self, raw: str) -> int:
        try:
            hours = parse_hours(clean_cell(raw, unquote=self.source.unquote))
        except InvalidInput:
            hours = -1
        self.hours_cache[raw] = hours
        return hours

    @staticmethod
    def _fast_count(raw: str) -> int:
        number = _SMALL_COUNTS.get(raw.strip())
        if number is None:
            raise _SLOW
        return number

    def _org_named(self, raw: str) -> int:
        text = raw.strip()
        org_id = self.ref.org_ids.get(text)
        if org_id is None or (self.source.unquote and text.startswith("'")):
            raise _SLOW
        return org_id

    def _fast_member(self, raw: str, alliance_id: int, day: str) -> int:
        """The id of a member named with stray spaces or with several spells."""
        org_id = self._org_named(raw)
        if not self.ref.is_member(org_id, alliance_id, day):
            raise _SLOW
        return org_id

    def _fast_guest(self, raw: str, alliance_id: int, day: str) -> int:
        """The id of an organisation that may be a guest of the alliance that day."""
        org_id = self._org_named(raw)
        if self.ref.is_member(org_id, alliance_id, day) or not self.ref.in_other_alliance(
            org_id, alliance_id, day
        ):
            raise _SLOW
        return org_id

    # --- the full check, rule by rule, in the order `activity log` applies them -----------

    def check_row(self, row: list) -> tuple[tuple, list] | None:
        """(record without its row number and slots, organisations besides the host) for a
        good row, None for a blank row; raises the row's first problem."""
        cells = [clean_cell(cell, unquote=self.source.unquote) for cell in row]
        if not any(cells):
            return None
        d, k, title, a, h, c, p, g, n, hr, v, notes = self.fields(cells)
        for key, value in (("date", d), ("kind", k), ("title", title), ("alliance", a)):
            if not value:
                raise InvalidInput("missing_value", field=self.source.header_of[key])
        if not h:
            raise InvalidInput("missing_value", field=self.source.header_of["host"])
        day = parse_date(d, self.source.header_of["date"]).isoformat()
        if day > self.latest:
            raise RuleViolation("activity_in_future", day=day, limit=self.latest)
        for start, end, refusal in self.ref.locked:
            if start <= day < end:
                raise refusal
        kind = self.ref.kinds.get(k) or self.ref.kinds_folded.get(k.lower())
        if kind is None:
            raise NotFound("unknown_kind", value=k)
        if a not in self.ref.alliances:
            raise NotFound("unknown_alliance", name=a)
        alliance_id, opens, closes = self.ref.alliances[a]
        if day < opens or day >= closes:
            raise RuleViolation("alliance_not_active", alliance=a, day=day)

        taking_part: dict[int, list] = {}  # org id -> [role, attendance, host listed]

        def add(name: str, role: int, attendance: int | None) -> None:
            org_id = self.ref.org_ids.get(name)
            if org_id is None:
                raise NotFound("unknown_organisation", name=name)
            if org_id in taking_part:
                entry = taking_part[org_id]
                if entry[0] == HOST and role == PARTICIPANT and not entry[2]:
                    entry[1:] = [attendance, True]  # the host, listed with its attendance
                    return
                raise InvalidInput("org_named_twice", organisation=name)
            if role == GUEST:
                if self.ref.is_member(org_id, alliance_id, day):
                    raise RuleViolation("guest_is_member", organisation=name, alliance=a)
                if not self.ref.in_other_alliance(org_id, alliance_id, day):
                    raise RuleViolation("guest_without_alliance", organisation=name, day=day)
            elif not self.ref.is_member(org_id, alliance_id, day):
                raise RuleViolation("not_member_on", organisation=name, alliance=a, day=day)
            taking_part[org_id] = [role, attendance, False]

        add(h, HOST, None)
        for name in _items(c):
            add(name, COHOST, None)
        for spec in _items(p):
            add(*_org_spec(spec, PARTICIPANT))
        for spec in _items(g):
            add(*_org_spec(spec, GUEST))

        counted = sum(entry[1] or 0 for entry in taking_part.values())
        total = _count(n, self.source.header_of["attendees"])
        if total is None:
            total = counted
        elif total < counted:
            raise RuleViolation("attendees_below_sum", total=total, counted=counted)
        hours = parse_hours(hr)
        if hours > MAX_HOURS_PER_PERSON * 100 * total:
            raise RuleViolation("hours_per_person", hours=hours_text(hours), attendees=total)
        venue_id = -1
        if v:
            if v not in self.ref.venues:
                raise NotFound("unknown_venue", name=v)
            venue_id = self.ref.venues[v]
        (host_id, (_role, host_att, _listed)), *others = taking_part.items()
        extras = [
            (org_id, role, -1 if attendance is None else attendance)
            for org_id, (role, attendance, _listed) in others
        ]
        record = (day, kind, title, alliance_id, host_id, -1 if host_att is None else host_att,
                  total, hours, venue_id, notes, len(taking_part))  # fmt: skip
        return record, extras


def _items(text: str) -> list[str]:
    """The items of a list cell, separated by ; or 、 or ；, without empty items."""
    if not text:
        return []
    return [item.strip() for item in LIST_SEPARATORS.split(text) if item.strip()]


def _org_spec(spec: str, role: int) -> tuple[str, int, int | None]:
    """`name` or `name:attendees` -> (name, role, attendance)."""
    name, attendance = parse_org_spec(spec)
    if attendance is not None and attendance > MAX_COUNT:
        raise InvalidInput("activity_import_too_large", field="attendees", value=attendance)
    return name, role, attendance


def _count(text: str, field_name: str) -> int | None:
    number = parse_count(text, field_name)
    if number is not None and number > MAX_COUNT:
        raise InvalidInput("activity_import_too_large", field=field_name, value=number)
    return number


# --- writing ----------------------------------------------------------------------------------

TEMP_TABLES = ("stage", "extra", "match", "new", "differs")
STAGE_DDL = [
    *(f"DROP TABLE IF EXISTS temp.activity_import_{name}" for name in TEMP_TABLES),
    "CREATE TEMP TABLE activity_import_stage (seq INTEGER PRIMARY KEY, "
    + ", ".join(
        f"{column} {'TEXT' if column in ('held_on', 'kind', 'title', 'notes') else 'INTEGER'}"
        for column in RECORD_COLUMNS
    )
    + ")",
    "CREATE TEMP TABLE activity_import_extra (seq INTEGER, org_id INTEGER, role INTEGER, "
    "att INTEGER, PRIMARY KEY (seq, org_id)) WITHOUT ROWID",
    # staged row -> the activity with its key, for batches where some key was there before
    "CREATE TEMP TABLE activity_import_match (seq INTEGER PRIMARY KEY, activity_id INTEGER)",
    # new activity -> the staged row that inserted it, for those same batches
    "CREATE TEMP TABLE activity_import_new (activity_id INTEGER PRIMARY KEY, seq INTEGER)",
    # staged rows whose key is stored (or earlier in the file) with different details
    "CREATE TEMP TABLE activity_import_differs (seq INTEGER PRIMARY KEY, activity_id INTEGER)",
]

INSERT_ACTIVITIES = (
    "INSERT INTO activity (held_on, kind, title, alliance_id, host_id, attendees, "
    "hours_hundredths, venue_id, notes) "
    "SELECT held_on, kind, title, alliance_id, host_id, attendees, hours, "
    "nullif(venue_id, -1), nullif(notes, '') FROM temp.activity_import_stage "
    "WHERE seq BETWEEN ? AND ? ORDER BY seq ON CONFLICT DO NOTHING"
)
ROLE_NAME = "CASE {} WHEN 0 THEN 'host' WHEN 1 THEN 'cohost' ELSE 'participant' END"


def _organisations_sql(source: str, activity_id: str, where: str, extras: bool) -> list[str]:
    """INSERTs of the activity_org rows of new activities: `source` yields each one's
    staged row as `s`, `activity_id` is its id. One pass over the stage, each row fanned
    out to its host and slots (a join with the numbers 0..EXTRA_SLOTS), so that rows go in
    activity order; then, with `extras`, the organisations beyond the slots."""
    org = f"CASE k.n WHEN 0 THEN s.host_id {_slot_cases('o')} END"
    role = f"CASE k.n WHEN 0 THEN 0 {_slot_cases('r')} END"
    att = f"CASE k.n WHEN 0 THEN s.host_att {_slot_cases('a')} END"
    numbers = " UNION ALL ".join(f"SELECT {k} AS n" for k in range(EXTRA_SLOTS + 1))
    columns = "INSERT INTO activity_org (activity_id, organisation_id, role, attendees, guest) "
    statements = [
        f"{columns}SELECT {activity_id}, {org}, {ROLE_NAME.format(role)}, nullif({att}, -1), "
        f"{role} = 3 FROM {source} CROSS JOIN ({numbers}) AS k WHERE {where} AND {org} <> -1"
    ]
    if extras:
        statements.append(
            f"{columns}SELECT {activity_id}, x.org_id, {ROLE_NAME.format('x.role')}, "
            f"nullif(x.att, -1), x.role = 3 FROM {source} "
            f"CROSS JOIN temp.activity_import_extra x ON x.seq = s.seq WHERE {where}"
        )
    return statements


def _slot_cases(column: str) -> str:
    return " ".join(f"WHEN {k} THEN s.{column}{k}" for k in range(1, EXTRA_SLOTS + 1))


def _same_org(org: str, role: str, att: str) -> str:
    return (
        "EXISTS (SELECT 1 FROM activity_org ao WHERE ao.activity_id = a.id "
        f"AND ao.organisation_id = {org} AND ao.role = {ROLE_NAME.format(role)} "
        f"AND ao.attendees IS nullif({att}, -1) AND ao.guest = ({role} = 3))"
    )


# A staged row `s` whose key matched activity `a` says something else than what is stored.
DIFFERENT_DETAILS = " OR ".join(
    [
        "a.kind <> s.kind",
        "a.attendees <> s.attendees",
        "a.hours_hundredths <> s.hours",
        "a.venue_id IS NOT nullif(s.venue_id, -1)",
        "a.notes IS NOT nullif(s.notes, '')",
        "(SELECT count(*) FROM activity_org ao WHERE ao.activity_id = a.id) <> s.n_orgs",
        "NOT " + _same_org("s.host_id", "0", "s.host_att"),
        *(
            f"(s.o{k} <> -1 AND NOT {_same_org(f's.o{k}', f's.r{k}', f's.a{k}')})"
            for k in range(1, EXTRA_SLOTS + 1)
        ),
        f"(s.n_orgs > {EXTRA_SLOTS + 1} AND EXISTS (SELECT 1 FROM temp.activity_import_extra x "
        f"WHERE x.seq = s.seq AND NOT {_same_org('x.org_id', 'x.role', 'x.att')}))",
    ]
)


class _Writer:
    """Stages the checked batches, then writes them with set-based SQL.

    With `threaded`, the SQL of a batch runs in a thread of its own while the main thread
    checks the next batch: SQLite runs without Python's GIL. Staging (binding parameters,
    which needs the GIL) stays in the main thread, between batches: done in the writer
    thread it would fight the checking for the GIL and take several times as long. The
    connection is used by one thread at a time: `put` waits until the writer is idle."""

    def __init__(self, raw: sqlite3.Connection, *, threaded: bool) -> None:
        self.raw = raw
        width = len(RECORD_COLUMNS)
        limit = raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        self.rows_per_insert = max(1, min(1000, limit // width))
        self.width = width
        self.insert_sql: dict[int, str] = {}
        self.base = raw.execute("SELECT coalesce(max(id), 0) FROM activity").fetchone()[0]
        self.staged = 0
        self.added = 0
        self.rebuild: list[str] | None = None  # index definitions to run again, once decided
        self.general = False  # some batch needed the general path
        self.segments: list[tuple[int, int, int]] = []  # (first id, last id, seq - id)
        self.error: BaseException | None = None
        self.ranges: queue.Queue = queue.Queue()
        self.idle = threading.Event()
        self.idle.set()
        self.thread = None
        if threaded:
            self.thread = threading.Thread(target=self._run, name="activity-import", daemon=True)
            self.thread.start()

    def put(self, batch: list[tuple], extras: list[tuple], estimated_rows: int) -> None:
        """Stage a batch (main thread) and have it written."""
        self.idle.wait()
        if self.error is not None:
            raise _WriterFailed
        first, last = self._stage(batch, extras)
        if self.rebuild is None:
            self.rebuild = self._drop_indexes_if_big(batch, estimated_rows)
        if self.thread is None:
            self._write(first, last, bool(extras))
        else:
            self.idle.clear()
            self.ranges.put((first, last, bool(extras)))

    def close(self, *, abort: bool = False) -> None:
        """Wait for the writer to finish its batch and stop; with `abort`, keep quiet about
        its failure (the caller has a better reason to give). Never sqlite3_interrupt: it
        would roll back the whole transaction, and the caller may go on using it."""
        if self.thread is not None:
            self.ranges.put(None)
            self.thread.join()
            self.thread = None
        if self.error is not None and not abort:
            raise self.error

    def _run(self) -> None:
        while True:
            item = self.ranges.get()
            if item is None:
                return
            try:
                if self.error is None:
                    self._write(*item)
            except BaseException as exc:
                self.error = exc
            finally:
                self.idle.set()

    def _stage(self, batch: list[tuple], extras: list[tuple]) -> tuple[int, int]:
        width, per = self.width, self.rows_per_insert
        values = list(chain.from_iterable(batch))
        step = width * per
        whole = len(batch) // per * step
        if whole:
            self.raw.executemany(
                self._insert_sql(per), [values[i : i + step] for i in range(0, whole, step)]
            )
        if whole < len(values):
            self.raw.execute(self._insert_sql(len(batch) % per), values[whole:])
        if extras:
            self.raw.executemany(
                "INSERT INTO temp.activity_import_extra VALUES (?, ?, ?, ?)", extras
            )
        first, last = self.staged + 1, self.staged + len(batch)
        (top,) = self.raw.execute("SELECT max(seq) FROM temp.activity_import_stage").fetchone()
        if top != last:  # seq is the rowid of a fresh table, assigned in order
            raise RuntimeError(f"staging numbered rows up to {top}, expected {last}")
        self.staged = last
        return first, last

    def _assert_valid(self, first: int, last: int) -> None:
        """What the CHECK constraints of activity and activity_org require, checked on the
        staged batch (roles are written from role codes by a CASE and are always valid)."""
        counts = " AND ".join(f"a{k} >= -1" for k in range(1, EXTRA_SLOTS + 1))
        wrong = (
            self.raw.execute(
                "SELECT row FROM temp.activity_import_stage WHERE seq BETWEEN ? AND ? AND NOT "
                f"(attendees >= 0 AND hours >= 0 AND host_att >= -1 AND {counts}) LIMIT 1",
                (first, last),
            ).fetchone()
            or self.raw.execute(
                "SELECT seq FROM temp.activity_import_extra WHERE seq BETWEEN ? AND ? "
                "AND att < -1 LIMIT 1",
                (first, last),
            ).fetchone()
        )
        if wrong is not None:
            raise RuntimeError(f"a staged value breaks a CHECK constraint (row {wrong[0]})")

    def _insert_sql(self, rows: int) -> str:
        if rows not in self.insert_sql:
            marks = "(" + ", ".join("?" * self.width) + ")"
            self.insert_sql[rows] = (
                f"INSERT INTO temp.activity_import_stage ({', '.join(RECORD_COLUMNS)}) VALUES "
                + ", ".join([marks] * rows)
            )
        return self.insert_sql[rows]

    def _write(self, first: int, last: int, extras: bool) -> None:
        """Write staged rows first..last; `extras`: some have more than EXTRA_SLOTS
        organisations besides the host."""
        raw = self.raw
        self._assert_valid(first, last)
        (before,) = raw.execute("SELECT coalesce(max(id), 0) FROM activity").fetchone()
        raw.execute(INSERT_ACTIVITIES, (first, last))
        (added,) = raw.execute("SELECT changes()").fetchone()
        (top,) = raw.execute("SELECT coalesce(max(id), 0) FROM activity").fetchone()
        self.added += added
        where = f"s.seq BETWEEN {first} AND {last}"
        if added == last - first + 1 and top == before + added:
            # Every row of the batch is a new activity, numbered in file order.
            offset = before - first + 1
            for sql in _organisations_sql(
                "temp.activity_import_stage s", f"s.seq + {offset}", where, extras
            ):
                raw.execute(sql)
            self.segments.append((before + 1, top, -offset))
            return
        self.general = True
        raw.execute(
            "INSERT INTO temp.activity_import_match SELECT s.seq, a.id "
            "FROM temp.activity_import_stage s CROSS JOIN activity a "
            "ON a.held_on = s.held_on AND a.alliance_id = s.alliance_id "
            f"AND a.host_id = s.host_id AND a.title = s.title WHERE {where}"
        )
        raw.execute(
            "INSERT OR IGNORE INTO temp.activity_import_new SELECT activity_id, seq "
            f"FROM temp.activity_import_match WHERE activity_id > {before} "
            f"AND seq BETWEEN {first} AND {last} ORDER BY seq"
        )
        for sql in _organisations_sql(
            "temp.activity_import_new n CROSS JOIN temp.activity_import_stage s ON s.seq = n.seq",
            "n.activity_id",
            f"n.activity_id > {before}",
            extras,
        ):
            raw.execute(sql)
        raw.execute(
            "INSERT INTO temp.activity_import_differs SELECT m.seq, m.activity_id "
            "FROM temp.activity_import_match m "
            "CROSS JOIN temp.activity_import_stage s ON s.seq = m.seq "
            "CROSS JOIN activity a ON a.id = m.activity_id "
            f"WHERE m.seq BETWEEN {first} AND {last} AND NOT EXISTS (SELECT 1 FROM "
            "temp.activity_import_new n WHERE n.activity_id = m.activity_id AND n.seq = m.seq) "
            f"AND ({DIFFERENT_DETAILS})"
        )

    def _drop_indexes_if_big(self, batch: list[tuple], estimated_rows: int) -> list[str]:
        """For a big import onto days that hold no activity yet, drop the indexes declared
        with CREATE INDEX on activity and activity_org and return their definitions, to be
        run again at the end: one sort builds an index faster than a million updates (by
        organisation, in thousands of places at once). Constraint indexes (primary and
        unique keys) stay: they keep the data right while it goes in."""
        if estimated_rows < BIG_IMPORT or estimated_rows < 2 * self.base:
            return []
        first_day = min(record[1] for record in batch)
        last_day = max(record[1] for record in batch)
        stored = self.raw.execute(
            "SELECT 1 FROM activity WHERE held_on BETWEEN ? AND ? LIMIT 1", (first_day, last_day)
        ).fetchone()
        if stored is not None:
            return []
        found = self.raw.execute(
            "SELECT name, sql FROM main.sqlite_master WHERE type = 'index' "
            "AND tbl_name IN ('activity', 'activity_org') AND sql IS NOT NULL"
        ).fetchall()
        for name, _sql in found:
            self.raw.execute(f'DROP INDEX main."{name}"')
        return [sql for _name, sql in found]

    def undo(self) -> None:
        """Remove what the batches written so far added (nothing else changes during an
        import), so that the file can be read again from the start."""
        self.raw.execute("DELETE FROM activity_org WHERE activity_id > ?", (self.base,))
        self.raw.execute("DELETE FROM activity WHERE id > ?", (self.base,))
        self.rebuild_indexes()

    def rebuild_indexes(self) -> None:
        for sql in self.rebuild or ():
            self.raw.execute(sql)

    def inserting_row(self, activity_id: int) -> int | None:
        """The file row that inserted a new activity."""
        seq = None
        for first_id, last_id, seq_minus_id in self.segments:
            if first_id <= activity_id <= last_id:
                seq = activity_id + seq_minus_id
        if seq is None:
            found = self.raw.execute(
                "SELECT seq FROM temp.activity_import_new WHERE activity_id = ?", (activity_id,)
            ).fetchone()
            seq = found[0] if found else None
        if seq is None:
            return None
        return self.raw.execute(
            "SELECT row FROM temp.activity_import_stage WHERE seq = ?", (seq,)
        ).fetchone()[0]


class _WriterFailed(Exception):
    """The writer thread failed; `_Writer.close` raises its exception."""


def _threads_allowed(raw: sqlite3.Connection) -> bool:
    """Whether the connection may be used from another thread (SQLAlchemy opens file
    databases with check_same_thread=False)."""
    outcome: list[bool] = []

    def probe() -> None:
        try:
            raw.execute("SELECT 1").fetchone()
            outcome.append(True)
        except sqlite3.ProgrammingError:
            outcome.append(False)

    thread = threading.Thread(target=probe)
    thread.start()
    thread.join()
    return outcome == [True]


# --- the import -------------------------------------------------------------------------------


def import_activities(
    connection: Connection, source: ActivityFile, *, actor: str, today: date
) -> dict[str, int]:
    """Import the file inside the caller's write transaction; raises ImportRejected (and so
    the caller rolls back) when any row is bad. Returns the counts of activities added, of
    rows already present, and of rows repeating an earlier row of the file."""
    if connection.dialect.name != "sqlite":
        raise DatabaseProblem("sqlite_only")
    raw = connection.connection.driver_connection
    latest = latest_allowed_date(today)
    reference = _Reference(connection)
    cache_size = raw.execute("PRAGMA main.cache_size").fetchone()[0]
    raw.execute("PRAGMA main.cache_size = -32768")  # 32 MiB while the indexes grow
    # The CHECK constraints of activity and activity_org only restate what the checker and
    # `_Writer._assert_valid` have made sure of; evaluating them for millions of rows costs
    # about a tenth of the import.
    raw.execute("PRAGMA ignore_check_constraints = ON")
    # The writer thread takes the GIL back after every statement; with Python's default
    # 5 ms switch interval it would wait for it longer than some statements run.
    switch_interval = sys.getswitchinterval()
    sys.setswitchinterval(min(switch_interval, 0.0005))
    try:
        checker, writer = _check_and_write(raw, source, reference, latest)
        writer.rebuild_indexes()
        counts, conflicts = _outcome(raw, writer)
    finally:
        sys.setswitchinterval(switch_interval)
        raw.execute("PRAGMA ignore_check_constraints = OFF")
        raw.execute(f"PRAGMA main.cache_size = {int(cache_size)}")
    bad_rows = checker.bad_rows + counts.pop("bad")
    if bad_rows:
        problems = sorted(checker.problems + conflicts, key=lambda problem: problem[0])
        if bad_rows > len(problems) or len(problems) > MAX_PROBLEMS:
            raise ImportRejected(
                "activity_import_rejected_many",
                problems[:MAX_PROBLEMS],
                path=str(source.path),
                total=bad_rows,
            )
        raise ImportRejected("import_rejected", problems, path=str(source.path))
    for name in TEMP_TABLES:
        raw.execute(f"DROP TABLE IF EXISTS temp.activity_import_{name}")
    if counts["added"]:
        record_change(connection, actor, "import", "activities", str(source.path), after=counts)
    return counts


def _check_and_write(raw, source: ActivityFile, reference: _Reference, latest: date):
    threaded = _threads_allowed(raw)
    while True:
        for statement in STAGE_DDL:
            raw.execute(statement)
        checker = _Checker(source, reference, latest)
        writer = _Writer(raw, threaded=threaded)
        try:
            with closing(source.data_rows()) as rows:
                checker.check_rows(rows, writer)
        except _WriterFailed:
            writer.close()  # raises the writer's own exception
            raise
        except UnicodeDecodeError as exc:
            writer.close(abort=True)
            if source.encoding == "gb18030":
                raise InvalidInput(
                    "file_unreadable", path=str(source.path), reason=str(exc)
                ) from exc
            source.encoding = "gb18030"  # start again: the file is not UTF-8 after all
            writer.undo()
            continue
        except BaseException:
            writer.close(abort=True)
            raise
        writer.close()
        if writer.staged == 0 and not checker.bad_rows:
            raise InvalidInput("import_empty", path=str(source.path))
        return checker, writer


def _outcome(raw, writer: _Writer) -> tuple[dict[str, int], list]:
    """The counts, and the rows whose key was already there with different details."""
    counts = {"added": writer.added, "present": 0, "repeated": 0, "bad": 0}
    if not writer.general:
        return counts, []
    base = writer.base
    matched_old, matched_new = raw.execute(
        "SELECT coalesce(sum(activity_id <= ?), 0), coalesce(sum(activity_id > ?), 0) "
        "FROM temp.activity_import_match",
        (base, base),
    ).fetchone()
    bad_old, bad_new = raw.execute(
        "SELECT coalesce(sum(activity_id <= ?), 0), coalesce(sum(activity_id > ?), 0) "
        "FROM temp.activity_import_differs",
        (base, base),
    ).fetchone()
    (inserting,) = raw.execute("SELECT count(*) FROM temp.activity_import_new").fetchone()
    counts.update(
        present=matched_old - bad_old,
        repeated=matched_new - inserting - bad_new,
        bad=bad_old + bad_new,
    )
    conflicts = []
    for row, activity_id in raw.execute(
        "SELECT s.row, d.activity_id FROM temp.activity_import_differs d "
        "JOIN temp.activity_import_stage s ON s.seq = d.seq ORDER BY d.seq LIMIT ?",
        (MAX_PROBLEMS,),
    ).fetchall():
        if activity_id <= base:
            conflicts.append((row, "activity_import_differs", {"id": activity_id}))
        else:
            first = writer.inserting_row(activity_id)
            conflicts.append((row, "activity_import_differs_in_file", {"first": first}))
    return counts, conflicts
