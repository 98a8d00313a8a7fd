"""`dvht giao-dien`: the office's local web app."""
from __future__ import annotations

from pathlib import Path

import click

from dvht_batch.cli.app import cli
from dvht_batch.cli.common import config_option, debug_option, folder_option, guard, out_option


@cli.command("giao-dien")
@config_option()
@out_option("Thư mục kết quả (như 'dvht run --out'); chỉ các tệp trong đó được tải về.")
@folder_option("--vao", "input_root", default=Path("du_lieu"),
               help="Thư mục chứa tệp các phòng gửi, mỗi kỳ một thư mục con (du_lieu/2025-11/).")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="Cổng trên máy này (0: một cổng còn trống).")
@click.option("--no-browser", is_flag=True, help="Không tự mở trình duyệt (đường dẫn được in ra).")
@debug_option
def web_command(config_path, out_dir: Path, input_root: Path, port: int, no_browser: bool, debug: bool):
    """Mở ứng dụng trên trình duyệt (chỉ máy này truy cập được): tải tệp lên, tổng hợp, tải kết quả, mẫu, kế hoạch, lịch sử."""
    from dvht_batch import pipeline
    from dvht_batch.web.server import serve

    # an agency without departments may still write its KẾ HOẠCH there (the pages that need them say so)
    config, rule_set = guard(lambda: pipeline.load_setup(config_path, None, need_departments=False), debug)
    guard(lambda: serve(config, rule_set, config.path, out_dir, input_root, port, open_browser=not no_browser,
                         announce=click.echo), debug)
