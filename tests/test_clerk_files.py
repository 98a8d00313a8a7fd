"""A re-run never deletes the clerk's work: outputs edited after the run and files added anywhere under
OUT/<kỳ>/ are set aside in da_sua_tay/<run id>/ and named on the console; inputs not archived are named."""
from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from pathlib import Path

from docx import Document

from builders import member, run_cli, write_config, write_department, write_run

PERIOD = "2025-11"


def input_folder(root: Path) -> Path:
    folder = root / "vao"
    folder.mkdir()
    write_config(folder)
    write_department(folder / "VP.xlsx", [member("Nguyễn Văn An"), member("Lê Văn Tiến")])
    write_department(folder / "KT.xlsx", [member("Phạm Thị Lan")], ma_phong="KT", ten_phong="Phòng Kế toán")
    write_department(folder / "sai.xlsx", [member("Võ Văn Sai", **{"Tuân thủ kỷ luật": "hmm"})], ma_phong="TCHC",
                     ten_phong="Phòng Tổ chức hành chính")
    return folder


def run_id(out: Path) -> str:
    return json.loads((out / PERIOD / "ket_qua.json").read_text(encoding="utf-8"))["run_id"]


def correct_a_word(path: Path) -> None:
    """What a clerk does before signing: open the report in Word, change a word, save."""
    doc = Document(str(path))
    paragraph = next(p for p in doc.paragraphs if p.text.strip())
    paragraph.add_run(" (đã sửa)")
    doc.save(str(path))


def test_edited_and_added_files_are_set_aside_and_named(tmp_path):
    folder, out = input_folder(tmp_path), tmp_path / "ket_qua"
    assert run_cli("run", folder, "--out", out, "-q").returncode == 0
    period = out / PERIOD
    correct_a_word(period / "bao_cao_don_vi.docx")
    edited = (period / "bao_cao_don_vi.docx").read_bytes()
    (period / "bao_cao_phong" / "bao_cao_VP_da_ky.pdf").write_bytes(b"%PDF-1.4 scan")
    (period / "phan_hoi" / "da_goi_dien.txt").write_text("đã gọi phòng TCHC", encoding="utf-8")
    (period / "ghi_chu.txt").write_text("ghi chú ở ngoài cùng", encoding="utf-8")
    untouched = (period / "bao_cao_phong" / "bao_cao_KT.docx").read_bytes()

    proc = run_cli("run", folder, "--out", out)
    assert proc.returncode == 0, proc.stderr
    aside = period / "da_sua_tay" / run_id(out)
    kept = sorted(p.relative_to(aside).as_posix() for p in aside.rglob("*") if p.is_file())
    assert kept == ["bao_cao_don_vi.docx", "bao_cao_phong/bao_cao_VP_da_ky.pdf", "phan_hoi/da_goi_dien.txt"]
    assert (aside / "bao_cao_don_vi.docx").read_bytes() == edited
    for name in kept:  # one console line names each, where it was and where it is now
        line = next(x for x in proc.stdout.splitlines() if x.endswith(f"{name}."))
        assert line.startswith("Giữ lại tệp của Văn phòng") and f"{PERIOD}/{name} → " in line
    assert proc.stdout.count("Giữ lại tệp") == 3
    assert (period / "ghi_chu.txt").read_text(encoding="utf-8") == "ghi chú ở ngoài cùng"  # stays where it was
    assert (period / "bao_cao_don_vi.docx").read_bytes() != edited  # the new run's report
    assert (period / "bao_cao_phong" / "bao_cao_KT.docx").is_file() and untouched  # replaced, not set aside

    again = run_cli("run", folder, "--out", out)  # nothing new of the clerk's: nothing set aside, the rest kept
    assert again.returncode == 0 and "Giữ lại tệp" not in again.stdout, again.stdout
    assert (aside / "bao_cao_don_vi.docx").read_bytes() == edited
    assert len(list((period / "da_sua_tay").iterdir())) == 1


