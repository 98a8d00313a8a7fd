"""`dvht giao-dien` from the command line: what the clerk sees when it cannot start (Vietnamese, no traceback)."""
from __future__ import annotations

import socket
from pathlib import Path

from click.testing import CliRunner

from dvht_batch.cli import cli

SAMPLE_CONFIG = Path(__file__).resolve().parent.parent / "sample_data" / "dvht.toml"


def test_port_in_use(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["giao-dien", "--config", str(SAMPLE_CONFIG), "--out", str(tmp_path / "out"),
                                          "--port", str(port), "--no-browser"])
    assert result.exit_code == 1, result.output
    assert f"Cổng {port} đang được một chương trình khác dùng" in result.output and "Traceback" not in result.output


def test_missing_configuration(tmp_path):
    result = CliRunner().invoke(cli, ["giao-dien", "--config", str(tmp_path / "khong_co.toml"), "--no-browser"])
    assert result.exit_code == 2 and "khong_co.toml" in result.output


def test_an_agency_without_departments_gets_past_the_configuration(tmp_path):
    """No [[phong]]: the app still starts (its plan page works); here it stops only at the port taken."""
    text = SAMPLE_CONFIG.read_text(encoding="utf-8")
    config = tmp_path / "dvht.toml"
    config.write_text(text[:text.index("[[phong]]")], encoding="utf-8")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["giao-dien", "--config", str(config), "--out", str(tmp_path / "out"),
                                          "--port", str(port), "--no-browser"])
    assert result.exit_code == 1 and f"Cổng {port}" in result.output, result.output
