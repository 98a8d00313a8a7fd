"""`dvht cong-nhan`: record, list or remove recognition decisions."""
from __future__ import annotations

from pathlib import Path

import click

from dvht_batch.cli.app import cli
from dvht_batch.cli.common import debug_option, guard, out_option
from dvht_batch.messages import render


@cli.command("cong-nhan")
@click.option("--so", "number", help="Số quyết định công nhận, ví dụ 125/QĐ-UBND.")
@click.option("--ngay", "decided_on", help="Ngày ký quyết định (ngày/tháng/năm), ví dụ 15/3/2024.")
@click.option("--muc-do", "level", type=click.IntRange(1, 2), help="Mức độ được công nhận: 1 hoặc 2.")
@click.option("--co-quan", "authority", help="Người/cơ quan ra quyết định, ví dụ \"Chủ tịch Ủy ban nhân dân tỉnh …\".")
@click.option("--xoa", "remove", metavar="SO", help="Xóa quyết định có số này (ghi nhầm).")
@out_option("Thư mục kết quả; quyết định được ghi vào sổ lịch sử OUT/dvht.sqlite.")
@debug_option
def recognition_command(number, decided_on, level, authority, remove, out_dir: Path, debug: bool):
    """Ghi quyết định công nhận "Đơn vị học tập" (--so, --ngay, --muc-do, --co-quan) vào sổ lịch sử; không có
    --so thì liệt kê các quyết định đã ghi và mức độ đang được công nhận hôm nay."""
    from datetime import datetime

    from dvht_batch.ledger import recognition as rec

    now = datetime.now()  # the wall clock, read once
    today = now.date()
    if remove:
        removed = guard(lambda: rec.remove_recognition(out_dir, remove), debug)
        click.echo(render("decision-removed", count=removed, number=remove) if removed
                   else render("decision-not-found", number=remove))
    elif number or decided_on or level is not None or authority:
        decision = guard(lambda: rec.parse_decision(number or "", decided_on or "", level or 0, authority or "",
                                                     today), debug)
        new = guard(lambda: rec.record_recognition(out_dir, decision, now), debug)
        click.echo(render("decision-recorded" if new else "decision-updated", level=decision.level,
                          citation=decision.citation()))
        warning = rec.level_2_warning(guard(lambda: rec.load_recognitions(out_dir), debug), decision)
        if warning:
            click.secho(warning, fg="yellow")
    recognitions = guard(lambda: rec.load_recognitions(out_dir), debug)
    click.echo("\n".join(rec.listing(recognitions, today)))
