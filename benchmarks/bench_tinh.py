"""Benchmark of the province's side: a January of ≈ 500 dossiers read, checked, appraised and written
(`dvht tinh nhan-ho-so`, then `dvht tinh tham-dinh`), each command timed as a user runs it.

    python benchmarks/bench_tinh.py [--units 500] [--keep]

One real dossier is made by `dvht ho-so` (tests/tinh_data.py: Sở Tư pháp, Mức độ 1); it is copied into
`--units` units' folders with the unit's name changed inside every part (the table's cells and properties,
the request and report), so each copy is a dossier of another unit in our exact layout. One unit in ten is
refused (the appraisal workbook is filled with 'Không đồng ý' on its indicator 1.4), so ≈ 50 letters are
written. Not a test: it prints the times.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from openpyxl import load_workbook  # noqa: E402
from tinh_data import confirmed_rules, dossier_of, province_config  # noqa: E402

NAME = "Sở Tư pháp"


def renamed(source: Path, target: Path, name: str) -> None:
    """Copy an OOXML file, the unit's name (as written and upper case) replaced in every XML part."""
    pairs = [(NAME, name), (NAME.upper(), name.upper())]
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.endswith((".xml", ".rels")):
                text = data.decode("utf-8")
                for old, new in pairs:
                    text = text.replace(old, new)
                data = text.encode("utf-8")
            zout.writestr(item, data)


def build_inbox(work: Path, units: int) -> Path:
    model = dossier_of(work / "mau", "STP")
    box = work / "ho_so"
    for i in range(1, units + 1):
        folder = box / f"dv{i:04d}"
        folder.mkdir(parents=True)
        for part in model.glob("*.*"):
            if part.suffix in (".xlsx", ".docx"):
                renamed(part, folder / part.name, f"Đơn vị thử số {i:04d}")
    return box


def run(*args) -> float:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "dvht_batch", *map(str, args)], capture_output=True, text=True,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"dvht {' '.join(map(str, args))} failed:\n{proc.stdout}\n{proc.stderr}")
    return elapsed


def fill(path: Path, target: Path) -> int:
    wb = load_workbook(path)
    ws = wb["Tham_dinh"]
    refused = 0
    for r in range(5, ws.max_row + 1):
        unit, code = ws.cell(r, 2).value, ws.cell(r, 4).value
        if unit is None or ws.cell(r, 10).value:
            continue
        if code == "1.4" and unit.endswith("0"):
            ws.cell(r, 10).value, ws.cell(r, 11).value = "Không đồng ý", "Chưa có minh chứng."
            refused += 1
        else:
            ws.cell(r, 10).value = "Đồng ý"
    units = wb["Don_vi"]
    for r in range(2, units.max_row + 1):
        units.cell(r, 4).value = "cơ quan nhà nước"
    wb.save(target)
    return refused


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench_tinh_"))
    try:
        start = time.perf_counter()
        box = build_inbox(work, args.units)
        print(f"{args.units} dossiers prepared in {time.perf_counter() - start:.1f} s ({box})")
        config = province_config(work, rules=confirmed_rules(work).name)
        out = work / "so"
        t_intake = run("tinh", "nhan-ho-so", box, "--config", config, "--out", out)
        print(f"nhan-ho-so: {t_intake:.1f} s ({args.units * 3} files read, register + appraisal workbook written)")
        refused = fill(out / "2025" / "phieu_tham_dinh.xlsx", work / "phieu.xlsx")
        t_appraise = run("tinh", "tham-dinh", work / "phieu.xlsx", "--config", config, "--out", out)
        letters = len(list((out / "2025" / "thong_bao_don_vi").glob("*.docx")))
        print(f"tham-dinh:  {t_appraise:.1f} s (report, request, decision, {letters} letters, portal workbook; "
              f"{refused} refusals)")
    finally:
        if args.keep:
            print(f"kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
