"""`dvht templates --prefill`: each department's roster from its last accepted submission.

The ledger (OUTPUT_DIR/dvht.sqlite) names the last accepted workbook of each department; its archived
copy (OUTPUT_DIR/luu_tru/…) is read again with the current configuration and rule set, and its member
rows become the template's rows, so the department only updates what changed.
"""
from __future__ import annotations

from pathlib import Path

from dvht_batch.ledger.history import last_accepted
from dvht_batch.models import Member
from dvht_batch.period import Period


def last_rosters(out_root: Path, config, rule_set, period: Period | None = None) -> dict[str, list[Member]]:
    """Department code (as configured) → members of its last accepted workbook before `period`."""
    from dvht_batch.intake import read_file

    archived = last_accepted(out_root, before=period)
    rosters: dict[str, list[Member]] = {}
    for dept in config.departments:
        path = archived.get(dept.code.casefold())
        if path is None:
            continue
        record = read_file(path, path.parent, config, rule_set)
        if record.members:
            rosters[dept.code] = record.members
    return rosters
