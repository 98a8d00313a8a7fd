"""The ledger speaks for the latest run of each period, also when it was written by an earlier version:
file rows of older runs (kept before re-runs replaced them) are not read, run identifiers are added."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from dvht_batch.ledger import prefill, runs, schema
from dvht_batch.period import Period


def old_ledger(out: Path) -> None:
    """A ledger as an earlier version left it: no runs.run_key, the November file rows of two runs."""
    out.mkdir(parents=True)
    for name in ("vp", "kt"):
        (out / "luu_tru" / "aa").mkdir(parents=True, exist_ok=True)
        (out / "luu_tru" / "aa" / f"{name}.xlsx").write_bytes(b"PK")
    with sqlite3.connect(out / "dvht.sqlite") as conn:
        conn.executescript(schema.FIRST_TABLES)
        assert "run_key" not in {r[1] for r in conn.execute("PRAGMA table_info(runs)")}
        conn.executemany("INSERT INTO runs(id, period, run_at) VALUES (?, '2025-11', ?)",
                         [(1, "2025-12-05 08:00:00"), (2, "2025-12-06 08:00:00")])
        conn.executemany(
            "INSERT INTO files(run_period, sha256, path, department, kind, status, archive, last_seen, run_id) "
            "VALUES ('2025-11', ?, ?, ?, 'department', 'accepted', ?, ?, ?)",
            [("a1", "VP.xlsx", "VP", "luu_tru/aa/vp.xlsx", "2025-12-05 08:00:00", 1),   # removed before run 2
             ("a2", "KT.xlsx", "KT", "luu_tru/aa/kt.xlsx", "2025-12-06 08:00:00", 2)])


def test_prefill_reads_only_what_the_latest_run_accepted(tmp_path):
    out = tmp_path / "ket_qua"
    old_ledger(out)
    assert prefill.last_accepted(out, before=Period(2025, 12)) == {"kt": out / "luu_tru" / "aa" / "kt.xlsx"}


def test_run_identifiers_are_added_to_an_old_ledger(tmp_path):
    out = tmp_path / "ket_qua"
    old_ledger(out)
    assert runs.has_run(out, "20261126-090000-00000000") is False
    with sqlite3.connect(out / "dvht.sqlite") as conn:
        assert "run_key" in {r[1] for r in conn.execute("PRAGMA table_info(runs)")}
        assert conn.execute("SELECT count(*) FROM runs WHERE run_key IS NULL").fetchone() == (2,)
