"""Dates in the documents that contradict each other, for the office to check before signing (console, sheet
Kiem_tra, kiem_tra_truoc_khi_ky.txt; docs/van-ban.md). Pure: every date is an argument, no clock is read
(the run's day is `RunResult.generated_at`, fixed when the run started).

- a document dated before the end of the period it reports on (its data cannot be complete);
- a deadline it sets that is before its own date (already past when it is signed);
- a document dated before a table it uses was made;
- a year's plan dated after that year has begun.
A date the signer writes by hand (de_trong_ngay) is not checked; a month without a day counts as its last day.
"""
from __future__ import annotations

import calendar
from datetime import date

from dvht_batch.messages import render
from dvht_batch.period import Period
from dvht_batch.vn.dates import short_date


def next_submission(period: Period) -> tuple[Period, date]:
    """The next period and its deadline: data of a month go to the office by day 5 of the following month.

    After a year's report the next data due are those of January of the next year. The Word documents print
    it, and the run's checks judge the documents' dates against it.
    """
    nxt = Period(period.year + 1, 1) if period.month is None or period.month == 12 else Period(period.year, period.month + 1)
    assert nxt.month is not None
    due = date(nxt.year + 1, 1, 5) if nxt.month == 12 else date(nxt.year, nxt.month + 1, 5)
    return nxt, due


def before_period_end(document: str, on: date | None, period: Period) -> str | None:
    """A warning when `on` (the document's date) is before the last day of `period`."""
    end = period.last_day()
    if on is None or on >= end:
        return None
    return render("document-before-period-end", document=document, date=short_date(on), period=period.label(),
                  end=short_date(end))


def deadline_before_document(document: str, on: date | None, what: str, deadline: date) -> str | None:
    """A warning when a deadline the document sets (`what` … before `deadline`) is before its date `on`."""
    if on is None or deadline > on:
        return None
    return render("deadline-before-document", document=document, date=short_date(on), what=what,
                  deadline=short_date(deadline))


def before_data(document: str, on: date | None, made: list[tuple[str, date]]) -> str | None:
    """A warning when the document is dated before the latest table it uses was made (`made`: (whose, date))."""
    if on is None or not made:
        return None
    source, latest = max(made, key=lambda item: item[1])
    if latest <= on:
        return None
    return render("document-before-data", document=document, date=short_date(on), source=source,
                  made=short_date(latest))


def plan_after_start(on: date | None, year: int) -> str | None:
    """A warning when the plan of `year` is dated after 01/01 of that year."""
    if on is None or on <= date(year, 1, 1):
        return None
    return render("plan-dated-after-start", year=year, date=short_date(on))


def document_day(documents, run_day: date) -> date | None:
    """The day a run's documents carry, as far as it is known: [van_ban] ngay, the last day of its month when
    only the month is given, None when the signer writes the date by hand, else the day of the run."""
    if documents.leave_date_blank:
        return None
    if documents.month is not None:
        year, month = documents.month
        return date(year, month, calendar.monthrange(year, month)[1])
    return documents.date or run_day
