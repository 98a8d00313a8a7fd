"""The ledger `OUTPUT_DIR/dvht.sqlite` (stdlib sqlite3): its one schema, its versions, opening it, transactions.

Tables (one schema for every job; each job's module reads and writes its own tables):
- `runs`, `departments`, `results`: each period's results per department ("" = the whole unit) and criterion
  (written by `ledger.runs`; read by `ledger.trends`, `ledger.table` for lich-su, and the web board).
  `runs.run_key` is the run identifier also written in `ket_qua.json` and the documents' properties.
- `files`: every input file of the latest run of each period, with its archive name (`ledger.runs`; read by
  `ledger.prefill`). A re-run of a period replaces its rows; `first_seen` survives re-runs.
- `outputs`: what the latest run of each period wrote into OUT/<period>/ (path, sha256), so that the next run
  tells the clerk's edits and additions from its own files (`output.settle`). Replaced per period (`ledger.runs`).
- `imap_seen`: the UIDs already fetched by `dvht nhan-thu` (`ledger.imap_seen`).
- `recognitions`: the decisions recorded by `dvht cong-nhan` (`ledger.recognition`).
- `mail_sent`: one row per message `dvht gui-thu` hands to the server (`ledger.mail_sent`).
- `meta`: kept from the first version (key 'schema'); the version is `PRAGMA user_version`.

Versions. The ledgers of the first releases have `user_version` 0 and one of several shapes (with or without
`runs.run_key`, `recognitions`, `outputs`, `mail_sent`: each was created IF NOT EXISTS when first needed);
`MIGRATIONS` takes any of them, and every later version, to `SCHEMA_VERSION`, inside the transaction that
opens the ledger for writing (tests/test_ledger_schema.py builds each earlier version and migrates it).
A ledger of a newer version is refused, never changed.

To add a table (or a column): append `Migration(<next version>, "<what>", "<SQL statements>")` to
`MIGRATIONS` — additive only (CREATE TABLE, ALTER TABLE … ADD COLUMN): an older dvht reading the same
folder must still find what it reads — and give the table a module of its own in this package, which
opens the ledger with `connect` and writes inside `transaction`. The schema test then builds a ledger of
every earlier version and checks it reaches yours.

Every write is one transaction started with BEGIN IMMEDIATE under a busy timeout: concurrent runs wait for
each other, and a run that waits too long gets `LedgerLockedError`.
"""
from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Callable, Iterator

from dvht_batch.errors import DvhtError
from dvht_batch.messages import render

LEDGER_NAME = "dvht.sqlite"
UNIT = ""          # the `department` of unit-wide rows in `results` and `departments`
BUSY_SECONDS = 15.0

# The first releases' tables (user_version 0), as they created them: IF NOT EXISTS, never changed since.
FIRST_TABLES = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS runs(
  id INTEGER PRIMARY KEY, period TEXT NOT NULL, run_at TEXT NOT NULL, rule_set TEXT, unit_code TEXT,
  input_dir TEXT, members INTEGER, total TEXT, classification TEXT);
CREATE TABLE IF NOT EXISTS files(
  id INTEGER PRIMARY KEY, run_period TEXT NOT NULL, sha256 TEXT NOT NULL, path TEXT NOT NULL, name TEXT,
  size INTEGER, sender TEXT, sent_at TEXT, modified TEXT, kind TEXT, department TEXT, period TEXT,
  status TEXT, error_count INTEGER, errors TEXT, archive TEXT, first_seen TEXT, last_seen TEXT, run_id INTEGER,
  UNIQUE(run_period, sha256, path));
CREATE TABLE IF NOT EXISTS departments(
  period TEXT NOT NULL, department TEXT NOT NULL, name TEXT, status TEXT, members INTEGER, excluded INTEGER,
  file_path TEXT, file_sha256 TEXT, run_id INTEGER, PRIMARY KEY(period, department));
CREATE TABLE IF NOT EXISTS results(
  period TEXT NOT NULL, department TEXT NOT NULL, criterion TEXT NOT NULL, text TEXT, points TEXT,
  max_points TEXT, count INTEGER, denominator INTEGER, ratio TEXT, passed INTEGER, run_id INTEGER,
  PRIMARY KEY(period, department, criterion));
CREATE TABLE IF NOT EXISTS imap_seen(
  account TEXT NOT NULL, folder TEXT NOT NULL, uidvalidity INTEGER NOT NULL, uid INTEGER NOT NULL,
  fetched_at TEXT, saved_as TEXT, PRIMARY KEY(account, folder, uidvalidity, uid));
