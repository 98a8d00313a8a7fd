"""The province's register of units (OUT/tinh.sqlite, one file, schema version in `PRAGMA user_version`):
units (name, code, administrative level, kind), their dossiers per year (requested level, dates, flags,
the self-assessed result of every indicator, the automatic checks), the specialist's verdicts, and the
recognition decisions (number, date, level, signer) from which validity and the first day a Mức độ 2
request is admissible are computed (ledger recognition module). History across years is kept; a new
intake of a year replaces that year's dossiers only.
"""
from __future__ import annotations

import json
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from dvht_batch.errors import DvhtError
from dvht_batch.messages import render
from dvht_batch.province.checks import Check
from dvht_batch.province.table import Claim
from dvht_batch.ledger.recognition import LEVEL_2_AFTER_MONTHS, Recognition, add_months

REGISTER = "tinh.sqlite"
SCHEMA_VERSION = 3   # 2: decisions carry valid_until and level2_from (computed, for other readers);
#                      3: dossiers carry the table's "Kết quả chung" as written (overall)
ADMIN_LEVEL = "Cấp tỉnh"   # since 01/7/2025 there is no district level

_SCHEMA = """
CREATE TABLE IF NOT EXISTS units(
  id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, name TEXT NOT NULL, code TEXT,
  admin_level TEXT NOT NULL DEFAULT 'Cấp tỉnh', kind TEXT);
CREATE TABLE IF NOT EXISTS dossiers(
  id INTEGER PRIMARY KEY, unit_id INTEGER NOT NULL REFERENCES units(id), year INTEGER NOT NULL,
  requested_level INTEGER, table_level INTEGER, dated TEXT, dated_by TEXT, layout TEXT, files TEXT NOT NULL,
  flags TEXT NOT NULL, overall TEXT, UNIQUE(unit_id, year));
CREATE TABLE IF NOT EXISTS claims(
  dossier_id INTEGER NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE, code TEXT NOT NULL, row INTEGER,
  count INTEGER, denominator INTEGER, ratio TEXT, verdicts TEXT NOT NULL, evidence TEXT NOT NULL,
  PRIMARY KEY(dossier_id, code));
CREATE TABLE IF NOT EXISTS checks(
  dossier_id INTEGER NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE, kind TEXT NOT NULL, effect TEXT NOT NULL,
  text TEXT NOT NULL, code TEXT NOT NULL, level INTEGER);
CREATE TABLE IF NOT EXISTS verdicts(
  dossier_id INTEGER NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE, code TEXT NOT NULL, agreed INTEGER NOT NULL,
  note TEXT NOT NULL, PRIMARY KEY(dossier_id, code));
CREATE TABLE IF NOT EXISTS decisions(
  id INTEGER PRIMARY KEY, unit_id INTEGER NOT NULL REFERENCES units(id), year INTEGER, number TEXT NOT NULL,
  decided_on TEXT NOT NULL, level INTEGER NOT NULL, signer TEXT NOT NULL, valid_until TEXT, level2_from TEXT,
  UNIQUE(unit_id, number, decided_on));
"""


class RegisterError(DvhtError):
    """The register cannot be used (a newer schema, a damaged file): exit 1, in Vietnamese."""


@dataclass
class Unit:
    id: int
    key: str
    name: str
    code: str | None
    admin_level: str
    kind: str | None


@dataclass
class DossierRecord:
    id: int
    unit: Unit
    year: int
    requested_level: int | None
    table_level: int | None
    dated: date | None
    dated_by: str
    layout: str
    files: list[str]
    flags: list[str]
    claims: dict[str, Claim] = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)
    verdicts: dict[str, tuple[bool, str]] = field(default_factory=dict)   # code → (agreed, note)
    overall: str | None = None        # the table's "Kết quả chung" as written (None: no such row)


