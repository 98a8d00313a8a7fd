"""Benchmark of `dvht run` on two scenarios of 1,000 department workbooks × 40 members (see scenarios.py):
L, bare workbooks; T, filled copies of the generated templates with 300 formatted rows, as clerks send them.

    pip install -e ".[bench]"     # pandas, for the reference read
    python benchmarks/bench_run.py [--departments 1000] [--members 40] [--repeat 3] [--docx] [--code DIR]

Per scenario:
- reading + validation (`intake.read_all`, in this process) against a raw python-calamine read of the
  same files, alternating, best of --repeat (target for T: ≤ 1.5×);
- the other phases in this process: select + aggregate + score, consolidated workbook (target ≤ 2 s),
  ket_qua.json, the history step (ledger + archive), with --docx the Word documents;
- the whole run as users start it, `dvht run --no-docx` as a process (start-up, imports, ledger and
  archive included), alternating with a process that only reads the same files with
  `pandas.read_excel(engine="calamine", sheet_name=None)` and with a process that reads every sheet of
  every file with python-calamine (read loops timed, imports not): best of --repeat each, the ratios of the
  bests and the spread of the pairs (targets, issue 26: ≤ 1× each);
- the floor of any such run: a process that only starts Python and imports what `dvht run` imports, plus the
  python-calamine read split over both cores (the least a 2-core run spends before validating anything).
Every phase is given in wall time and CPU time: on a shared machine the CPU times (and their ratios)
move much less than the wall times. With --docx, one `dvht run` with documents as a process gives the
peak memory (target ≤ 300 MiB; the largest single process, pool workers included). --code DIR runs another checkout of the code (the
"before" figures). The machine is measured too: load average, and how much a second process speeds up
the raw read (≈ 1.8× on a quiet 2-core machine; less means other work holds the second core).
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK = HERE / "_work"
_code = str(Path(sys.argv[sys.argv.index("--code") + 1]).resolve()) if "--code" in sys.argv else str(HERE.parent)
sys.path.insert(0, _code)
sys.path.insert(0, str(HERE))

from python_calamine import CalamineWorkbook  # noqa: E402
from scenarios import config_dict, scenario_l, scenario_t  # noqa: E402

PANDAS_READ = (
    "import sys, time\nfrom pathlib import Path\nimport pandas\n"
    "paths = sorted(Path(sys.argv[1]).glob('*.xlsx'))\nstart, cpu = time.perf_counter(), time.process_time()\n"
    "for p in paths:\n    pandas.read_excel(p, engine='calamine', sheet_name=None)\n"
    "print(time.perf_counter() - start, time.process_time() - cpu)\n")
CALAMINE_READ = (
    "import sys, time\nfrom pathlib import Path\nfrom python_calamine import CalamineWorkbook\n"
    "paths = sorted(Path(sys.argv[1]).glob('*.xlsx'))\nstart, cpu = time.perf_counter(), time.process_time()\n"
    "for p in paths:\n    with CalamineWorkbook.from_path(str(p)) as wb:\n        for name in wb.sheet_names:\n"
    "            wb.get_sheet_by_name(name).to_python(skip_empty_area=False)\n"
    "print(time.perf_counter() - start, time.process_time() - cpu)\n")
PEAK = ("import resource, subprocess, sys\nsubprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n")


def raw_read(paths: list[Path]) -> float:
    start = time.perf_counter()
    for p in paths:
        with CalamineWorkbook.from_path(str(p)) as wb:
            for name in wb.sheet_names:
                wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
    return time.perf_counter() - start


def raw_read_on_both_cores(paths: list[Path], repeat: int = 2) -> tuple[float, float]:
    """The raw read in one process and in two (halves of the files), best of `repeat` each: the second process
    speeds it up ~1.8× when both cores are free."""
    from concurrent.futures import ProcessPoolExecutor

    one = min(raw_read(paths) for _ in range(repeat))
    two = float("inf")
    with ProcessPoolExecutor(max_workers=2) as pool:
        pool.submit(int).result()  # started before timing
        for _ in range(repeat):
            start = time.perf_counter()
            list(pool.map(raw_read, [paths[: len(paths) // 2], paths[len(paths) // 2:]]))
            two = min(two, time.perf_counter() - start)
    return one, two


# What `dvht run` imports before and while it reads and writes (the rest is imported on the way, as needed).
RUN_IMPORTS = ("import dvht_batch.cli, dvht_batch.cli.run, dvht_batch.pipeline, dvht_batch.period_outputs, "
               "dvht_batch.intake.reading, dvht_batch.writers.xlsx_consolidated, dvht_batch.writers.json_out, "
               "dvht_batch.ledger.archive")


def start_up(repeat: int) -> float:
    """Wall time of a process that starts Python and imports what `dvht run` imports, and nothing else."""
    best = float("inf")
    for _ in range(max(repeat, 1)):
        start = time.perf_counter()
        _child([sys.executable, "-c", RUN_IMPORTS])
        best = min(best, time.perf_counter() - start)
    return best


def _env() -> dict:
    """The children's environment: the checkout under test first, and compiled modules kept and reused (in
    benchmarks/_work/pycache), as an installed package runs (pip writes its bytecode), even where the
    machine sets PYTHONDONTWRITEBYTECODE: compiling ~130 modules from source costs every run ≈ 0.1 s CPU."""
    env = {**os.environ, "PYTHONPATH": _code + os.pathsep + os.environ.get("PYTHONPATH", ""),
           "PYTHONPYCACHEPREFIX": str(WORK / "pycache")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _child(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    """A child process running the checkout under test: `python -m` puts its working folder first on
    sys.path, so it runs in that checkout (from elsewhere it would import another copy of dvht_batch)."""
    return subprocess.run(cmd, check=True, env=_env(), cwd=_code, **kwargs)


def _fresh(name: str) -> Path:
    out = WORK / "runs" / name
    shutil.rmtree(out, ignore_errors=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    return out


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def dvht_process(folder: Path, docx: bool = False) -> tuple[float, float]:
    """Wall time and CPU time (the process, its pool workers and forked children) of `dvht run --no-docx`, or
    with `docx` of `dvht run` writing every document."""
    out = _fresh("process")
    cmd = [sys.executable, "-m", "dvht_batch", "run", str(folder), "--out", str(out), "-q", *([] if docx else ["--no-docx"])]
    start, cpu = time.perf_counter(), _children_cpu()
    _child(cmd, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start, _children_cpu() - cpu


def pandas_process(folder: Path, script: str = PANDAS_READ) -> tuple[float, float]:
    """Wall time and CPU time of the read loop alone (imports not counted)."""
    done = _child([sys.executable, "-c", script, str(folder)], capture_output=True, text=True)
    wall, cpu = done.stdout.strip().splitlines()[-1].split()
    return float(wall), float(cpu)


def peak_mib_with_documents(folder: Path) -> float:
    out = _fresh("peak")
    cmd = [sys.executable, "-c", PEAK, sys.executable, "-m", "dvht_batch", "run", str(folder), "--out", str(out),
           "-q"]
    done = _child(cmd, capture_output=True, text=True)
    return int(done.stdout.strip().splitlines()[-1]) / 1024


class Phases:
    """Wall and CPU time of named phases (CPU: this process and the pool workers it started)."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self.documents = 0  # department notices written by the documents phase

    def time(self, name: str, work):
        start, cpu = time.perf_counter(), time.process_time() + _children_cpu()
        value = work()
        self.wall[name] = time.perf_counter() - start
        self.cpu[name] = time.process_time() + _children_cpu() - cpu  # with the reading's pool workers
        return value


