"""Intake of a January's dossiers (TT 24/2023, Điều 16: the request, the self-assessment report and the
summary table, sent before 15 January): a folder with one subfolder per unit, or loose files, or e-mails
saved as .eml (each message a unit's group, province/mail_in.py), or all of these.

Every file is either read into a unit's dossier or named with the reason it is not. The unit is the one
its summary table names (never the folder's or the file's name); a Word document joins a dossier when
its header names that unit, or when it sits in the same subfolder as the table. A dossier without one
of the three parts, a late one, and a second dossier of the same unit are flagged.

Late: the dossier's date is the day its e-mail was sent, else the request's date, else the table's date (the report's date in our table,
"Ngày văn bản đề nghị" in the province template), else the files' modification time — `dated_by` says
which; a modification time only suggests (copying a file changes it), and the specialist is told so.
"""
from __future__ import annotations

import os
import stat
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from xml.etree import ElementTree

from dvht_batch.messages import render
from dvht_batch.models import Severity
from dvht_batch.province.documents_in import KIND_NAMES, REPORT, REQUEST, DocumentInfo, kind_from_name, read_document
from dvht_batch.province.mail_in import unpack
from dvht_batch.province.table import UNREADABLE, UnitTable, read_table
from dvht_batch.vn.dates import short_date
from dvht_batch.vn.text import fold

SHEETS = (".xlsx", ".xlsm", ".xls", ".ods")
DEADLINE_MONTH_DAY = (1, 15)   # before 15 January of the next year (as dossier.deadline for the agency)
DATED_BY = {"mail": "ngày gửi thư điện tử", "request": "ngày ghi trên văn bản đề nghị", "table": "ngày ghi trên bảng tổng hợp",
            "file": "thời điểm sửa tệp (chỉ để tham khảo: đối chiếu ngày nhận thực tế)"}


def deadline(year: int) -> date:
    return date(year + 1, *DEADLINE_MONTH_DAY)


@dataclass
class FileNote:
    rel: str                  # the file's path under the folder, '/' separators
    used: bool                # read into a dossier
    reason: str               # what it is, or why it is not used


@dataclass
class Dossier:
    key: str                  # the unit's matching key (its name, folded)
    table: UnitTable
    request: Path | None = None
    request_info: DocumentInfo | None = None
    report: Path | None = None
    dated: date | None = None
    dated_by: str = ""
    flags: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)   # earlier dossiers of the same unit (their tables)
    group: str | None = None  # the subfolder or the e-mail it came in (None: loose files)
    sent: date | None = None  # the day its e-mail was sent

    @property
    def name(self) -> str:
        return self.table.unit_name

    @property
    def requested_level(self) -> int | None:
        """The level the request asks for; the template's own field; None when neither says."""
        if self.request_info is not None and self.request_info.level is not None:
            return self.request_info.level
        return self.table.requested_level

    @property
    def late(self) -> bool:
        return self.dated is not None and self.dated >= deadline(self.table.year or 0)


@dataclass
class Intake:
    year: int
    dossiers: list[Dossier] = field(default_factory=list)
    notes: list[FileNote] = field(default_factory=list)
    rels: dict[Path, str] = field(default_factory=dict)     # every file read → its name for messages
    sent: dict[str, date] = field(default_factory=dict)     # an e-mail's group → the day it was sent

    def note(self, rel: str, used: bool, reason: str) -> None:
        self.notes.append(FileNote(rel, used, reason))