@contextmanager
def open_register(out_root: Path):
    """The register in OUT/tinh.sqlite (created when missing), in one transaction."""
    path = Path(out_root) / REGISTER
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path)
    except (OSError, sqlite3.Error) as exc:
        raise RegisterError(render("register-unopenable", path=path, error=exc)) from None
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise RegisterError(render("register-newer", path=path, version=version))
        with conn:
            conn.executescript(_SCHEMA)
            if version == 1:
                _to_version_2(conn)
            if version in (1, 2):
                _to_version_3(conn)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        with conn:
            yield conn
    except sqlite3.DatabaseError as exc:
        raise RegisterError(render("register-damaged", path=path, error=exc)) from None
    finally:
        conn.close()


def _to_version_2(conn) -> None:
    """Version 1 → 2: the computed days of every recorded decision, as columns."""
    conn.execute("ALTER TABLE decisions ADD COLUMN valid_until TEXT")
    conn.execute("ALTER TABLE decisions ADD COLUMN level2_from TEXT")
    for row_id, number, decided_on, level, signer in conn.execute(
            "SELECT id, number, decided_on, level, signer FROM decisions").fetchall():
        conn.execute("UPDATE decisions SET valid_until = ?, level2_from = ? WHERE id = ?",
                     (*_days(Recognition(number, date.fromisoformat(decided_on), level, signer)), row_id))


def _to_version_3(conn) -> None:
    """Version 2 → 3: a dossier's "Kết quả chung" (NULL for the dossiers read before: no check until read again)."""
    if "overall" not in {row[1] for row in conn.execute("PRAGMA table_info(dossiers)")}:
        conn.execute("ALTER TABLE dossiers ADD COLUMN overall TEXT")


def _days(decision: Recognition) -> tuple[str, str | None]:
    """(last valid day, first day Mức độ 2 may be requested — at Mức độ 1 only), ISO, as ledger recognition counts."""
    level2 = add_months(decision.decided_on, LEVEL_2_AFTER_MONTHS) if decision.level == 1 else None
    return decision.valid_until.isoformat(), level2.isoformat() if level2 else None


def unit_for(conn, key: str, name: str, code: str | None, kind: str | None) -> int:
    """The unit's id (created on first sight); a newer name/code replaces the old, a known kind is kept."""
    row = conn.execute("SELECT id, kind FROM units WHERE key = ?", (key,)).fetchone()
    if row is None:
        return conn.execute("INSERT INTO units(key, name, code, admin_level, kind) VALUES (?, ?, ?, ?, ?)",
                            (key, name, code, ADMIN_LEVEL, kind)).lastrowid
    conn.execute("UPDATE units SET name = ?, code = COALESCE(?, code), kind = COALESCE(kind, ?) WHERE id = ?",
                 (name, code, kind, row[0]))
    return row[0]


def clear_year(conn, year: int) -> None:
    conn.execute("DELETE FROM dossiers WHERE year = ?", (year,))


def store_dossier(conn, unit_id: int, year: int, values: dict, claims: dict[str, Claim]) -> int:
    dossier_id = conn.execute(
        "INSERT INTO dossiers(unit_id, year, requested_level, table_level, dated, dated_by, layout, files, flags, "
        "overall) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (unit_id, year, values["requested_level"], values["table_level"],
         values["dated"].isoformat() if values["dated"] else None, values["dated_by"], values["layout"],
         json.dumps(values["files"], ensure_ascii=False), json.dumps(values["flags"], ensure_ascii=False),
         values.get("overall"))).lastrowid
    conn.executemany(
        "INSERT INTO claims(dossier_id, code, row, count, denominator, ratio, verdicts, evidence) VALUES (?,?,?,?,?,?,?,?)",
        [(dossier_id, c.code, c.row, c.count, c.denominator, None if c.ratio is None else str(c.ratio),
          json.dumps({str(k): v for k, v in c.verdicts.items()}, ensure_ascii=False), c.evidence)
         for c in claims.values()])
    return dossier_id


