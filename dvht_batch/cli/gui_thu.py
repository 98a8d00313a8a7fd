"""`dvht gui-thu`: the mail to the departments — drafts first, sent with --gui (docs/gui-thu.md).

The clock is read here (the command line's edge) and passed in; the output folder's lock is held while
drafts are written and messages sent (the sent log is in the ledger).
"""
from __future__ import annotations

import os
import time
from datetime import datetime
from pathlib import Path

import click

from dvht_batch.cli.app import cli
from dvht_batch.cli.common import config_option, debug_option, fail, guard, out_option, parse_period
from dvht_batch.messages import render
from dvht_batch.vn.dates import moment

KIND_HELP = ("mau: mẫu bảng tính của kỳ cho mọi phòng; nhac: nhắc các phòng chưa có tệp dùng được; "
             "phan-hoi: bảng tính phản hồi cho phòng có tệp bị từ chối; ket-qua: báo cáo kết quả cho phòng đạt.")


def _when(stamp: str | None) -> str:
    try:
        when = datetime.fromisoformat(str(stamp))
    except ValueError:
        return str(stamp or "")
    return moment(when)


def _print_round(round_) -> None:
    batch, plan, drafts = round_.batch, round_.plan, round_.drafts
    about = f" (lần tổng hợp {batch.run_key})" if batch.run_key else ""
    click.echo(f"Thư loại '{batch.kind}' kỳ {batch.period}{about}: {len(batch.letters)} thư.")
    for letter in batch.letters:
        cc = f" (Cc: {', '.join(letter.cc)})" if letter.cc else ""
        note = f" [{letter.note}]" if letter.note else ""
        click.echo(f"  {letter.department} — {letter.department_name}{note} → {', '.join(letter.to)}{cc}")
        click.echo(f"      Tiêu đề: {letter.subject}")
        if letter.attachments:
            click.echo("      Đính kèm: " + "; ".join(f"{n} ({len(d) // 1024 + 1} KB)" for n, d in letter.attachments))
        if letter.department in drafts:
            click.echo(f"      Thư nháp: {drafts[letter.department]}")
    if batch.without_address:
        click.secho("Phòng chưa có địa chỉ thư, chưa lập thư (thêm email = \"…\" vào [[phong]] của phòng trong "
                    "dvht.toml):", fg="yellow")
        for code, name, due in batch.without_address:
            click.secho(f"  {code} — {name} ({due})", fg="yellow")
    for letter, entry in plan.already:
        click.echo(f"  Đã gửi {letter.department} — {letter.department_name} lúc {_when(entry.finished_at)} tới "
                   f"{entry.recipients} ({entry.message_id}): không gửi lại (muốn gửi lại: --gui-lai --phong "
                   f"{letter.department}).")
    for letter, entry in plan.unknown:
        click.secho(f"  Chưa rõ đã gửi hay chưa: {letter.department} — {letter.department_name} (bắt đầu gửi lúc "
                    f"{_when(entry.started_at)}, lần gửi bị ngắt khi máy chủ đang nhận thư, {entry.message_id}). "
                    f"Hãy xem hộp thư đã gửi hoặc hỏi phòng; nếu phòng chưa nhận: --gui-lai --phong {letter.department}.",
                    fg="yellow")
    if not round_.sending:
        click.echo(f"Chưa gửi thư nào: đã lập {len(drafts)} thư nháp (mở bằng Outlook hoặc Thunderbird để xem, "
                   "sửa và gửi), hoặc chạy lại lệnh với --gui để gửi.")
    elif not plan.to_send:
        click.echo("Không còn thư nào cần gửi.")


def _password(settings) -> str:
    return os.environ.get(settings.password_variable) or click.prompt(
        f"Mật khẩu hộp thư {settings.account} (hoặc đặt biến môi trường {settings.password_variable})", hide_input=True)


@cli.command("gui-thu")
@config_option()
@click.option("--period", callback=parse_period, required=True, help="Kỳ báo cáo YYYY-MM (tháng) hoặc YYYY (năm).")
@out_option("Thư mục kết quả của 'dvht run' (có dvht.sqlite); thư nháp ghi vào OUT/<kỳ>/thu_di/.")
@click.option("--loai", "kind", required=True, type=click.Choice(["mau", "nhac", "phan-hoi", "ket-qua"]), help=KIND_HELP)
@click.option("--gui", "send", is_flag=True, help="Gửi thư qua máy chủ thư trong [thu_di] (không có: chỉ lập thư nháp).")
@click.option("--gui-lai", "resend", is_flag=True,
              help="Gửi lại cả thư đã gửi hoặc chưa rõ đã gửi chưa (nên kèm --phong).")
@click.option("--phong", "departments", multiple=True, help="Chỉ thư cho phòng này (mã phòng; dùng nhiều lần được).")
@debug_option
def gui_thu_command(config_path, period, out_dir: Path, kind: str, send: bool, resend: bool, departments, debug: bool):
    """Lập thư cho các phòng (mẫu, nhắc, phản hồi, kết quả) thành thư nháp .eml trong OUT/<kỳ>/thu_di/; với --gui
    thì gửi qua máy chủ thư, mỗi thư một lần (sổ thư đã gửi trong dvht.sqlite)."""
    from dvht_batch import pipeline
    from dvht_batch.mail import outbox

    def now() -> datetime:  # the clock, read at this edge only
        return datetime.now().astimezone()

    config, rule_set = guard(lambda: pipeline.load_setup(config_path, None, today=now().date()), debug)
    round_ = guard(lambda: outbox.go_round(
        config, rule_set, period, out_dir, kind, send_them=send, resend=resend, departments=tuple(departments),
        password=_password, now=now, sleep=time.sleep, on_planned=_print_round, on_sent=_print_sent), debug)
    if round_.sent:
        click.echo(f"Đã gửi {sum(1 for s in round_.sent if s.outcome.accepted)}/{len(round_.plan.to_send)} thư.")
    if round_.problems:
        fail(render("mail-some-refused", count=round_.problems), 1)


def _print_sent(sent) -> None:
    letter, outcome = sent.letter, sent.outcome
    if outcome.accepted:
        click.echo(f"Đã gửi: {letter.department} — {letter.department_name} → {', '.join(letter.to)}")
    else:
        click.secho(f"Không gửi được: {letter.department} — {letter.department_name}: {outcome.error}", fg="red")
    for address, answer in outcome.refused.items():
        click.secho(f"  Địa chỉ bị từ chối: {address} ({answer})", fg="red")
