"""The sent log of `dvht gui-thu` in the history ledger (OUT/dvht.sqlite, table `mail_sent`, created by
`ledger.schema`'s migrations).

One row per attempt to send one message: (period, department, kind, run) — `run` is the run identifier
the message is about ("" for templates) — with its Message-ID, recipients and times. The row is
committed with status `sending` BEFORE the message is handed to the server, and set to `sent` (or
`failed`, with the server's answer) after. So a run killed mid-send leaves:
- `sent` rows: never sent again (a second call says when each went);
- a `sending` row: the outcome is unknown (the server may have accepted the message just before the
  kill) — listed as such and not sent again unless the clerk asks for a resend;
- no row for the messages not reached: sent by the next call.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from dvht_batch.ledger import schema

SENDING, SENT, FAILED = "sending", "sent", "failed"


@dataclass(frozen=True)
class Entry:
    department: str
    kind: str
    run_key: str
    message_id: str
    recipients: str
    status: str
    started_at: str
    finished_at: str | None
    answer: str | None


def _stamp(when: datetime) -> str:
    return when.isoformat(sep=" ", timespec="seconds")


def entries(out_root: Path, period: str, kind: str) -> dict[tuple[str, str], list[Entry]]:
    """(department, run_key) → its attempts for this period and kind, oldest first."""
    if not schema.ledger_path(out_root).is_file():
        return {}
    found: dict[tuple[str, str], list[Entry]] = {}
    with schema.connect(out_root) as conn:
        rows = conn.execute(
            "SELECT department, kind, run_key, message_id, recipients, status, started_at, finished_at, answer "
            "FROM mail_sent WHERE period = ? AND kind = ? ORDER BY id", (period, kind)).fetchall()
    for row in rows:
        entry = Entry(*row)
        found.setdefault((entry.department, entry.run_key), []).append(entry)
    return found


def start(out_root: Path, period: str, department: str, kind: str, run_key: str, message_id: str,
          recipients: list[str], subject: str, when: datetime) -> int:
    """Record that the message is about to be handed to the server (committed before it is); its row id."""
    with schema.connect(out_root) as conn, schema.transaction(conn, schema.ledger_path(out_root)):
        return conn.execute(
            "INSERT INTO mail_sent(period, department, kind, run_key, message_id, recipients, subject, status, "
            "started_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (period, department, kind, run_key, message_id, ", ".join(recipients), subject, SENDING,
             _stamp(when))).lastrowid


def finish(out_root: Path, row_id: int, status: str, when: datetime, answer: str | None = None) -> None:
    with schema.connect(out_root) as conn, schema.transaction(conn, schema.ledger_path(out_root)):
        conn.execute("UPDATE mail_sent SET status = ?, finished_at = ?, answer = ? WHERE id = ?",
                     (status, _stamp(when), answer, row_id))
