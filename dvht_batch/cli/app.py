"""The `dvht` group and its entry point; each command is a module of its own in this package.

Exit status: 0 when the outputs were written (rejected files included); 2 for a bad command line
or configuration; 1 when outputs could not be written (e.g. a file open in Excel, a folder that cannot
be written, a full disk: every OSError reaching `common.guard` is said in Vietnamese by `system.os_faults`).

Each command parses its options, calls one library function and shows what it returns; the clock is read
here, at the edge (`datetime.now`, `date.today`), and passed in.

The output folder's lock (`output.lock.output_lock`): `run` and `ho-so` hold it from reading to the swap
(`pipeline.run_period`); `ke-hoach` (writes OUT/<year>/: `plan.make.make_plan`) and `nhan-thu` (writes the ledger:
`mail.fetch.fetch_new`) hold it while they run, taken by the library so the web app's pages hold it too;
`cong-nhan` holds it while it writes its decision (`ledger.recognition.record_recognition`); `templates` (its
own folder; `--prefill` only reads the ledger) and `lich-su` (reads) do not take it.
"""
from __future__ import annotations

import sys

import click

from dvht_batch import __version__
from dvht_batch.cli.usage import VietnameseGroup


def _utf8_console() -> None:
    """Windows consoles may not be UTF-8: never let a Vietnamese letter crash the run."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(encoding="utf-8", errors="replace")  # type: ignore[attr-defined]
        except (AttributeError, ValueError, OSError):
            pass


@click.group(cls=VietnameseGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dvht")
def cli() -> None:
    """dvht — tổng hợp bảng tính của các phòng, chấm điểm "Đơn vị học tập" và lập báo cáo."""


def main() -> None:
    _utf8_console()
    cli(prog_name="dvht")

