"""Recognition history: the decisions recognising the unit as "Đơn vị học tập" Mức độ 1 or 2
(TT 24/2023), kept in the ledger OUT/dvht.sqlite (table `recognitions`), and the unit's standing on a
given day. Documented in docs/cong-nhan.md.

Time limits (TT 24/2023: a recognition is kept 36 months; a unit at Mức độ 1 may ask for Mức độ 2
at least 12 months after the level-1 decision), counted as Bộ luật Dân sự 2015 (Điều 147–148)
counts months: the day of the decision is not counted, and a period of N months ends at the end of
the *corresponding day* N months later; when that month has no such day (29, 30, 31), at the end of
its last day. So:
- a decision of 15/3/2024 holds through 15/3/2027 (`valid_until`, inclusive) and has lapsed on 16/3/2027;
- a decision of 29/02/2024 holds through 28/02/2027; one of 31/5/2024 through 31/5/2027;
- Mức độ 2 may be requested from the corresponding day 12 months after the level-1 decision
  (15/3/2024 → from 15/3/2025; 29/02/2024 → from 28/02/2025), as `add_months` gives.
The decision in force on a day is the newest decision taken on or before that day whose 36 months
have not run out; a newer decision replaces an older one (also a lower level after a re-evaluation).
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from dvht_batch.errors import ConfigError
from dvht_batch.ledger.schema import connect, has_table, ledger_path, transaction
from dvht_batch.messages import Findings, listed, render
from dvht_batch.output.lock import output_lock
from dvht_batch.vn.dates import implausible, parse_day_first, short_date

KEPT_MONTHS = 36            # a recognition is kept 36 months
LEVEL_2_AFTER_MONTHS = 12   # Mức độ 2 at least 12 months after the Mức độ 1 decision
LEVELS = (1, 2)
MONTHS_36, THREE_YEARS_AFTER = "36_thang", "3_nam_tiep_theo"   # rules/legal.py VALIDITY_READINGS


class RecognitionError(ConfigError):
    """A decision that cannot be recorded as given (bad date, level…): exit 2, like a bad command line."""


@dataclass(frozen=True)
class Recognition:
    number: str        # "125/QĐ-UBND"
    decided_on: date
    level: int         # 1 or 2
    authority: str     # who decided: "Chủ tịch Ủy ban nhân dân tỉnh Quảng Ngãi"
    reading: str = MONTHS_36  # how the validity is read: the rule file's thoi_han_cong_nhan (not stored)

    @property
    def valid_until(self) -> date:
        """The last day the recognition holds (inclusive): 36 months from the decision, or — the other reading
        of the text — to the end of the third year after the year of recognition."""
        if self.reading == THREE_YEARS_AFTER:
            return date(self.decided_on.year + 3, 12, 31)
        return add_months(self.decided_on, KEPT_MONTHS)

    def citation(self) -> str:
        """'Quyết định số 125/QĐ-UBND ngày 15/3/2024 của Chủ tịch Ủy ban nhân dân tỉnh Quảng Ngãi'."""
        return f"Quyết định số {self.number} ngày {short_date(self.decided_on)} của {self.authority}"


@dataclass(frozen=True)
class Standing:
    on: date
    current: Recognition | None = None     # the decision in force on `on`
    lapsed: Recognition | None = None      # the newest decision, when it is no longer in force

    @property
    def level(self) -> int | None:
        return self.current.level if self.current else None

    @property
    def valid_until(self) -> date | None:
        return self.current.valid_until if self.current else None

    @property
    def level_2_from(self) -> date | None:
        """At Mức độ 1: the first day Mức độ 2 may be requested; otherwise None."""
        if self.current is None or self.current.level != 1:
            return None
        return add_months(self.current.decided_on, LEVEL_2_AFTER_MONTHS)

    def may_request_level_2(self, on: date | None = None) -> bool:
        """False only while a Mức độ 1 decision is younger than 12 months (no decision: nothing known against it)."""
        start = self.level_2_from
        return start is None or (on or self.on) >= start


def add_months(day: date, months: int) -> date:
    """The corresponding day `months` later; the month's last day when it has no such day (29/02 + 12 → 28/02)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def standing(recognitions: list[Recognition], on: date, reading: str = "") -> Standing:
    """The unit's standing on `on`: the newest decision taken by then, in force or lapsed; `reading` is the
    rule file's thoi_han_cong_nhan (empty: 36 months from the decision)."""
    taken = sorted((replace(r, reading=reading or MONTHS_36) for r in recognitions if r.decided_on <= on),
                   key=lambda r: (r.decided_on, r.level))
    if not taken:
        return Standing(on=on)
    newest = taken[-1]
    if on <= newest.valid_until:
        return Standing(on=on, current=newest)
    return Standing(on=on, lapsed=newest)


def standing_text(st: Standing, who: str = "Đơn vị") -> str:
    """One sentence for reports and the console about the unit's (`who`'s) recognition on `st.on`."""
    if st.current is not None:
        level_2 = "; " + render("standing-level-2-from", day=short_date(st.level_2_from)) if st.level_2_from else ""
        return render("standing-current", who=who, level=st.current.level, citation=st.current.citation(),
                      until=short_date(st.current.valid_until), level_2=level_2)
    if st.lapsed is not None:
        return render("standing-lapsed", level=st.lapsed.level, citation=st.lapsed.citation(),
                      day=short_date(add_days(st.lapsed.valid_until, 1)))
    return render("standing-none")


