"""`dvht nhan-thu`: fetch new messages carrying workbooks from an IMAP mailbox."""
from __future__ import annotations

from pathlib import Path

import click

from dvht_batch.cli.app import cli
from dvht_batch.cli.common import debug_option, folder_option, guard, out_option


@cli.command("nhan-thu")
@click.option("--host", envvar="DVHT_IMAP_HOST", required=True, help="Máy chủ IMAP (hoặc biến môi trường DVHT_IMAP_HOST).")
@click.option("--user", envvar="DVHT_IMAP_USER", required=True, help="Tên đăng nhập hộp thư (hoặc DVHT_IMAP_USER).")
@click.option("--port", type=click.IntRange(1, 65535), default=993, show_default=True, envvar="DVHT_IMAP_PORT",
              help="Cổng IMAP qua TLS.")
@click.option("--thu-muc", "folder", default="INBOX", show_default=True, help="Thư mục trong hộp thư.")
@folder_option("--vao", "intake_dir", default=Path("thu"),
               help="Thư mục lưu các thư có tệp Excel (rồi chạy 'dvht run' trên thư mục này).")
@out_option("Thư mục kết quả; sổ lịch sử dvht.sqlite ở đó ghi nhớ các thư đã nhận.")
@click.option("--cafile", envvar="DVHT_IMAP_CAFILE", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Tệp chứng chỉ CA riêng, khi máy chủ nội bộ dùng chứng chỉ tự cấp (hoặc DVHT_IMAP_CAFILE).")
@click.option("--thoi-gian-toi-da", "deadline", type=click.IntRange(5, 86400), default=900, show_default=True,
              help="Số giây tối đa cho cả lần nhận thư; máy chủ chậm hơn thì dừng (thư đã nhận được giữ lại).")
@debug_option
def fetch_mail_command(host: str, user: str, port: int, folder: str, intake_dir: Path, out_dir: Path, cafile,
                       deadline: int, debug: bool):
    """Nhận thư mới có tệp Excel đính kèm từ hộp thư IMAP (qua TLS) vào một thư mục. Mật khẩu: biến môi
    trường DVHT_IMAP_PASSWORD, hoặc nhập khi được hỏi (không bao giờ ghi trong tệp cấu hình)."""
    import os
    from datetime import datetime

    from dvht_batch.mail.fetch import fetch_new

    password = os.environ.get("DVHT_IMAP_PASSWORD") or click.prompt("Mật khẩu hộp thư", hide_input=True)
    report = guard(lambda: fetch_new(host, user, password, intake_dir, out_dir, folder, port, cafile,
                                     deadline=deadline, now=datetime.now()), debug)  # the clock, read at this edge
    for path in report.saved:
        click.echo(f"Đã lưu: {path}")
    click.echo(f"Thư mới có tệp Excel: {len(report.saved)}; không có tệp Excel: {report.without_workbook}; "
               f"quá lớn: {report.too_large}; đã nhận từ trước: {report.already_seen}.")
