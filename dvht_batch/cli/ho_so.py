"""`dvht ho-so`: the year's run and its recognition dossier for the Sở GDĐT."""
from __future__ import annotations

from contextlib import ExitStack
from datetime import date
from pathlib import Path

import click

from dvht_batch.cli.app import cli
from dvht_batch.cli.common import config_option, debug_option, guard, out_option
from dvht_batch.assess.aggregate import require_year
from dvht_batch.period import Period
from dvht_batch.output.lock import output_lock


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

    config, rule_set = guard(lambda: pipeline.load_setup(config_path, input_dir, today=date.today()), debug)
    with ExitStack() as held:  # the output folder's lock, as for 'dvht run'
        guard(lambda: held.enter_context(output_lock(out_dir, "ho-so")), debug)
        with Progress() as bar:
            result = guard(lambda: pipeline.collect(input_dir, config, rule_set, Period(year), progress=bar.advance,
                                                     on_total=bar.start, out_root=out_dir), debug)
        # a folder without any file of the year: said, no dossier of an empty year written
        guard(lambda: require_year(result.files, year, input_dir), debug)
        outputs = guard(lambda: pipeline.write_outputs(result, out_dir, documents=True, pdf=pdf), debug)
    print_summary(result, outputs)
    guard(lambda: print_dossier(result, outputs), debug)
