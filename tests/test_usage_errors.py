"""Usage errors of every command reach the clerk in Vietnamese, exit status 2 (dvht_batch/cli/usage.py)."""
from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from builders import run_cli
from click.testing import CliRunner

from dvht_batch.cli import cli

# A valid command line for each command (values only need to pass click's parsing).
MINIMAL = {
    "run": ["du_lieu"],
    "ke-hoach": ["--nam", "2026"],
    "ho-so": ["du_lieu", "--nam", "2025"],
    "templates": [],
    "lich-su": [],
    "nhan-thu": ["--host", "mail.example.vn", "--user", "vanphong"],
    "kiem-tra-tieu-chi": ["tt22-2020"],
    "giao-dien": [],
    "cong-nhan": [],
    "tinh mau-ho-so": [],
    "tinh nhan-ho-so": ["ho_so"],
    "tinh tham-dinh": ["phieu.xlsx"],
    "tinh ghi-quyet-dinh": ["--so", "304/QĐ-UBND", "--ngay", "20/02/2026"],
    "tinh gia-han": ["--nam", "2027"],
    "gui-thu": ["--period", "2025-11", "--loai", "mau"],
}
ENGLISH = re.compile(r"Error|Usage|Invalid value|Missing|No such|Got unexpected|Try '|is a file|is not in the range"
                     r"|requires an argument|does not take a value|Aborted")


def leaf_commands(group: click.Group = cli, prefix: str = "") -> dict[str, click.Command]:
    """Every command a clerk types, a group's commands as "group command" ("tinh nhan-ho-so")."""
    out = {}
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            out.update(leaf_commands(command, f"{prefix}{name} "))
        else:
            out[f"{prefix}{name}"] = command
    return out


COMMANDS = leaf_commands()


def invoke(args: list[str]) -> click.testing.Result:
    return CliRunner().invoke(cli, args, prog_name="dvht", env={"DVHT_IMAP_HOST": None, "DVHT_IMAP_USER": None})


def assert_vietnamese_usage_error(result, *expected: str) -> None:
    assert result.exit_code == 2, result.output
    assert not ENGLISH.search(result.output), result.output
    assert "Lỗi: " in result.output and "--help" in result.output, result.output
    for text in expected:
        assert text in result.output, result.output


def test_every_command_has_a_minimal_command_line():
    assert set(MINIMAL) == set(COMMANDS)


@pytest.mark.parametrize("name", sorted(MINIMAL))
def test_unknown_option(name):
    assert_vietnamese_usage_error(invoke([*name.split(), *MINIMAL[name], "--khong-co"]), "không có tùy chọn '--khong-co'")


@pytest.mark.parametrize("name", sorted(MINIMAL))
def test_unexpected_extra_argument(name):
    assert_vietnamese_usage_error(invoke([*name.split(), *MINIMAL[name], "thua_1", "thua 2"]), "thừa đối số", "thua_1")


@pytest.mark.parametrize("name", sorted(MINIMAL))
def test_each_required_parameter_missing(name):
    required = [p for p in COMMANDS[name].params if p.required]
    for param in required:
        args = list(MINIMAL[name])
        if isinstance(param, click.Option):
            i = args.index(param.opts[0])
            del args[i:i + 2]
        else:
            args.remove(MINIMAL[name][0])
        assert_vietnamese_usage_error(invoke([*name.split(), *args]), "thiếu", param.human_readable_name.upper()
                                      if isinstance(param, click.Argument) else param.opts[0])


def _bad_values(command: click.Command, a_file: Path) -> list[tuple[str, str, str]]:
    """(option, bad value, expected words) for each typed option of the command."""
    cases = []
    for param in command.params:
        if not isinstance(param, click.Option) or param.is_flag or param.hidden:
            continue
        if isinstance(param.type, click.Path) and not param.type.file_okay:
            cases.append((param.opts[0], str(a_file), "là một tệp, không phải thư mục"))
        elif isinstance(param.type, click.IntRange):
            cases.append((param.opts[0], "99999", "nằm ngoài khoảng cho phép"))
        elif param.name == "period":
            cases.append((param.opts[0], "11/2025", "dùng dạng YYYY-MM"))
    return cases


@pytest.mark.parametrize("name", sorted(MINIMAL))
def test_bad_values(name, tmp_path):
    a_file = tmp_path / "a_file.txt"
    a_file.write_text("x")
    cases = _bad_values(COMMANDS[name], a_file)
    for option, value, expected in cases:
        assert_vietnamese_usage_error(invoke([*name.split(), *MINIMAL[name], option, value]),
                                      f"giá trị không hợp lệ cho {option}", expected)


def test_options_that_need_a_value_or_take_none():
    assert_vietnamese_usage_error(invoke(["ke-hoach", "--nam"]), "tùy chọn '--nam' cần một giá trị")
    assert_vietnamese_usage_error(invoke(["run", "du_lieu", "--no-docx=1"]), "tùy chọn '--no-docx' không nhận giá trị")


def test_unknown_command_and_missing_file():
    assert_vietnamese_usage_error(invoke(["runn"]), "không có lệnh 'runn'", "'run'")
    assert_vietnamese_usage_error(invoke(["nhan-thu", *MINIMAL["nhan-thu"], "--cafile", "khong_co.pem"]),
                                  "không tìm thấy tệp 'khong_co.pem'")


def test_help_and_version_still_work():
    assert invoke(["--version"]).exit_code == 0
    result = invoke(["run", "--help"])
    assert result.exit_code == 0 and "INPUT_DIR" in result.output


def test_real_command_line(tmp_path):
    """The installed entry point (a real process) prints the Vietnamese message on stderr, exit 2."""
    (tmp_path / "out").write_text("not a folder")
    done = run_cli("run", tmp_path, "--out", tmp_path / "out")
    assert done.returncode == 2
    assert "Lỗi: giá trị không hợp lệ cho --out:" in done.stderr and "là một tệp" in done.stderr
    assert not ENGLISH.search(done.stderr + done.stdout), done.stderr
