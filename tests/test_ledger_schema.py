"""The ledger's one schema and its versions (`ledger.schema`): a ledger of every earlier version — built here
from the DDL those versions ran — is read as it is, then brought to `SCHEMA_VERSION` with its rows kept; a
ledger of a newer version is refused and left unchanged; a migration appended as the docstring says works."""
from __future__ import annotations

import sqlite3
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from dvht_batch.ledger import schema
from dvht_batch.ledger.prefill import last_accepted
from dvht_batch.ledger.runs import has_run, outputs_of
from dvht_batch.ledger.table import history_table
from dvht_batch.ledger.trends import load_trends
from dvht_batch.ledger.recognition import Recognition, load_recognitions, record_recognition
from dvht_batch.ledger.schema import (
    FIRST_TABLES, MAIL_SENT, OUTPUTS, RECOGNITIONS, SCHEMA_VERSION, LedgerError, connect,
)
from dvht_batch.ledger import mail_sent
from dvht_batch.period import Period
from dvht_batch.web.board import run_periods

AT = datetime(2026, 1, 10, 9, 30)

RUN_KEY = "ALTER TABLE runs ADD COLUMN run_key TEXT"
# The shapes the first releases left (user_version 0): their tables, `dvht cong-nhan`'s table when a decision
# was recorded, `runs.run_key` once run identifiers came (added by ALTER TABLE when met), `outputs` once runs
# recorded what they wrote, `mail_sent` once `dvht gui-thu` sent a message — each created when first needed.
FIRST_RELEASES = {
    "first": [FIRST_TABLES],
    "first+recognitions": [FIRST_TABLES, RECOGNITIONS],
    "first+run_key": [FIRST_TABLES, RUN_KEY],
    "first+run_key+recognitions": [FIRST_TABLES, RUN_KEY, RECOGNITIONS],
    "first+run_key+outputs": [FIRST_TABLES, RUN_KEY, OUTPUTS],
    "first+run_key+outputs+mail_sent": [FIRST_TABLES, RUN_KEY, OUTPUTS, MAIL_SENT],
    "first+run_key+recognitions+outputs+mail_sent": [FIRST_TABLES, RUN_KEY, RECOGNITIONS, OUTPUTS, MAIL_SENT],
}


def _fill(conn: sqlite3.Connection, out: Path) -> None:
    """One November run of the unit and one department, its accepted file archived, one mail UID."""
    (out / "luu_tru" / "aa").mkdir(parents=True)
    (out / "luu_tru" / "aa" / "vp.xlsx").write_bytes(b"PK")
    conn.execute("INSERT INTO runs(id, period, run_at, members, total) VALUES (1, '2025-11', '2025-12-05 08:00:00', "
                 "4, '91.77')")
    conn.execute("INSERT INTO departments(period, department, name, status, run_id) VALUES ('2025-11', 'VP', "
                 "'Văn phòng', 'accepted', 1)")
    conn.executemany("INSERT INTO results(period, department, criterion, text, points, ratio, run_id) "
                     "VALUES ('2025-11', ?, '2a', 'Kế hoạch tự học', ?, ?, 1)", [("", "9.5", "0.95"), ("VP", None, "1")])
    conn.execute("INSERT INTO files(run_period, sha256, path, department, kind, status, archive, last_seen, run_id) "
                 "VALUES ('2025-11', 'a1', 'VP.xlsx', 'VP', 'department', 'accepted', 'luu_tru/aa/vp.xlsx', "
                 "'2025-12-05 08:00:00', 1)")
    conn.execute("INSERT INTO imap_seen(account, folder, uidvalidity, uid) VALUES ('vp@stc:993', 'INBOX', 7, 3)")
    if schema.has_table(conn, "outputs"):
        conn.execute("UPDATE runs SET run_key = 'k1' WHERE id = 1")
        conn.execute("INSERT INTO outputs(period, path, sha256, run_key) VALUES ('2025-11', 'ket_qua.json', 'b2', 'k1')")
    if schema.has_table(conn, "mail_sent"):
        conn.execute("INSERT INTO mail_sent(period, department, kind, run_key, message_id, recipients, status, "
                     "started_at) VALUES ('2025-11', 'VP', 'notice', 'k1', '<m1@dvht>', 'vp@stc', 'sent', "
                     "'2025-12-05 09:00:00')")
    if schema.has_table(conn, "recognitions"):
        conn.execute("INSERT INTO recognitions(number, decided_on, level, authority, recorded_at) VALUES "
                     "('125/QĐ-UBND', '2024-03-15', 1, 'Chủ tịch UBND tỉnh', '2024-03-20 10:00:00')")


