"""Dossiers that came as e-mail: `.eml` files in the intake folder (as `dvht nhan-thu` saves a mailbox's
messages). Each message is one group, like a unit's subfolder: its attachments are saved into a staging
folder (the input is never changed) and read like files; the message's Date says when it was sent."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from email import policy
from email.parser import BytesParser
from email.utils import parsedate_to_datetime
from pathlib import Path

from dvht_batch.system.filenames import safe_stem

MAX_ATTACHMENT = 50 * 1024 * 1024   # bytes: a dossier's part is never larger; a bigger one is named, not saved


@dataclass
class Unpacked:
    files: list[tuple[str, Path, str]] = field(default_factory=list)   # (group, saved path, name for messages)
    sent: dict[str, date] = field(default_factory=dict)                # group → the day the message was sent
    problems: list[tuple[str, str]] = field(default_factory=list)      # (name for messages, why)


def unpack(messages: list[tuple[Path, str]], staging: Path) -> Unpacked:
    """`messages`: (path, its name under the intake folder)."""
    out = Unpacked()
    for n, (path, rel) in enumerate(messages, start=1):
        try:
            message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
        except (OSError, ValueError) as exc:
            out.problems.append((rel, f"không đọc được thư ({exc})"))
            continue
        try:
            out.sent[rel] = parsedate_to_datetime(str(message["Date"])).date()
        except (TypeError, ValueError):
            pass
        folder = staging / f"{n:04d}"
        parts = [p for p in message.iter_attachments() if p.get_filename()]
        if not parts:
            out.problems.append((rel, "thư không có tệp đính kèm"))
        for i, part in enumerate(parts, start=1):
            name = part.get_filename()
            shown = f"{rel} › {name}"
            data = part.get_payload(decode=True) or b""
            if len(data) > MAX_ATTACHMENT:
                out.problems.append((shown, "tệp đính kèm lớn hơn 50 MB: không phải một phần của hồ sơ"))
                continue
            suffix = Path(name).suffix.lower()
            target = folder / f"{i:02d}_{safe_stem(Path(name).stem)}{suffix}"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            out.files.append((rel, target, shown))
    return out
