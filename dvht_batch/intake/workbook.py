"""Read one input file into a `FileRecord` (never raises for bad input), and many files in parallel."""
from __future__ import annotations

import gc
import hashlib
import io
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from pickle import PicklingError
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterable

import python_calamine as calamine

from dvht_batch.columns import ALWAYS_REQUIRED
from dvht_batch.intake import safety
from dvht_batch.intake.cells import Findings, Row
from dvht_batch.intake.criteria_sheet import read_criteria
from dvht_batch.intake.discover import relative_name
from dvht_batch.intake.info_sheet import label_of, read_info
from dvht_batch.intake.legacy_fonts import convert_legacy
from dvht_batch.intake.members_sheet import read_members
from dvht_batch.intake.unreadable import mark_unreadable
from dvht_batch.models import FileKind, FileRecord
from dvht_batch.os_faults import undecodable
from dvht_batch.vn.text import fold

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls"}
# Spreadsheets in a format the contract does not read: a department probably meant to send them.
OTHER_SPREADSHEETS = {".xlsb", ".ods", ".csv", ".xltx", ".xltm", ".xlt", ".numbers"}

INFO, MEMBERS, CRITERIA = "Thong_tin", "Thanh_vien", "Tieu_chi"
_FOLDED = {fold(INFO): INFO, fold(MEMBERS): MEMBERS, fold(CRITERIA): CRITERIA}
NOT_A_TEMPLATE = (f"không có trang {INFO} cùng trang {MEMBERS} (tệp của phòng) hoặc {CRITERIA} (tệp của đơn vị): "
                  "không phải biểu mẫu của công cụ")


def read_file(path: Path, input_dir: Path, config, rule_set) -> FileRecord:
    """Everything intake learns from one file; every problem is a `Finding`, never an exception."""
    path = Path(path)
    rel = relative_name(path, Path(input_dir))
    record = FileRecord(path=rel, source=path.absolute())
    out = Findings(rel)
    if undecodable(str(path)):
        out.warning("file-name-not-utf8", f"Tên tệp có ký tự không đọc được (không phải UTF-8, thường do giải nén "
                    f"bằng chương trình cũ), được ghi là '{rel}'. Tệp vẫn được đọc; hãy đổi tên tệp cho dễ tìm.")
    try:
        _read(path, record, config, rule_set, out)
    except (KeyboardInterrupt, MemoryError):
        raise
    except BaseException as exc:  # a bug (or a Rust panic in calamine) must not stop the run
        if isinstance(exc, SystemExit):
            raise
        out.error("internal-error", f"Lỗi không mong đợi khi đọc tệp ({type(exc).__name__}: {exc}). Tệp chưa được "
                  "đọc; hãy mở bằng Excel, lưu lại thành .xlsx rồi gửi lại, và báo lỗi này cho người phát triển.")
    record.findings = out.items
    return record


POOL_FROM_FILES = 200  # below this a process pool costs more than it saves (start-up, Windows spawn)


def read_all(paths: Iterable[Path], input_dir: Path, config, rule_set,
             progress: Callable[[], object] | None = None) -> list[FileRecord]:
    """`read_file` for every path; results in input order, `progress()` once per file.

    Validation is Python code that holds the GIL (threads measured slower than one thread), so a
    large batch is read by a 2-process pool; a small one, or a pool that cannot start or breaks,
    is read in this process.
    """
    paths = list(paths)
    from dvht_batch.intake import mailbox  # e-mail: .eml, .mbox, Maildir expand into several records

    if any(mailbox.is_mailbox(p) for p in paths):
        return mailbox.read_with_mailboxes(paths, input_dir, config, rule_set, progress, _read_files)
    return _read_files(paths, input_dir, config, rule_set, progress)


def _read_files(paths: list[Path], input_dir: Path, config, rule_set,
                progress: Callable[[], object] | None = None) -> list[FileRecord]:
    with _gc_paused():
        if len(paths) >= POOL_FROM_FILES and (os.cpu_count() or 1) > 1:
            try:
                return _read_in_pool(paths, input_dir, config, rule_set, progress)
            except (BrokenProcessPool, OSError, PicklingError):
                pass  # fall back to reading here; the files are untouched
        results = []
        for i, path in enumerate(paths, start=1):
            results.append(read_file(path, input_dir, config, rule_set))
            if progress is not None:
                progress()
            if i % _COLLECT_EVERY == 0:
                gc.collect(0)
        return results


