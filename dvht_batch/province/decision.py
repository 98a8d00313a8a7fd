"""The draft QUYẾT ĐỊNH công nhận “Đơn vị học tập” for the Chủ tịch Ủy ban nhân dân tỉnh (TT 24/2023,
Điều 11.1: the Chủ tịch decides; the Sở only advises, Điều 18.1), with its annex "Danh sách … kèm theo"
by level, and the Sở's TỜ TRÌNH asking for it. Only recognised units are named; what is not confirmed
(the start of the 36 months' validity, the law the Ủy ban cites for its powers) is a highlighted place
for the signer's office, listed in the checklist — never printed as law."""
from __future__ import annotations

from datetime import date

from dvht_batch.province.config import ProvinceConfig
from dvht_batch.province.doc_common import (
    QUOTED_DVHT, REPORT, REQUEST, addressee, agency_closing, agency_header, centred_bold, chair_closing,
    committee_header,
    decision_reference, document_reference, legal_basis, units_by_level,
)
from dvht_batch.province.year import Outcome
from dvht_batch.vn.numbers import fmt_int
from dvht_batch.writers.docx.layout import OfficialDocument


def recognised_by_level(outcomes: list[Outcome]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for o in outcomes:
        if o.level is not None:
            out.setdefault(o.level, []).append(o.record.unit.name)
    return out


def count_sentence(rule_set, by_level: dict[int, list[str]]) -> str:
    """'19 cơ quan, đơn vị đạt mức độ 2; 36 cơ quan, đơn vị đạt mức độ 1'."""
    return "; ".join(f"{fmt_int(len(by_level[lv]))} cơ quan, đơn vị đạt {rule_set.level_name(lv).lower()}"
                     for lv in sorted(by_level, reverse=True) if by_level[lv])


def build_decision(cfg: ProvinceConfig, rule_set, outcomes: list[Outcome], request_date: date) -> OfficialDocument:
    year = cfg.year
    by_level = recognised_by_level(outcomes)
    total = sum(len(v) for v in by_level.values())
    summary = f"Về việc công nhận {QUOTED_DVHT} năm {year}"
    doc = OfficialDocument(cfg.margins_mm, title=summary)
    doc.header_block(committee_header(cfg, year + 1))
    doc.title_block("Quyết định", summary)
    centred_bold(doc, cfg.chair_title.upper())
    doc.body([("Căn cứ Luật Tổ chức chính quyền địa phương: ghi số, ngày của luật đang có hiệu lực", "h"), ";"])
    legal_basis(doc, rule_set, year)
    request = document_reference(cfg, REQUEST, "Tờ trình", request_date)
    doc.body(f"Theo đề nghị của Giám đốc {cfg.agency} tại {request}.")
    centred_bold(doc, "QUYẾT ĐỊNH:", before=120, after=120)
    doc.body([("Điều 1. ", "b"), f"Công nhận {QUOTED_DVHT} năm {year} đối với {fmt_int(total)} cơ quan, đơn vị "
              f"(có danh sách kèm theo), gồm: {count_sentence(rule_set, by_level)}."])
    doc.body([("Điều 2. ", "b"), ("Thời hạn bảo lưu kết quả công nhận: ghi theo Thông tư 24/2023/TT-BGDĐT sau khi đối "
                                   "chiếu cách tính (36 tháng kể từ ngày ký hay 03 năm tiếp theo năm được công nhận)", "h"),
              ". Quyết định này có hiệu lực kể từ ngày ký."])
    doc.body([("Điều 3. ", "b"), f"Chánh Văn phòng {cfg.committee}, Giám đốc {cfg.agency}, Thủ trưởng các cơ quan, "
              "đơn vị có tên tại Điều 1 và các cơ quan, đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này./."],
             keep_next=True)
    doc.closing(chair_closing(cfg, ["Như Điều 3", "Bộ Giáo dục và Đào tạo (để báo cáo)", "Lưu: VT"]))
    doc.annex("", f"Danh sách cơ quan, đơn vị được công nhận {QUOTED_DVHT} năm {year}", decision_reference(cfg, year + 1),
              caption=" ")
    units_by_level(doc, rule_set, by_level)
    return doc


def build_request(cfg: ProvinceConfig, rule_set, outcomes: list[Outcome], when: date) -> OfficialDocument:
    """The Sở's TỜ TRÌNH to the Ủy ban: recognise the units the appraisal found eligible."""
    year = cfg.year
    by_level = recognised_by_level(outcomes)
    total = sum(len(v) for v in by_level.values())
    summary = f"Về việc đề nghị công nhận {QUOTED_DVHT} năm {year}"
    doc = OfficialDocument(cfg.margins_mm, title=summary)
    doc.header_block(agency_header(cfg, REQUEST, when))
    doc.title_block("Tờ trình", summary)
    addressee(doc, cfg.committee)
    legal_basis(doc, rule_set, year)
    report = document_reference(cfg, REPORT, "Báo cáo", when)
    doc.body(f"Căn cứ {report} về kết quả thẩm định hồ sơ đề nghị công nhận {QUOTED_DVHT} năm {year};")
    doc.body(f"{cfg.agency} kính trình Chủ tịch {cfg.committee} xem xét, quyết định công nhận {QUOTED_DVHT} năm "
             f"{year} đối với {fmt_int(total)} cơ quan, đơn vị, gồm: {count_sentence(rule_set, by_level) or 'không có'}.")
    doc.body("(Có dự thảo Quyết định và danh sách các cơ quan, đơn vị kèm theo.)")
    doc.body(f"{cfg.agency} kính trình Chủ tịch {cfg.committee} xem xét, quyết định./.", keep_next=True)
    doc.closing(agency_closing(cfg, ["Như trên", "Lưu: VT"]))
    return doc
