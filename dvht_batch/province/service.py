"""What each `dvht tinh` command does, over the register in OUT/tinh.sqlite and the year's folder OUT/<year>/
(docs/tinh.md). The command line (cli/tinh.py) only parses options and prints."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from dvht_batch.errors import ConfigError
from dvht_batch.messages import opening, render
from dvht_batch.output.lock import output_lock
from dvht_batch.province.appraisal import agreed_but_blocked_notices, read_appraisal, write_appraisal
from dvht_batch.province.config import ProvinceConfig
from dvht_batch.province.intake import Intake
from dvht_batch.province.outputs import Written, write_outputs
from dvht_batch.province.register import (
    DossierRecord, dossiers_of, open_register, recognitions, record_decision, set_kind, store_verdicts,
)
from dvht_batch.province.renewals import Renewal, renewals, write_renewals
from dvht_batch.province.year import RECOGNISED, Outcome, outcomes, receive, recheck
from dvht_batch.rules import load_rule_set
from dvht_batch.ledger.recognition import Recognition, parse_decision, standing, standing_text
from dvht_batch.writers.atomic import atomic_write

APPRAISAL_XLSX = "phieu_tham_dinh.xlsx"
INTAKE_TXT = "tiep_nhan_ho_so.txt"


def rule_set_of(cfg: ProvinceConfig):
    rs = load_rule_set(cfg.rule_set, cfg.path.parent if cfg.path else None)
    if rs.scheme != "levels":
        raise ConfigError(render("province-not-levels", given=cfg.rule_set))
    return rs


def year_folder(out_root: Path, year: int) -> Path:
    return Path(out_root) / str(year)


@dataclass
class Received:
    intake: Intake
    records: list[DossierRecord]
    appraisal: Path
    listing: Path
    counts: dict = field(default_factory=dict)


def intake_counts(records: list[DossierRecord]) -> dict:
    """How many units, and how many dossiers were late, incomplete or sent twice (their flags, kept as text in
    the register, recognised by the catalogue's opening words)."""
    def flagged(message_id: str) -> int:
        words = opening(message_id)
        return sum(1 for r in records if any(f.startswith(words) for f in r.flags))

    return {"units": len(records), "late": flagged("flag-late"), "incomplete": flagged("flag-incomplete"),
            "repeated": flagged("flag-repeated")}


def receive_folder(folder: Path, cfg: ProvinceConfig, out_root: Path, today: date) -> Received:
    """`dvht tinh nhan-ho-so`: read the folder into the register, check, write the appraisal workbook and
    the list of every file with what became of it. One command at a time per output folder (output lock)."""
    with output_lock(out_root, "tinh nhan-ho-so"):
        return _receive_folder(folder, cfg, out_root, today)


def _receive_folder(folder: Path, cfg: ProvinceConfig, out_root: Path, today: date) -> Received:
    rs = rule_set_of(cfg)
    on = cfg.date or today
    with open_register(out_root) as conn:
        intake = receive(conn, folder, rs, cfg.year, on)
        records = dossiers_of(conn, cfg.year)
        decided = recognitions(conn)
    standings = {r.unit.id: standing_text(standing(decided[r.unit.id], on)) if r.unit.id in decided
                 else render("standing-none-in-register") for r in records}
    target = year_folder(out_root, cfg.year)
    target.mkdir(parents=True, exist_ok=True)
    appraisal = write_appraisal(target / APPRAISAL_XLSX, records, rs, cfg.year, cfg.agency, standings)
    lines = [f"Tiếp nhận hồ sơ năm {cfg.year} từ thư mục {folder}: {len(records)} đơn vị, {len(intake.notes)} tệp."]
    lines += [f"{'[dùng]   ' if n.used else '[bỏ qua] '}{n.rel}: {n.reason}" for n in intake.notes]
    listing = atomic_write(target / INTAKE_TXT, lambda p: Path(p).write_text("\n".join(lines) + "\n", encoding="utf-8"))
    return Received(intake, records, appraisal, listing, intake_counts(records))


@dataclass
class Appraised:
    outcomes: list[Outcome]
    written: Written
    notices: list[str] = field(default_factory=list)   # every "Đồng ý" that does not count, at its cell


def apply_appraisal(path: Path, cfg: ProvinceConfig, out_root: Path, today: date) -> Appraised:
    """`dvht tinh tham-dinh`: read the filled workbook back (every bad cell named), store the verdicts and
    the units' kinds, check again, and write the documents."""
    with output_lock(out_root, "tinh tham-dinh"):
        return _apply_appraisal(path, cfg, out_root, today)


def _apply_appraisal(path: Path, cfg: ProvinceConfig, out_root: Path, today: date) -> Appraised:
    rs = rule_set_of(cfg)
    on = cfg.date or today
    with open_register(out_root) as conn:
        records = dossiers_of(conn, cfg.year)
        if not records:
            raise ConfigError(render("register-no-dossier", year=cfg.year))
        verdicts, kinds, cells = read_appraisal(Path(path), cfg.year, records, rs)
        for unit_id, kind in kinds.items():
            set_kind(conn, unit_id, kind)
        for dossier_id, given in verdicts.items():
            store_verdicts(conn, dossier_id, given)
        recheck(conn, rs, cfg.year, on)
        records = dossiers_of(conn, cfg.year)
    results = outcomes(records, rs)
    notices = agreed_but_blocked_notices(records, cells, rs)
    written = write_outputs(year_folder(out_root, cfg.year), cfg, rs, results, intake_counts(records), on, notices)
    return Appraised(results, written, notices)


def record_signed_decision(cfg: ProvinceConfig, out_root: Path, number: str, decided_on: str,
                           today: date) -> list[tuple[str, int]]:
    """`dvht tinh ghi-quyet-dinh`: the decision signed for the year, recorded for every unit recognised in the
    appraisal; returns (unit, level) recorded."""
    rs = rule_set_of(cfg)
    probe = parse_decision(number, decided_on, 1, cfg.chair_title, today)   # the same checks as dvht cong-nhan
    done = []
    with output_lock(out_root, "tinh ghi-quyet-dinh"), open_register(out_root) as conn:
        for o in outcomes(dossiers_of(conn, cfg.year), rs):
            if o.status == RECOGNISED:
                record_decision(conn, o.record.unit.id, cfg.year,
                                Recognition(probe.number, probe.decided_on, o.level, cfg.chair_title))
                done.append((o.record.unit.name, o.level))
    if not done:
        raise ConfigError(render("register-none-proposed", year=cfg.year))
    return done


def renewal_list(cfg: ProvinceConfig, out_root: Path, year: int) -> tuple[list[Renewal], Path]:
    with open_register(out_root) as conn:
        items = renewals(conn, year)
    year_folder(out_root, year).mkdir(parents=True, exist_ok=True)
    path = write_renewals(year_folder(out_root, year) / "gia_han.xlsx", items, year, cfg.agency)
    return items, path
