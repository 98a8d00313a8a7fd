"""How documents, sheets and the console speak of each scheme — one table per scheme, so that
no writer carries its own if-branches about "xếp loại" or "công nhận".

Points (TT 22/2020): a unit is scored out of 100 and classified (xếp loại Tốt / Khá / …).
Levels (TT 24/2023): a unit is recognised (công nhận) at Mức độ 1 or 2; no points, no "xếp loại".
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Wording:
    item: str              # what one line of the rule set is called
    evaluate: str          # "đánh giá, xếp loại" — what the unit undergoes
    year_verb: str         # in the year report's summary: "Kết quả tự đánh giá, <year_verb> …"
    result_label: str      # the label of the unit's outcome in sheets and on the console
    self_sheet: str        # the unit's own sheet of self-assessed criteria
    missing_effect: str    # what happens to those criteria while the sheet is missing
    outcome_heading: str   # section III of the BÁO CÁO
    self_assessment: str   # the year-end step in the KẾ HOẠCH timetable


WORDING: dict[str, Wording] = {
    "points": Wording(
        item="tiêu chí",
        evaluate="đánh giá, xếp loại",
        year_verb="xếp loại",
        result_label="Xếp loại",
        self_sheet="bảng tự chấm",
        missing_effect="đang tạm tính 0 điểm",
        outcome_heading="III. Tổng điểm và xếp loại",
        self_assessment="Tự đánh giá, xếp loại",
    ),
    "levels": Wording(
        item="chỉ tiêu",
        evaluate="đánh giá, công nhận",
        year_verb="đề nghị công nhận",
        result_label="Kết quả công nhận",
        self_sheet="bảng tự đánh giá",
        missing_effect="đang được tính là chưa đạt",
        outcome_heading="III. Kết quả tự đánh giá mức độ",
        self_assessment="Tự đánh giá, đề nghị công nhận",
    ),
}
