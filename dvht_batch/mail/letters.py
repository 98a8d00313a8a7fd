"""Which department gets which mail, saying what, with which attachment (docs/gui-thu.md).

- `mau`: every department its template for the period, prefilled from its last accepted roster
  (as `dvht templates --prefill`);
- `nhac`: the departments with no usable file in the latest run of the period: "chưa gửi" (missing)
  and "đã gửi, chưa dùng được" (rejected) are worded differently;
- `phan-hoi`: the rejected departments: their feedback workbook attached, every error in the body, in
  reply to the department's own mail when the file came by mail;
- `ket-qua`: the accepted departments their results document.

The run's facts come from OUT/<period>/ket_qua.json (the latest run of the period: statuses, errors,
senders, Message-IDs, feedback workbooks). A department without an address is listed, never dropped.
"""
from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from dvht_batch.errors import DvhtError
from dvht_batch.system.filenames import safe_stem
from dvht_batch.mail.compose import Letter
from dvht_batch.setup.mail_out import MailSettings
from dvht_batch.messages import render
from dvht_batch.messages.mail_out import mail_text
from dvht_batch.period import Period
from dvht_batch.period_outputs import DEPARTMENT_DIR, FEEDBACK_DIR, RESULT_JSON
from dvht_batch.vn.dates import moment, short_date

KINDS = ("mau", "nhac", "phan-hoi", "ket-qua")
MISSING_NOTE, REJECTED_NOTE = "chưa gửi", "đã gửi, chưa dùng được"


@dataclass
class Batch:
    """The mail of one kind for one period: the letters, and the departments that get none and why."""

    kind: str
    period: Period
    run_key: str                                        # the run the letters are about ("" for templates)
    letters: list[Letter] = field(default_factory=list)
    without_address: list[tuple[str, str, str]] = field(default_factory=list)  # (code, name, what was due)
    not_due: list[tuple[str, str, str]] = field(default_factory=list)          # (code, name, why no mail)


def deadline_phrase(settings: MailSettings, period: Period) -> str:
    """'trước ngày 05/12/2025' from han_nop; without it the templates' own wording."""
    if settings.deadline is not None:
        return f"trước ngày {short_date(settings.deadline)}"
    if settings.deadline_day is not None:
        year, month = (period.year + 1, 1) if period.is_year or period.month == 12 else (period.year, period.month + 1)
        return f"trước ngày {short_date(date(year, month, settings.deadline_day))}"
    return "trước ngày 05 của tháng sau" if period.month else "trước ngày 31 tháng 12"


def signature(config, settings: MailSettings) -> str:
    if settings.signature:
        return settings.signature
    lines = [settings.sender_name, config.body_name, f"Thư điện tử: {settings.sender}"]
    return "\n".join(line for line in lines if line)


def _moment(stamp: str | None) -> str:
    from datetime import datetime

    try:
        when = datetime.fromisoformat(str(stamp))
    except ValueError:
        return "lần tổng hợp gần nhất"
    return moment(when)


def load_run(out_root: Path, period: Period, kind: str) -> dict:
    path = Path(out_root) / str(period) / RESULT_JSON
    if not path.is_file():
        raise DvhtError(render("mail-no-run", period=period, folder=out_root, name=f"{period}/{RESULT_JSON}", kind=kind))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        data["departments"], data["files"]  # noqa: B018 (the keys every run writes)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise DvhtError(render("mail-run-unreadable", path=path, reason=exc)) from None
    return data


class _Writer:
    """Fills the common fields of every letter of a batch."""

    def __init__(self, config, settings: MailSettings, period: Period, batch: Batch):
        self.config, self.settings, self.batch = config, settings, batch
        self.common = {"unit_code": config.unit_code, "unit_name": config.body_name, "period_label": period.label(),
                       "deadline": deadline_phrase(settings, period), "signature": signature(config, settings)}

    def add(self, code: str, name: str, text_id: str, note: str = "", attachments=(), in_reply_to=None,
            reply_subject: str | None = None, **fields) -> None:
        department = self.config.department(code)
        addresses = department.emails if department is not None else ()
        if not addresses:
            self.batch.without_address.append((code, name, note or self.batch.kind))
            return
        subject, body = mail_text(text_id, department=name, **self.common, **fields)
        if in_reply_to and reply_subject:
            subject = reply_subject if reply_subject.casefold().startswith(("re:", "tl:")) else f"Re: {reply_subject}"
        self.batch.letters.append(Letter(self.batch.kind, code, name, tuple(addresses), subject, body,
                                         self.settings.cc, list(attachments), in_reply_to, note))


