"""Renewals (`dvht tinh gia-han --nam N`): the units whose recognition runs out during year N, and those that
become admissible for Mức độ 2 during year N (12 months after their Mức độ 1 decision), from the decisions
in the register. The validity is counted as the agency's ledger counts it (36 months from the decision);
where the other reading ("03 năm tiếp theo năm được công nhận") gives another day, both are shown."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from dvht_batch.province.checks import calendar_year_end
from dvht_batch.province.register import all_units, recognitions
from dvht_batch.ledger.recognition import Recognition, standing
from dvht_batch.vn.dates import short_date
from dvht_batch.writers.atomic import atomic_write
from dvht_batch.writers.xlsx_common import Col, Styles, open_workbook, print_setup, write_table


@dataclass(frozen=True)
class Renewal:
    unit: str
    kind: str                      # "expires" | "level2"
    decision: Recognition
    day: date                      # the last valid day, or the first day Mức độ 2 may be requested
    other_reading: date | None = None

    def line(self) -> str:
        if self.kind == "level2":
            return (f"{self.unit}: mức độ 1 ({self.decision.citation()}); được đề nghị công nhận mức độ 2 từ ngày "
                    f"{short_date(self.day)}.")
        other = (f" (theo cách hiểu “03 năm tiếp theo năm được công nhận”: đến hết ngày {short_date(self.other_reading)})"
                 if self.other_reading and self.other_reading != self.day else "")
        return (f"{self.unit}: mức độ {self.decision.level} ({self.decision.citation()}) có giá trị đến hết ngày "
                f"{short_date(self.day)}{other}.")


def renewals(conn, year: int) -> list[Renewal]:
    decided = recognitions(conn)
    out: list[Renewal] = []
    for unit in all_units(conn):
        decisions = decided.get(unit.id, [])
        if not decisions:
            continue
        newest = max(decisions, key=lambda r: (r.decided_on, r.level))
        if newest.valid_until.year == year:
            out.append(Renewal(unit.name, "expires", newest, newest.valid_until, calendar_year_end(newest.decided_on)))
        st = standing(decisions, date(year, 1, 1))
        start = st.level_2_from
        if st.level == 1 and start is not None and start.year == year:
            out.append(Renewal(unit.name, "level2", st.current, start))
    return sorted(out, key=lambda r: (r.kind, r.day, r.unit))


def write_renewals(path: Path, items: list[Renewal], year: int, agency: str) -> Path:
    cols = [Col("STT", 6), Col("Cơ quan, đơn vị", 40, "wrap"), Col("Nội dung", 30, "wrap"), Col("Quyết định", 40, "wrap"),
            Col("Mức độ", 8), Col("Ngày", 12), Col("Cách hiểu khác về thời hạn", 24, "wrap")]
    label = {"expires": "Hết thời hạn công nhận trong năm", "level2": "Được đề nghị công nhận mức độ 2"}
    rows = [[i, r.unit, label[r.kind], r.decision.citation(), r.decision.level, short_date(r.day),
             short_date(r.other_reading) if r.other_reading and r.other_reading != r.day else ""]
            for i, r in enumerate(items, start=1)]

    def write(tmp: Path) -> None:
        wb = open_workbook(tmp)
        st = Styles(wb)
        ws = wb.add_worksheet("Gia_han")
        ws.write(0, 0, f"CƠ QUAN, ĐƠN VỊ CẦN THÔNG BÁO TRONG NĂM {year}: HẾT THỜI HẠN CÔNG NHẬN, ĐƯỢC ĐỀ NGHỊ MỨC ĐỘ 2",
                 st.title)
        ws.write(1, 0, "Thời hạn 36 tháng tính theo ngày quyết định; cột cuối: ngày theo cách hiểu “bảo lưu 03 năm tiếp "
                       "theo năm được công nhận” (chưa xác nhận — đối chiếu Thông tư 24/2023/TT-BGDĐT).", st.subtitle)
        write_table(ws, st, 3, cols, rows)
        print_setup(ws, "Gia hạn, đề nghị mức độ 2", agency, f"Năm {year}")
        wb.close()

    return atomic_write(path, write)
