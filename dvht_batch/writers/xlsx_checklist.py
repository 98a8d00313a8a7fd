"""Sheet `Kiem_tra` of the consolidated workbook: what the office checks before signing — dates in the
documents that contradict each other (document_dates), whether the legal text applied is in force, and
every unconfirmed item of the rule set (rules/legal.py). The signed documents carry no such notes; they live
here, on the console and in kiem_tra_truoc_khi_ky.txt (which also lists each place to fill in)."""
from __future__ import annotations

from dvht_batch.writers.run_checklist import run_checks
from dvht_batch.models import RunResult
from dvht_batch.rules import legal
from dvht_batch.writers.xlsx_common import Col, Styles, print_setup, write_table

PLACES_TO_FILL = ("Số, ngày văn bản và các đoạn Văn phòng bổ sung (tô vàng trong văn bản): danh sách từng chỗ, "
                  "ở đâu, trong tệp kiem_tra_truoc_khi_ky.txt cùng thư mục.")


def checklist_rows(result: RunResult) -> list[str]:
    return [*run_checks(result), *legal.office_checks(result.rule_set, result.config, result.period.last_day()),
            PLACES_TO_FILL]


def write_checklist(wb, st: Styles, result: RunResult) -> None:
    ws = wb.add_worksheet("Kiem_tra")
    rows = [[i, text] for i, text in enumerate(checklist_rows(result), start=1)]
    write_table(ws, st, 0, [Col("STT", 6, "int"), Col("Nội dung Văn phòng kiểm tra trước khi ký văn bản", 110, "wrap")],
                rows)
    print_setup(ws, "Kiểm tra trước khi ký", result.unit.name, result.period.label())