def templates(config, rule_set, period: Period, out_root: Path, settings: MailSettings) -> Batch:
    from dvht_batch.ledger.prefill import last_rosters
    from dvht_batch.writers.templates import write_templates

    batch = Batch("mau", period, "")
    writer = _Writer(config, settings, period, batch)
    rosters = last_rosters(out_root, config, rule_set, period)
    with tempfile.TemporaryDirectory(prefix="dvht-mau-") as folder:
        write_templates(config, rule_set, period, Path(folder), prefill=rosters)
        for d in config.departments:
            name = f"{safe_stem(d.code)}_{period}.xlsx"
            prefilled = (", đã điền sẵn danh sách thành viên theo lần gửi hợp lệ gần nhất của phòng: xin rà soát và "
                         "cập nhật những thay đổi") if d.code in rosters else ""
            writer.add(d.code, d.name, "mau", attachments=[(name, (Path(folder) / name).read_bytes())],
                       attachment=name, prefilled=prefilled)
    return batch


_NOT_IN_NAMES = str.maketrans({c: "_" for c in '<>:"/\\|?*'})


def readable_name(text: str, suffix: str) -> str:
    """An attachment name a person reads ("Phản hồi - Văn phòng tháng 11.xlsx"): Vietnamese kept, only what
    Windows forbids in file names replaced."""
    stem = "".join(ch for ch in text if ch.isprintable()).translate(_NOT_IN_NAMES).strip(" .")
    return f"{stem[:100] or 'tep'}{suffix}"


def _files_by_path(run: dict) -> dict[str, dict]:
    return {f.get("path"): f for f in run["files"] if isinstance(f, dict)}


def _file_name(path: str | None) -> str:
    return str(path or "").rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def reminders(config, period: Period, out_root: Path, settings: MailSettings) -> Batch:
    run = load_run(out_root, period, "nhac")
    batch = Batch("nhac", period, str(run.get("run_id") or ""))
    writer, files = _Writer(config, settings, period, batch), _files_by_path(run)
    checked = _moment(run.get("generated_at"))
    for d in run["departments"]:
        if d.get("status") == "missing":
            writer.add(d["code"], d.get("name") or d["code"], "nhac-missing", MISSING_NOTE, checked=checked)
        elif d.get("status") == "rejected":
            record = files.get(d.get("file")) or {}
            writer.add(d["code"], d.get("name") or d["code"], "nhac-rejected", REJECTED_NOTE, checked=checked,
                       file=_file_name(d.get("file")), errors=len(record.get("errors") or []))
        else:
            batch.not_due.append((d["code"], d.get("name") or d["code"], "đã gửi tệp dùng được"))
    return batch


def _error_list(errors: list[dict]) -> str:
    lines = []
    for i, e in enumerate(errors, start=1):
        message = str(e.get("message") or "")
        cell = e.get("cell")
        lines.append(f"  {i}. {message}" if not cell or message.startswith(str(cell)) else f"  {i}. {cell}: {message}")
    return "\n".join(lines)


def feedback(config, period: Period, out_root: Path, settings: MailSettings) -> Batch:
    run = load_run(out_root, period, "phan-hoi")
    batch = Batch("phan-hoi", period, str(run.get("run_id") or ""))
    writer, files = _Writer(config, settings, period, batch), _files_by_path(run)
    for d in run["departments"]:
        name = d.get("name") or d["code"]
        if d.get("status") != "rejected":
            batch.not_due.append((d["code"], name, "không có tệp bị từ chối"))
            continue
        record = files.get(d.get("file")) or {}
        attachments = []
        if record.get("feedback"):
            path = Path(out_root) / str(period) / FEEDBACK_DIR / record["feedback"]
            if not path.is_file():
                raise DvhtError(render("mail-attachment-missing", path=path, department=name))
            shown = readable_name(f"Phản hồi - {Path(_file_name(d.get('file'))).stem}", ".xlsx")
            attachments.append((shown, path.read_bytes()))
        errors = record.get("errors") or []
        writer.add(d["code"], name, "phan-hoi", REJECTED_NOTE, attachments, record.get("message_id"),
                   record.get("mail_subject"), file=_file_name(d.get("file")), errors=len(errors),
                   error_list=_error_list(errors), attachment=attachments[0][0] if attachments else "")
    return batch


def results(config, period: Period, out_root: Path, settings: MailSettings) -> Batch:
    run = load_run(out_root, period, "ket-qua")
    batch = Batch("ket-qua", period, str(run.get("run_id") or ""))
    writer = _Writer(config, settings, period, batch)
    for d in run["departments"]:
        name = d.get("name") or d["code"]
        report = Path(out_root) / str(period) / DEPARTMENT_DIR / f"bao_cao_{safe_stem(d['code'])}.docx"
        if d.get("status") != "accepted":
            batch.not_due.append((d["code"], name, "chưa có tệp dùng được"))
        elif not report.is_file():
            batch.not_due.append((d["code"], name, "lần tổng hợp không lập báo cáo Word (--no-docx)"))
        else:
            shown = readable_name(f"Kết quả {period.label()} - {name}", ".docx")
            writer.add(d["code"], name, "ket-qua", attachments=[(shown, report.read_bytes())], attachment=shown,
                       checked=_moment(run.get("generated_at")))
    return batch
