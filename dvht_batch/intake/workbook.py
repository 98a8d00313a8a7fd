"""Read one workbook into a `FileRecord` (never raises for bad input): a file on disk or bytes in memory.

Many files, mailboxes and containers are dispatched by `intake.reading`.
"""
from __future__ import annotations

import hashlib
import io
from datetime import datetime
from pathlib import Path
from stat import S_ISREG
from typing import Callable

import python_calamine as calamine

from dvht_batch.vocab.columns import ALWAYS_REQUIRED
from dvht_batch.intake import safety
from dvht_batch.intake.cells import Findings, Row
from dvht_batch.messages import render
from dvht_batch.intake.criteria_sheet import read_criteria
from dvht_batch.intake.data_extent import data_only
from dvht_batch.intake.discover import is_office_lock, not_regular, relative_name
from dvht_batch.intake.formats import OTHER_SPREADSHEETS, READ_FORMATS, WORKBOOK_SUFFIXES, refusal
from dvht_batch.intake.info_sheet import label_of, read_info
from dvht_batch.intake.legacy_fonts import convert_legacy
from dvht_batch.intake.members_sheet import read_members
from dvht_batch.intake.unreadable import mark_unreadable
from dvht_batch.models import FileKind, FileRecord
from dvht_batch.system.os_faults import undecodable
from dvht_batch.vn.text import fold

INFO, MEMBERS, CRITERIA = "Thong_tin", "Thanh_vien", "Tieu_chi"
_FOLDED = {fold(INFO): INFO, fold(MEMBERS): MEMBERS, fold(CRITERIA): CRITERIA}


def _is_form_sheet(name: str) -> bool:
    return fold(name) in _FOLDED


def read_file(path: Path, input_dir: Path, config, rule_set) -> FileRecord:
    """Everything intake learns from one file; every problem is a `Finding`, never an exception."""
    path = Path(path)
    record = FileRecord(path=relative_name(path, Path(input_dir)), source=path.absolute())
    return _guarded(record, lambda out: _read(path, record, config, rule_set, out))


def read_bytes(data: bytes, suffix: str, record: FileRecord, config, rule_set) -> FileRecord:
    """`read_file` for a file already in memory (an e-mail attachment); `record` names it (path, source)."""
    return _guarded(record, lambda out: _read_data(data, suffix.lower(), record, config, rule_set, out))


def _guarded(record: FileRecord, read: Callable[[Findings], None]) -> FileRecord:
    out = Findings(record.path)
    try:
        read(out)
    except (KeyboardInterrupt, MemoryError):
        raise
    except BaseException as exc:  # a bug (or a Rust panic in calamine) must not stop the run
        if isinstance(exc, SystemExit):
            raise
        out.report("internal-error", error=f"{type(exc).__name__}: {exc}")
    record.findings = out.items
    return record


def _read(path: Path, record: FileRecord, config, rule_set, out: Findings) -> None:
    if undecodable(str(path)):
        out.report("file-name-not-utf8", name=record.path)
    try:
        stat = path.stat()
    except OSError as exc:
        mark_unreadable(record, exc, out)
        return
    if not S_ISREG(stat.st_mode):  # a FIFO or a device since discovery (or given directly): never opened
        out.report("not-a-regular-file", reason=not_regular(path) or "không phải tệp thường")
        return
    record.size = stat.st_size
    record.modified = datetime.fromtimestamp(stat.st_mtime)
    if is_office_lock(path.name):
        record.ignored_reason = render("ignored-office-lock")
        return
    suffix = path.suffix.lower()
    if suffix not in WORKBOOK_SUFFIXES:
        record.sha256 = _hash_file(path) if stat.st_size <= safety.MAX_FILE_BYTES else None
        if suffix in OTHER_SPREADSHEETS:
            _refuse_format(suffix, out)
        else:
            record.ignored_reason = render("ignored-not-a-spreadsheet", formats=READ_FORMATS)
        return
    try:
        safety.check_size(stat.st_size)
        data = path.read_bytes()
    except safety.Refused as refused:
        refused.report(out)
        return
    except OSError as exc:
        mark_unreadable(record, exc, out)
        return
    _read_data(data, suffix, record, config, rule_set, out)


def _read_data(data: bytes, suffix: str, record: FileRecord, config, rule_set, out: Findings) -> None:
    record.sha256 = hashlib.sha256(data).hexdigest()
    record.size = len(data)
    if suffix in OTHER_SPREADSHEETS:
        _refuse_format(suffix, out)
        return
    try:
        checked = safety.check_workbook_bytes(data, suffix, keep=_is_form_sheet)
    except safety.Refused as refused:
        refused.report(out)
        return
    loaded = _load_sheets(data, checked, record, out)
    if loaded is not None:
        convert_legacy(data, checked.format, loaded[0], out)  # TCVN3/VNI text → Unicode, before any parsing
        _parse(*loaded, record, config, rule_set, out)


