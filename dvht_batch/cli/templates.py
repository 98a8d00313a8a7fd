"""`dvht templates`: the departments' and the unit's workbook templates (blank, or for a period, prefilled:
`writers.templates.make_templates`)."""
from __future__ import annotations

from pathlib import Path

import click

from dvht_batch.cli.app import cli
from dvht_batch.messages import render
from dvht_batch.cli.common import config_option, debug_option, echo_written, fail, folder_option, guard, out_option, parse_period


@cli.command("templates")
@config_option()
@click.option("--period", callback=parse_period, help="Kỳ báo cáo YYYY-MM hoặc YYYY, điền sẵn vào các mẫu.")
@out_option("Thư mục ghi các mẫu.", default=Path("input_templates"))
@click.option("--blank", is_flag=True, help="Chỉ lập mẫu chung để trống (không cần cấu hình), theo --rules.")
@click.option("--rules", "rules_name", default="tt22-2020", show_default=True,
              help="Bộ tiêu chí cho mẫu chung (--blank); khi có cấu hình thì dùng bộ tiêu chí của cấu hình.")
@click.option("--prefill", is_flag=True,
              help="Điền sẵn danh sách thành viên của mỗi phòng từ lần gửi hợp lệ gần nhất (sổ lịch sử trong --ket-qua).")
@folder_option("--ket-qua", "results_dir", default=Path("output"),
               help="Thư mục kết quả của 'dvht run' (có dvht.sqlite và luu_tru/), dùng với --prefill.")
@debug_option
def templates_command(config_path, period, out_dir: Path, blank: bool, rules_name: str, prefill: bool,
                      results_dir: Path, debug: bool):
    """Lập các bảng tính mẫu cho từng phòng và cho cơ quan (có danh sách chọn, khóa tiêu đề)."""
    from dvht_batch import pipeline
    from dvht_batch.rules import load_rule_set
    from dvht_batch.writers import templates

    if blank:
        rule_set = guard(lambda: load_rule_set(rules_name), debug)
        echo_written(guard(lambda: templates.write_blank_templates(out_dir, rule_set), debug))
        return
    if period is None:
        fail(render("templates-no-period"), 2)
    config, rule_set = guard(lambda: pipeline.load_setup(config_path, None), debug)
    done = guard(lambda: templates.make_templates(config, rule_set, period, out_dir, results_dir if prefill else None),
                 debug)
    if done.prefilled is not None:
        click.echo(f"Điền sẵn danh sách thành viên cho {done.prefilled}/{len(config.departments)} phòng "
                   f"(từ lần gửi hợp lệ gần nhất trong '{results_dir}').")
    echo_written(done.written)
