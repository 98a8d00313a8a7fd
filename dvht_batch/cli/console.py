"""Terminal output for the CLI: a progress bar on long runs and the end-of-run summary."""
from __future__ import annotations

import os
import sys
import time

import click

from dvht_batch.pipeline import RunProgress
from dvht_batch.vocab.labels import DEPARTMENT_STATUS, FILE_STATUS, in_sentence, warned
from dvht_batch.writers.run_checklist import run_checks
from dvht_batch.models import DepartmentStatus, FileStatus, RunResult
from dvht_batch.assess.dossier import decide_request
from dvht_batch.ledger.recognition import standing_text
from dvht_batch.rules import legal
from dvht_batch.system.os_faults import printable
from dvht_batch.period_outputs import output_notes, told
from dvht_batch.messages import render
from dvht_batch.vn.numbers import fmt_points

SHOW_BAR_FROM = 20  # files; shorter runs finish before a bar helps
_REDRAW_SECONDS = 0.1
# Warnings the clerk must see on the console even for a file that was used.
SHOWN_WARNINGS = {"file-name-not-utf8", "implausible-date"}


class Progress(RunProgress):
    """A rich progress bar on stderr while the files are read, or nothing (quiet, few files, or not a
    terminal). Used as a context manager: the bar is gone however the run ends."""

    def __init__(self, enabled: bool = True):
        self.enabled = enabled and sys.stderr.isatty()
        self._bar = None
        self._task = None

    def __enter__(self) -> "Progress":
        return self

    def reading(self, total: int) -> None:
        if not self.enabled or total < SHOW_BAR_FROM:
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
        from rich.progress import Progress as RichProgress

        # No refresh thread (auto_refresh off, redrawn from advance()): the reading processes are forked, and
        # a fork is only safe while this process runs a single thread (dvht_batch.system.child_processes).
        self._bar = RichProgress(TextColumn("Đang đọc tệp"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                                 console=Console(stderr=True), transient=True, auto_refresh=False)
        self._bar.start()
        self._task = self._bar.add_task("read", total=total)
        self._drawn = 0.0

    def advance(self, n: int = 1) -> None:
        if self._bar is not None:
            self._bar.advance(self._task, n)
            now = time.monotonic()
            if now - self._drawn >= _REDRAW_SECONDS:
                self._drawn = now
                self._bar.refresh()

    def writing(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def __exit__(self, *exc) -> None:
        self.writing()


def print_summary(result: RunResult, outputs) -> None:
    counts = result.file_status_counts()
    unit = result.unit
    echo = click.echo
    echo(f"Kỳ báo cáo: {result.period.label()} — bộ tiêu chí {result.rule_set.label}")
    echo("Tệp: " + "; ".join(f"{counts[s]} {in_sentence(w)}" for s, w in FILE_STATUS.items()))
    for status in (DepartmentStatus.MISSING, DepartmentStatus.REJECTED):
        lacking = [d for d in result.departments if d.status is status]
        if lacking:
            echo(f"Phòng {in_sentence(DEPARTMENT_STATUS[status])}: " + ", ".join(f"{d.name} ({d.code})" for d in lacking))
    print_unused(result)
    for f in result.files:
        for w in f.warnings:
            if w.code in SHOWN_WARNINGS:
                click.secho(f"  Lưu ý {f.path} — {w.message}", fg="yellow")
    if unit.score.total is not None:
        outcome = f"{fmt_points(unit.score.total)} điểm, xếp loại {unit.score.classification}"
    else:  # levels scheme (tt24-2023)
        outcome = _levels_outcome(unit.score, result.rule_set)
    echo(f"Thành viên được tính: {unit.counts.members} (không tính: {unit.counts.excluded}); kết quả: {outcome}")
    _recognition_lines(result, outputs.run.standing)
    _office_checks(result)
    _document_checks(result, outputs)
    echo(f"Kết quả đã ghi vào: {printable(os.path.normpath(outputs.folder))}")
    print_notes(outputs)


def print_notes(outputs) -> None:
    """What the clerk must read even with -q: a killed run settled, the clerk's files set aside, inputs not
    archived (`period_outputs.output_notes`); then the run's swap is told (`period_outputs.told`)."""
    for line in output_notes(outputs):
        click.secho(line, fg="yellow")
    told(outputs)



def _levels_outcome(score, rule_set) -> str:
    """'đạt yêu cầu công nhận Mức độ 1 (…)'; when the rule file's unconfirmed requirements keep the documents
    from stating the measured level, both: what the figures meet and what the documents may say."""
    measured = score.classification
    outcome = (f"đạt yêu cầu công nhận {measured}" if measured != rule_set.fail_class
               else f"{measured} yêu cầu công nhận mức độ nào")
    if score.failing:
        outcome += f" (chỉ tiêu chưa đạt để lên mức tiếp theo: {', '.join(score.failing)})"
    if score.concluded != measured:
        stated = f"chỉ kết luận {score.concluded}" if score.concluded else "không kết luận mức độ nào"
        outcome = (f"số liệu {outcome} theo tệp bộ tiêu chí, nhưng còn yêu cầu chưa xác nhận nên văn bản {stated} "
                   "(xem mục kiểm tra dưới đây)")
    return outcome


def _recognition_lines(result: RunResult, st) -> None:
    """Levels scheme: the recognition in force (dvht cong-nhan), and why the request differs from the result
    (a level held, Mức độ 2 too early, requirements not confirmed)."""
    if result.rule_set.scheme != "levels":
        return
    if st is not None:
        click.echo(f"Công nhận: {standing_text(st)}")
    request = decide_request(result, st)
    if request.notice:
        click.secho(request.notice, fg="yellow")


def print_law_warnings(rule_set, guidance: str | None, last_day) -> None:
    """'Cảnh báo: …' for a legal text not in force on the last day of what is written (e.g. TT 22 repealed on
    26/01/2024): the same sentence for `run`, `ho-so` and `ke-hoach` (rules/legal.py)."""
    for warning in legal.warnings(rule_set, guidance, last_day):
        click.secho(warned(warning), fg="yellow")


def _document_checks(result: RunResult, outputs) -> None:
    """Dates in the documents that contradict each other, and where the list of places to fill in is."""
    for warning in run_checks(result):
        click.secho(warned(warning), fg="yellow")
    checklist = getattr(outputs, "checklist", None)
    if checklist is not None:
        click.echo("Chỗ cần ghi, điền trước khi ký (tô vàng trong văn bản): xem "
                   f"{printable(os.path.normpath(checklist))}")


def _office_checks(result: RunResult) -> None:
    """What the office checks before signing (the same list as sheet Kiem_tra of tong_hop.xlsx)."""
    print_law_warnings(result.rule_set, result.config.guidance, result.period.last_day())
    checks = legal.checklist(result.rule_set) + legal.unit_kind_hints(result.rule_set, result.config.unit_kind)
    if checks:
        click.secho("Văn phòng kiểm tra trước khi ký (cũng ở sheet Kiem_tra của tong_hop.xlsx):", fg="yellow")
        for line in checks:
            click.echo(f"  - {line}")


SHOWN_PER_GROUP = 10  # longer lists end with where the rest are


def print_unused(result: RunResult) -> None:
    """Every file not used, with its reason: rejected files (yellow), superseded ones, then ignored ones; the first
    `SHOWN_PER_GROUP` of each, and where the others are listed (tong_hop.xlsx, sheet Loi)."""
    for status, note, colour in ((FileStatus.REJECTED, "", "yellow"), (FileStatus.SUPERSEDED, "", None),
                                 (FileStatus.IGNORED, " (không phải bài nộp)", None)):
        files = [f for f in result.files if f.status is status]
        if not files:
            continue
        click.echo(f"Tệp {in_sentence(FILE_STATUS[status])}{note} ({len(files)}):")
        for f in files[:SHOWN_PER_GROUP]:
            whose = "" if status is FileStatus.SUPERSEDED else _whose(f)  # a newer file of the same sender is used
            click.secho(f"  {f.path} — {unused_reason(f)}{whose}", fg=colour)
        if len(files) > SHOWN_PER_GROUP:
            click.echo(f"  … và {len(files) - SHOWN_PER_GROUP} tệp khác: xem đủ danh sách trong tong_hop.xlsx, "
                       "trang \"Loi\".")


def _whose(f) -> str:
    if not f.department:
        return ""
    how = f", {f.department_from}" if f.department_from else ""
    return f" [tính cho phòng {f.department}{how}]"


def unused_reason(f) -> str:
    """Why a file was not used, in one line: its first error (and how many more), or why it was ignored."""
    if f.status is FileStatus.REJECTED and f.errors:
        more = f" (và {len(f.errors) - 1} lỗi khác)" if len(f.errors) > 1 else ""
        return f.errors[0].message + more
    if f.status is FileStatus.SUPERSEDED and f.superseded_by:
        return render("superseded-by-newer", newer=f.superseded_by)
    return f.ignored_reason or "không phải bảng theo mẫu"