def in_process(folder: Path, repeat: int, docx: bool) -> tuple[Phases, float, list[float], object]:
    """Phase times in this process; the raw read; the pairwise ratios read+validate / raw read."""
    from dvht_batch.assess import aggregate
    try:
        from dvht_batch.ledger import runs, trends
    except ImportError:  # --code: a checkout from before the ledger was split (ledger/history.py)
        from dvht_batch.ledger import history as runs
        trends = runs
    from dvht_batch.setup.config import parse_config
    from dvht_batch.intake import discover, read_all
    from dvht_batch.rules import load_rule_set
    from dvht_batch.writers.json_out import write_json
    from dvht_batch.writers.xlsx_consolidated import write_consolidated

    config = parse_config(config_dict(len(list(folder.glob("*.xlsx")))))
    rule_set = load_rule_set("tt22-2020")
    paths = discover(folder)
    raws, reads, phases = [], [], Phases()
    for _ in range(max(repeat, 1)):
        raws.append(raw_read(paths))
        records = phases.time("read + validate", lambda: read_all(paths, folder, config, rule_set))
        reads.append(phases.wall["read + validate"])
    phases.wall["read + validate"] = min(reads)

    def select():
        period = aggregate.infer_period(records)
        aggregate.check_period(records, period)
        aggregate.settle_statuses(records)
        return aggregate.build_result(records, config, rule_set, period, folder, datetime.now())

    result = phases.time("select + aggregate + score", select)
    out = _fresh("phases")
    from dvht_batch.models import RunContext

    run = RunContext(trends=phases.time("history: earlier periods", lambda: trends.load_trends(out, result.period)))
    folder_out = out / str(result.period)
    folder_out.mkdir(parents=True)
    phases.time("consolidated workbook", lambda: write_consolidated(result, folder_out / "tong_hop.xlsx", run=run))
    phases.time("ket_qua.json", lambda: write_json(result, folder_out / "ket_qua.json"))
    phases.time("history: ledger + archive", lambda: runs.record_run(result, out))
    if docx:
        from dvht_batch.writers.docx import write_department_report, write_unit_report

        def documents():
            write_unit_report(result, folder_out / "bao_cao_don_vi.docx")
            for d in result.departments:
                if d.file is not None and d.score is not None:
                    write_department_report(result, d, folder_out / f"bao_cao_{d.code}.docx")
                    phases.documents += 1

        phases.time("Word documents (1 process)", documents)
    return phases, min(raws), sorted(r / w for r, w in zip(reads, raws)), result


