"""What the province's documents share (Nghị định 30/2020 layout through writers/docx/layout.py): the
Sở's and the Ủy ban's header blocks, numbers and dates left for issue, signers, the legal basis, the
units' list by level, and the places a person fills in (highlighted, listed in the checklist)."""
from __future__ import annotations

from datetime import date

from dvht_batch.province.config import ProvinceConfig
from dvht_batch.rules import legal
from dvht_batch.vn.dates import long_date, short_date
from dvht_batch.writers.docx.common import QUOTED_DVHT, number_text, recipient_lines, signer_lines
from dvht_batch.writers.docx.layout import ClosingInfo, HeaderInfo, OfficialDocument
from dvht_batch.writers.docx.ooxml import Col, Table, mm, para, ppr, rpr, run

REPORT, REQUEST, LETTER, DECISION = "BC", "TTr", "", "QĐ"
NUMBER_KEYS = {REPORT: "so_bao_cao", REQUEST: "so_to_trinh", LETTER: "so_cong_van"}

__all__ = ["QUOTED_DVHT", "DECISION", "LETTER", "REPORT", "REQUEST"]


def doc_date(cfg: ProvinceConfig, today: date) -> date:
    return cfg.date or today


def number_ref(cfg: ProvinceConfig, kind: str) -> str:
    """'07/BC-SGDĐT', or '      /BC-SGDĐT' while the number is written at issue; a letter: '…/SGDĐT-…'."""
    n = number_text(cfg.number(NUMBER_KEYS[kind]))
    code = f"{kind}-{cfg.agency_code}" if kind else cfg.agency_code
    return f"{n}/{code}"


def agency_header(cfg: ProvinceConfig, kind: str, when: date) -> HeaderInfo:
    n = number_ref(cfg, kind)
    return HeaderInfo(agency=cfg.agency, parent=cfg.parent, number_line=f"Số: {n}" if n[0] != " " else f"Số:{n}",
                      place_date=f"{cfg.place}, {long_date(when)}")


def committee_header(cfg: ProvinceConfig, year: int) -> HeaderInfo:
    """The decision's header: the Ủy ban, its number and date left blank (a draft for the Chủ tịch)."""
    return HeaderInfo(agency=cfg.committee, number_line=f"Số:{number_text(None)}/{DECISION}-{cfg.committee_code}",
                      place_date=f"{cfg.place}, {long_date(None, year)}")


def decision_reference(cfg: ProvinceConfig, year: int) -> str:
    """'(Kèm theo Quyết định số      /QĐ-UBND ngày     tháng     năm 2026 của Chủ tịch Ủy ban nhân dân tỉnh …)'."""
    return (f"(Kèm theo Quyết định số{number_text(None)}/{DECISION}-{cfg.committee_code} {long_date(None, year)} "
            f"của {cfg.chair_title})")


def document_reference(cfg: ProvinceConfig, kind: str, name: str, when: date) -> str:
    """'Báo cáo số 07/BC-SGDĐT ngày 20/01/2026 của Sở Giáo dục và Đào tạo'."""
    return f"{name} số {number_ref(cfg, kind)} ngày {short_date(when)} của {cfg.agency}"


def agency_closing(cfg: ProvinceConfig, recipients: list[str]) -> ClosingInfo:
    return ClosingInfo(recipient_lines(recipients), signer_lines(cfg.signer), cfg.signer.full_name)


def chair_closing(cfg: ProvinceConfig, recipients: list[str]) -> ClosingInfo:
    return ClosingInfo(recipient_lines(recipients), signer_lines(cfg.chair), cfg.chair.full_name)


def legal_basis(doc: OfficialDocument, rule_set, year: int) -> None:
    """'Căn cứ <the rule set's legal text>;' while it is in force for the year; else a place to fill in."""
    cited = legal.cited_bases(rule_set, None, date(year, 12, 31))
    if not cited:
        doc.placeholder("Ghi căn cứ: văn bản quy định việc đánh giá, công nhận “Đơn vị học tập” đang có hiệu lực")
    for basis in cited:
        text = basis.strip().rstrip(";.")
        doc.body(f"{text if text.lower().startswith('căn cứ') else 'Căn cứ ' + text};")


def centred_bold(doc: OfficialDocument, text: str, before: int = 0, after: int = 240) -> None:
    """'CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …', 'QUYẾT ĐỊNH:' — bold, centred, kept with what follows."""
    doc.add(f"<w:p>{ppr(keep_next=True, jc='center', before=before, after=after, line=276)}"
            f"{run(text, rpr(bold=True, size=14))}</w:p>")


def addressee(doc: OfficialDocument, to: str) -> None:
    doc.add(para(f"Kính gửi: {to}.", jc="center", size=14, before=0, after=240, line=276))


def subject_under_number(doc: OfficialDocument, subject: str) -> None:
    """A letter's 'V/v …' under its number, in the header's left column (Nghị định 30, công văn)."""
    left = doc.text_width_mm * 0.40
    doc.add(para(subject, jc="center", size=12, before=0, after=240, line=240,
                 right=mm(doc.text_width_mm - left)))


def units_by_level(doc: OfficialDocument, rule_set, names_by_level: dict[int, list[str]]) -> None:
    """'I. Mức độ 2' … each with a table STT | Tên cơ quan, đơn vị (the highest level first)."""
    numerals = ("I", "II", "III", "IV")
    shown = [lv for lv in sorted(names_by_level, reverse=True) if names_by_level[lv]]
    for i, lv in enumerate(shown):
        doc.heading1(f"{numerals[i]}. {rule_set.level_name(lv)}")
        table = Table([Col(15, "center"), Col(doc.width_mm - 15)])
        table.row(["STT", "Tên cơ quan, đơn vị"], header=True)
        for n, name in enumerate(names_by_level[lv], start=1):
            table.row([str(n), name])
        doc.table(table)


def blank_items(cfg: ProvinceConfig, kind: str, name: str) -> list[str]:
    if number_text(cfg.number(NUMBER_KEYS[kind])).strip():
        return []
    return [f"{name}: số văn bản (Số:      /{(kind + '-') if kind else ''}{cfg.agency_code}) ghi khi phát hành."]
