"""`ket_qua.json`, the machine-readable result (docs/hop-dong.md §6). Keys of the contract first;
further keys are additions a v1 reader can ignore."""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from dvht_batch.rules.articles import unconfirmed_levels
from dvht_batch.models import (NO_RUN, CriterionResult, DepartmentResult, DepartmentStatus, FileRecord, Finding,
                               RunContext, RunResult, Score)
from dvht_batch.writers.feedback_names import feedback_names


def _dec(value: Decimal | None, places: bool = True) -> str | None:
    if value is None:
        return None
    return f"{value.quantize(Decimal('0.01')):f}" if places else f"{value.normalize():f}"


def _criterion(c: CriterionResult, levels_scheme: bool) -> dict:
    out: dict = {}
    if not levels_scheme:
        out["points"] = _dec(c.points)
        out["max"] = _dec(c.max_points, places=False)
    if c.kind == "member_ratio":
        out["count"] = c.count
        out["denominator"] = c.denominator
    if not c.applicable:  # not asked of this kind of unit: neither met nor failed
        out["applicable"] = False
        out["passed"] = None
    elif levels_scheme or c.passed is not None:
        out["passed"] = bool(c.passed)
    if c.passed_levels:
        out["passed_levels"] = {str(k): v for k, v in sorted(c.passed_levels.items())}
    if c.evidence:
        out["evidence"] = c.evidence
    if c.note:
        out["note"] = c.note
    return out


def _criteria(score: Score | None, levels_scheme: bool) -> dict:
    return {c.code: _criterion(c, levels_scheme) for c in score.criteria} if score else {}


def _finding(f: Finding) -> dict:
    return {"cell": f.location or None, "message": f.message, "value": f.value, "code": f.code}


def _unit(result: RunResult) -> dict:
    """The unit as a whole: its counts, total or levels, classification and criteria."""
    rs = result.rule_set
    levels_scheme = rs.scheme == "levels"
    unit = result.unit
    out = {
        "code": unit.code,
        "members": unit.counts.members,
        "total": _dec(unit.score.total),
        "classification": unit.score.classification,
        "criteria": _criteria(unit.score, levels_scheme),
        "name": unit.name,
        "excluded": unit.counts.excluded,
        "pending_titles": unit.counts.pending_titles,
        "collective_title": unit.collective_title.label if unit.collective_title else None,
    }
    if levels_scheme:
        out["failing"] = list(unit.score.failing)
        # additive (docs/hop-dong.md): what the signed documents may state — None while a requirement of the
        # level reached is unconfirmed in the rule file — and the levels with unconfirmed requirements
        out["concluded"] = unit.score.concluded
        out["unconfirmed_levels"] = sorted(unconfirmed_levels(rs))
        out["tier"] = rs.tier
    return out


def _department(d: DepartmentResult, levels_scheme: bool) -> dict:
    """One department: its status, counts, and criteria (only when its workbook was accepted)."""
    return {
        "code": d.code,
        "members": d.counts.members,
        "status": d.status.value,
        "criteria": _criteria(d.score, levels_scheme) if d.status is DepartmentStatus.ACCEPTED else {},
        "name": d.name,
        "excluded": d.counts.excluded,
        "pending_titles": d.counts.pending_titles,
        "file": d.file.path if d.file else None,
    }


def _file(f: FileRecord, feedback: dict[tuple[str, str], str]) -> dict:
    """One input file: its status, findings, and where it came from; `feedback`: phan_hoi/ names by file key."""
    return {
        "path": f.path,
        "status": f.status.value,
        "department": f.department,
        "errors": [_finding(x) for x in f.errors],
        "warnings": [_finding(x) for x in f.warnings],
        "kind": f.kind.value,
        "period": str(f.period) if f.period else None,
        "superseded_by": f.superseded_by,
        "ignored_reason": f.ignored_reason,
        "department_from": f.department_from,
        "sender": f.sender,                  # e-mail intake: who sent it, and the message a feedback replies to
        "message_id": f.message_id,
        "mail_subject": f.mail_subject,
        "feedback": feedback.get(f.key),       # the feedback workbook's name in phan_hoi/
    }


def result_to_dict(result: RunResult, run: RunContext = NO_RUN) -> dict:
    rs = result.rule_set
    levels_scheme = rs.scheme == "levels"
    feedback = feedback_names(result.files)
    return {
        "contract": 1,
        "period": str(result.period),
        "rule_set": rs.id,
        "unit": _unit(result),
        "departments": [_department(d, levels_scheme) for d in result.departments],
        "files": [_file(f, feedback) for f in result.files],
        "rule_set_version": rs.version,
        "rule_set_source": rs.source,
        "generated_at": result.generated_at.isoformat(timespec="seconds"),
        "run_id": run.run_id,
    }


def write_json(result: RunResult, path: Path, run: RunContext = NO_RUN) -> Path:
    from dvht_batch.writers.atomic import atomic_write

    text = json.dumps(result_to_dict(result, run), ensure_ascii=False, indent=2)
    atomic_write(path, lambda tmp: Path(tmp).write_text(text + "\n", encoding="utf-8"))
    return path
