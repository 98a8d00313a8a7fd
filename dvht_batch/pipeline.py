"""The `dvht run` job as a library: input folder → RunResult → files under OUTPUT_DIR/<period>/.

No click, no printing: the CLI reports progress through callbacks and turns DvhtError into exit codes.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Callable

from dvht_batch.assess import aggregate
from dvht_batch.setup.config import Config, find_config, load_config
from dvht_batch.assess.created_dates import check_created_dates
from dvht_batch.assess.dossier import DOSSIER_DIR
from dvht_batch.errors import ConfigError, DvhtError
from dvht_batch.messages import render
from dvht_batch.system.filenames import safe_stem
from dvht_batch.models import DepartmentStatus, FileStatus, RunResult
from dvht_batch.system.os_faults import printable
from dvht_batch.output.period_swap import PeriodSwap, new_run_id, recover, remove_leftovers
from dvht_batch.period import Period
from dvht_batch.rules import RuleSet, load_rule_set
from dvht_batch.output.lock import output_lock
from dvht_batch.writers.in_parallel import Pieces, worth_forking

# Names of what the run writes inside OUTPUT_DIR/<period>/.
UNIT_REPORT = "bao_cao_don_vi.docx"
DEPARTMENT_DIR = "bao_cao_phong"
FEEDBACK_DIR = "phan_hoi"
CONSOLIDATED = "tong_hop.xlsx"
RESULT_JSON = "ket_qua.json"
CHECKLIST = "kiem_tra_truoc_khi_ky.txt"   # what the office checks before signing (writers/run_checklist.py)


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
    cleaned: list[Path] = field(default_factory=list)  # leftovers of killed runs removed before writing
    checklist: Path | None = None     # kiem_tra_truoc_khi_ky.txt (with the documents)


def load_setup(config_path: Path | None, input_dir: Path | None,
               need_departments: bool = True, today: date | None = None) -> tuple[Config, RuleSet]:
    """Find and load dvht.toml and its rule set; ConfigError / RuleSetError (exit 2) otherwise.

    Only the KẾ HOẠCH (`need_departments=False`) is written for an agency without departments. `today`:
    the day of the run, against which the configuration's dates are judged (None: only their lower bound).
    """
    config = load_config(find_config(config_path, input_dir), today)
    if need_departments and not config.departments:
        raise ConfigError(render("config-no-department", path=config.path))
    base = config.path.parent if config.path else None
    return config, load_rule_set(config.rule_set, base)


def collect(input_dir: Path, config: Config, rule_set: RuleSet, period: Period | None = None,
            progress: Callable[[int], None] | None = None,
            on_total: Callable[[int], None] | None = None, out_root: Path | None = None,
            today: date | None = None) -> RunResult:
    """Read, validate, select and score. Raises ConfigError when the period cannot be inferred.

    Files under `out_root` (our own outputs, when the output folder sits inside the input folder)
    are not read back as input. `today`: the day of the run (default: the system's date), against
    which "Ngày lập" is judged.
    """
    from dvht_batch.intake import read_all
    from dvht_batch.intake.discover import find_inputs
    from dvht_batch.intake.unreadable import unreadable_folders

    if not input_dir.is_dir():
        raise ConfigError(render("input-folder-not-found", folder=input_dir))
    found = find_inputs(input_dir, out_root)
    paths = found.paths
    if out_root is not None:
        skip = out_root.resolve()
        paths = [p for p in paths if not p.resolve().is_relative_to(skip)]
    if on_total:
        on_total(len(paths))
    records = read_all(paths, input_dir, config, rule_set, progress=(lambda: progress(1)) if progress else None)
    records += unreadable_folders(found.unreadable, config)
    if period is None:
        period = aggregate.infer_period(records)
        if period is None:
            found = aggregate.periods_found(records)
            if found:
                listed = ", ".join(p.workbook_form() for p in found)
                raise ConfigError(render("several-periods", periods=listed, last=found[-1]))
            raise ConfigError(render("no-period-found", folder=input_dir))
    aggregate.check_period(records, period)
    check_created_dates(records, period, today or date.today())  # before newest-wins, which trusts the dates
    aggregate.settle_statuses(records)
    # the folder as text (ledger, documents): a name that is not UTF-8 shown escaped, never used to reach the disk
    return aggregate.build_result(records, config, rule_set, period, Path(printable(input_dir)))


OUTPUT_NAMES = frozenset({UNIT_REPORT, Path(UNIT_REPORT).with_suffix(".pdf").name, DEPARTMENT_DIR, FEEDBACK_DIR,
                          CONSOLIDATED, RESULT_JSON, DOSSIER_DIR, CHECKLIST})


def is_run_output(name: str) -> bool:
    """Whether a top-level entry of OUT/<period>/ is written by `dvht run` (replaced by every run)."""
    return name in OUTPUT_NAMES


def tidy_output(out_root: Path) -> list[Path]:
    """Finish or roll back a swap a killed run left half done, and remove killed runs' temporary files
    and folders (only our own kinds). Call it while holding the output lock; returns what was removed."""
    from dvht_batch.ledger import history

    recover(out_root, is_run_output, lambda run_key: history.has_run(out_root, run_key))
    return remove_leftovers(out_root)


def write_outputs(result: RunResult, out_root: Path, documents: bool = True, pdf: bool = False,
                  ledger: bool = True) -> Outputs:
    """Write every output of the run and make it OUT/<period>/ as a whole; return their paths.

    Holds the output folder's lock (`run_lock.output_lock`, re-entrant: the CLI holds it for the whole
    run). First `tidy_output`. With `ledger`, earlier periods are read from out_root/dvht.sqlite
    (result.trends, for the change figures). Every output is written into a staging folder beside
    OUT/<period>/ (`output_folder.PeriodSwap`); then, inside one ledger transaction that records the
    run (inputs archived first), the staging folder replaces OUT/<period>/. The run identifier
    (`result.run_id`) is in ket_qua.json, the ledger and every document's properties.
    """
    out_root = Path(out_root)
    with output_lock(out_root, "run"):
        cleaned = tidy_output(out_root)
        if ledger and result.trends is None:
            from dvht_batch.ledger import history

            result.trends = history.load_trends(out_root, result.period)
        if result.standing is None and result.rule_set.scheme == "levels":  # recognitions (dvht cong-nhan)
            from dvht_batch.ledger.recognition import load_recognitions, standing

            on = result.config.documents.date or result.generated_at.date()
            result.standing = standing(load_recognitions(out_root), on)
        result.run_id = new_run_id()  # every call is a run of its own
        swap = PeriodSwap(out_root, str(result.period), result.run_id, is_run_output, with_ledger=ledger)
        try:
            out, archived = _write_all(result, swap.prepare(), documents, pdf, out_root if ledger else None)
            out.ledger = _swap_in(swap, result, out_root, ledger, archived)
        finally:
            if not swap.applied:
                swap.abandon()
    out = _relocated(out, swap.staging, swap.final)
    out.cleaned = cleaned
    return out


def _write_all(result: RunResult, folder: Path, documents: bool, pdf: bool,
               archive_root: Path | None) -> tuple[Outputs, dict[int, str | None]]:
    """Every output file of the run, into `folder` (empty), and the inputs archived under `archive_root`
    (None: no archive); returns the outputs and the archive names (`archive.archive_inputs`).

    With many members, work that needs nothing from the rest runs in forked child processes
    (`writers.in_parallel`): first ket_qua.json and the archive — on the core the workbook's sorting leaves
    free —, then the workbook's member rows, while this process writes the other sheets and documents.
    """
    from dvht_batch.ledger.archive import archive_inputs
    from dvht_batch.writers.json_out import write_json
    from dvht_batch.writers.xlsx_consolidated import start_consolidated

    side_work: list[Callable[[], object]] = [lambda: write_json(result, folder / RESULT_JSON)]
    if archive_root is not None:
        # keyed by id(record): a forked child's records sit at the same addresses as this process's
        side_work.append(lambda: archive_inputs(result, archive_root))
    side = Pieces(lambda i: side_work[i](), len(side_work), worth_forking(len(result.unit.members)))
    out, consolidated = Outputs(folder=folder), None
    try:
        consolidated = start_consolidated(result, folder / CONSOLIDATED)
        _write_the_rest(result, out, documents, pdf)
        written = side.results()
        out.consolidated = consolidated.finish()
    finally:  # children are left only when something failed
        side.cancel()
        if consolidated is not None:
            consolidated.cancel()
    out.result_json = written[0]
    return out, (written[1] if archive_root is not None else {})


def _write_the_rest(result: RunResult, out: Outputs, documents: bool, pdf: bool) -> None:
    """Feedback workbooks, the yearly dossier, the Word documents (and their PDFs)."""
    from dvht_batch.writers.xlsx_feedback import write_feedback

    folder = out.folder
    used: set[str] = set()
    for record in result.files:
        if record.status is not FileStatus.REJECTED:
            continue
        stem = safe_stem(f"{record.department or 'khong_ro_phong'}_{Path(record.path).stem}")
        name, n = f"{stem}_phan_hoi.xlsx", 1
        while name.casefold() in used:
            n += 1
            name = f"{stem}_phan_hoi_{n}.xlsx"
        used.add(name.casefold())
        out.feedback.append(write_feedback(record, folder / FEEDBACK_DIR / name, run_id=result.run_id))

    out.dossier = write_year_dossier(result, folder, documents)  # ho_so/: the yearly dossier, or none
    if documents:
        from dvht_batch.writers.docx import write_department_report, write_unit_report
        from dvht_batch.writers.run_checklist import shared_fill_ins, write_run_checklist

        fill_ins: dict[str, list[str]] = {}
        if out.dossier is not None and out.dossier.report is not None:
            # a levels year: the Sở receives the dossier; the year's BÁO CÁO is its self-assessment report, one
            # document with one signer and one number (docs/ho-so.md), not a second report to the same Sở
            out.unit_report = out.dossier.copy_report_to(folder / UNIT_REPORT)
        else:
            out.unit_report = write_unit_report(result, folder / UNIT_REPORT, fill_ins.setdefault(UNIT_REPORT, []))
        notices: list[list[str]] = []
        for d in result.departments:
            if d.status is DepartmentStatus.ACCEPTED:
                notices.append([])
                out.department_reports.append(write_department_report(
                    result, d, folder / DEPARTMENT_DIR / f"bao_cao_{safe_stem(d.code)}.docx", notices[-1]))
        if notices:
            fill_ins[f"Thông báo gửi các phòng ({DEPARTMENT_DIR}, mỗi tệp)"] = shared_fill_ins(notices)
        out.checklist = write_run_checklist(result, folder / CHECKLIST, fill_ins, dossier=out.dossier is not None)
        if pdf:
            from dvht_batch.writers.docx import convert_beside

            dossier_docs = out.dossier.documents if out.dossier else []
            out.pdfs = convert_beside([out.unit_report, *out.department_reports, *dossier_docs])  # one LibreOffice run


def write_year_dossier(result: RunResult, folder: Path, documents: bool = True):
    """The yearly recognition dossier in folder/ho_so/ (a year's run under a levels rule set, with documents);
    any other run has none (the swap leaves no earlier dossier behind). Returns DossierOutputs or None."""
    if not (documents and result.period.is_year and result.rule_set.scheme == "levels"):
        return None
    from dvht_batch.writers.dossier import write_dossier  # the Word writers: imported only when needed

    return write_dossier(result, folder / DOSSIER_DIR)


def _swap_in(swap: PeriodSwap, result: RunResult, out_root: Path, ledger: bool,
             archived: dict[int, str | None]) -> Path | None:
    """Swap the staging folder in, inside the ledger transaction that records the run (when `ledger`):
    a failed swap rolls the ledger back, a failed commit undoes the swap. `archived`: the inputs' archive
    names (`archive.archive_inputs`). Returns the ledger path."""
    if not ledger:
        swap.apply()
        swap.finish()
        return None
    from dvht_batch.ledger import history

    try:
        with history.recording(result, out_root, archived) as path:
            swap.apply()
    except BaseException:
        if swap.applied:
            swap.undo()
        raise
    swap.finish()
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
                   pdfs=[move(p) for p in out.pdfs], ledger=out.ledger, dossier=dossier, checklist=move(out.checklist))


def write_plan(config: Config, rule_set: RuleSet, year: int | None, out_root: Path, pdf: bool = False,
               plan=None, checks: list[str] | None = None) -> list[Path]:
    """The KẾ HOẠCH under out_root/<year>/ (a multi-year plan: out_root/<first>-<last>/), and its PDF when
    asked, under the output lock. `plan`: the plan file read (dvht_batch.plan.file); `year` wins over its
    period. A later run of the year replaces OUT/<year>/ but carries the plan over (not a run output).
    What the office checks before signing goes to `checks` (when given) and to ke_hoach_<năm>_kiem_tra.txt."""
    from dvht_batch.writers.docx import convert_to_pdf
    from dvht_batch.writers.docx import write_plan as write_plan_docx

    first = year if year is not None else getattr(plan, "first_year", None)
    last = year if year is not None else getattr(plan, "last_year", None)
    if first is None or last is None:
        raise ConfigError(render("plan-no-year"))
    label = str(first) if first == last else f"{first}-{last}"
    with output_lock(out_root, "ke-hoach"):  # OUT/<year>/ is also the folder of the year's run
        tidy_output(out_root)
        folder = out_root / label
        folder.mkdir(parents=True, exist_ok=True)
        found: list[str] = []
        written = [write_plan_docx(config, rule_set, year, folder / f"ke_hoach_{label}.docx", plan=plan,
                                   checks=found)]
        from dvht_batch.writers.run_checklist import write_plain_checklist

        write_plain_checklist(folder / f"ke_hoach_{label}_kiem_tra.txt", f"KẾ HOẠCH {label} — {config.unit_name}",
                              found)
        if checks is not None:
            checks += found
        if pdf:
            written += convert_to_pdf(written, folder)
        return written


__all__ = ["collect", "load_setup", "write_outputs", "write_plan", "tidy_output", "is_run_output", "Outputs",
           "DvhtError", "safe_stem"]
