"""What the documents of the yearly dossier share: who signs (the head of the unit), who receives,
how each document is named and numbered, and the fill-in places a written document holds."""
from __future__ import annotations

from dataclasses import dataclass

from dvht_batch.ledger.recognition import standing_text
from dvht_batch.writers.docx.common import number_text, recipient_lines, signer_lines
from dvht_batch.writers.docx.layout import ClosingInfo, OfficialDocument
from dvht_batch.writers.docx.phrases import dvht_title

REQUEST_KIND = "TTr"   # Tờ trình
REPORT_KIND = "BC"     # Báo cáo
HEAD_SIGNS = (None, "Q.", "TM.")  # authorities under which the head (or the acting head) signs


@dataclass(frozen=True)
class DossierSigner:
    lines: tuple[str, ...]
    name: str
    by_head: bool    # False: someone signs for the head (KT., TL., TUQ.) and no [ho_so] thu_truong is set


def dossier_signer(config) -> DossierSigner:
    """The head of the unit signs the dossier: [nguoi_ky] when the head signs there; the head's title with
    [ho_so] thu_truong when [nguoi_ky] is a deputy (KT.) or a delegate; else [nguoi_ky] as it is."""
    signer = config.signer
    if signer.authority in HEAD_SIGNS:
        return DossierSigner(signer_lines(signer), signer.full_name, True)
    if config.dossier.head_name:
        return DossierSigner((signer.title_of_head.strip().upper(),), config.dossier.head_name, True)
    return DossierSigner(signer_lines(signer), signer.full_name, False)


def dossier_closing(config, recipients: list[str]) -> ClosingInfo:
    signer = dossier_signer(config)
    return ClosingInfo(recipients=recipient_lines(recipients), signer_lines=signer.lines, signer_name=signer.name)


def recognition_sentence(result, standing) -> str | None:
    """The unit's recognition in force (or the last one, lapsed), as `dvht cong-nhan` recorded it; None when
    none is recorded (the documents then say nothing of it: the console does)."""
    st = standing
    if st is None or (st.current is None and st.lapsed is None):
        return None
    return standing_text(st, result.config.body_name)


def request_summary(level: int, year: int, rule_set=None) -> str:
    """The tờ trình's trích yếu: 'Đề nghị công nhận “Đơn vị học tập” cấp tỉnh mức độ 1 năm 2025'."""
    return f"Đề nghị công nhận {dvht_title(rule_set)} mức độ {level} năm {year}"


def report_summary(year: int, rule_set=None) -> str:
    """The self-assessment report's trích yếu."""
    return f"Kết quả tự đánh giá {dvht_title(rule_set)} năm {year}"


def number_ref(number: str | None, kind: str, unit_code: str) -> str:
    """'07/BC-STC', or '…/BC-STC' with the blank the office fills at issue."""
    return f"{number_text(number).strip() or '…'}/{kind}-{unit_code.strip().upper()}"


def fill_in_places(doc: OfficialDocument) -> list[str]:
    """Every place of a written document a person completes (blank number and date, '…', the office's own
    paragraphs), with where it is, in reading order (layout.OfficialDocument.fill_ins)."""
    return [item.line() for item in doc.fill_ins]
