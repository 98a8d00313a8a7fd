"""Benchmark: workbooks in one .mbox against the same workbooks as files in a folder.

    python benchmarks/bench_mailbox.py [--departments 1000] [--members 40] [--repeat 3]

Target (2 cores): reading 1,000 department workbooks from one .mbox (one message each, as a mail
client exports them) takes at most 1.2× the time of reading the same workbooks from a folder
(`intake.read_all`, both through the same 2-process pool). The two are timed alternately, --repeat
times, and the best of each is reported (noise only adds), with the spread of the pairwise ratios.
The workbooks are those of scenario L (`scenarios.scenario_l`), cached under benchmarks/_work/.
"""
from __future__ import annotations

import argparse
import mailbox as stdlib_mailbox
import sys
import time
from email.message import EmailMessage
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from scenarios import config_dict, scenario_l  # noqa: E402  (scenario L's workbooks and configuration)

from dvht_batch.setup.config import parse_config  # noqa: E402
from dvht_batch.intake import discover, read_all  # noqa: E402
from dvht_batch.rules import load_rule_set  # noqa: E402

WORK = Path(__file__).resolve().parent / "_work"
XLSX = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def build_mbox(files: list[Path], target: Path) -> None:
    """One message per workbook, each from its own department's address, as a mail client exports them."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".part")
    tmp.unlink(missing_ok=True)
    box = stdlib_mailbox.mbox(str(tmp))
    for i, path in enumerate(files, start=1):
        msg = EmailMessage()
        msg["From"] = f"Văn thư phòng {i} <phong{i}@example.vn>"
        msg["To"] = "vanphong@example.vn"
        msg["Subject"] = f"Báo cáo tháng 11/2025 – {path.stem}"
        msg["Date"] = "Wed, 03 Dec 2025 10:00:00 +0700"
        msg.set_content("Kính gửi Văn phòng, phòng gửi bảng theo dõi thành viên tháng 11/2025.")
        msg.add_attachment(path.read_bytes(), maintype=XLSX[0], subtype=XLSX[1], filename=path.name)
        box.add(msg)
    box.flush()
    box.close()
    tmp.replace(target)


def _timed(folder: Path, config, rule_set) -> tuple[float, int]:
    start = time.perf_counter()
    records = read_all(discover(folder), folder, config, rule_set)
    elapsed = time.perf_counter() - start
    accepted = sum(1 for r in records if r.kind.value == "department" and not r.errors)
    return elapsed, accepted


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--departments", type=int, default=1000)
    parser.add_argument("--members", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    files_dir = scenario_l(WORK, args.departments, args.members)  # generated once, then reused
    mail_dir = WORK / f"mbox_{args.departments}x{args.members}"
    mbox_path = mail_dir / "hop_thu.mbox"
    if not mbox_path.is_file():
        build_mbox(sorted(files_dir.glob("*.xlsx")), mbox_path)
    config = parse_config(config_dict(args.departments))
    rule_set = load_rule_set("tt22-2020")

    folder_times, mbox_times = [], []
    for _ in range(args.repeat):
        t_files, n_files = _timed(files_dir, config, rule_set)
        t_mbox, n_mbox = _timed(mail_dir, config, rule_set)
        assert n_files == n_mbox == args.departments, (n_files, n_mbox)
        folder_times.append(t_files)
        mbox_times.append(t_mbox)
    ratios = sorted(m / f for f, m in zip(folder_times, mbox_times))
    best = min(mbox_times) / min(folder_times)
    size = mbox_path.stat().st_size / 1024 / 1024
    print(f"{args.departments} workbooks × {args.members} members; .mbox of {size:.1f} MiB")
    print(f"  as files in a folder (best of {args.repeat}): {min(folder_times):.2f} s")
    print(f"  in one .mbox         (best of {args.repeat}): {min(mbox_times):.2f} s")
    print(f"  ratio of the bests: {best:.2f}× (target ≤ 1.2×); pairwise {ratios[0]:.2f}–{ratios[-1]:.2f}×")
    return 0 if best <= 1.2 else 1


if __name__ == "__main__":
    raise SystemExit(main())
