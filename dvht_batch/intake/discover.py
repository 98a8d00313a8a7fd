"""Find the input files under INPUT_DIR (subfolders too), and the subfolders that cannot be read."""
from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from dvht_batch.system.os_faults import fault_from_os_error, os_reason, printable

# Files no department sends on purpose: Explorer/Finder droppings and the tool's own config.
_SKIPPED_NAMES = {"thumbs.db", "desktop.ini", "ehthumbs.db"}
_SKIPPED_SUFFIXES = {".toml"}


def is_office_lock(name: str) -> bool:
    """`~$Name.xlsx`: the owner file Excel or Word keeps beside a document while it is open."""
    return name.startswith("~$")


def is_system_file(name: str) -> bool:
    """Hidden dot-files, Thumbs.db/desktop.ini and the agency's own *.toml files: never a department's
    submission, so not listed among the files of a run (docs/hop-dong.md §5)."""
    lowered = name.casefold()
    return name.startswith(".") or lowered in _SKIPPED_NAMES or os.path.splitext(lowered)[1] in _SKIPPED_SUFFIXES


def is_skipped(name: str) -> bool:
    """Not a submission at all: an Office lock file or a system file (uploads of these are refused)."""
    return is_office_lock(name) or is_system_file(name)


def relative_name(path: Path, input_dir: Path) -> str:
    """The path as shown to users and in JSON: relative to the input folder, '/' separators,
    bytes of a name that are not UTF-8 escaped (`os_faults.printable`)."""
    try:
        rel = path.relative_to(input_dir)
    except ValueError:
        try:
            rel = path.resolve().relative_to(input_dir.resolve())
        except ValueError:
            return printable(path.as_posix())
    return printable(rel.as_posix())


# What `dvht` itself writes (pipeline, schema.LEDGER_NAME, archive.ARCHIVE_DIR, output_folder's prefixes): found
# inside an input folder (an OUT folder copied there, or --out pointing inside it) it is never read back as a
# submission — archive copies `luu_tru/78/7858….xlsx` would otherwise become every department's file.
_LEDGER_NAMES = frozenset({"dvht.sqlite", "dvht.sqlite-wal", "dvht.sqlite-shm", "dvht.sqlite-journal"})
_ARCHIVE_DIR, _RESULT_JSON = "luu_tru", "ket_qua.json"
_PERIOD_OUTPUTS = ("tong_hop.xlsx", "bao_cao_don_vi.docx", "bao_cao_phong", "phan_hoi", "ho_so")
_WORK_FOLDERS = (".staging-", ".old-")
_HEX2 = re.compile(r"^[0-9a-f]{2}$")
_ARCHIVE_COPY = re.compile(r"^[0-9a-f]{64}\.[A-Za-z0-9]{1,5}$")

FOLDER, NOT_REGULAR, OURS = "folder", "not-regular", "ours"


@dataclass
class Unreadable:
    """An entry of the input folder that is not read: a subfolder that could not be listed (`FOLDER`), a
    file that is not a regular file (`NOT_REGULAR`: FIFO, socket, device, dangling or looping link — never
    opened), or something `dvht` wrote (`OURS`: an output folder, the ledger, a staging folder, the archive)."""

    path: Path    # on disk
    name: str     # relative, as shown (relative_name)
    reason: str   # why, in Vietnamese
    kind: str = FOLDER


@dataclass
class Found:
    paths: list[Path] = field(default_factory=list)
    unreadable: list[Unreadable] = field(default_factory=list)


def discover(input_dir: Path) -> list[Path]:
    """Every file under `input_dir`, recursively, sorted by relative path (see `find_inputs`)."""
    return find_inputs(input_dir).paths