def test_what_the_run_wrote_is_in_the_ledger_by_hash(tmp_path):
    import hashlib

    folder, out = input_folder(tmp_path), tmp_path / "ket_qua"
    assert run_cli("run", folder, "--out", out, "-q", "--no-docx").returncode == 0
    with sqlite3.connect(out / "dvht.sqlite") as conn:
        rows = dict(conn.execute("SELECT path, sha256 FROM outputs WHERE period = ? AND run_key = ?",
                                 (PERIOD, run_id(out))).fetchall())
    period = out / PERIOD
    assert rows == {p.relative_to(period).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                    for p in period.rglob("*") if p.is_file()}
    assert sorted(rows) == ["ket_qua.json", "phan_hoi/TCHC_sai_phan_hoi.xlsx", "tong_hop.xlsx"]


def test_a_folder_from_an_earlier_version_keeps_what_the_clerk_changed_or_added(tmp_path):
    """No record of what the earlier run wrote (an earlier version of dvht recorded its runs after writing every
    output, without hashes): a file the new run writes again is replaced unless it changed after the earlier run
    was recorded; any other file under the run's folders is set aside."""
    import os

    folder, out = input_folder(tmp_path), tmp_path / "ket_qua"
    assert run_cli("run", folder, "--out", out, "-q", "--no-docx").returncode == 0
    period = out / PERIOD
    written = max(p.stat().st_mtime for p in period.rglob("*") if p.is_file())
    recorded = datetime.fromtimestamp(int(written) + 1)
    with sqlite3.connect(out / "dvht.sqlite") as conn:  # as an earlier version left it
        conn.execute("DELETE FROM outputs")
        conn.execute("UPDATE runs SET run_at = ?", (recorded.isoformat(sep=" "),))
    (period / "phan_hoi" / "ban_cu.xlsx").write_bytes(b"PK old")
    (period / "tong_hop.xlsx").write_bytes(b"PK edited")
    os.utime(period / "tong_hop.xlsx", (written + 120, written + 120))  # edited two minutes after the run
    proc = run_cli("run", folder, "--out", out, "--no-docx")
    assert proc.returncode == 0, proc.stderr
    aside = period / "da_sua_tay" / run_id(out)
    assert sorted(p.relative_to(aside).as_posix() for p in aside.rglob("*") if p.is_file()) == [
        "phan_hoi/ban_cu.xlsx", "tong_hop.xlsx"]
    assert proc.stdout.count("Giữ lại tệp") == 2
    assert (period / "phan_hoi" / "TCHC_sai_phan_hoi.xlsx").is_file()  # the earlier run's, replaced


def test_inputs_that_changed_or_went_during_the_run_are_named_as_not_archived(tmp_path):
    from dvht_batch import pipeline
    from dvht_batch import period_outputs
    from dvht_batch.setup.config import load_config
    from dvht_batch.period import Period
    from dvht_batch.rules import load_rule_set

    folder, out = input_folder(tmp_path), tmp_path / "ket_qua"
    result = pipeline.collect(folder, load_config(folder / "dvht.toml"), load_rule_set("tt22-2020"), Period(2025, 11),
                              now=datetime(2025, 12, 5, 10, 0))
    write_department(folder / "VP.xlsx", [member("Nguyễn Văn An")])  # re-saved after it was read
    (folder / "KT.xlsx").unlink()                                     # moved away
    outputs = write_run(result, out, documents=False)
    missed = {m.path: m for m in outputs.not_archived}
    assert sorted(missed) == ["KT.xlsx", "VP.xlsx"] and missed["VP.xlsx"].status == "accepted"
    notes = period_outputs.output_notes(outputs)
    assert any(n.startswith("Chưa lưu được vào luu_tru/ tệp VP.xlsx: tệp đã thay đổi sau khi được đọc") for n in notes)
    assert any(n.startswith("Chưa lưu được vào luu_tru/ tệp KT.xlsx: tệp đã bị xóa hoặc chuyển đi") for n in notes)
    with sqlite3.connect(out / "dvht.sqlite") as conn:
        archives = dict(conn.execute("SELECT path, archive FROM files").fetchall())
    assert archives["VP.xlsx"] is None and archives["KT.xlsx"] is None and archives["sai.xlsx"].startswith("luu_tru/")
