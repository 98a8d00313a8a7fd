"""`dvht ho-so`: the year's run and its recognition dossier for the Sở GDĐT (`pipeline.run_period` for the year)."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from dvht_batch.cli.app import cli
from dvht_batch.cli.common import config_option, debug_option, guard, out_option
from dvht_batch.period import Period


@cli.command("ho-so")
@click.argument("input_dir", type=click.Path(file_okay=False, path_type=Path))
@config_option("INPUT_DIR/dvht.toml, rồi ./dvht.toml")
@click.option("--nam", "year", type=click.IntRange(2000, 2100), required=True,
              help="Năm đánh giá, ví dụ 2025 (số liệu từ 01/01 đến 31/12 của năm).")
@out_option("Thư mục kết quả; kết quả năm ghi vào OUT/<năm>/, hồ sơ vào OUT/<năm>/ho_so/.")
@click.option("--pdf", is_flag=True, help="Xuất thêm bản PDF của các văn bản (cần LibreOffice).")
@debug_option
def dossier_command(input_dir: Path, config_path, year: int, out_dir: Path, pdf: bool, debug: bool):
    """Lập hồ sơ đề nghị công nhận "Đơn vị học tập" của năm: tổng hợp kỳ năm từ các bảng tính trong
    INPUT_DIR (như 'dvht run --period NĂM') và lập tờ trình, báo cáo tự đánh giá, bảng tổng hợp tiêu chí."""
    from dvht_batch import pipeline
    from dvht_batch.cli.console import Progress, print_summary
    from dvht_batch.cli.console_dossier import print_dossier

    request = pipeline.RunRequest(input_dir, out_dir, config_path, Period(year), documents=True, pdf=pdf,
                                  command="ho-so", process_ends=True, year_required=True)
    with Progress() as bar:
        done = guard(lambda: pipeline.run_period(request, clock=datetime.now, progress=bar), debug)
    print_summary(done.result, done.outputs)
    guard(lambda: print_dossier(done.result, done.outputs), debug)
