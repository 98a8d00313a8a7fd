"""One year's work of the Sở, over the register: receiving the dossiers (intake → register → automatic
checks), re-checking after the specialist's changes, and each unit's outcome (recognised at a level,
refused with its reasons, or not concluded yet and why)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from dvht_batch.province.checks import BLOCK, OPEN, Case, Check, required, run_checks, table_level
from dvht_batch.province.intake import Intake, read_folder
from dvht_batch.province.register import (
    DossierRecord, clear_year, dossiers_of, recognitions, store_checks, store_dossier, unit_for,
)
from dvht_batch.ledger.recognition import standing

WHOLE = "HS"   # the appraisal row of the dossier as a whole (its parts, its date)
RECOGNISED, REFUSED, PENDING = "recognised", "refused", "pending"


def receive(conn, folder: Path, rule_set, year: int, on: date) -> Intake:
    """Read the folder, replace the year's dossiers in the register, run the checks."""
    intake = read_folder(folder, rule_set, year)
    clear_year(conn, year)
    for d in intake.dossiers:
        t = d.table
        unit_id = unit_for(conn, d.key, t.unit_name, t.unit_code, t.unit_kind)
        files = [intake.rels.get(p, p.name) for p in (t.path, d.request, d.report) if p is not None]
        values = {"requested_level": d.requested_level, "table_level": None, "dated": d.dated,
                  "dated_by": d.dated_by, "layout": t.layout, "files": files, "flags": d.flags, "overall": t.overall}
        store_dossier(conn, unit_id, year, values, t.claims)
    recheck(conn, rule_set, year, on)
    return intake


def recheck(conn, rule_set, year: int, on: date) -> list[DossierRecord]:
    """Run the automatic checks of every dossier of `year` again (the unit's kind or decisions may have
    changed) and store them; returns the dossiers as now checked."""
    decided = recognitions(conn)
    records = dossiers_of(conn, year)
    for r in records:
        case = case_of(r, rule_set, decided.get(r.unit.id, []), on)
        r.checks = run_checks(rule_set, case)
        r.table_level = table_level(rule_set, r.claims, r.unit.kind)
        conn.execute("UPDATE dossiers SET table_level = ? WHERE id = ?", (r.table_level, r.id))
        store_checks(conn, r.id, r.checks)
    return records


def case_of(record: DossierRecord, rule_set, decisions, on: date) -> Case:
    return Case(record.claims, record.requested_level, record.unit.kind, standing(decisions, on), on, record.overall)


@dataclass
class Outcome:
    record: DossierRecord
    asked: int | None
    status: str                                        # RECOGNISED | REFUSED | PENDING
    reasons: list[tuple[str, str]] = field(default_factory=list)   # (indicator code or "", why) when refused
    open: list[str] = field(default_factory=list)      # why nothing is concluded yet (pending)

    @property
    def level(self) -> int | None:
        return self.asked if self.status == RECOGNISED else None


def codes_to_appraise(record: DossierRecord, rule_set) -> list[str]:
    """The rows of the appraisal workbook for this dossier: the dossier as a whole, then every indicator
    of the level asked (the unit's kind considered)."""
    level = asked_of(record) or min(rule_set.levels)
    return [WHOLE] + [c.code for c in required(rule_set, level, record.unit.kind)]


def asked_of(record: DossierRecord) -> int | None:
    """The level asked for: the request's, else the one the unit's table supports."""
    return record.requested_level if record.requested_level is not None else record.table_level


def blocks(check: Check, asked: int | None) -> bool:
    """An automatic check that refuses the level asked: a "block" of that level or of every level."""
    return check.effect == BLOCK and (check.level is None or check.level == asked)


def row_of(check: Check, codes: list[str]) -> str:
    """The appraisal row that shows a check: its indicator's when that indicator has a row (`codes`, from
    `codes_to_appraise`), else HS, the dossier as a whole — so every reason that refuses a unit is on a row the
    specialist sees (a custom rule set may check an indicator the level asked does not require)."""
    return check.code if check.code in codes else WHOLE


def agreed_but_blocked(record: DossierRecord, codes: list[str]) -> list[tuple[str, Check]]:
    """(row code, check) for every appraisal row the specialist marked “Đồng ý” though an automatic check
    refuses it (the check's own row, `row_of`). The verdict does not count: an automatic block is lifted by the
    unit's corrected dossier, never by a verdict (docs/tinh.md)."""
    asked = asked_of(record)
    rows = [(row_of(c, codes), c) for c in record.checks if blocks(c, asked)]
    return [(row, c) for row, c in rows if record.verdicts.get(row, (False, ""))[0]]


def outcome(record: DossierRecord, rule_set) -> Outcome:
    asked = asked_of(record)
    result = Outcome(record, asked, PENDING)
    for c in record.checks:
        if blocks(c, asked):
            result.reasons.append((c.code, c.text))
        elif c.effect == OPEN:
            result.open.append(c.text)
    for code in codes_to_appraise(record, rule_set):
        verdict = record.verdicts.get(code)
        if verdict is None:
            result.open.append(f"Chưa có kết luận thẩm định ({'hồ sơ' if code == WHOLE else 'chỉ tiêu ' + code}).")
        elif not verdict[0]:
            result.reasons.append(("" if code == WHOLE else code, verdict[1]))
    result.reasons = list(dict.fromkeys(result.reasons))  # a check the specialist confirmed is said once
    if result.reasons:
        result.status = REFUSED
    elif not result.open and asked is not None:
        result.status = RECOGNISED
    return result


def outcomes(records: list[DossierRecord], rule_set) -> list[Outcome]:
    return [outcome(r, rule_set) for r in records]


__all__ = ["Intake", "Outcome", "PENDING", "RECOGNISED", "REFUSED", "WHOLE", "agreed_but_blocked", "blocks", "row_of",
           "codes_to_appraise", "outcome", "outcomes", "receive", "recheck"]