def _first_release(out: Path, statements: list[str]) -> Path:
    out.mkdir(parents=True)
    with sqlite3.connect(out / schema.LEDGER_NAME) as conn:
        for ddl in statements:
            conn.executescript(ddl)
        _fill(conn, out)
    return out


def _version(out: Path, version: int) -> Path:
    """A ledger of `version` (≥ 1) as that version wrote it: its migrations up to `version`, then its rows."""
    out.mkdir(parents=True)
    conn = sqlite3.connect(out / schema.LEDGER_NAME, isolation_level=None)
    with schema.transaction(conn, out / schema.LEDGER_NAME):
        schema.migrate(conn, out, upto=version)
        _fill(conn, out)
    conn.close()
    return out


def _earlier_ledgers(root: Path) -> dict[str, Path]:
    ledgers = {name: _first_release(root / name, ddl) for name, ddl in FIRST_RELEASES.items()}
    ledgers |= {f"v{v}": _version(root / f"v{v}", v) for v in range(1, SCHEMA_VERSION)}
    return ledgers


def _layout(out: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(out / schema.LEDGER_NAME) as conn:
        tables = [n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {t: [row[1:] for row in conn.execute(f"PRAGMA table_info({t})")] for t in tables}


def _version_of(out: Path) -> int:
    with sqlite3.connect(out / schema.LEDGER_NAME) as conn:
        return conn.execute("PRAGMA user_version").fetchone()[0]


def _read_everything(out: Path, decisions: int) -> None:
    """What every reader finds, read-only, in a ledger of any version."""
    assert history_table(out).cells[("VP", "2a")]["2025-11"][0] == 1
    assert load_trends(out, Period(2025, 12)).previous.ratios[""]["2a"] == Decimal("0.95")
    assert last_accepted(out) == {"vp": out / "luu_tru" / "aa" / "vp.xlsx"}
    assert [s.period for s in run_periods(out)] == [Period(2025, 11)]
    assert len(load_recognitions(out)) == decisions


def test_every_earlier_version_is_read_then_migrated(tmp_path):
    fresh = tmp_path / "moi"
    with connect(fresh):
        pass
    assert _version_of(fresh) == SCHEMA_VERSION
    for name, out in _earlier_ledgers(tmp_path).items():
        decisions = 1 if "recognitions" in name or name.startswith("v") else 0
        _read_everything(out, decisions)
        written = outputs_of(out, "2025-11", "k1")
        sent = mail_sent.entries(out, "2025-11", "notice") if "mail_sent" in name else {}
        assert has_run(out, "20251205-080000-0000abcd") is False  # opens for writing: migrates
        assert _version_of(out) == SCHEMA_VERSION, name
        assert _layout(out) == _layout(fresh), name
        _read_everything(out, decisions)
        assert outputs_of(out, "2025-11", "k1") == written, name  # rows of the tables folded in are kept
        assert mail_sent.entries(out, "2025-11", "notice") == sent, name
        with connect(out) as conn:  # once more: nothing to do
            assert conn.execute("SELECT count(*) FROM imap_seen").fetchone() == (1,)
        assert record_recognition(out, Recognition("7/QĐ-UBND", date(2025, 3, 1), 1, "UBND tỉnh"), AT)
        assert len(load_recognitions(out)) == decisions + 1


def test_a_ledger_of_a_newer_version_is_refused_and_left_unchanged(tmp_path):
    out = tmp_path / "ket_qua"
    with connect(out) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    before = (out / schema.LEDGER_NAME).read_bytes()
    with pytest.raises(LedgerError, match="phiên bản dvht mới hơn ghi.*Hãy dùng phiên bản dvht mới nhất"):
        with connect(out):
            pass
    assert (out / schema.LEDGER_NAME).read_bytes() == before


def test_a_table_added_as_documented_reaches_every_ledger(tmp_path, monkeypatch):
    """What another command does to keep its own records: one migration appended, its table created once."""
    added = schema.Migration(SCHEMA_VERSION + 1, "a later table",
                             "CREATE TABLE later(id INTEGER PRIMARY KEY, department TEXT NOT NULL, sent_at TEXT)")
    monkeypatch.setattr(schema, "MIGRATIONS", (*schema.MIGRATIONS, added))
    monkeypatch.setattr(schema, "SCHEMA_VERSION", added.version)
    out = _first_release(tmp_path / "cu", FIRST_RELEASES["first"])
    with connect(out) as conn:
        conn.execute("INSERT INTO later(department, sent_at) VALUES ('VP', '2026-01-10 09:30:00')")
    assert _version_of(out) == added.version and "later" in _layout(out)
    assert history_table(out).cells[("VP", "2a")]["2025-11"][0] == 1
