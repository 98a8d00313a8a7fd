"""The outputs of one run, written and made OUT/<period>/ as a whole (`write_outputs`), for `pipeline.run_period`.

Every output is written into a staging folder (`output.period_swap.PeriodSwap`) while the inputs are archived
(`ledger.archive`); then the earlier folder is set aside, the ledger commits the run (`ledger.runs.record_run`,
the commit point) and the staging folder becomes OUT/<period>/, the office's files of the earlier one carried
over or kept in da_sua_tay/ (`output.settle`). The caller holds the output folder's lock.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from dvht_batch.ledger import runs
from dvht_batch.ledger.trends import load_trends
from dvht_batch.messages import render
from dvht_batch.system.filenames import safe_stem
from dvht_batch.models import NO_RUN, DepartmentStatus, RunContext, RunResult
from dvht_batch.system.os_faults import printable
from dvht_batch.output.names import (CHECKLIST, CONSOLIDATED, DEPARTMENT_DIR, DOSSIER_DIR, FEEDBACK_DIR, OUTPUT_NAMES,
                                     RESULT_JSON, UNIT_REPORT, is_run_output)
from dvht_batch.output.period_swap import PeriodSwap, new_run_id
from dvht_batch.output.recovery import Settled, kept_notes, notes, take_news
from dvht_batch.writers.in_parallel import Pieces, worth_forking

if TYPE_CHECKING:
    from dvht_batch.ledger.archive import Archived
    from dvht_batch.output.settle import Kept


@dataclass
class Outputs:
    folder: Path
    unit_report: Path | None = None
    department_reports: list[Path] = field(default_factory=list)
    consolidated: Path | None = None
    feedback: list[Path] = field(default_factory=list)
    result_json: Path | None = None
    pdfs: list[Path] = field(default_factory=list)
    ledger: Path | None = None
    dossier: "object | None" = None   # writers.dossier.DossierOutputs: the yearly dossier (levels rule sets)
    recovered: Settled = field(default_factory=Settled)  # what killed runs left, settled on taking the folder
    checklist: Path | None = None     # kiem_tra_truoc_khi_ky.txt (with the documents)
    set_aside: list[Kept] = field(default_factory=list)  # the clerk's files this run kept in da_sua_tay/
    not_archived: list = field(default_factory=list)  # archive.NotArchived: accepted inputs with no archive copy
    settle_pending: Path | None = None  # the earlier folder, when a file of it could not be moved yet (kept there)
    run: RunContext = NO_RUN          # the run these are the outputs of (its identifier, trends, standing)
    swap: PeriodSwap | None = None    # how they became OUT/<period>/: `told` once the clerk has read output_notes


def output_notes(outputs: Outputs) -> list[str]:
    """What the clerk is told after a run besides the summary, one line each (console and web page): what a
    killed run had left and taking the folder settled (`output.recovery.notes`), the clerk's files this run kept
    aside (output.settle.Kept), a settling left for the next command, inputs not archived."""
    lines = notes(outputs.recovered) + kept_notes(outputs.set_aside)
    if outputs.settle_pending is not None:
        lines.append(render("set-aside-pending", folder=printable(outputs.settle_pending)))
    lines += [render("not-archived-line", path=missed.path, reason=missed.reason) for missed in outputs.not_archived]
    return lines


def told(outputs: Outputs) -> None:
    """The clerk has read `output_notes` (console, web page): the swap's journal, kept while files it set aside were
    not yet named, goes. A run killed before this leaves it: the next command names them (`output.recovery`)."""
    if outputs.swap is not None:
        outputs.swap.told()


def write_outputs(result: RunResult, out_root: Path, documents: bool = True, pdf: bool = False,
                  ledger: bool = True) -> Outputs:
    """Write every output of the run and make it OUT/<period>/ as a whole; return their paths.

    The caller holds the output folder's lock (`output.lock.output_lock`; `run_period` does, from reading to
    here; taking it settled what killed runs left, `output.recovery`). First the run's context (`begin_run`).
    Every output is written into a staging folder beside OUT/<period>/ (`output.period_swap.PeriodSwap`), the
    inputs archived; then the earlier folder
    is set aside, the ledger commits the run (the commit point) and the staging folder becomes OUT/<period>/,
    the office's files of the earlier one carried over or kept in da_sua_tay/ (`output.settle`).
    """
    out_root = Path(out_root)
    held(out_root)
    recovered = take_news(out_root)  # settled when the lock was taken (output.recovery): told with this run
    run = begin_run(result, out_root, ledger)
    swap = PeriodSwap(out_root, str(result.period), run.run_id, is_run_output, with_ledger=ledger)
    try:
        out, archived = _write_all(result, run, swap.prepare(), documents, pdf, out_root if ledger else None)
        out.ledger = _swap_in(swap, result, run, out_root, ledger, archived)
    finally:
        if not swap.begun:
            swap.abandon()
    settled, out = swap.settled, _relocated(out, swap.staging, swap.final)
    out.recovered, out.set_aside, out.swap = recovered, settled.set_aside, swap
    out.not_archived, out.settle_pending = archived.missed, None if settled.done else swap.old
    return out


def held(out_root: Path) -> None:
    """Raise (a programming error) unless this thread holds the output folder's lock."""
    from dvht_batch.output.lock import holds

    if not holds(out_root):
        raise RuntimeError(f"write_outputs needs the output lock of {out_root} (run_period takes it)")


