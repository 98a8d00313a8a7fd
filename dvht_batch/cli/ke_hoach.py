"""`dvht ke-hoach`: write the KẾ HOẠCH of a year or of a multi-year period (`plan.make.make_plan`)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from dvht_batch.cli.app import cli
from dvht_batch.cli.common import config_option, debug_option, echo_written, guard, out_option
from dvht_batch.vocab.labels import warned


@cli.command("ke-hoach")
@config_option()
@click.option("--nam", "year", type=click.IntRange(2000, 2100),
              help="Năm của kế hoạch, ví dụ 2026 (mặc định: nam / giai_doan trong tệp kế hoạch).")
@click.option("--ke-hoach", "plan_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Tệp nội dung kế hoạch (mặc định: ke_hoach.toml cạnh dvht.toml, nếu có). Xem docs/ke-hoach.md.")
@out_option("Thư mục kết quả; tệp được ghi vào OUT/<năm>/ (kế hoạch nhiều năm: OUT/<năm đầu>-<năm cuối>/).")
@click.option("--pdf", is_flag=True, help="Xuất thêm bản PDF (cần LibreOffice).")
@debug_option
def plan_command(config_path, year: int | None, plan_path: Path | None, out_dir: Path, pdf: bool, debug: bool):
    """Lập KẾ HOẠCH xây dựng "Đơn vị học tập" (một năm hoặc một giai đoạn) theo bộ tiêu chí đã cấu hình và
    tệp nội dung kế hoạch của cơ quan."""
    from dvht_batch import pipeline
    from dvht_batch.plan.make import make_plan

    today = date.today()  # the day of the run: dates of the configuration and plan are judged against it
    config, rule_set = guard(lambda: pipeline.load_setup(config_path, None, need_departments=False, today=today),
                             debug)
    done = guard(lambda: make_plan(config, rule_set, out_dir, today=today, year=year, plan_path=plan_path, pdf=pdf),
                 debug)
    if done.content:
        click.echo(f"Dùng nội dung kế hoạch trong: {done.content}")
    echo_written(done.written)
    for item in done.checks:  # a date after the year began, the places to fill in (also in ke_hoach_<năm>_kiem_tra.txt)
        click.secho(item if item.startswith("Chỗ") else warned(item), fg="yellow")
    if done.last_year is not None:  # a plan under a repealed text (TT 22 after 26/01/2024) warns as `dvht run` does
        from dvht_batch.cli.console import print_law_warnings

        print_law_warnings(rule_set, config.guidance, date(done.last_year, 12, 31))
