"""Sheet `Kiem_tra` of the consolidated workbook: what the office checks before signing — whether the
legal text applied is in force, and every unconfirmed item of the rule set (rules/legal.py). The signed
documents carry no such notes; they live here and on the console."""
from __future__ import annotations

from dvht_batch.models import RunResult
from dvht_batch.rules import legal
from dvht_batch.writers.xlsx_common import Col, Styles, print_setup, write_table


def write_checklist(wb, st: Styles, result: RunResult) -> None:
    ws = wb.add_worksheet("Kiem_tra")
    checks = legal.office_checks(result.rule_set, result.config, result.period.last_day())
    rows = [[i, text] for i, text in enumerate(checks, start=1)] or [[None, "Không có nội dung cần đối chiếu."]]
    write_table(ws, st, 0, [Col("STT", 6, "int"), Col("Nội dung Văn phòng kiểm tra trước khi ký văn bản", 110, "wrap")],
                rows)
    print_setup(ws, "Kiểm tra trước khi ký", result.unit.name, result.period.label())
