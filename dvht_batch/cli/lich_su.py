"""`dvht lich-su`: the ledger's history of results, per criterion, unit and department."""
from __future__ import annotations

from pathlib import Path

import click

from dvht_batch.cli.app import cli
from dvht_batch.cli.common import debug_option, guard, out_option


@cli.command("lich-su")
@out_option("Thư mục kết quả của 'dvht run' (nơi có sổ lịch sử dvht.sqlite).")
@click.option("--phong", "department", help="Chỉ xem một phòng, theo mã phòng (ví dụ VP).")
@debug_option
def history_command(out_dir: Path, department: str | None, debug: bool):
    """Xem lịch sử kết quả các kỳ: tỉ lệ đạt từng tiêu chí của đơn vị và từng phòng, và thay đổi so với kỳ trước."""
    from dvht_batch.cli.history_table import print_history

    guard(lambda: print_history(out_dir, department), debug)