def whole_runs(folder: Path, repeat: int, docx: bool = False) -> tuple[list, list, list, list]:
    """`dvht run --no-docx`, the pandas read, the python-calamine read and (with `docx`) `dvht run` with every
    document, alternated: (wall, cpu) of each."""
    ours, theirs, raw, documents = [], [], [], []
    for _ in range(max(repeat, 1)):
        ours.append(dvht_process(folder))
        theirs.append(pandas_process(folder))
        raw.append(pandas_process(folder, CALAMINE_READ))
        if docx:
            documents.append(dvht_process(folder, docx=True))
    return ours, theirs, raw, documents


def report(name: str, folder: Path, args) -> None:
    phases, raw, ratios, result = in_process(folder, args.repeat, args.docx)
    ours, theirs, raw_runs, documents = whole_runs(folder, args.repeat, args.docx)
    members = result.unit.counts.members
    print(f"\nscenario {name}: {folder.name} ({len(result.departments)} departments, {members} members counted)")
    print(f"  {'phase (in this process)':40s} {'wall':>7s}   {'cpu':>7s}")
    print(f"  {'raw python-calamine read (1 process)':40s} {raw:7.2f} s")
    for phase, secs in phases.wall.items():
        print(f"  {phase:40s} {secs:7.2f} s {phases.cpu[phase]:7.2f} s")
    read = phases.wall["read + validate"]
    print(f"  {'read + validate / raw read':40s} {read / raw:7.2f} ×  (pairs {ratios[0]:.2f}–{ratios[-1]:.2f}; "
          f"target for T ≤ 1.5×)")
    print(f"  {'  the same in CPU time':40s} {phases.cpu['read + validate'] / raw:7.2f} ×  (both processes of the pool "
          "and this one's receiving, against the raw read's one process)")
    book = phases.wall["consolidated workbook"]
    print(f"  {'consolidated workbook ≤ 2 s':40s} {'met' if book <= 2 else 'NOT met':>7s}")
    walls, cpus = [w for w, _ in ours], [c for _, c in ours]
    p_walls, p_cpus = [w for w, _ in theirs], [c for _, c in theirs]
    pairs = sorted(o / p for o, p in zip(walls, p_walls))
    print(f"  {'dvht run --no-docx, whole process':40s} {min(walls):7.2f} s {min(cpus):7.2f} s  (wall {_spread(walls)})")
    print(f"  {'pandas.read_excel, read loop only':40s} {min(p_walls):7.2f} s {min(p_cpus):7.2f} s  "
          f"(wall {_spread(p_walls)})")
    print(f"  {'whole run / pandas read':40s} {min(walls) / min(p_walls):7.2f} × {min(cpus) / min(p_cpus):7.2f} ×  "
          f"(wall pairs {pairs[0]:.2f}–{pairs[-1]:.2f}; target ≤ 1×)")
    r_walls, r_cpus = [w for w, _ in raw_runs], [c for _, c in raw_runs]
    r_pairs = sorted(o / r for o, r in zip(walls, r_walls))
    print(f"  {'python-calamine, every sheet, 1 process':40s} {min(r_walls):7.2f} s {min(r_cpus):7.2f} s  "
          f"(wall {_spread(r_walls)}; read loop only)")
    print(f"  {'whole run / python-calamine read':40s} {min(walls) / min(r_walls):7.2f} × "
          f"{min(cpus) / min(r_cpus):7.2f} ×  (wall pairs {r_pairs[0]:.2f}–{r_pairs[-1]:.2f}; target ≤ 1×)")
    # The floor of any run that starts Python, imports this code and reads with python-calamine on both cores,
    # before it validates, scores or writes anything.
    started = start_up(args.repeat)
    _, both = raw_read_on_both_cores(sorted(folder.glob("*.xlsx")), args.repeat)
    print(f"  {'start-up + imports (a process)':40s} {started:7.2f} s")
    print(f"  {'python-calamine read on both cores':40s} {both:7.2f} s")
    print(f"  {'  floor: the two, before any other work':40s} {started + both:7.2f} s  "
          f"= {(started + both) / min(r_walls):.2f}× the 1-process read")
    if documents:
        d_walls, d_cpus = [w for w, _ in documents], [c for _, c in documents]
        print(f"  {'dvht run with every document':40s} {min(d_walls):7.2f} s {min(d_cpus):7.2f} s  "
              f"(wall {_spread(d_walls)}); / pandas read {min(d_walls) / min(p_walls):.2f} × (target ≤ 1×)")
        word = phases.cpu["Word documents (1 process)"]
        print(f"  {'Word documents, CPU per document':40s} {1000 * word / (phases.documents + 1):7.2f} ms  "
              f"({phases.documents} department notices + the unit's report, in this process)")