def listing(recognitions: list[Recognition], today: date) -> list[str]:
    """The recorded decisions, one line each, then the standing today (for `dvht cong-nhan`)."""
    lines = [f"{i}. Mức độ {r.level} — {r.citation()}; giá trị đến hết ngày {short_date(r.valid_until)}"
             + ("" if today <= r.valid_until else " (đã hết giá trị)") for i, r in enumerate(recognitions, start=1)]
    return lines + [f"Hôm nay ({short_date(today)}): {standing_text(standing(recognitions, today))}"]


def add_days(day: date, days: int) -> date:
    return date.fromordinal(day.toordinal() + days)


# --------------------------------------------------------------------------- the ledger


def parse_decision(number: str, decided_on: str, level: int, authority: str, today: date) -> Recognition:
    """Check a decision given on the command line; RecognitionError (Vietnamese) when it cannot be recorded."""
    out = Findings()
    when = parse_day_first(decided_on.strip()) if isinstance(decided_on, str) else None
    if not number or not number.strip():
        out.report("decision-no-number", place="--so")
    if when is None:
        out.report("decision-not-a-date", place=f"--ngay '{decided_on}'")  # the option as typed: its place
    elif when > today:
        out.report("decision-in-future", place=f"--ngay {short_date(when)}", today=short_date(today))
    elif implausible(when, today):
        out.report("decision-implausible", place=f"--ngay {short_date(when)}", why=implausible(when, today))
    if level not in LEVELS:
        out.report("decision-bad-level", place=f"--muc-do {level}")
    if not authority or not authority.strip():
        out.report("decision-no-authority", place="--co-quan")
    if out.items:
        raise RecognitionError(listed(render("decision-not-recorded"), out.texts), out.items)
    assert when is not None
    return Recognition(" ".join(number.split()), when, level, " ".join(authority.split()))


def record_recognition(out_root: Path, decision: Recognition, at: datetime) -> bool:
    """Store a decision in OUT/dvht.sqlite (under the output lock: it writes the ledger), recorded `at` (the
    caller's clock); the same number and date again replaces it. True when new."""
    path = ledger_path(out_root)
    with output_lock(out_root, "cong-nhan"), connect(out_root) as conn, transaction(conn, path):
        old = conn.execute("DELETE FROM recognitions WHERE number = ? AND decided_on = ?",
                           (decision.number, decision.decided_on.isoformat())).rowcount
        conn.execute("INSERT INTO recognitions(number, decided_on, level, authority, recorded_at) VALUES (?, ?, ?, ?, ?)",
                     (decision.number, decision.decided_on.isoformat(), decision.level, decision.authority,
                      at.isoformat(sep=" ", timespec="seconds")))
    return not old


def remove_recognition(out_root: Path, number: str) -> int:
    """Remove the decisions with this number (a mistaken entry); returns how many were removed."""
    if not ledger_path(out_root).is_file():
        return 0
    with output_lock(out_root, "cong-nhan"), connect(out_root) as conn, transaction(conn, ledger_path(out_root)):
        return conn.execute("DELETE FROM recognitions WHERE number = ?", (" ".join(number.split()),)).rowcount


def load_recognitions(out_root: Path) -> list[Recognition]:
    """Every recorded decision, oldest first; [] when there is no ledger or no decision yet."""
    if not ledger_path(out_root).is_file():
        return []
    with connect(out_root, create=False) as conn:
        if not has_table(conn, "recognitions"):  # a ledger of the first releases, before any decision
            return []
        rows = conn.execute("SELECT number, decided_on, level, authority FROM recognitions "
                            "ORDER BY decided_on, level, number").fetchall()
    return [Recognition(n, date.fromisoformat(d), int(lv), a) for n, d, lv, a in rows]


def level_2_warning(recognitions: list[Recognition], decision: Recognition | None = None) -> str | None:
    """Each Mức độ 2 decision of the whole history taken less than 12 months after the Mức độ 1 one then in
    force: worth a look, whatever the order the decisions were entered in (a Mức độ 1 decision entered after
    a later Mức độ 2 one warns too). `decision`: the one just entered, counted even if not yet in the list."""
    every = list(recognitions) + ([decision] if decision is not None and decision not in recognitions else [])
    lines = []
    for level_2 in sorted((r for r in every if r.level == 2), key=lambda r: r.decided_on):
        before = standing([r for r in every if r != level_2], add_days(level_2.decided_on, -1))
        if before.level == 1 and not before.may_request_level_2(level_2.decided_on):
            lines.append(render("level-2-too-early", day=short_date(level_2.decided_on),
                                allowed=short_date(before.level_2_from), number=before.current.number))
    return "\n".join(lines) or None


__all__ = ["KEPT_MONTHS", "LEVEL_2_AFTER_MONTHS", "Recognition", "RecognitionError", "Standing", "add_months",
           "load_recognitions", "parse_decision", "record_recognition", "remove_recognition",
           "standing", "standing_text"]