def find_inputs(input_dir: Path, own_output: Path | None = None) -> Found:
    """Every file under `input_dir`, recursively, sorted by relative path; and the unreadable subfolders.

    Hidden folders are not entered; symlinked folders are not followed (no loops). Files that are
    not workbooks are returned too: intake records them as `ignored`. A Maildir folder (cur/, new/,
    tmp/) is returned as one entry; .eml and .mbox files as any file (intake.mailbox reads them).
    A subfolder that cannot be listed is returned in `unreadable` (the run goes on without it); the
    input folder itself unreadable is an EnvironmentFault. So are, never opened, files that are not
    regular files, and what `dvht` wrote (`own_output`, this run's output folder, is left out silently).
    """
    input_dir = Path(input_dir)
    found: list[tuple[str, str, Path]] = []
    unreadable: list[Unreadable] = []
    own = _identity(own_output) if own_output is not None else None

    def skip(path: Path, reason: str, kind: str = OURS, folder: bool = False) -> None:
        unreadable.append(Unreadable(path, relative_name(path, input_dir) + ("/" if folder else ""), reason, kind))

    def refused(exc: OSError) -> None:
        folder = Path(exc.filename) if exc.filename is not None else input_dir
        if folder == input_dir:
            raise fault_from_os_error(exc, input_dir, action="đọc")
        unreadable.append(Unreadable(folder, relative_name(folder, input_dir), os_reason(exc)))

    for root, dirs, files in os.walk(input_dir, followlinks=False, onerror=refused):
        if {"cur", "new", "tmp"} <= set(dirs):  # a Maildir: one entry, its messages read by intake.mailbox
            rel = relative_name(Path(root), input_dir)
            found.append((rel.casefold(), rel, Path(root)))
            dirs[:] = []
            continue
        kept = []
        for d in dirs:
            path = Path(root) / d
            if own is not None and _identity(path) == own:
                continue  # this run's own output folder
            why = _our_folder(path)
            if why:
                skip(path, why, folder=True)
            elif not d.startswith("."):
                kept.append(d)
        dirs[:] = kept
        for name in files:
            path = Path(root) / name
            if name in _LEDGER_NAMES or _ARCHIVE_COPY.match(name):
                skip(path, "sổ theo dõi" if name in _LEDGER_NAMES else "bản lưu trữ một bài nộp")
                continue
            if is_system_file(name):  # lock files are listed: intake records them as ignored, with why
                continue
            odd = not_regular(path)
            if odd:
                skip(path, odd, NOT_REGULAR)
                continue
            rel = relative_name(path, input_dir)
            found.append((rel.casefold(), rel, path))
    found.sort()
    unreadable.sort(key=lambda u: u.name.casefold())
    return Found([p for _, _, p in found], unreadable)


def not_regular(path: Path) -> str | None:
    """Why `path` is not a regular file one can open and read (a link is followed), in Vietnamese; None when
    it is one, or when it cannot even be looked at (reading it then says why)."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        try:
            if not stat.S_ISLNK(os.lstat(path).st_mode):
                return None
        except OSError:
            return None
        if exc.errno == errno.ELOOP:
            return "là đường dẫn tắt (liên kết) vòng lặp, không trỏ tới tệp nào"
        return "là đường dẫn tắt (liên kết) trỏ tới tệp không còn tồn tại"
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        kind = "một đường ống (FIFO)"
    elif stat.S_ISSOCK(mode):
        kind = "một socket"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        kind = "một thiết bị"
    elif stat.S_ISDIR(mode):
        kind = "một thư mục"
    else:
        kind = "một mục đặc biệt"
    return f"là {kind}, không phải tệp thường; không mở"


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _our_folder(path: Path) -> str | None:
    """Why the subfolder `path` is something `dvht` wrote (not an input), or None."""
    name = path.name
    if name.startswith(_WORK_FOLDERS):
        return "thư mục tạm của một lần chạy"
    if name.startswith("."):
        return None
    try:
        children = set(os.listdir(path))
    except OSError:
        return None  # os.walk reports it as unreadable
    if name == _ARCHIVE_DIR and any(_HEX2.match(c) for c in children):
        return "kho lưu trữ bài nộp"
    if "dvht.sqlite" in children or (_ARCHIVE_DIR in children and _our_folder(path / _ARCHIVE_DIR)):
        return "thư mục kết quả, có sổ theo dõi hoặc kho lưu trữ"
    if _RESULT_JSON in children and any(c in children for c in _PERIOD_OUTPUTS):
        return "thư mục kết quả của một kỳ"
    return None
