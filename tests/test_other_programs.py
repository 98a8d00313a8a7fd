"""Files written by a real program that is not ours: LibreOffice Calc saves the filled templates as
.xlsx, .xls and .ods, and each gives the same counts as the original (skipped without LibreOffice)."""
import json
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from builders import RUN_AT, run_cli
from test_round_trip import fill_department, fill_unit, make_templates, member

from dvht_batch import pipeline

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")

FORMATS = {"xlsx": "xlsx:Calc MS Excel 2007 XML", "xls": "xls:MS Excel 97", "ods": "ods:calc8"}


def convert_all(documents: list[Path], out_root: Path) -> dict[str, list[Path]]:
    """Every document in every format: one soffice process per conversion, each with its own profile."""
    jobs = []
    for ext, target in FORMATS.items():
        outdir = out_root / ext
        outdir.mkdir(parents=True, exist_ok=True)
        for doc in documents:
            profile = Path("/tmp") / f"lo-profile-{uuid.uuid4().hex}"
            cmd = [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                   "--convert-to", target, "--outdir", str(outdir), str(doc)]
            jobs.append((subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE), profile))
    try:
        for proc, _ in jobs:
            proc.communicate(timeout=240)
    finally:
        for proc, profile in jobs:
            if proc.poll() is None:
                proc.kill()
            shutil.rmtree(profile, ignore_errors=True)
    result = {ext: sorted((out_root / ext).glob(f"*.{ext}")) for ext in FORMATS}
    for ext, found in result.items():
        assert len(found) == len(documents), f"LibreOffice did not write every .{ext}: {found}"
    return result


def filled_templates(tmp_path: Path) -> Path:
    mau = make_templates(tmp_path)
    fill_department(mau / "VP_2025-12.xlsx", [member("Trần Văn Bình"), member("Lê Thị Cúc", ok=False),
                                               member("Phạm Văn Dũng", **{"Không tính": "Nghỉ ốm dài ngày"})])
    fill_department(mau / "KT_2025-12.xlsx", [member("Hoàng Thị Én"), member("Vũ Văn Giang", ok=False,
                                                                             **{"Danh hiệu thi đua": "Chưa xét"})])
    fill_unit(mau / "STN_don_vi_2025-12.xlsx")
    return mau


def counts(result) -> dict:
    unit = result.unit
    return {
        "files": sorted((Path(f.path).stem, f.status.value, len(f.errors)) for f in result.files),
        "unit": (unit.counts.members, unit.counts.excluded, unit.counts.pending_titles, unit.score.total,
                 unit.score.classification),
        "criteria": {c.code: (c.count, c.denominator, c.points) for c in unit.score.criteria},
        "departments": {d.code: (d.status.value, d.counts.members, d.counts.excluded) for d in result.departments},
    }


def test_libreoffice_xlsx_xls_and_ods_give_the_same_counts(tmp_path):
    mau = filled_templates(tmp_path)
    config, rules = pipeline.load_setup(tmp_path / "dvht.toml", None)
    original = counts(pipeline.collect(mau, config, rules, now=RUN_AT))
    assert original["unit"][:2] == (4, 1) and all(s == "accepted" for _, s, _ in original["files"])
    converted = convert_all(sorted(mau.glob("*.xlsx")), tmp_path / "lo")
    for ext, paths in converted.items():
        assert counts(pipeline.collect(paths[0].parent, config, rules, now=RUN_AT)) == original, f"LibreOffice .{ext}"

    # the real command line on the .ods files, as a LibreOffice user sends them
    proc = run_cli("run", str(tmp_path / "lo" / "ods"), "--config", "dvht.toml", "--out", "out", "--no-docx",
                   cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    res = json.loads((tmp_path / "out" / "2025-12" / "ket_qua.json").read_text(encoding="utf-8"))
    assert [f["status"] for f in res["files"]] == ["accepted"] * 3
    assert (res["unit"]["members"], res["unit"]["excluded"]) == (4, 1)
