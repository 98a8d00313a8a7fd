"""The ledger's faults in Vietnamese: a full disk, a read-only ledger, and an error after SQLite has
already rolled back by itself (the original error must come out, not 'cannot rollback')."""
from __future__ import annotations

import sqlite3

import pytest

from dvht_batch.ledger import schema


def test_full_disk_and_read_only_are_said_in_vietnamese(tmp_path):
    path = schema.ledger_path(tmp_path)
    full = schema._translate(sqlite3.OperationalError("database or disk is full"), path)
    assert "đã đầy" in str(full) and "giải phóng dung lượng" in str(full)
    read_only = schema._translate(sqlite3.OperationalError("attempt to write a readonly database"), path)
    assert "Không có quyền ghi" in str(read_only)
    other = schema._translate(sqlite3.OperationalError("something else"), path)
    assert str(other).startswith("Không ghi/đọc được sổ lịch sử")


def test_error_after_sqlite_rolled_back_keeps_the_original_error(tmp_path):
    with schema.connect(tmp_path) as conn:
        with pytest.raises(ZeroDivisionError):
            with schema.transaction(conn, schema.ledger_path(tmp_path)):
                conn.execute("INSERT INTO meta(key, value) VALUES ('x', '1')")
                conn.execute("ROLLBACK")  # what SQLite does by itself on SQLITE_FULL
                1 / 0
        assert conn.execute("SELECT count(*) FROM meta WHERE key = 'x'").fetchone() == (0,)