def _rel(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def _files(root: Path, staging: Path, intake: Intake) -> list[tuple[str | None, Path, str]]:
    """(subfolder, e-mail or None for a loose file; path; name for messages), in a stable order; the
    attachments of .eml messages saved into `staging` (mail_in)."""
    out, messages = [], []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        here = Path(dirpath)
        group = None if here == root else here.relative_to(root).parts[0]
        for name in sorted(filenames):
            path = here / name
            problem = _not_a_file(path)
            if problem:
                intake.note(_rel(path, root), False, problem)
            elif path.suffix.lower() == ".eml":
                messages.append((path, _rel(path, root)))
            else:
                out.append((group, path, _rel(path, root)))
    mail = unpack(messages, staging)
    for rel, why in mail.problems:
        intake.note(rel, False, why)
    intake.sent.update(mail.sent)
    return out + mail.files


MAX_FILE = 100 * 1024 * 1024   # bytes: no part of a dossier is larger


def _not_a_file(path: Path) -> str | None:
    """Why `path` is not read at all (a FIFO or a device would block the reader; a huge file is no dossier)."""
    try:
        st = os.stat(path)
    except OSError as exc:
        return render("note-unreadable-file", reason=exc.strerror or exc)
    if not stat.S_ISREG(st.st_mode):
        return render("note-not-regular")
    if st.st_size > MAX_FILE:
        return render("note-too-large", limit=MAX_FILE // (1024 * 1024))
    return None


def read_folder(root: Path, rule_set, year: int) -> Intake:
    with tempfile.TemporaryDirectory(prefix="dvht_tinh_") as staging:
        return _read_folder(root, Path(staging), rule_set, year)


def _read_folder(root: Path, staging: Path, rule_set, year: int) -> Intake:
    intake = Intake(year)
    tables: list[tuple[str | None, UnitTable]] = []
    documents: list[tuple[str | None, Path, DocumentInfo | None]] = []
    for group, path, rel in _files(root, staging, intake):
        intake.rels[path] = rel
        if path.name.startswith((".", "~$")):
            intake.note(rel, False, render("note-hidden"))
            continue
        suffix = path.suffix.lower()
        if suffix in SHEETS:
            table = _table(path, rel, rule_set, year, intake)
            if table is not None:
                tables.append((group, table))
        elif suffix == ".docx":
            try:
                documents.append((group, path, read_document(path)))
            except (OSError, KeyError, zipfile.BadZipFile, ElementTree.ParseError):
                intake.note(rel, False, render("note-bad-docx"))
        elif suffix in (".pdf", ".doc"):
            documents.append((group, path, None))
        elif fold(path.stem).endswith("kiem tra truoc khi ky"):
            intake.note(rel, False, render("note-checklist"))
        else:
            intake.note(rel, False, render("note-other-type", suffix=suffix or f"({render('note-no-suffix')})"))
    _assemble(intake, tables, documents)
    return intake


def _table(path: Path, rel: str, rule_set, year: int, intake: Intake) -> UnitTable | None:
    try:
        table = read_table(path, rel, rule_set, year)
    except UNREADABLE as exc:
        intake.note(rel, False, render("note-unreadable-table", error=type(exc).__name__))
        return None
    if table is None:
        intake.note(rel, False, render("note-not-a-table"))
        return None
    errors = [f.message for f in table.findings.items if f.severity is Severity.ERROR]
    warnings = [f.message for f in table.findings.items if f.severity is not Severity.ERROR]
    if errors or not table.unit_name:
        intake.note(rel, False, render("note-table-errors", errors="; ".join(errors)))
        return None
    used = render("note-table-dvht" if table.layout == "dvht" else "note-table-form", unit=table.unit_name)
    intake.note(rel, True, used + (f" ({render('note-remarks', remarks='; '.join(warnings))})" if warnings else ""))
    return table


def _assemble(intake: Intake, tables, documents) -> None:
    by_key: dict[str, Dossier] = {}
    rels = intake.rels
    order = sorted(tables, key=lambda gt: (intake.sent.get(gt[0] or "", date.min), _table_date(gt[1]),
                                           rels[gt[1].path]))
    for group, table in order:
        key = fold(table.unit_name)
        dossier = Dossier(key, table, group=group, sent=intake.sent.get(group or ""))
        older = by_key.get(key)
        if older is not None:  # the later dossier replaces the earlier one; both are named
            dossier.replaced = [rels[older.table.path], *older.replaced]
            dossier.flags.append(render("flag-repeated", newest=rels[table.path], older=", ".join(dossier.replaced)))
            intake.dossiers.remove(older)
        by_key[key] = dossier
        intake.dossiers.append(dossier)
    for group, path, info in documents:
        _attach(intake, by_key, group, path, info)
    for d in intake.dossiers:
        _date_and_parts(d)


def _table_date(table: UnitTable) -> tuple:
    return (table.document_date or date.min, os.stat(table.path).st_mtime)


def _attach(intake: Intake, by_key: dict[str, Dossier], group, path: Path, info: DocumentInfo | None):
    rel = intake.rels[path]
    kind = info.kind if info is not None else kind_from_name(path.name)
    if kind is None:
        intake.note(rel, False, render("note-unknown-part"))
        return
    named = [by_key[k] for k in info.header_keys() if k in by_key] if info is not None else []
    same_folder = [d for d in by_key.values() if group is not None and d.group == group]
    owners = named or (same_folder if len(same_folder) == 1 else [])
    if len(owners) != 1:
        why = render("note-why-not-named" if info is not None else "note-why-unreadable-part")
        intake.note(rel, False, f"{KIND_NAMES[kind]}: {render('note-no-owner', why=why)}")
        return
    dossier = owners[0]
    if (dossier.request if kind == REQUEST else dossier.report) is not None:
        intake.note(rel, False, f"{KIND_NAMES[kind]} {render('note-second-part', name=dossier.name)}")
        return
    if kind == REQUEST:
        dossier.request, dossier.request_info = path, info
    else:
        dossier.report = path
    intake.note(rel, True, f"{KIND_NAMES[kind]} của {dossier.name}")


def _date_and_parts(d: Dossier) -> None:
    missing = [KIND_NAMES[k] for k, p in ((REQUEST, d.request), (REPORT, d.report)) if p is None]
    if missing:
        d.flags.append(render("flag-incomplete", parts=" và ".join(missing)))
    if d.sent is not None:
        d.dated, d.dated_by = d.sent, "mail"
    elif d.request_info is not None and d.request_info.dated is not None:
        d.dated, d.dated_by = d.request_info.dated, "request"
    elif d.table.document_date is not None:
        d.dated, d.dated_by = d.table.document_date, "table"
    else:
        paths = [p for p in (d.table.path, d.request, d.report) if p is not None]
        d.dated = max(datetime.fromtimestamp(os.stat(p).st_mtime).date() for p in paths)
        d.dated_by = "file"
    if d.late:
        d.flags.append(render("flag-late", day=short_date(d.dated), dated_by=DATED_BY[d.dated_by],
                              deadline=short_date(deadline(d.table.year or 0))))
    if d.requested_level is None:
        d.flags.append(render("flag-no-level"))
