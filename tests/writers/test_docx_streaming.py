"""A document with a very large table (the unit report's annex of every member) is written into its package
piece by piece: the bytes are exactly those of the whole document XML, and memory stays near one copy."""
from __future__ import annotations

import io
import tracemalloc
import zipfile

from dvht_batch.writers.docx.layout import OfficialDocument
from dvht_batch.writers.docx.ooxml import Col, Table


def _big_document(rows: int) -> OfficialDocument:
    doc = OfficialDocument(title="Phụ lục")
    doc.body("Danh sách thành viên:")
    table = Table([Col(10, "center"), Col(60), Col(30, "right")], keep_together=False)
    table.row(["STT", "Họ và tên", "Năm sinh"], header=True)
    for i in range(rows):
        table.row([str(i + 1), f"Nguyễn Thị Ánh Tuyết {i} & <con>", "1985"])
    doc.table(table)
    doc.body("Hết./.")
    return doc


def test_streamed_document_xml_is_the_whole_document():
    doc = _big_document(6000)  # several megabytes: written in more than one piece
    package = zipfile.ZipFile(io.BytesIO(doc.to_bytes()))
    whole = doc.document_xml().encode("utf-8")
    assert len(whole) > 3 << 20
    assert package.read("word/document.xml") == whole
    info = package.getinfo("word/document.xml")
    assert info.compress_type == zipfile.ZIP_DEFLATED and info.external_attr == 0o600 << 16
    assert package.testzip() is None


def test_writing_a_large_document_holds_about_one_copy():
    doc = _big_document(20000)
    size = sum(len(p) for p in doc._parts)
    tracemalloc.start()
    try:
        doc.to_bytes()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < size  # joining, wrapping and encoding the whole XML would need ≈ 3–4 × its size
