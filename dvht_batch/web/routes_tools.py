"""Templates for a period (one zip), the year's KẾ HOẠCH, the history charts and the mailbox (IMAP)."""
from __future__ import annotations

import os
import shutil
import tempfile
from datetime import date
from pathlib import Path

from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse
from starlette.routing import Route

from dvht_batch.errors import DvhtError
from dvht_batch.ledger.table import TOTAL, UNIT, history_table
from dvht_batch.messages import render as message
from dvht_batch.period import Period
from dvht_batch.output.lock import output_lock
from dvht_batch.plan.make import make_plan
from dvht_batch.rules import legal
from dvht_batch.web.common import Refused, checked_form, input_folder, no_departments, parse_period, render
from dvht_batch.web.charts import line_chart
from dvht_batch.vocab.labels import warned
from dvht_batch.web.jobs import LOCK_WAIT_SECONDS
from dvht_batch.writers.bundle import zip_folder


async def templates_page(request: Request):
    return render(request, "mau.html", today=_today(request))


def _today(request: Request) -> date:
    return request.app.state.runner.clock().date()  # the server's clock (tests give a fixed one)


def _templates_zip(settings, period: Period, prefill: bool) -> str:
    from dvht_batch.writers.templates import make_templates

    work = Path(tempfile.mkdtemp(prefix="dvht-mau-"))
    try:
        make_templates(settings.config, settings.rule_set, period, work / "mau", settings.out_root if prefill else None)
        fd, target = tempfile.mkstemp(suffix=".zip", prefix="dvht-mau-")
        os.close(fd)
        zip_folder(work / "mau", Path(target), f"mau_{period}")
        return target
    finally:
        shutil.rmtree(work, ignore_errors=True)


async def templates_zip(request: Request):
    form = await checked_form(request)
    typed = str(form.get("ky", "")).strip()
    try:
        period = parse_period(typed)
    except ValueError as exc:  # the page again, with what was typed and why
        return render(request, "mau.html", status=400, today=_today(request), typed=typed, error=str(exc))
    settings = request.app.state.settings
    if no_departments(settings):
        raise Refused(400, no_departments(settings))
    try:
        target = await run_in_threadpool(_templates_zip, settings, period, form.get("dien_san") == "1")
    except DvhtError as exc:
        raise Refused(400, str(exc)) from None
    return FileResponse(target, filename=f"mau_{period}.zip", background=BackgroundTask(os.unlink, target))


async def plan_page(request: Request):
    return render(request, "ke_hoach.html", year=_today(request).year, written=[], legal_warnings=[])


async def plan_write(request: Request):
    form = await checked_form(request)
    settings = request.app.state.settings
    try:
        year = int(str(form.get("nam", "")).strip())
        if not 2000 <= year <= 2100:
            raise ValueError
    except ValueError:
        raise Refused(400, message("web-bad-plan-year")) from None
    def make():  # ke_hoach.toml beside dvht.toml, as `dvht ke-hoach`
        return make_plan(settings.config, settings.rule_set, settings.out_root, today=_today(request), year=year,
                         pdf=form.get("pdf") == "1", wait_seconds=LOCK_WAIT_SECONDS, command="giao-dien")

    try:
        done = await run_in_threadpool(make)
    except DvhtError as exc:
        raise Refused(400, str(exc)) from None
    written = [p.resolve().relative_to(settings.out_root.resolve()).as_posix() for p in done.written]
    # a plan under a repealed text (TT 22 after 26/01/2024): the same warning as `dvht run` and `dvht ke-hoach`
    warnings = [warned(w) for w in legal.warnings(settings.rule_set, settings.config.guidance,
                                                  date(done.last_year or year, 12, 31))]
    return render(request, "ke_hoach.html", year=year, written=written, legal_warnings=warnings)


def _label(period: str) -> str:
    year, _, month = period.partition("-")
    return f"{month}/{year}" if month else year


