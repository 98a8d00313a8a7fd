"""Terminal output of `dvht ho-so`: where the dossier is, what it requests, the 15 January deadline and
what the office must check before the head signs."""
from __future__ import annotations

import os

import click

from dvht_batch.assess.dossier import Checklist, data_items, deadline_line, is_levels, unconfirmed_items
from dvht_batch.models import RunResult
from dvht_batch.writers.docx.bao_cao import build_unit_report
from dvht_batch.writers.docx.ho_so_common import fill_in_places


def points_checklist(result: RunResult) -> Checklist:
    """Under a points rule set (tt22-2020) the dossier is the year's BÁO CÁO: its fill-in places."""
    report = build_unit_report(result)
    return Checklist(unconfirmed=unconfirmed_items(result),
                     fill_in=[f"Báo cáo: {text}" for text in fill_in_places(report)],
                     data=data_items(result))


def print_dossier(result: RunResult, outputs) -> None:
    """The dossier of `dvht ho-so` (or of a year's `dvht run`); the deadline is counted from the run's day."""
    echo = click.echo
    today = result.generated_at.date()
    year = result.period.year
    echo("")
    if is_levels(result) and outputs.dossier is not None:
        dossier = outputs.dossier
        request = dossier.request
        echo(f"Hồ sơ đề nghị công nhận “Đơn vị học tập” năm {year}: {os.path.normpath(dossier.folder)}")
        for path in [*dossier.documents, dossier.table]:
            if path is not None:
                echo(f"  {path.name}")
        if request.level is not None:
            echo(f"  Đề nghị công nhận mức độ {request.level}.")
        elif request.notice is None:
            click.secho("  Kết quả chưa đạt mức độ 1: chưa đủ điều kiện đề nghị công nhận (không lập tờ trình).",
                        fg="yellow")
        if request.notice:  # a level held, Mức độ 2 too early, requirements not confirmed
            click.secho(f"  {request.notice}", fg="yellow")
        checklist = dossier.checklist
    else:
        echo(f"Bộ tiêu chí {result.rule_set.label} chấm điểm: hồ sơ năm {year} là báo cáo tự đánh giá, xếp loại "
             f"{os.path.normpath(outputs.unit_report) if outputs.unit_report else ''} (kèm bảng tổng hợp tong_hop.xlsx).")
        checklist = points_checklist(result)
    click.secho(deadline_line(year, today), bold=True)
    if checklist.sections():
        echo("Trước khi trình ký, Văn phòng kiểm tra:")
        for line in checklist.lines():
            click.secho(line, fg="yellow" if line.startswith("  ") else None)
    else:
        echo("Không có mục nào cần kiểm tra thêm trước khi trình ký.")