def _spread(values: list[float]) -> str:
    return "–".join(f"{v:.2f}" for v in (min(values), max(values)))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--departments", type=int, default=1000)
    ap.add_argument("--members", type=int, default=40)
    ap.add_argument("--repeat", type=int, default=3, help="times each compared measurement is taken, alternating")
    ap.add_argument("--docx", action="store_true", help="also the Word documents, and the peak memory with them")
    ap.add_argument("--scenarios", default="LT", help="L, T or LT")
    ap.add_argument("--code", default=_code, help="the checkout whose dvht_batch is measured (default: this one)")
    ap.add_argument("--templates", type=int, default=0, metavar="N", help="also time `dvht templates` for N departments")
    args = ap.parse_args()

    folders = {}
    for name, make in (("L", scenario_l), ("T", scenario_t)):
        if name in args.scenarios:
            t = time.perf_counter()
            folders[name] = make(WORK, args.departments, args.members)
            if time.perf_counter() - t > 1:
                print(f"generated scenario {name} in {time.perf_counter() - t:.0f} s")
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    one, two = raw_read_on_both_cores(sorted(next(iter(folders.values())).glob("*.xlsx")))
    speedup = one / two
    print(f"code: {args.code}")
    print(f"machine: {os.cpu_count()} cores, load average {load[0]:.1f} at the start" if load else "machine:",
          f"; a second process speeds the raw read up {speedup:.2f}× (≈ 1.8 when quiet)")
    for name, folder in folders.items():
        report(name, folder, args)
    if args.docx:
        peak = peak_mib_with_documents(folders.get("L") or next(iter(folders.values())))
        print(f"\npeak memory, dvht run with documents: {peak:.0f} MiB (target ≤ 300 MiB)")
    if args.templates:
        from dvht_batch.setup.config import parse_config
        from dvht_batch.period import Period
        from dvht_batch.rules import load_rule_set
        from dvht_batch.writers.templates import write_templates

        t = time.perf_counter()
        write_templates(parse_config(config_dict(args.templates)), load_rule_set("tt22-2020"), Period(2025, 12),
                        _fresh("templates"))
        print(f"dvht templates for {args.templates} departments: {time.perf_counter() - t:.2f} s (well under 10 s)")
    if load:
        print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    shutil.rmtree(WORK / "runs", ignore_errors=True)


if __name__ == "__main__":
    main()