def _charts(out_root: Path, department: str | None, rule_set):
    """One chart per criterion: the unit's line, and the department's when one is chosen."""
    unit = history_table(out_root, UNIT)
    periods = unit.periods
    dept = history_table(out_root, department) if department else None
    names = history_table(out_root).names
    tops = {c.code: c.max_points for c in rule_set.criteria} | {TOTAL: rule_set.max_total}
    charts = []
    for code in sorted(unit.texts, key=lambda c: (c == TOTAL, c)):
        cells = unit.cells.get((UNIT, code), {})
        percent = any(r is not None for r, _ in cells.values())
        if not percent and not any(p is not None for _, p in cells.values()):
            continue  # an indicator the unit assesses itself (levels scheme): no figure to draw
        pick = (lambda cell: cell[0]) if percent else (lambda cell: cell[1])
        series = [("Toàn đơn vị", [pick(cells[p]) if p in cells else None for p in periods])]
        if dept is not None and percent:
            dcells = dept.cells.get((department, code), {})
            series.insert(0, (names.get(department, department), [dcells[p][0] if p in dcells else None for p in periods]))
        elif dept is not None:
            continue  # criteria the unit scores itself have no department figure
        title = f"{code} – {unit.texts[code]}"
        charts.append((title, line_chart(title, [_label(p) for p in periods], series, percent,
                                          None if percent else tops.get(code))))
    return charts, names


async def history_page(request: Request):
    settings = request.app.state.settings
    department = request.query_params.get("phong") or None
    codes = {d.code for d in settings.config.departments}
    if department is not None and department not in codes:
        raise Refused(404, message("web-unknown-department", code=department))
    charts, names = await run_in_threadpool(_charts, settings.out_root, department, settings.rule_set)
    return render(request, "lich_su.html", charts=charts, department=department, names=names,
                  points_scheme=settings.rule_set.scheme == "points")


async def mailbox_page(request: Request):
    return render(request, "hop_thu.html", form=_mail_defaults(request), report=None, period=None)


def _mail_defaults(request: Request) -> dict:
    return {"host": os.environ.get("DVHT_IMAP_HOST", ""), "user": os.environ.get("DVHT_IMAP_USER", ""),
            "port": os.environ.get("DVHT_IMAP_PORT", "993"), "folder": "INBOX", "ky": ""}


async def mailbox_fetch(request: Request):
    from dvht_batch.mail.fetch import fetch_new

    form = await checked_form(request)
    settings = request.app.state.settings
    values = {k: str(form.get(k, "")).strip() for k in ("host", "user", "port", "folder", "ky")}
    try:
        period = parse_period(values["ky"])
    except ValueError as exc:
        return render(request, "hop_thu.html", status=400, form=values, report=None, period=None, error=str(exc))
    password = str(form.get("mat_khau", ""))  # used for this request only, never stored
    if not values["host"] or not values["user"] or not password:
        raise Refused(400, message("web-mailbox-missing"))
    try:
        port = int(values["port"] or 993)
    except ValueError:
        raise Refused(400, message("web-bad-imap-port")) from None
    folder = input_folder(request, period)
    cafile = os.environ.get("DVHT_IMAP_CAFILE")  # a private CA for an internal mail server, as for dvht nhan-thu
    def fetch():
        with output_lock(settings.out_root, "giao-dien", wait_seconds=LOCK_WAIT_SECONDS):  # the ledger keeps the UIDs
            return fetch_new(values["host"], values["user"], password, folder, settings.out_root,
                             values["folder"] or "INBOX", port, Path(cafile) if cafile else None,
                             now=request.app.state.runner.clock())

    try:
        report = await run_in_threadpool(fetch)
    except DvhtError as exc:
        return render(request, "hop_thu.html", status=400, form=values, report=None, period=period, error=str(exc))
    return render(request, "hop_thu.html", form=values, report=report, period=period, folder=folder)


ROUTES = [
    Route("/mau", templates_page),
    Route("/mau", templates_zip, methods=["POST"]),
    Route("/ke-hoach", plan_page),
    Route("/ke-hoach", plan_write, methods=["POST"]),
    Route("/lich-su", history_page),
    Route("/hop-thu", mailbox_page),
    Route("/hop-thu", mailbox_fetch, methods=["POST"]),
]
