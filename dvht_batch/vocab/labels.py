"""The one table of status labels: what the console, the workbooks, the documents (and web pages) call
each status of a file, a department and a finding. Everything that shows a status takes its words from
here, so the clerk reads the same word everywhere (statuses: docs/hop-dong.md §5).
"""
from __future__ import annotations

from dvht_batch.models import DepartmentStatus, FileKind, FileStatus, Severity

DEPARTMENT_STATUS = {
    DepartmentStatus.ACCEPTED: "Đã nhận",
    DepartmentStatus.REJECTED: "Đã gửi, chưa dùng được",  # every file it sent was rejected (docs/hop-dong.md §5)
    DepartmentStatus.MISSING: "Chưa gửi",
}
FILE_STATUS = {
    FileStatus.ACCEPTED: "Đã nhận",
    FileStatus.REJECTED: "Bị từ chối",
    FileStatus.SUPERSEDED: "Bị thay thế",
    FileStatus.IGNORED: "Bỏ qua",
}
FILE_KIND = {
    FileKind.DEPARTMENT: "Bảng của phòng",
    FileKind.UNIT: "Bảng của đơn vị",
    FileKind.UNKNOWN: "Không xác định",
}
SEVERITY = {Severity.ERROR: "Lỗi", Severity.WARNING: "Cảnh báo"}


def warned(text: str) -> str:
    """A warning as the console, the pages and the feedback sheet show it: 'Cảnh báo: …'."""
    return f"{SEVERITY[Severity.WARNING]}: {text}"


def in_sentence(label: str) -> str:
    """A label inside a sentence: 'Bị từ chối' → 'bị từ chối'."""
    return label[:1].lower() + label[1:]
