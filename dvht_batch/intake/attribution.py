"""Which department sent a file that could not be used (docs/hop-dong.md, "Tệp không dùng được").

A department whose file arrived truncated, empty, in a format the tool cannot read or refused by the
safety checks has sent something: it is "đã gửi, chưa dùng được" (`rejected`), not "chưa gửi". When
the workbook itself cannot tell (it was not read, or its "Mã phòng" is wrong), the department is
found, in this order, from:

1. the file name (or, failing that, its folder): a code opening it (`TTR_11-2025.xlsx`, as
   `Config.department_named_by_file` compares codes), a word equal to a code (`bao cao TTR.xlsx`) or
   the department's name (`phong_ke_toan.xlsx`, with or without the leading "Phòng");
2. the sender's address, when the configuration lists it under that department (`email = …`);
3. the sender, when the same address sent a workbook of exactly one department in this run;
4. the sender's display name, matched as a file name is.

Only an unambiguous answer is used; otherwise the file stays without department (still `rejected`).
"""
from __future__ import annotations

from collections import defaultdict
from email.utils import parseaddr
from pathlib import PurePosixPath

from dvht_batch.models import FileKind, FileRecord
from dvht_batch.vn.text import fold

BY_NAME = "theo tên tệp"
BY_FOLDER = "theo tên thư mục"
BY_EMAIL = "theo địa chỉ thư của phòng trong cấu hình"
BY_SENDER = "theo người gửi (cùng địa chỉ đã gửi tệp của phòng)"
BY_SENDER_NAME = "theo tên người gửi"


class _Matcher:
    """Department codes and names as folded words, for matching file names and display names."""

    def __init__(self, config):
        self.config = config
        self.departments = {d.code: d for d in config.departments}
        self.codes = {fold(d.code): d.code for d in config.departments if fold(d.code)}
        self.names: list[tuple[str, str]] = []
        for d in config.departments:
            name = fold(d.name)
            self.names.append((name, d.code))
            if name.startswith("phong ") and len(name) > len("phong ") + 2:
                self.names.append((name[len("phong "):], d.code))
        self.emails = {e: d.code for d in config.departments for e in d.emails}

    def in_text(self, text: str) -> str | None:
        """The one department a name tells: by a word equal to its code, else by its name."""
        words = fold(text).split()
        by_code = {self.codes[w] for w in words if w in self.codes}
        if len(by_code) == 1:
            return by_code.pop()
        if by_code:
            return None
        padded = f" {' '.join(words)} "
        by_name = {code for name, code in self.names if f" {name} " in padded}
        return by_name.pop() if len(by_name) == 1 else None


def _address(sender: str | None) -> str | None:
    if not sender:
        return None
    address = parseaddr(sender)[1].strip().casefold()
    return address if "@" in address else None


def _file_name(path: str) -> tuple[str, list[str]]:
    """(stem of the file's own name, folder names nearest first); an attachment's name after '#'."""
    *outer, last = path.split("#")
    stem = PurePosixPath(last).stem
    folders = list(reversed(PurePosixPath(outer[0] if outer else path).parent.parts))
    return stem, [f for f in folders if f not in (".", "/")]


def _needs_department(r: FileRecord) -> bool:
    return bool(r.errors) and not r.department and not r.ignored_reason and r.kind is not FileKind.UNIT


def attach_departments(records: list[FileRecord], config) -> None:
    """Tie each file that will be rejected and names no department to the department that sent it."""
    matcher = _Matcher(config)
    by_sender: dict[str, set[str]] = defaultdict(set)
    for r in records:
        address = _address(r.sender)
        if address and r.department and config.department(r.department) is not None:
            by_sender[address].add(config.department(r.department).code)
    for r in records:
        if not _needs_department(r):
            continue
        found = _find(r, matcher, by_sender)
        if found is None:
            continue
        code, how = found
        r.department, r.department_name, r.department_from = code, matcher.departments[code].name, how
        if r.kind is FileKind.UNKNOWN:
            r.kind = FileKind.DEPARTMENT


def _find(r: FileRecord, matcher: _Matcher, by_sender: dict[str, set[str]]) -> tuple[str, str] | None:
    stem, folders = _file_name(r.path)
    named = matcher.config.department_named_by_file(stem)  # a code opening the name, as file names compare
    code = named.code if named is not None else matcher.in_text(stem)
    if code:
        return code, BY_NAME
    address = _address(r.sender)
    if address in matcher.emails:
        return matcher.emails[address], BY_EMAIL
    sent = by_sender.get(address or "", set())
    if len(sent) == 1:
        return next(iter(sent)), BY_SENDER
    if r.sender:
        display = parseaddr(r.sender)[0]
        code = matcher.in_text(display) if display else None
        if code:
            return code, BY_SENDER_NAME
    for folder in folders:
        code = matcher.in_text(folder)
        if code:
            return code, BY_FOLDER
    return None
