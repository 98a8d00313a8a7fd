"""`dvht run`: read every workbook of a folder, check, consolidate, score and write the period's outputs
(`pipeline.run_period`)."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from dvht_batch.cli.app import cli
from dvht_batch.cli.common import config_option, debug_option, guard, out_option, parse_period


@cli.command("run")
@click.argument("input_dir", type=click.Path(file_okay=False, readable=False, path_type=Path))  # unreadable: exit 1, os_faults
@config_option("INPUT_DIR/dvht.toml, rồi ./dvht.toml")
@click.option("--period", callback=parse_period, help="Kỳ báo cáo YYYY-MM (tháng) hoặc YYYY (năm); mặc định: kỳ ghi trong các tệp.")
@out_option("Thư mục kết quả; các tệp được ghi vào OUT/<kỳ>/.")
@click.option("--pdf", is_flag=True, help="Xuất thêm bản PDF của các báo cáo (cần LibreOffice).")
@click.option("--no-docx", is_flag=True, help="Không lập các văn bản Word (chỉ JSON và Excel).")
@click.option("-q", "--quiet", is_flag=True, help="Không hiện thanh tiến độ và bản tóm tắt.")
@debug_option
def run_command(input_dir: Path, config_path, period, out_dir: Path, pdf: bool, no_docx: bool, quiet: bool, debug: bool):
    """Đọc mọi bảng tính trong INPUT_DIR, kiểm tra, tổng hợp, chấm điểm và lập báo cáo."""
    from dvht_batch import pipeline
    from dvht_batch.cli.console import Progress, print_notes, print_summary

    request = pipeline.RunRequest(input_dir, out_dir, config_path, period, documents=not no_docx, pdf=pdf,
                                  process_ends=True)
    with Progress(enabled=not quiet) as bar:
        done = guard(lambda: pipeline.run_period(request, clock=datetime.now, progress=bar), debug)
    if quiet:
        print_notes(done.outputs)  # the clerk's files set aside are named all the same
    else:
        print_summary(done.result, done.outputs)
        if done.outputs.dossier is not None:  # a year under a levels rule set: its dossier was written too
            from dvht_batch.cli.console_dossier import print_dossier

            guard(lambda: print_dossier(done.result, done.outputs), debug)
