"""dvht.toml, ke_hoach.toml and rule files are regular files of bounded size, and their values stay within
bounds (os_faults.read_small_file, setup/toml_bounds.py): a FIFO, a device, a huge file, a 5,000-deep nested
table or a 5,000-digit integer is a Vietnamese configuration error (exit 2) naming the file and the key —
never a hang, gigabytes of memory or "Lỗi không mong đợi"."""
from __future__ import annotations

import os
import time

import pytest
from builders import run_cli, write_config

UNEXPECTED = ("Lỗi không mong đợi", "Traceback", "Error")


def refused(done, *words):
    assert done.returncode == 2, (done.stdout, done.stderr)
    for text in UNEXPECTED:
        assert text not in done.stdout + done.stderr
    for word in words:
        assert word in done.stderr, (word, done.stderr)


def test_a_fifo_as_config_is_refused_without_waiting(tmp_path):
    (tmp_path / "in").mkdir()
    os.mkfifo(tmp_path / "dvht.toml")
    started = time.monotonic()
    done = run_cli("run", tmp_path / "in", "--config", tmp_path / "dvht.toml", "--out", tmp_path / "out", timeout=60)
    refused(done, "Không đọc được tệp cấu hình", "đường ống (FIFO), không phải tệp thường")
    assert time.monotonic() - started < 30


def test_a_device_or_a_huge_file_as_config_is_refused_without_reading_it(tmp_path):
    (tmp_path / "in").mkdir()
    done = run_cli("run", tmp_path / "in", "--config", "/dev/zero", "--out", tmp_path / "out", timeout=60)
    refused(done, "'/dev/zero'", "thiết bị hoặc mục đặc biệt, không phải tệp thường")
    huge = write_config(tmp_path)
    with huge.open("a", encoding="utf-8") as f:
        f.write(("# " + "x" * 1000 + "\n") * 5000)  # 5 MB of comments: no dvht.toml is that large
    done = run_cli("run", tmp_path / "in", "--config", huge, "--out", tmp_path / "out", timeout=60)
    refused(done, "tệp quá lớn (tối đa 4 MB)")


def test_a_fifo_or_a_device_as_plan_or_rule_file(tmp_path):
    config = write_config(tmp_path)
    os.mkfifo(tmp_path / "ke_hoach_fifo.toml")
    done = run_cli("ke-hoach", "--config", config, "--ke-hoach", tmp_path / "ke_hoach_fifo.toml", "--nam", "2026",
                   "--out", tmp_path / "out", timeout=60)
    refused(done, "đường ống (FIFO)")
    done = run_cli("ke-hoach", "--config", config, "--ke-hoach", "/dev/zero", "--nam", "2026",
                   "--out", tmp_path / "out", timeout=60)
    refused(done, "thiết bị")
    done = run_cli("kiem-tra-tieu-chi", tmp_path / "ke_hoach_fifo.toml", timeout=60)
    assert done.returncode == 2 and "đường ống (FIFO)" in done.stderr + done.stdout, done
    done = run_cli("tinh", "mau-ho-so", "--config", tmp_path / "ke_hoach_fifo.toml", "--tep", tmp_path / "m.xlsx",
                   timeout=60)  # the Sở's tinh.toml
    refused(done, "đường ống (FIFO)")


NESTED = "y = " + "{ b = " * 5000 + "1" + " }" * 5000
LONG = "so = 1" + "0" * 5000


@pytest.mark.parametrize("extra, words", [
    (f"\n[thu]\n{NESTED}\n", ("khóa 'thu.y' lồng quá sâu", "dòng ")),
    (f"\n[thu]\n{LONG}\n", ("khóa 'thu.so' có số quá lớn (quá 15 chữ số)",)),
    ("\n[thu]\nso = 12345678901234567890\n", ("khóa 'thu.so' có số quá lớn",)),
    ("\n[thu]\n" + "a." * 30 + "b = 1\n", ("lồng quá sâu", "'thu.a.a.a")),
], ids=["nested", "5000-digits", "20-digits", "dotted"])
def test_values_out_of_bounds_in_dvht_toml(tmp_path, extra, words):
    config = write_config(tmp_path)
    with config.open("a", encoding="utf-8") as f:
        f.write(extra)
    (tmp_path / "in").mkdir()
    done = run_cli("run", tmp_path / "in", "--config", config, "--out", tmp_path / "out", timeout=60)
    refused(done, f"Tệp cấu hình '{config}' có giá trị vượt giới hạn", *words)


@pytest.mark.parametrize("body, words", [
    (f"nam = 2026\n{NESTED}\n", ("khóa 'y' lồng quá sâu",)),
    (f"nam = 2026\n[van_ban]\n{LONG}\n", ("khóa 'van_ban.so' có số quá lớn",)),
], ids=["nested", "5000-digits"])
def test_values_out_of_bounds_in_ke_hoach_toml(tmp_path, body, words):
    config = write_config(tmp_path)
    (tmp_path / "ke_hoach.toml").write_text(body, encoding="utf-8")
    done = run_cli("ke-hoach", "--config", config, "--out", tmp_path / "out", timeout=60)
    refused(done, "Tệp kế hoạch", "có giá trị vượt giới hạn", *words)
