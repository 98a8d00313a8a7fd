"""The UIDs `dvht nhan-thu` has already fetched, per account, folder and UIDVALIDITY (the ledger's `imap_seen`,
`ledger.schema`): a message is fetched once, whatever the server marks as read."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from dvht_batch.ledger.schema import connect, ledger_path, stored_time, transaction


def seen_uids(out_root: Path, account: str, folder: str, uidvalidity: int) -> set[int]:
    with connect(out_root) as conn:
        return {uid for (uid,) in conn.execute(
            "SELECT uid FROM imap_seen WHERE account = ? AND folder = ? AND uidvalidity = ?",
            (account, folder, uidvalidity))}


def remember_uids(out_root: Path, account: str, folder: str, uidvalidity: int,
                  fetched: list[tuple[int, str | None]], fetched_at: datetime) -> None:
    """Record UIDs fetched (each with the file it was saved as, or None) at `fetched_at` (the caller's clock)."""
    with connect(out_root) as conn, transaction(conn, ledger_path(out_root)):
        conn.executemany(
            "INSERT OR IGNORE INTO imap_seen(account, folder, uidvalidity, uid, fetched_at, saved_as) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(account, folder, uidvalidity, uid, stored_time(fetched_at), saved) for uid, saved in fetched])


__all__ = ["seen_uids", "remember_uids"]
