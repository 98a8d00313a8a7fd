"""A message type of the catalogue, and the pieces of advice several types share (one wording for one
piece of advice)."""
from __future__ import annotations

from dataclasses import dataclass

from dvht_batch.models import Severity


@dataclass(frozen=True)
class MessageType:
    id: str          # unique key in the catalogue
    code: str        # machine-readable type written to ket_qua.json (shared by related messages)
    template: str    # what is wrong; `{field}` placeholders
    advice: str = ""  # how to fix it; `{field}` placeholders
    severity: Severity = Severity.ERROR
    whole_file: bool = False  # a sentence on its own (no sheet, cell or place goes in front)
    phrase: bool = False  # a part of another message's sentence (a `{field}` of it), not a message itself
    heading: bool = False  # the line said above a file's problems, ending with ':'
    title: bool = False  # a page's title (a few words, no stop) above its sentence

    def render(self, fields: dict[str, object]) -> str:
        text = self.template.format(**fields)
        return f"{text} {self.advice.format(**fields)}" if self.advice else text


# Advice shared by several messages (one wording for one piece of advice).
USE_THE_FORM = "Hãy dùng đúng biểu mẫu, giữ nguyên dòng tiêu đề."
RESAVE_AS_XLSX = ("Hãy mở tệp bằng Excel (hoặc LibreOffice Calc), chọn Tệp › Lưu thành (Save As) › \"Excel Workbook "
                  "(*.xlsx)\" rồi gửi lại.")
USE_EVERY_SHEET = "Hãy dùng đúng biểu mẫu, không đổi tên hay xóa trang."
RECREATE_FROM_FORM = "Hãy tạo lại tệp từ mẫu rồi gửi lại."
