"""Benchmark of the web app's board: a period of 1,000 departments (target: the page renders in under 1 s).

    python benchmarks/bench_web.py [--departments 1000] [--members 40] [--rejected 100] [--repeat 5]

The workbooks are scenario L of bench_run.py (cached under benchmarks/_work/); `--rejected` of them get 30
invalid cells each (so the board shows 30 errors cell by cell for each of those departments). The real
pipeline runs once (no Word documents), then GET /ky/<period> is timed through the whole app (guard,
ket_qua.json read back, template rendering) with Starlette's test client; best and median are printed.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path

import openpyxl

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_run import WORK, config_dict, generate  # noqa: E402
from starlette.testclient import TestClient  # noqa: E402

from dvht_batch import period_outputs, pipeline  # noqa: E402
from dvht_batch.output.lock import output_lock  # noqa: E402
from dvht_batch.setup.config import parse_config  # noqa: E402
from dvht_batch.rules import load_rule_set  # noqa: E402
from dvht_batch.web.app import Settings, create_app  # noqa: E402


def prepare(departments: int, members: int, rejected: int) -> Path:
    folder = WORK / f"web_{departments}x{members}_r{rejected}"
    if folder.is_dir() and len(list(folder.glob("*.xlsx"))) == departments:
        return folder
    source = WORK / f"L_{departments}x{members}"
    if not source.is_dir() or len(list(source.glob("*.xlsx"))) != departments:
        generate(source, departments, members)
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(source, folder)
    for i in range(1, rejected + 1):
        path = folder / f"P{i:04d}.xlsx"
        wb = openpyxl.load_workbook(path)
        ws = wb["Thanh_vien"]
        for row in range(2, 32):
            ws.cell(row=row, column=6, value="Đã xong")  # "Kế hoạch tự học": not a value of the list
        wb.save(path)
    return folder


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--departments", type=int, default=1000)
    ap.add_argument("--members", type=int, default=40)
    ap.add_argument("--rejected", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    folder = prepare(args.departments, args.members, args.rejected)
    out = WORK / "web_out"
    shutil.rmtree(out, ignore_errors=True)
    config = parse_config(config_dict(args.departments))
    rule_set = load_rule_set("tt22-2020")
    t = time.perf_counter()
    with output_lock(out, "run"):  # as pipeline.run_period holds it
        result = pipeline.collect(folder, config, rule_set, out_root=out, now=datetime.now())
        period_outputs.write_outputs(result, out, documents=False)
    print(f"pipeline run (no documents): {time.perf_counter() - t:.1f} s")

    settings = Settings(config, rule_set, None, out, WORK / "web_in", port=8765)
    client = TestClient(create_app(settings), base_url="http://127.0.0.1:8765")
    client.get(f"/?token={settings.token}")
    url = f"/ky/{result.period}"
    page = client.get(url)  # warm-up: templates compiled once per process
    assert page.status_code == 200 and page.text.count('class="st-rejected"') == args.rejected, "unexpected board"
    times = []
    for _ in range(max(args.repeat, 1)):
        t = time.perf_counter()
        page = client.get(url)
        times.append(time.perf_counter() - t)
    print(f"board of {args.departments} departments ({args.rejected} rejected × 30 errors), "
          f"{len(page.content) / 1024:,.0f} KB of HTML: best {min(times):.3f} s, median {statistics.median(times):.3f} s "
          "(target < 1 s)")


if __name__ == "__main__":
    main()
