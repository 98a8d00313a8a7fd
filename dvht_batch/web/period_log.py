"""What the web app keeps of a period on disk, beside the outputs: `OUT/.giao-dien/<period>.json`.

- the folder chosen with "Dùng thư mục" (so a restarted app reads the same folder),
- every file refused at the door with its reason, its time and an id, until the clerk dismisses it on the
  board (what the clerk was told is never lost with a page reload).

The folder is hidden, so runs, their swap and the cleaning of leftovers never touch it (output_folder).
Writes are atomic and serialised within the server; a damaged file reads as empty (the board still opens).
"""
from __future__ import annotations

import json
import secrets
import threading
from datetime import datetime
from pathlib import Path

from dvht_batch.system.os_faults import printable
from dvht_batch.period import Period
from dvht_batch.writers.atomic import atomic_write

STATE_DIR = ".giao-dien"
_lock = threading.Lock()


def state_path(out_root: Path, period: Period) -> Path:
    return Path(out_root) / STATE_DIR / f"{period}.json"


def _read(out_root: Path, period: Period) -> dict:
    try:
        data = json.loads(state_path(out_root, period).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write(out_root: Path, period: Period, data: dict) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=1)
    atomic_write(state_path(out_root, period), lambda tmp: tmp.write_text(text, encoding="utf-8"))


def _update(out_root: Path, period: Period, change) -> dict:
    with _lock:
        data = _read(out_root, period)
        change(data)
        _write(out_root, period, data)
        return data


def refusals(out_root: Path, period: Period) -> list[dict]:
    """The door's refusals not yet dismissed, oldest first: {"id", "name", "message", "at"}."""
    return [r for r in _read(out_root, period).get("refusals", []) if isinstance(r, dict)]


def add_refusals(out_root: Path, period: Period, refused: list[dict], at: datetime) -> None:
    """Keep each refusal ({"name", "message"}) with the time it was said (`at`: the server's clock) and an id to
    dismiss it by."""
    if not refused:
        return
    stamp = at.isoformat(timespec="seconds")
    kept = [{"id": secrets.token_hex(6), "name": printable(r["name"] or ""), "message": printable(r["message"]),
             "at": stamp} for r in refused]
    _update(out_root, period, lambda data: data.setdefault("refusals", []).extend(kept))


def dismiss(out_root: Path, period: Period, ident: str) -> None:
    """Forget one refusal (ident "*": all of them)."""
    def change(data: dict) -> None:
        data["refusals"] = [r for r in data.get("refusals", []) if ident != "*" and r.get("id") != ident]
    _update(out_root, period, change)


def chosen_folder(out_root: Path, period: Period) -> Path | None:
    text = _read(out_root, period).get("folder")
    return Path(text) if isinstance(text, str) and text else None


def remember_folder(out_root: Path, period: Period, folder: Path) -> None:
    _update(out_root, period, lambda data: data.__setitem__("folder", str(folder)))


def periods_kept(out_root: Path) -> list[Period]:
    """The periods this app keeps something for (a chosen folder, refusals)."""
    folder = Path(out_root) / STATE_DIR
    found = []
    try:
        names = [p.stem for p in folder.glob("*.json")]
    except OSError:
        return []
    for name in names:
        try:
            found.append(Period.parse(name))
        except ValueError:
            continue
    return found


__all__ = ["STATE_DIR", "state_path", "refusals", "add_refusals", "dismiss", "chosen_folder", "remember_folder",
           "periods_kept"]
