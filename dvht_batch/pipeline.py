"""The `dvht run` job as a library: input folder → RunResult → files under OUTPUT_DIR/<period>/.

No click, no printing: the CLI reports progress through callbacks and turns DvhtError into exit codes.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from dvht_batch import aggregate
from dvht_batch.config import Config, find_config, load_config
from dvht_batch.errors import ConfigError, DvhtError, OutputLockedError
from dvht_batch.models import DepartmentStatus, FileStatus, RunResult
from dvht_batch.period import Period
from dvht_batch.plan_model import NO_PERIOD
from dvht_batch.rules import RuleSet, load_rule_set
from dvht_batch.writers.atomic import locked_message

# Names of what the run writes inside OUTPUT_DIR/<period>/.
UNIT_REPORT = "bao_cao_don_vi.docx"
DEPARTMENT_DIR = "bao_cao_phong"
FEEDBACK_DIR = "phan_hoi"
CONSOLIDATED = "tong_hop.xlsx"
RESULT_JSON = "ket_qua.json"


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


def load_setup(config_path: Path | None, input_dir: Path | None,
               need_departments: bool = True) -> tuple[Config, RuleSet]:
    """Find and load dvht.toml and its rule set; ConfigError / RuleSetError (exit 2) otherwise.

    Only the KẾ HOẠCH (`need_departments=False`) is written for an agency without departments.
    """
    config = load_config(find_config(config_path, input_dir))
    if need_departments and not config.departments:
        raise ConfigError(f"Tệp cấu hình '{config.path}' chưa có phòng nào: lệnh này cần ít nhất một bảng [[phong]] "
                          "với 'ma' và 'ten' (cơ quan không chia phòng: khai báo một [[phong]] cho cả cơ quan).")
    base = config.path.parent if config.path else None
    return config, load_rule_set(config.rule_set, base)


def collect(input_dir: Path, config: Config, rule_set: RuleSet, period: Period | None = None,
            progress: Callable[[int], None] | None = None,
            on_total: Callable[[int], None] | None = None, out_root: Path | None = None) -> RunResult:
    """Read, validate, select and score. Raises ConfigError when the period cannot be inferred.

    Files under `out_root` (our own outputs, when the output folder sits inside the input folder)
    are not read back as input.
    """
    from dvht_batch.intake import read_all
    from dvht_batch.intake.discover import find_inputs
    from dvht_batch.intake.unreadable import unreadable_folder

    if not input_dir.is_dir():
        raise ConfigError(f"Không tìm thấy thư mục dữ liệu '{input_dir}'.")
    found = find_inputs(input_dir)
    paths = found.paths
    if out_root is not None:
        skip = out_root.resolve()
        paths = [p for p in paths if not p.resolve().is_relative_to(skip)]
    if on_total:
        on_total(len(paths))
    records = read_all(paths, input_dir, config, rule_set, progress=(lambda: progress(1)) if progress else None)
    records += [unreadable_folder(folder, config) for folder in found.unreadable]
    if period is None:
        period = aggregate.infer_period(records)
        if period is None:
            found = aggregate.periods_found(records)
            if found:
                listed = ", ".join(p.workbook_form() for p in found)
                raise ConfigError(f"Các tệp ghi nhiều kỳ báo cáo khác nhau ({listed}): chọn kỳ bằng --period, ví dụ --period {found[-1]}.")
            raise ConfigError(f"Không tìm thấy bảng tính hợp lệ nào trong '{input_dir}' để xác định kỳ báo cáo: "
                              "kiểm tra thư mục, hoặc ghi rõ --period (ví dụ --period 2025-11).")
    aggregate.check_period(records, period)
    aggregate.settle_statuses(records)
    return aggregate.build_result(records, config, rule_set, period, input_dir)


_UNSAFE = re.compile(r"[^0-9A-Za-z._-]+")


def safe_stem(text: str) -> str:
    """A file-name part that is safe on Windows: accents removed, no separators, bounded length."""
    from dvht_batch.vn.text import strip_accents

    ascii_text = unicodedata.normalize("NFC", strip_accents(text))
    return (_UNSAFE.sub("_", ascii_text).strip("._") or "tep")[:60]


def _clear(folder: Path, pattern: str) -> None:
    """Remove what an earlier run of the same period wrote here (only our own kinds of file)."""
    if folder.is_dir():
        for old in folder.glob(pattern):
            try:
                old.unlink(missing_ok=True)
            except OSError:  # open in Excel, Word or a PDF reader (Windows)
                raise OutputLockedError(locked_message(old)) from None


def write_outputs(result: RunResult, out_root: Path, documents: bool = True, pdf: bool = False,
                  ledger: bool = True) -> Outputs:
    """Write every output of the run under out_root/<period>/ and return their paths.

    With `ledger`, earlier periods are read from out_root/dvht.sqlite first (result.trends, for the
    change figures), and the run is recorded there last (the `history` step; inputs archived).
    """
    if ledger and result.trends is None:
        from dvht_batch import history

        result.trends = history.load_trends(out_root, result.period)
    from dvht_batch.writers.json_out import write_json
    from dvht_batch.writers.xlsx_consolidated import write_consolidated
    from dvht_batch.writers.xlsx_feedback import write_feedback

    folder = out_root / str(result.period)
    folder.mkdir(parents=True, exist_ok=True)
    out = Outputs(folder=folder)

    feedback_dir = folder / FEEDBACK_DIR
    _clear(feedback_dir, "*.xlsx")
    used: set[str] = set()
    for record in result.files:
        if record.status is not FileStatus.REJECTED:
            continue
        feedback_dir.mkdir(exist_ok=True)
        stem = safe_stem(f"{record.department or 'khong_ro_phong'}_{Path(record.path).stem}")
        name, n = f"{stem}_phan_hoi.xlsx", 1
        while name.casefold() in used:
            n += 1
            name = f"{stem}_phan_hoi_{n}.xlsx"
        used.add(name.casefold())
        out.feedback.append(write_feedback(record, feedback_dir / name))

    out.consolidated = write_consolidated(result, folder / CONSOLIDATED)
    out.dossier = write_year_dossier(result, folder, documents)  # ho_so/: the yearly dossier, or none
    if documents:
        from dvht_batch.writers.docx import write_department_report, write_unit_report

        _clear(folder, Path(UNIT_REPORT).with_suffix(".pdf").name)  # a PDF never outlives its document
        out.unit_report = write_unit_report(result, folder / UNIT_REPORT)
        dept_dir = folder / DEPARTMENT_DIR
        _clear(dept_dir, "*.docx")
        _clear(dept_dir, "*.pdf")
        accepted = [d for d in result.departments if d.status is DepartmentStatus.ACCEPTED]
        if accepted:
            dept_dir.mkdir(exist_ok=True)
        for d in accepted:
            out.department_reports.append(
                write_department_report(result, d, dept_dir / f"bao_cao_{safe_stem(d.code)}.docx"))
        if pdf:
            from dvht_batch.writers.docx import convert_beside

            dossier_docs = out.dossier.documents if out.dossier else []
            out.pdfs = convert_beside([out.unit_report, *out.department_reports, *dossier_docs])  # one LibreOffice run
    out.result_json = write_json(result, folder / RESULT_JSON)
    if ledger:  # history step: after the outputs, so a locked ledger never costs the reports
        from dvht_batch import history

        out.ledger = history.record_run(result, out_root)
    return out


def write_year_dossier(result: RunResult, folder: Path, documents: bool = True):
    """The yearly recognition dossier in folder/ho_so/ (a year's run under a levels rule set, with documents);
    any other run removes a dossier an earlier run left there. Returns DossierOutputs or None."""
    from dvht_batch.dossier import DOSSIER_DIR
    from dvht_batch.writers.dossier import clear_dossier, write_dossier

    target = folder / DOSSIER_DIR
    if not (documents and result.period.is_year and result.rule_set.scheme == "levels"):
        clear_dossier(target)
        return None
    return write_dossier(result, target)


def write_plan(config: Config, rule_set: RuleSet, year: int | None, out_root: Path, pdf: bool = False,
               plan=None) -> list[Path]:
    """The KẾ HOẠCH under out_root/<year>/ (a multi-year plan: out_root/<first>-<last>/), and its PDF when
    asked. `plan`: the plan file read (dvht_batch.plan_file); `year` wins over its period."""
    from dvht_batch.writers.docx import convert_to_pdf
    from dvht_batch.writers.docx import write_plan as write_plan_docx

    first = year if year is not None else getattr(plan, "first_year", None)
    last = year if year is not None else getattr(plan, "last_year", None)
    if first is None or last is None:
        raise ConfigError(NO_PERIOD)
    label = str(first) if first == last else f"{first}-{last}"
    folder = out_root / label
    folder.mkdir(parents=True, exist_ok=True)
    written = [write_plan_docx(config, rule_set, year, folder / f"ke_hoach_{label}.docx", plan=plan)]
    if pdf:
        written += convert_to_pdf(written, folder)
    return written


__all__ = ["collect", "load_setup", "write_outputs", "write_plan", "Outputs", "DvhtError", "safe_stem"]