INSERT OR IGNORE INTO meta(key, value) VALUES ('schema', '1');
"""
# `dvht cong-nhan` of the first releases created this table when it first recorded a decision.
RECOGNITIONS = """CREATE TABLE IF NOT EXISTS recognitions(
  id INTEGER PRIMARY KEY, number TEXT NOT NULL, decided_on TEXT NOT NULL, level INTEGER NOT NULL,
  authority TEXT NOT NULL, recorded_at TEXT NOT NULL, UNIQUE(number, decided_on))"""
# `dvht run` of the first releases created this table (IF NOT EXISTS) once it recorded what a run wrote.
OUTPUTS = """CREATE TABLE IF NOT EXISTS outputs(
  period TEXT NOT NULL, path TEXT NOT NULL, sha256 TEXT NOT NULL, run_key TEXT NOT NULL, PRIMARY KEY(period, path))"""
# `dvht gui-thu` of the first releases created this table (IF NOT EXISTS) when it first opened the ledger.
MAIL_SENT = """CREATE TABLE IF NOT EXISTS mail_sent(
  id INTEGER PRIMARY KEY, period TEXT NOT NULL, department TEXT NOT NULL, kind TEXT NOT NULL,
  run_key TEXT NOT NULL, message_id TEXT NOT NULL, recipients TEXT NOT NULL, subject TEXT,
  status TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT, answer TEXT)"""


def _run_key(conn: sqlite3.Connection) -> None:
    """The first releases added `runs.run_key` when they met a ledger without it."""
    if "run_key" not in {row[1] for row in conn.execute("PRAGMA table_info(runs)")}:
        conn.execute("ALTER TABLE runs ADD COLUMN run_key TEXT")


@dataclass(frozen=True)
class Migration:
    """Takes a ledger of `version - 1` to `version`: SQL statements (`;`-separated) and/or a function."""

    version: int
    what: str
    sql: str = ""
    step: Callable[[sqlite3.Connection], None] | None = None

    def apply(self, conn: sqlite3.Connection) -> None:
        for statement in filter(str.strip, self.sql.split(";")):
            conn.execute(statement)
        if self.step is not None:
            self.step(conn)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "every table of the first releases, whichever of them a ledger lacks, and runs.run_key",
              FIRST_TABLES + ";" + RECOGNITIONS, _run_key),
    Migration(2, "outputs: what each period's latest run wrote (path, sha256), for output.settle", OUTPUTS),
    Migration(3, "mail_sent: the messages dvht gui-thu handed to the server", MAIL_SENT),
)
SCHEMA_VERSION = MIGRATIONS[-1].version


class LedgerError(DvhtError):
    """The ledger cannot be opened or is damaged."""


class LedgerLockedError(LedgerError):
    """Another run holds the ledger longer than the busy timeout."""


def ledger_path(out_root: Path) -> Path:
    return Path(out_root) / LEDGER_NAME


def _translate(exc: sqlite3.Error, path: Path) -> LedgerError:
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return LedgerLockedError(render("ledger-locked", path=path, seconds=f"{BUSY_SECONDS:.0f}"))
    if isinstance(exc, sqlite3.DatabaseError) and ("not a database" in text or "malformed" in text):
        return LedgerError(render("ledger-damaged", path=path, error=exc))
    if "disk is full" in text or "disk i/o error" in text:
        return LedgerError(render("ledger-disk-full", path=path))
    if "readonly" in text or "unable to open" in text:
        return LedgerError(render("ledger-read-only", path=path))
    return LedgerError(render("ledger-other", path=path, error=exc))


def migrate(conn: sqlite3.Connection, path: Path, upto: int | None = None) -> int:
    """Bring the ledger (in an open transaction) to version `upto` (None: `SCHEMA_VERSION`); returns the
    version it had."""
    upto = SCHEMA_VERSION if upto is None else upto
    found = conn.execute("PRAGMA user_version").fetchone()[0]
    if found > SCHEMA_VERSION:
        raise LedgerError(render("ledger-newer", path=path, found=found, known=SCHEMA_VERSION))
    for migration in MIGRATIONS:
        if found < migration.version <= upto:
            migration.apply(conn)
            conn.execute(f"PRAGMA user_version = {migration.version}")
    return found


@contextmanager
def connect(out_root: Path, create: bool = True) -> Iterator[sqlite3.Connection]:
    """A connection in autocommit mode (transactions are explicit), with a busy timeout. `create`: open for
    writing, creating the ledger or bringing it to `SCHEMA_VERSION`; else read-only (every version's tables
    read as they are: readers ask only for what every version has, or check)."""
    path = ledger_path(out_root)
    if create:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(path if create else path.absolute().as_uri() + "?mode=ro", timeout=BUSY_SECONDS,
                               isolation_level=None, uri=not create)
    except sqlite3.Error as exc:
        raise _translate(exc, path) from None
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_SECONDS * 1000)}")
        if create:
            with transaction(conn, path):
                migrate(conn, path)
        yield conn
    except sqlite3.Error as exc:
        raise _translate(exc, path) from None
    finally:
        conn.close()


@contextmanager
def transaction(conn: sqlite3.Connection, path: Path) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE … COMMIT (ROLLBACK on any error): one writer at a time, never half a run."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        raise _translate(exc, path) from None
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:  # SQLite has already rolled back by itself after some errors (a full disk)
            try:
                conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass  # the error being raised says what went wrong; a failed rollback leaves nothing written
        raise
    conn.execute("COMMIT")


def has_table(conn: sqlite3.Connection, name: str) -> bool:
    """Whether a (read-only) ledger has the table: a ledger of the first releases may lack it."""
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone() is not None




# How values are stored: decimals as their exact text, times as ISO text to the second.


def stored_text(value) -> str | None:
    return None if value is None else str(value)


def stored_time(value: datetime | None) -> str | None:
    return value.isoformat(sep=" ", timespec="seconds") if value else None


def read_decimal(text: str | None) -> Decimal | None:
    try:
        return None if text is None else Decimal(text)
    except InvalidOperation:
        return None


__all__ = ["FIRST_TABLES", "RECOGNITIONS", "OUTPUTS", "MAIL_SENT",
           "LEDGER_NAME", "BUSY_SECONDS", "MIGRATIONS", "Migration", "SCHEMA_VERSION", "LedgerError",
           "LedgerLockedError", "ledger_path", "connect", "transaction", "migrate", "has_table", "UNIT",
           "stored_text", "stored_time", "read_decimal"]
