"""The bundled sample_data: `dvht run sample_data` gives the hand-computed result.

Hand computation (see tools/make_sample_data.py for the rows):
accepted VP 12, KHTC 8, QLVH 10 (newer of two files), GDTT 7 (+1 excluded) → 37 members.
2a 34/37 → 10·34/37 = 9,189… → 9,19      2b 36/37 → 4,864… → 4,86     2c 35/37 → 9,459… → 9,46
2d 33/37 → 4,459… → 4,46                 3a 33/37 → 25·33/37 = 22,297… → 22,30
1a 9,5 + 1b 9 + 1c 8,5 + 3c 4,5 (self-assessed) + 3b 10 (TTLĐTT)
total 91,77 → Tốt.
"""
import json
import shutil
from pathlib import Path

import pytest
from builders import run_cli

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data"


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory):
    work = tmp_path_factory.mktemp("sample")
    data = work / "sample_data"
    shutil.copytree(SAMPLE, data)
    before = {p: p.read_bytes() for p in data.rglob("*") if p.is_file()}
    proc = run_cli("run", "sample_data", cwd=work)
    after = {p: p.read_bytes() for p in data.rglob("*") if p.is_file()}
    return proc, work / "output" / "2025-11", before, after


def test_exit_zero_and_inputs_untouched(sample_run):
    proc, out, before, after = sample_run
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert before == after


def test_json_matches_hand_computation(sample_run):
    proc, out, *_ = sample_run
    res = json.loads((out / "ket_qua.json").read_text(encoding="utf-8"))
    assert (res["contract"], res["period"], res["rule_set"]) == (1, "2025-11", "tt22-2020")
    unit = res["unit"]
    assert (unit["code"], unit["members"], unit["excluded"], unit["pending_titles"]) == ("SVHTT", 37, 1, 3)
    expected = {"1a": ("9.50", None), "1b": ("9.00", None), "1c": ("8.50", None), "2a": ("9.19", 34),
                "2b": ("4.86", 36), "2c": ("9.46", 35), "2d": ("4.46", 33), "3a": ("22.30", 33),
                "3b": ("10.00", None), "3c": ("4.50", None)}
    for code, (points, count) in expected.items():
        c = unit["criteria"][code]
        assert c["points"] == points, code
        if count is not None:
            assert (c["count"], c["denominator"]) == (count, 37), code
    assert unit["criteria"]["2a"]["max"] == "10"
    assert (unit["total"], unit["classification"]) == ("91.77", "Tốt")

    depts = {d["code"]: d for d in res["departments"]}
    assert {c: d["status"] for c, d in depts.items()} == {
        "VP": "accepted", "KHTC": "accepted", "QLVH": "accepted", "TTR": "rejected", "TTTT": "missing", "GDTT": "accepted"}
    assert depts["VP"]["criteria"]["2a"] == {"points": "9.17", "max": "10", "count": 11, "denominator": 12, "passed": False}
    assert depts["KHTC"]["criteria"]["3a"]["count"] == 7 and depts["KHTC"]["members"] == 8
    assert depts["GDTT"]["members"] == 7 and depts["GDTT"]["excluded"] == 1
    assert depts["QLVH"]["file"] == "phong/QLVH_11-2025 (1).xlsx"

    files = {f["path"]: f for f in res["files"]}
    assert files["phong/QLVH_11-2025.xlsx"]["status"] == "superseded"
    assert files["phong/Ghi chu cua Van phong.txt"]["status"] == "ignored"
    lock = files["phong/~$VP_11-2025.xlsx"]  # Excel's owner file: listed as ignored, with why (docs/hop-dong.md §5)
    assert lock["status"] == "ignored" and "tệp khóa tạm" in lock["ignored_reason"] and lock["department"] is None
    ttr = files["phong/Thanh tra - T11.xlsx"]
    assert ttr["status"] == "rejected"
    cells = {e["cell"] for e in ttr["errors"]}
    assert {"Thanh_vien!I3", "Thanh_vien!F4", "Thanh_vien!G6"} <= cells
    assert any("Bằng khen" in e["message"] for e in ttr["errors"])


def test_all_outputs_written(sample_run):
    proc, out, *_ = sample_run
    assert (out / "tong_hop.xlsx").is_file()
    assert (out / "bao_cao_don_vi.docx").is_file()
    assert sorted(p.name for p in (out / "bao_cao_phong").iterdir()) == [
        "bao_cao_GDTT.docx", "bao_cao_KHTC.docx", "bao_cao_QLVH.docx", "bao_cao_VP.docx"]
    assert [p.name for p in (out / "phan_hoi").iterdir()] == ["TTR_Thanh_tra_-_T11_phan_hoi.xlsx"]
    assert "91,77" in proc.stdout and "Tốt" in proc.stdout


def test_output_folder_inside_input_is_not_read_back(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(SAMPLE, data)
    for _ in range(2):  # the second run must not read the first run's feedback copies
        proc = run_cli("run", data, "--out", data / "ket_qua", "--no-docx", "-q")
        assert proc.returncode == 0, proc.stderr
    res = json.loads((data / "ket_qua" / "2025-11" / "ket_qua.json").read_text(encoding="utf-8"))
    assert not any(f["path"].startswith("ket_qua/") for f in res["files"])
    assert res["unit"]["total"] == "91.77"


def test_bad_command_line_and_config_exit_2(tmp_path):
    def run(*args):
        return run_cli(*args, cwd=tmp_path, timeout=120)
    proc = run("run", str(SAMPLE), "--period", "2025-13")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    (tmp_path / "bad.toml").write_text("[don_vi]\nten = 'X'\n", encoding="utf-8")
    proc = run("run", str(SAMPLE), "--config", "bad.toml")
    assert proc.returncode == 2 and "dòng 1 ([don_vi]): thiếu khóa bắt buộc 'ma'." in proc.stderr
    proc = run("run", str(tmp_path / "khong_co"))
    assert proc.returncode == 2 and "Không tìm thấy" in proc.stderr and "Traceback" not in proc.stderr