def _refuse_format(suffix: str, out: Findings) -> None:
    message_id, fields = refusal(suffix)
    out.report(message_id, **fields)


def _hash_file(path: Path) -> str | None:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def _is_panic(exc: BaseException) -> bool:
    return type(exc).__name__ == "PanicException"


def _calamine_problem(exc: BaseException, out: Findings) -> None:
    if isinstance(exc, calamine.PasswordError):
        out.report("encrypted")
        return
    detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
    out.report("unreadable", detail=detail)


Sheets = dict[str, tuple[str, list[Row]]]  # canonical name → (name in the workbook, rows)


def _load_sheets(data: bytes, checked: safety.Checked, record: FileRecord,
                 out: Findings) -> tuple[Sheets, set[str]] | None:
    """The sheets this contract reads, as plain rows, and the canonical names present in the workbook.

    calamine reads from the bytes already checked and hashed (never a second, unchecked read of the
    file; the form's sheets without their trailing empty rows, `data_extent`), inside its context manager,
    so nothing stays open (Windows locks open files). A sheet
    too large to load is left out, with an error; `readable` is set only when every sheet loaded.
    """
    sheets: Sheets = {}
    try:
        source = data_only(data, checked)  # the form's sheets without their trailing empty rows
        with calamine.CalamineWorkbook.from_filelike(io.BytesIO(source)) as wb:
            chosen: dict[str, str] = {}
            for name in wb.sheet_names:
                canonical = _FOLDED.get(fold(name))
                if canonical is not None and canonical not in chosen:
                    chosen[canonical] = name
            for canonical, name in chosen.items():
                problem = safety.check_extent(checked, name)
                if problem is None:
                    sheet = wb.get_sheet_by_name(name)
                    loaded = safety.Extent(sheet.total_height + 1, sheet.total_width + 1)
                    problem = safety.check_extent(safety.Checked("", largest=loaded), name)  # second line of defence
                if problem is not None:
                    out.report("sheet-too-large", name, **problem)
                    continue
                sheets[canonical] = (name, sheet.to_python(skip_empty_area=False))
    except calamine.CalamineError as exc:
        _calamine_problem(exc, out)
        return None
    except BaseException as exc:
        if not _is_panic(exc):
            raise
        _calamine_problem(exc, out)
        return None
    record.readable = len(sheets) == len(chosen)
    return sheets, set(chosen)


def _parse(sheets: Sheets, present: set[str], record: FileRecord, config, rule_set, out: Findings) -> None:
    has_info, has_members, has_criteria = INFO in present, MEMBERS in present, CRITERIA in present
    if not (has_info or has_members or has_criteria):  # a spreadsheet, but not the form: a submission gone wrong
        out.report("not-a-template", info=INFO, members=MEMBERS, criteria=CRITERIA)
        return
    info_rows = sheets[INFO][1] if INFO in sheets else []
    if has_members and (not has_criteria or _mentions_department(info_rows)):
        record.kind = FileKind.DEPARTMENT
    elif has_criteria:
        record.kind = FileKind.UNIT
    elif _mentions_department(info_rows):
        record.kind = FileKind.DEPARTMENT
    else:
        record.kind = FileKind.UNKNOWN
    wanted = {FileKind.DEPARTMENT: (INFO, MEMBERS), FileKind.UNIT: (INFO, CRITERIA)}.get(record.kind, (INFO,))
    for name in wanted:
        if name not in present:
            out.report("missing-sheet", name=name, what=_WHAT[name])
    if record.kind is FileKind.UNKNOWN:  # only Thong_tin, without "Mã phòng"
        out.report("missing-kind-sheet", info=INFO, members=MEMBERS, criteria=CRITERIA)
        return
    if INFO in sheets:
        read_info(info_rows, sheets[INFO][0], record.kind, record, config, out)
    if record.kind is FileKind.DEPARTMENT and MEMBERS in sheets:
        name, rows = sheets[MEMBERS]
        required = ALWAYS_REQUIRED | rule_set.member_columns()
        record.members = read_members(rows, name, record.department or "", required, out)
    elif record.kind is FileKind.UNIT and CRITERIA in sheets:
        name, rows = sheets[CRITERIA]
        record.unit_inputs = read_criteria(rows, name, rule_set, out, config.unit_kind)


_WHAT = {INFO: "thông tin chung: mã đơn vị, mã phòng, kỳ báo cáo", MEMBERS: "danh sách thành viên",
         CRITERIA: "bảng tự chấm các tiêu chí"}


def _mentions_department(info_rows: list[Row]) -> bool:
    return any(row and (lb := label_of(row[0])) is not None and lb.key == "ma_phong" for row in info_rows)
