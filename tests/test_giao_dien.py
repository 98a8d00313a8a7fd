"""`dvht giao-dien` from the command line: what the clerk sees when it cannot start (Vietnamese, no traceback)."""
from __future__ import annotations

import socket
from pathlib import Path

from click.testing import CliRunner

from dvht_batch.cli import cli

SAMPLE_CONFIG = Path(__file__).resolve().parent.parent / "sample_data" / "dvht.toml"


def _start_on_a_taken_port(config: Path, out: Path):
    """`dvht giao-dien` on a port another program holds: (the port, the CLI's result)."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        return port, CliRunner().invoke(cli, ["giao-dien", "--config", str(config), "--out", str(out),
                                              "--port", str(port), "--no-browser"])


def test_port_in_use(tmp_path):
    port, result = _start_on_a_taken_port(SAMPLE_CONFIG, tmp_path / "out")
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
    port, result = _start_on_a_taken_port(config, tmp_path / "out")
    assert result.exit_code == 1 and f"Cổng {port}" in result.output, result.output
