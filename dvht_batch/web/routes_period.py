"""Start page and a period's board: uploads into its input folder, "Tổng hợp", progress, downloads from OUT/."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, RedirectResponse
from starlette.routing import Route

from dvht_batch.web import board as boards
from dvht_batch.errors import DvhtError
from dvht_batch.intake.inbox import UploadRefused, store_upload
from dvht_batch.messages import render as message
from dvht_batch.system.os_faults import os_reason, printable
from dvht_batch.period import Period
from dvht_batch.rules import legal
from dvht_batch.vocab.labels import warned
from dvht_batch.web import period_log
from dvht_batch.web.arrivals import input_files
from dvht_batch.web.common import (STATIC, Refused, checked_form, input_folder, parse_period, period_of, render,
                                   wants_json)
from dvht_batch.web.folders import FolderRefused, checked_folder
from dvht_batch.web.jobs import RunBusy
from dvht_batch.writers.bundle import zip_folder


def _pending(settings, ran: set[str]) -> list[Period]:
    """Periods with files uploaded (INPUT_ROOT/<period>/ not empty) or a folder chosen, but no run yet."""
    found = set(period_log.periods_kept(settings.out_root))
    try:
        for entry in settings.input_root.iterdir():
            try:
                if entry.is_dir() and any(entry.iterdir()):
                    found.add(Period.parse(entry.name))
            except (OSError, ValueError):
                continue
    except OSError:
        pass
    return sorted((p for p in found if str(p) not in ran), key=lambda p: (p.year, p.month or 13), reverse=True)


async def start(request: Request, typed: str = "", error: str | None = None, status: int = 200):
    settings = request.app.state.settings
    try:
        periods, problem = await run_in_threadpool(boards.run_periods, settings.out_root), None
    except DvhtError as exc:  # e.g. a damaged ledger: the page still opens, with the message
        periods, problem = [], str(exc)
    pending = await run_in_threadpool(_pending, settings, {str(p.period) for p in periods})
    return render(request, "bat_dau.html", status=status, periods=periods, pending=pending, problem=problem,
                  typed=typed, error=error)


async def new_period(request: Request):
    form = await checked_form(request)
    text = str(form.get("ky", "")).strip()
    try:
        period = parse_period(text)
    except ValueError as exc:
        return await start(request, typed=text, error=str(exc), status=400)
    return RedirectResponse(f"/ky/{period}", status_code=303)


def _board_data(settings, period: Period, folder: Path):
    board = boards.load_board(settings.out_root, period, settings.rule_set)
    inputs = input_files(folder, settings.out_root, period)
    warnings = [warned(w) for w in legal.warnings(settings.rule_set, settings.config.guidance,
                                                  period.last_day())]  # as the console says them
    return board, inputs, warnings


async def period_board(request: Request, messages: list[str] | None = None, status: int = 200, typed: str = ""):
    period = period_of(request)
    settings = request.app.state.settings
    folder = input_folder(request, period)
    try:
        board, inputs, warnings = await run_in_threadpool(_board_data, settings, period, folder)
    except ValueError as exc:
        board, inputs, warnings, messages = None, [], [], [*(messages or []), str(exc)]
    late = [f for f in inputs if f.late]
    job = request.app.state.runner.last.get(str(period))
    return render(request, "ky.html", status=status, period=period, board=board, inputs=inputs, late=late,
                  late_text=message("web-late-files", count=len(late)) if late else "", legal_warnings=warnings,
                  refusals=period_log.refusals(settings.out_root, period), folder=printable(folder), job=job,
                  running=request.app.state.runner.running(), messages=messages or [], typed=typed)


def _seconds(milliseconds) -> float | None:
    try:
        return int(str(milliseconds)) / 1000
    except ValueError:
        return None


async def upload(request: Request):
    period = period_of(request)
    settings = request.app.state.settings
    form = await checked_form(request, max_files=settings.max_files)
    folder = input_folder(request, period)
    saved, existing, refused = [], [], []
    files = [item for item in form.getlist("tep") if not isinstance(item, str)]
    times = [_seconds(t) for t in form.getlist("thoi_gian")]  # the files' own times, in the same order (script)
    now = request.app.state.runner.clock().timestamp()  # a time in the future of the server's clock is not kept
    times = [t if t is not None and t <= now else None for t in times]
    for n, item in enumerate(files):
        data = await item.read()
        try:
            path, stored = await run_in_threadpool(store_upload, folder, item.filename, data,
                                                   times[n] if len(times) == len(files) else None)
        except UploadRefused as exc:
            refused.append({"name": printable(item.filename or ""), "message": printable(str(exc))})
            continue
        except OSError as exc:
            refused.append({"name": printable(item.filename or ""),
                            "message": message("web-upload-not-written", folder=printable(folder), reason=os_reason(exc))})
            continue
        (saved if stored else existing).append(printable(path.name))
    await form.close()
    await run_in_threadpool(period_log.add_refusals, settings.out_root, period, refused,
                            request.app.state.runner.clock())
    if wants_json(request):
        return JSONResponse({"saved": saved, "existing": existing, "refused": refused,
                             "folder": printable(folder)})
    lines = [message("web-upload-saved", count=len(saved), folder=printable(folder))]
    lines += [message("web-upload-existing", name=n) for n in existing]
    return await period_board(request, lines)


async def choose_folder(request: Request):
    period = period_of(request)
    settings = request.app.state.settings
    form = await checked_form(request)
    text = str(form.get("thu_muc", "")).strip().strip('"')
    try:
        folder = await run_in_threadpool(checked_folder, text, settings.out_root, settings.input_root)
    except FolderRefused as exc:
        return await period_board(request, [str(exc)], status=400, typed=text)
    await run_in_threadpool(period_log.remember_folder, settings.out_root, period, folder)
    return RedirectResponse(f"/ky/{period}", status_code=303)


async def dismiss(request: Request):
    period = period_of(request)
    form = await checked_form(request)
    ident = str(form.get("id", ""))
    await run_in_threadpool(period_log.dismiss, request.app.state.settings.out_root, period, ident)
    return RedirectResponse(f"/ky/{period}#tep", status_code=303)


async def run(request: Request):
    period = period_of(request)
    form = await checked_form(request)
    folder = input_folder(request, period)
    if not folder.is_dir():
        raise Refused(400, message("web-no-input-yet", folder=printable(folder)))
    try:
        job = request.app.state.runner.start(period, folder, pdf=form.get("pdf") == "1")
    except RunBusy as exc:
        raise Refused(409, str(exc)) from None
    if wants_json(request):
        return JSONResponse(job.as_dict(), status_code=202)
    return RedirectResponse(f"/ky/{period}", status_code=303)


async def progress(request: Request):
    period = period_of(request)
    job = request.app.state.runner.last.get(str(period))
    if job is None:
        return JSONResponse({"running": False, "finished": False, "stage": None})
    return JSONResponse(job.as_dict())


def _within_out(request: Request, rel: str) -> Path:
    """A file under OUT/<period>/ named by `rel` (no '..', no absolute path, no link leading outside)."""
    root = request.app.state.settings.out_root.resolve()
    try:
        target = (root / rel).resolve()
    except (OSError, RuntimeError, ValueError):  # a loop, a NUL byte
        raise Refused(404, message("web-no-such-file")) from None
    if not target.is_relative_to(root) or not target.is_file():
        raise Refused(404, message("web-not-in-output"))
    parts = target.relative_to(root).parts
    try:
        Period.parse(parts[0])
    except ValueError:
        raise Refused(404, message("web-not-a-period-output")) from None
    if len(parts) < 2 or any(p.startswith(".") for p in parts):
        raise Refused(404, message("web-not-in-output"))
    return target


async def download(request: Request):
    target = _within_out(request, request.path_params["path"])
    return FileResponse(target, filename=target.name)


async def download_all(request: Request):
    period = period_of(request)
    root = request.app.state.settings.out_root.resolve()
    folder = (root / str(period)).resolve()  # a period folder that is a link leading outside OUT/ is not zipped
    if not folder.is_relative_to(root) or folder == root or not folder.is_dir():
        raise Refused(404, message("web-no-result-yet"))
    fd, tmp = tempfile.mkstemp(suffix=".zip", prefix="dvht-")
    os.close(fd)
    await run_in_threadpool(zip_folder, folder, Path(tmp), f"ket_qua_{period}")
    return FileResponse(tmp, filename=f"ket_qua_{period}.zip", background=BackgroundTask(os.unlink, tmp))


async def favicon(request: Request):
    return FileResponse(STATIC / "favicon.svg", media_type="image/svg+xml")


ROUTES = [
    Route("/", start),
    Route("/favicon.ico", favicon),
    Route("/ky-moi", new_period, methods=["POST"]),
    Route("/ky/{period}", period_board),
    Route("/ky/{period}/tai-len", upload, methods=["POST"]),
    Route("/ky/{period}/thu-muc", choose_folder, methods=["POST"]),
    Route("/ky/{period}/an-thong-bao", dismiss, methods=["POST"]),
    Route("/ky/{period}/tong-hop", run, methods=["POST"]),
    Route("/ky/{period}/tien-do", progress),
    Route("/ky/{period}/tat-ca.zip", download_all),
    Route("/tai/{path:path}", download),
]