def store_checks(conn, dossier_id: int, checks: list[Check]) -> None:
    conn.execute("DELETE FROM checks WHERE dossier_id = ?", (dossier_id,))
    conn.executemany("INSERT INTO checks(dossier_id, kind, effect, text, code, level) VALUES (?, ?, ?, ?, ?, ?)",
                     [(dossier_id, c.kind, c.effect, c.text, c.code, c.level) for c in checks])


def store_verdicts(conn, dossier_id: int, verdicts: dict[str, tuple[bool, str]]) -> None:
    conn.execute("DELETE FROM verdicts WHERE dossier_id = ?", (dossier_id,))
    conn.executemany("INSERT INTO verdicts(dossier_id, code, agreed, note) VALUES (?, ?, ?, ?)",
                     [(dossier_id, code, int(agreed), note) for code, (agreed, note) in verdicts.items()])


def set_kind(conn, unit_id: int, kind: str | None) -> None:
    conn.execute("UPDATE units SET kind = ? WHERE id = ?", (kind, unit_id))


def _unit(row) -> Unit:
    return Unit(*row)


def dossiers_of(conn, year: int) -> list[DossierRecord]:
    """Every dossier of `year`, with its claims, checks and verdicts, in the units' name order."""
    rows = conn.execute(
        "SELECT d.id, u.id, u.key, u.name, u.code, u.admin_level, u.kind, d.year, d.requested_level, d.table_level, "
        "d.dated, d.dated_by, d.layout, d.files, d.flags, d.overall FROM dossiers d JOIN units u ON u.id = d.unit_id "
        "WHERE d.year = ? ORDER BY u.key", (year,)).fetchall()
    records = {r[0]: DossierRecord(r[0], _unit(r[1:7]), r[7], r[8], r[9], date.fromisoformat(r[10]) if r[10] else None,
                                   r[11], r[12], json.loads(r[13]), json.loads(r[14]), overall=r[15]) for r in rows}
    if not records:
        return []
    marks = ",".join("?" * len(records))
    ids = list(records)
    for d_id, code, row, n, d, ratio, verdicts, evidence in conn.execute(
            f"SELECT dossier_id, code, row, count, denominator, ratio, verdicts, evidence FROM claims "
            f"WHERE dossier_id IN ({marks})", ids):
        records[d_id].claims[code] = Claim(code, row, n, d, None if ratio is None else Decimal(ratio),
                                           {int(k): v for k, v in json.loads(verdicts).items()}, evidence)
    for d_id, kind, effect, text, code, level in conn.execute(
            f"SELECT dossier_id, kind, effect, text, code, level FROM checks WHERE dossier_id IN ({marks}) "
            "ORDER BY rowid", ids):
        records[d_id].checks.append(Check(kind, effect, text, code, level))
    for d_id, code, agreed, note in conn.execute(
            f"SELECT dossier_id, code, agreed, note FROM verdicts WHERE dossier_id IN ({marks})", ids):
        records[d_id].verdicts[code] = (bool(agreed), note)
    return list(records.values())


def recognitions(conn) -> dict[int, list[Recognition]]:
    """Every unit's recorded decisions, oldest first."""
    out: dict[int, list[Recognition]] = {}
    for unit_id, number, decided_on, level, signer in conn.execute(
            "SELECT unit_id, number, decided_on, level, signer FROM decisions ORDER BY decided_on, level"):
        out.setdefault(unit_id, []).append(Recognition(number, date.fromisoformat(decided_on), level, signer))
    return out


def record_decision(conn, unit_id: int, year: int, decision: Recognition) -> None:
    conn.execute("DELETE FROM decisions WHERE unit_id = ? AND number = ? AND decided_on = ?",
                 (unit_id, decision.number, decision.decided_on.isoformat()))
    conn.execute("INSERT INTO decisions(unit_id, year, number, decided_on, level, signer, valid_until, level2_from) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (unit_id, year, decision.number, decision.decided_on.isoformat(),
                                                    decision.level, decision.authority, *_days(decision)))


def all_units(conn) -> list[Unit]:
    return [_unit(r) for r in conn.execute("SELECT id, key, name, code, admin_level, kind FROM units ORDER BY key")]