@contextmanager
def _gc_paused():
    """No automatic cyclic garbage collection while reading: the collector's passes over the growing
    heap of records cost ~10–25 % of the reading time (measured on scenario L). Records hold no
    cycles, but openpyxl (fonts of a legacy-encoded file) leaves some: the readers collect the young
    generation every `_COLLECT_EVERY` files themselves (only what was made since: cheap)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _read_in_pool(paths: list[Path], input_dir: Path, config, rule_set, progress) -> list[FileRecord]:
    chunk = 25
    batches = [paths[i:i + chunk] for i in range(0, len(paths), chunk)]
    results: list[list[FileRecord] | None] = [None] * len(batches)
    # The configuration (1,000 departments: ~3 ms to pickle and unpickle) goes to each worker once.
    with ProcessPoolExecutor(max_workers=2, initializer=_start_worker, initargs=(input_dir, config, rule_set)) as pool:
        futures = {pool.submit(_read_batch, b): i for i, b in enumerate(batches)}
        for future in as_completed(futures):
            i = futures[future]
            results[i] = future.result()
            if progress is not None:
                for _ in batches[i]:
                    progress()
    return [record for batch in results for record in batch]  # type: ignore[union-attr]


_worker_setup: tuple = ()  # (input_dir, config, rule_set) in a pool worker


def _start_worker(input_dir: Path, config, rule_set) -> None:
    global _worker_setup
    _worker_setup = (input_dir, config, rule_set)
    threading.Thread(target=_end_with_parent, args=(os.getppid(),), name="dvht-parent-watch", daemon=True).start()


_PARENT_CHECK_SECONDS = 0.5


def _end_with_parent(parent_pid: int) -> None:
    """A reading process ends when the run that started it is gone (killed: nobody will read its results).

    The parent's sentinel (a pipe on POSIX, a process handle on Windows) becomes ready when it ends;
    on POSIX the worker is also re-parented, which `getppid` shows.
    """
    import multiprocessing
    from multiprocessing.connection import wait

    parent = multiprocessing.parent_process()
    sentinel = parent.sentinel if parent is not None else None
    while True:
        if sentinel is not None and wait([sentinel], timeout=_PARENT_CHECK_SECONDS):
            os._exit(1)
        if sentinel is None:
            time.sleep(_PARENT_CHECK_SECONDS)
        if os.name != "nt" and os.getppid() != parent_pid:
            os._exit(1)


_COLLECT_EVERY = 25


def _read_batch(paths: list[Path]) -> list[FileRecord]:
    input_dir, config, rule_set = _worker_setup
    with _gc_paused():
        records = [read_file(p, input_dir, config, rule_set) for p in paths]
        gc.collect(0)
        return records


def _read(path: Path, record: FileRecord, config, rule_set, out: Findings) -> None:
    try:
        stat = path.stat()
    except OSError as exc:
        mark_unreadable(record, exc, config, out)
        return
    record.size = stat.st_size
    record.modified = datetime.fromtimestamp(stat.st_mtime)
    suffix = path.suffix.lower()
    if suffix not in WORKBOOK_SUFFIXES:
        record.ignored_reason = "không phải tệp Excel (.xlsx, .xlsm, .xls)"
        if suffix in OTHER_SPREADSHEETS:
            out.warning("unsupported-format", f"Tệp dạng {suffix} không được đọc: công cụ chỉ đọc .xlsx, .xlsm, .xls. "
                        "Nếu đây là bảng kê của phòng, hãy mở bằng Excel, lưu thành .xlsx rồi gửi lại.")
        record.sha256 = _hash_file(path) if stat.st_size <= safety.MAX_FILE_BYTES else None
        return
    try:
        safety.check_size(stat.st_size)
        data = path.read_bytes()
        record.sha256 = hashlib.sha256(data).hexdigest()
        record.size = len(data)
        checked = safety.check_workbook_bytes(data, suffix)
    except safety.Refused as refusal:
        out.error(refusal.code, refusal.message)
        return
    except OSError as exc:
        mark_unreadable(record, exc, config, out)
        return
    loaded = _load_sheets(data, checked, record, out)
    if loaded is not None:
        convert_legacy(data, checked.format, loaded[0], out)  # TCVN3/VNI text → Unicode, before any parsing
        _parse(*loaded, record, config, rule_set, out)


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
        out.error("encrypted", safety.ENCRYPTED_MESSAGE)
        return
    detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
    out.error("unreadable", f"Excel không đọc được nội dung tệp: tệp bị hỏng ({detail}). Hãy mở bằng Excel, lưu lại "
              "thành .xlsx rồi gửi lại.")


Sheets = dict[str, tuple[str, list[Row]]]  # canonical name → (name in the workbook, rows)


def _load_sheets(data: bytes, checked: safety.Checked, record: FileRecord,
                 out: Findings) -> tuple[Sheets, set[str]] | None:
    """The sheets this contract reads, as plain rows, and the canonical names present in the workbook.

    calamine reads from the bytes already checked and hashed (never a second, unchecked read of the
    file), inside its context manager, so nothing stays open (Windows locks open files). A sheet
    too large to load is left out, with an error; `readable` is set only when every sheet loaded.
    """
    sheets: Sheets = {}
    try:
        with calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)) as wb:
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
                    out.error("sheet-too-large", problem, name)
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
    if not (has_info or has_members or has_criteria):
        record.ignored_reason = NOT_A_TEMPLATE
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
        record.ignored_reason = NOT_A_TEMPLATE
    wanted = {FileKind.DEPARTMENT: (INFO, MEMBERS), FileKind.UNIT: (INFO, CRITERIA)}.get(record.kind, (INFO,))
    for name in wanted:
        if name not in present:
            out.error("missing-sheet", f"Tệp thiếu trang \"{name}\" ({_WHAT[name]}). Hãy dùng đúng biểu mẫu, không "
                      "đổi tên hay xóa trang.")
    if record.kind is FileKind.UNKNOWN:  # only Thong_tin, without "Mã phòng"
        out.error("missing-sheet", f"Tệp có trang \"{INFO}\" nhưng thiếu trang \"{MEMBERS}\" (tệp của phòng) hoặc "
                  f"\"{CRITERIA}\" (tệp của đơn vị). Hãy dùng đúng biểu mẫu, không đổi tên hay xóa trang.")
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
