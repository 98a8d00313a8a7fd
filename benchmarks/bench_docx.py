"""Benchmark of the Word writers: 1,000 department reports + 1 unit report (target ≤ 20 s on 2 cores).

    python benchmarks/bench_docx.py [--departments 1000] [--members 40] [--processes 1 2] [--keep]

The RunResult is built in memory (synthetic members, ~15 % failing a criterion, 1 department in 40
rejected, 1 in 50 missing) with dvht_batch.assess.aggregate, as the pipeline does; only writing is timed.
Output goes to a temporary folder (kept with --keep).
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "writers"))

from docx_fixtures import build_run, synthetic  # noqa: E402

from dvht_batch.models import DepartmentStatus  # noqa: E402
from dvht_batch.writers.docx import write_department_report, write_unit_report  # noqa: E402

_RESULT = None


def _build(departments: int, members: int):
    cfg, records = synthetic(departments, members)
    return build_run(records, config=cfg)


def _init(departments: int, members: int) -> None:
    global _RESULT
    _RESULT = _build(departments, members)


def _write_chunk(args) -> int:
    out, codes = args
    by_code = {d.code: d for d in _RESULT.departments}
    for code in codes:
        write_department_report(_RESULT, by_code[code], Path(out) / f"bao_cao_{code}.docx")
    return len(codes)


def run(result, out: Path, processes: int, departments: int, members: int) -> tuple[float, float]:
    """(seconds for everything, seconds for the unit report alone)."""
    codes = [d.code for d in result.departments if d.status is DepartmentStatus.ACCEPTED]
    t0 = time.perf_counter()
    if processes == 1:
        t1 = time.perf_counter()
        write_unit_report(result, out / "bao_cao_don_vi.docx")
        unit_s = time.perf_counter() - t1
        for d in result.departments:
            if d.status is DepartmentStatus.ACCEPTED:
                write_department_report(result, d, out / f"bao_cao_{d.code}.docx")
        return time.perf_counter() - t0, unit_s
    # With fork the workers inherit the RunResult; with spawn (Windows) each rebuilds it (cheaper than
    # pickling). The unit report is one task among the department chunks.
    global _RESULT
    _RESULT = result
    fork = multiprocessing.get_start_method() == "fork"
    init = {} if fork else {"initializer": _init, "initargs": (departments, members)}
    chunks = [codes[i::processes * 4] for i in range(processes * 4)]
    with ProcessPoolExecutor(processes, **init) as pool:
        unit_future = pool.submit(_write_unit, str(out))
        futures = [pool.submit(_write_chunk, (str(out), c)) for c in chunks if c]
        written = sum(f.result() for f in futures)
        unit_s = unit_future.result()
    assert written == len(codes)
    return time.perf_counter() - t0, unit_s


def _write_unit(out: str) -> float:
    t = time.perf_counter()
    write_unit_report(_RESULT, Path(out) / "bao_cao_don_vi.docx")
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--departments", type=int, default=1000)
    ap.add_argument("--members", type=int, default=40)
    ap.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--keep", action="store_true", help="keep the generated documents")
    args = ap.parse_args()
    t = time.perf_counter()
    result = _build(args.departments, args.members)
    accepted = sum(1 for d in result.departments if d.status is DepartmentStatus.ACCEPTED)
    print(f"RunResult: {args.departments} departments ({accepted} accepted) × {args.members} members, "
          f"built in {time.perf_counter() - t:.2f} s; {os.cpu_count()} CPUs")
    for n in args.processes:
        out = Path(tempfile.mkdtemp(prefix=f"bench_docx_{n}p_"))
        total, unit_s = run(result, out, n, args.departments, args.members)
        size = sum(p.stat().st_size for p in out.glob("*.docx"))
        print(f"{n} process{'es' if n > 1 else '  '}: {total:6.2f} s for {accepted} department reports + 1 unit report "
              f"(unit report alone {unit_s:.2f} s; {size / 1e6:.1f} MB written)")
        if args.keep:
            print(f"   kept in {out}")
        else:
            shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