def begin_run(result: RunResult, out_root: Path, ledger: bool = True) -> RunContext:
    """What this run adds to `result`, fixed before any writer starts: a new run identifier (every call is a
    run of its own), earlier periods from the ledger (with `ledger`, for the change figures) and, under a
    levels rule set, the recognitions in force on the report's date (`dvht cong-nhan`)."""
    trends = standing = None
    if ledger:
        trends = load_trends(out_root, result.period)
    if result.rule_set.scheme == "levels":
        from dvht_batch.ledger.recognition import load_recognitions, standing as standing_on

        standing = standing_on(load_recognitions(out_root), result.config.documents.date or result.generated_at.date(),
                               result.rule_set.validity)  # thoi_han_cong_nhan: how the validity is read
    return RunContext(run_id=new_run_id(result.generated_at), trends=trends, standing=standing)


def _write_all(result: RunResult, run: RunContext, folder: Path, documents: bool, pdf: bool,
               archive_root: Path | None) -> tuple[Outputs, "Archived"]:
    """Every output file of the run, into `folder` (empty), and the inputs archived under `archive_root`
    (None: no archive); returns the outputs and what was archived (`archive.archive_inputs`).

    With many members, work that needs nothing from the rest runs in forked child processes
    (`writers.in_parallel`): first ket_qua.json and the archive — on the core the workbook's sorting leaves
    free —, then the workbook's member rows, then the departments' documents in one chunk per core
    (`writers.department_documents`), while this process writes the other sheets and the unit's report.
    """
    from dvht_batch.ledger.archive import Archived, archive_inputs
    from dvht_batch.writers.json_out import write_json
    from dvht_batch.writers.xlsx_consolidated import start_consolidated

    side_work: list[Callable[[], object]] = [lambda: write_json(result, folder / RESULT_JSON, run)]
    if archive_root is not None:
        side_work.append(lambda: archive_inputs(result, archive_root))
    side = Pieces(lambda i: side_work[i](), len(side_work), worth_forking(len(result.unit.members)))
    out, consolidated = Outputs(folder=folder, run=run), None
    try:
        consolidated = start_consolidated(result, folder / CONSOLIDATED, run=run)
        _write_the_rest(result, run, out, documents, pdf)
        written = side.results()
        out.consolidated = consolidated.finish()
    finally:  # children are left only when something failed
        side.cancel()
        if consolidated is not None:
            consolidated.cancel()
    out.result_json = written[0]
    return out, (written[1] if archive_root is not None else Archived())


def _write_the_rest(result: RunResult, run: RunContext, out: Outputs, documents: bool, pdf: bool) -> None:
    """Feedback workbooks, the yearly dossier, the Word documents (and their PDFs)."""
    from dvht_batch.writers.feedback_names import feedback_names
    from dvht_batch.writers.xlsx_feedback import write_feedback

    folder = out.folder
    names = feedback_names(result.files)
    for record in result.files:
        if record.key in names:
            out.feedback.append(write_feedback(record, folder / FEEDBACK_DIR / names[record.key], run_id=run.run_id))

    out.dossier = write_year_dossier(result, folder, documents, run)  # ho_so/: the yearly dossier, or none
    if documents:
        from dvht_batch.writers.department_documents import DepartmentDocuments
        from dvht_batch.writers.docx import write_department_report, write_unit_report
        from dvht_batch.writers.docx.department_report import department_fill_ins
        from dvht_batch.writers.run_checklist import write_run_checklist

        fill_ins: dict[str, list[str]] = {}
        jobs = [(d, folder / DEPARTMENT_DIR / f"bao_cao_{safe_stem(d.code)}.docx")
                for d in result.departments if d.status is DepartmentStatus.ACCEPTED]
        # on every core (forked children where worth it) while this process writes the unit's report
        reports = DepartmentDocuments(jobs, lambda d, path: write_department_report(result, d, path, run),
                                      len(result.unit.members))
        try:
            if out.dossier is not None and out.dossier.report is not None:
                # a levels year: the Sở receives the dossier; the year's BÁO CÁO is its self-assessment report, one
                # document with one signer and one number (docs/van-ban.md), not a second report to the same Sở
                out.unit_report = out.dossier.copy_report_to(folder / UNIT_REPORT)
            else:
                out.unit_report = write_unit_report(result, folder / UNIT_REPORT, run,
                                                    fill_ins.setdefault(UNIT_REPORT, []))
            out.department_reports = reports.finish()
        finally:  # children are left only when something failed
            reports.cancel()
        if jobs:  # every notice has the same places to fill in (its header): listed once, from the first
            fill_ins[f"Thông báo gửi các phòng ({DEPARTMENT_DIR}, mỗi tệp)"] = department_fill_ins(result, jobs[0][0])
        out.checklist = write_run_checklist(result, folder / CHECKLIST, fill_ins, dossier=out.dossier is not None)
        if pdf:
            from dvht_batch.writers.docx import convert_beside

            dossier_docs = out.dossier.documents if out.dossier else []
            out.pdfs = convert_beside([out.unit_report, *out.department_reports, *dossier_docs])  # one LibreOffice run


