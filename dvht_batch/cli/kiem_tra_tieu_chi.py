"""`dvht kiem-tra-tieu-chi`: check a rule file and summarise its criteria."""
from __future__ import annotations

import sys

import click

from dvht_batch.cli.app import cli
from dvht_batch.cli.common import debug_option, guard


@cli.command("kiem-tra-tieu-chi")
@click.argument("rule_file")
@debug_option
def check_rules_command(rule_file: str, debug: bool):
    """Kiểm tra tệp bộ tiêu chí RULE_FILE (.toml, hoặc tt22-2020 / tt24-2023): hợp lệ thì tóm tắt các tiêu chí
    (mã thoát 0); có lỗi thì nêu từng lỗi và cách sửa (mã thoát 2)."""
    from dvht_batch.rules.check import check_rule_file

    report = guard(lambda: check_rule_file(rule_file), debug)
    click.echo("\n".join(report.lines()), err=not report.ok)
    if not report.ok:
        sys.exit(2)
