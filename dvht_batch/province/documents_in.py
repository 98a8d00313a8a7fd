"""What the Sở reads of a unit's Word documents (the request and the self-assessment report): the kind
of document from its title, the agency in its header, the level it requests, the date it carries.
Read from word/document.xml directly (no formatting needed); a document that cannot be read says so."""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from datetime import date
from html import unescape
from pathlib import Path
from xml.etree import ElementTree

from dvht_batch.vn.text import fold, normalize

_HEAD_BYTES = 256 * 1024
_PARAGRAPH = re.compile(r"<w:p[ >].*?</w:p>", re.S)
_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")
_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
_LEVEL = re.compile(r"đề nghị công nhận.{0,40}?mức độ\s+(\d)", re.IGNORECASE)
REQUEST, REPORT = "request", "report"
KIND_NAMES = {REQUEST: "văn bản đề nghị (tờ trình)", REPORT: "báo cáo tự đánh giá", "table": "bảng tổng hợp"}
# file names of the parts when the content cannot be read (PDF, .doc): folded words
_NAME_HINTS = ((REQUEST, ("to trinh", "de nghi", "cong van")), (REPORT, ("bao cao", "tu danh gia")))


@dataclass(frozen=True)
class DocumentInfo:
    kind: str | None              # REQUEST | REPORT | None (not recognised)
    paragraphs: tuple[str, ...]   # the first paragraphs (header block, title), for naming the agency
    level: int | None = None      # the level a request asks for
    dated: date | None = None     # "…, ngày 05 tháng 01 năm 2026"

    def header_keys(self) -> set[str]:
        """The matching keys of the header's lines: a unit is named when its folded name is one of them."""
        return {fold(p) for p in self.paragraphs[:8]}


def kind_from_name(name: str) -> str | None:
    key = fold(name.replace("_", " ").replace("-", " "))
    for kind, hints in _NAME_HINTS:
        if any(h in key for h in hints):
            return kind
    return None


def read_document(path: Path) -> DocumentInfo:
    """The facts of a .docx; OSError/zipfile.BadZipFile/KeyError/ParseError when it is no Word document."""
    with zipfile.ZipFile(path) as zf, zf.open("word/document.xml") as stream:
        head = stream.read(_HEAD_BYTES).decode("utf-8", errors="ignore")   # the header and title are enough
    if "<w:body" not in head:
        raise ElementTree.ParseError("no document body")
    paragraphs: list[str] = []
    for p in _PARAGRAPH.findall(head.split("<w:body", 1)[1]):
        text = normalize(unescape("".join(_TEXT.findall(p))))
        if text:
            paragraphs.append(text)
        if len(paragraphs) >= 40:
            break
    head = paragraphs[:15]
    kind = None
    for text in head:
        key = fold(text)
        if key in ("to trinh", "cong van") or (key.startswith("v v") and "de nghi" in key):
            kind = REQUEST
            break
        if key == "bao cao":
            kind = REPORT
            break
    level = next((int(m.group(1)) for t in head if (m := _LEVEL.search(t))), None)
    dated = None
    for text in head:
        m = _DATE.search(text)
        if m:
            try:
                dated = date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            except ValueError:
                dated = None
            break
    return DocumentInfo(kind or kind_from_name(path.name), tuple(head), level if kind == REQUEST else None, dated)