def write_year_dossier(result: RunResult, folder: Path, documents: bool = True, run: RunContext = NO_RUN):
    """The yearly recognition dossier in folder/ho_so/ (a year's run under a levels rule set, with documents);
    any other run has none (the swap leaves no earlier dossier behind). Returns DossierOutputs or None."""
    if not (documents and result.period.is_year and result.rule_set.scheme == "levels"):
        return None
    from dvht_batch.writers.dossier import write_dossier  # the Word writers: imported only when needed

    return write_dossier(result, folder / DOSSIER_DIR, run)


def _swap_in(swap: PeriodSwap, result: RunResult, run: RunContext, out_root: Path, ledger: bool,
             archived: "Archived") -> Path | None:
    """Make the staging folder OUT/<period>/ (`output.period_swap`): the earlier folder out of the way, the run
    committed to the ledger (the commit point, with what it wrote by hash), the new folder in and the earlier
    one settled into it. A failure before the commit puts everything back. Returns the ledger path."""
    from dvht_batch.output.period_swap import is_committed, run_id_of
    from dvht_batch.output.settle import output_hashes

    written, earlier = output_hashes(swap.staging), run_id_of(swap.final)
    previous = runs.outputs_of(out_root, swap.period, earlier) if ledger else None
    recorded = runs.run_time(out_root, earlier) if ledger and previous is None else None  # an earlier version's
    swap.begin(previous, written, recorded.timestamp() + 1 if recorded else None)  # run_at: to the second
    path = None
    try:
        if ledger:
            path = runs.record_run(result, out_root, run, archived.names, written)
    except BaseException:
        try:
            swap.settle(is_committed(swap, lambda key: runs.has_run(out_root, key)))
        except Exception:  # noqa: BLE001 - the journal stays: the next command settles it
            pass
        raise
    swap.complete(tell_first=True)  # its journal stays until the clerk is told of the files set aside (`told`)
    return path


def _relocated(out: Outputs, staging: Path, final: Path) -> Outputs:
    """The same outputs, named where they are after the swap."""
    def move(path: Path | None) -> Path | None:
        # resolved: LibreOffice reports its PDFs by absolute path while `staging` may be relative (--out OUT)
        return None if path is None else final / Path(path).resolve().relative_to(Path(staging).resolve())

    dossier = out.dossier and replace(out.dossier, folder=move(out.dossier.folder), table=move(out.dossier.table),
                                      documents=[move(p) for p in out.dossier.documents],
                                      checklist_file=move(out.dossier.checklist_file), report=move(out.dossier.report))
    return Outputs(folder=final, unit_report=move(out.unit_report),
                   department_reports=[move(p) for p in out.department_reports], consolidated=move(out.consolidated),
                   feedback=[move(p) for p in out.feedback], result_json=move(out.result_json),
                   pdfs=[move(p) for p in out.pdfs], ledger=out.ledger, dossier=dossier, run=out.run,
                   checklist=move(out.checklist))


__all__ = ["write_outputs", "begin_run", "write_year_dossier",
           "output_notes", "told", "kept_notes", "is_run_output", "Outputs", "OUTPUT_NAMES", "UNIT_REPORT", "DEPARTMENT_DIR",
           "FEEDBACK_DIR", "CONSOLIDATED", "RESULT_JSON", "CHECKLIST"]
