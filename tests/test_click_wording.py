"""Each message of click's value types that `cli/usage.py` translates, produced by click itself: when a click
release rewords one, its pattern no longer matches and the test names it (the clerk would read English)."""
from __future__ import annotations

import os
import sys

import click
import pytest

from dvht_batch.cli import usage


def _refusal(kind: click.ParamType, value: str) -> str:
    with pytest.raises(click.BadParameter) as caught:
        kind.convert(value, None, None)
    return caught.value.message


def _cases(tmp_path):
    a_file, a_folder = tmp_path / "tep.txt", tmp_path / "thu_muc"
    a_file.write_text("x")
    a_folder.mkdir()
    locked = tmp_path / "khoa"
    locked.mkdir(mode=0o000)
    cases = {
        "is a file": (click.Path(file_okay=False), str(a_file), "là một tệp, không phải thư mục"),
        "is a directory": (click.Path(dir_okay=False), str(a_folder), "là một thư mục, không phải tệp"),
        "does not exist": (click.Path(exists=True), str(tmp_path / "khong_co"), "không tìm thấy"),
        "range": (click.IntRange(2000, 2100), "1999", "nằm ngoài khoảng cho phép (từ 2000 đến 2100)"),
        "integer": (click.INT, "abc", "không phải số nguyên"),
        "float": (click.FLOAT, "abc", "không phải số"),
        "boolean": (click.BOOL, "abc", "không phải true/false"),
        "choice": (click.Choice(["a", "b"]), "c", "không hợp lệ: chọn một trong"),
    }
    if os.geteuid() != 0 and sys.platform != "win32":  # root reads and writes everything
        cases["not readable"] = (click.Path(readable=True), str(locked), "không có quyền đọc")
        cases["not writable"] = (click.Path(writable=True), str(locked), "không có quyền ghi vào")
    return cases


def test_every_click_message_translated_is_recognised(tmp_path):
    unmatched = {}
    for name, (kind, value, vietnamese) in _cases(tmp_path).items():
        english = _refusal(kind, value)
        said = usage._type_message(english)
        if vietnamese not in said:
            unmatched[name] = (english, said)
    assert unmatched == {}, f"click {click.__version__} words these otherwise: {unmatched}"
