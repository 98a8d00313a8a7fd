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
from dvht_batch.intake import discover
from dvht_batch.period import Period
from dvht_batch.pipeline import RESULT_JSON
from dvht_batch.web.common import Refused, checked_form, input_folder, period_of, render, wants_json
from dvht_batch.web.jobs import RunBusy
from dvht_batch.writers.bundle import zip_folder


async def start(request: Request):
    settings = request.app.state.settings
    try:
        periods, problem = await run_in_threadpool(boards.run_periods, settings.out_root), None
    except DvhtError as exc:  # e.g. a damaged ledger: the page still opens, with the message
        periods, problem = [], str(exc)
    return render(request, "bat_dau.html", periods=periods, problem=problem)


async def new_period(request: Request):
    form = await checked_form(request)
    text = str(form.get("ky", "")).strip()
    try:
        period = Period.parse(text) if "/" not in text else Period.parse_workbook(text)
    except ValueError as exc:
        raise Refused(400, str(exc)) from None
    return RedirectResponse(f"/ky/{period}", status_code=303)


def _inputs(folder: Path) -> list[tuple[str, int]]:
    if not folder.is_dir():
        return []
    found = []
    for path in discover(folder):
        try:
            found.append((path.relative_to(folder).as_posix(), path.stat().st_size if path.is_file() else 0))
        except (OSError, ValueError):
            continue
    return found


def _board_data(settings, period: Period, folder: Path):
    board = boards.load_board(settings.out_root, period, settings.rule_set)
    inputs = _inputs(folder)
    stale = False
    if board is not None:
        written = (settings.out_root / str(period) / RESULT_JSON).stat().st_mtime
        stale = any((folder / name).stat().st_mtime > written for name, _ in inputs if (folder / name).exists())
    return board, inputs, stale


async def period_board(request: Request, messages: list[str] | None = None, status: int = 200):
    period = period_of(request)
    settings = request.app.state.settings
    folder = input_folder(request, period)
    try:
        board, inputs, stale = await run_in_threadpool(_board_data, settings, period, folder)
    except ValueError as exc:
        board, inputs, stale, messages = None, [], False, [*(messages or []), str(exc)]
    job = request.app.state.runner.last.get(str(period))
    return render(request, "ky.html", status=status, period=period, board=board, inputs=inputs, stale=stale,
                  folder=folder, job=job, running=request.app.state.runner.running(), messages=messages or [])


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
    for n, item in enumerate(files):
        data = await item.read()
        try:
            path, stored = await run_in_threadpool(store_upload, folder, item.filename, data,
                                                   times[n] if len(times) == len(files) else None)
        except UploadRefused as exc:
            refused.append({"name": item.filename, "message": str(exc)})
            continue
        except OSError as exc:
            refused.append({"name": item.filename, "message": f"Không ghi được vào '{folder}': {exc.strerror}."})
            continue
        (saved if stored else existing).append(path.name)
    await form.close()
    if wants_json(request):
        return JSONResponse({"saved": saved, "existing": existing, "refused": refused, "folder": str(folder)})
    lines = [f"Đã lưu {len(saved)} tệp vào '{folder}'."] + [f"Đã có sẵn: {n}" for n in existing] \
        + [r["message"] for r in refused]
    return await period_board(request, lines)


async def choose_folder(request: Request):
    period = period_of(request)
    settings = request.app.state.settings
    form = await checked_form(request)
    text = str(form.get("thu_muc", "")).strip().strip('"')
    folder = Path(text).expanduser()
    if not text or not folder.is_dir():
        raise Refused(400, f"Không tìm thấy thư mục '{text}': hãy chép đúng đường dẫn của thư mục có các tệp.")
    folder = folder.resolve()
    if folder.is_relative_to(settings.out_root.resolve()):
        raise Refused(400, "Thư mục này nằm trong thư mục kết quả: hãy chọn thư mục chứa các tệp các phòng gửi.")
    request.app.state.inputs[str(period)] = folder
    return RedirectResponse(f"/ky/{period}", status_code=303)


async def run(request: Request):
    period = period_of(request)
    form = await checked_form(request)
    folder = input_folder(request, period)
    if not folder.is_dir():
        raise Refused(400, f"Chưa có tệp nào cho kỳ này (thư mục '{folder}' chưa có): hãy tải tệp lên trước.")
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
    except (OSError, RuntimeError):
        raise Refused(404, "Không có tệp này.") from None
    if not target.is_relative_to(root) or not target.is_file():
        raise Refused(404, "Không có tệp này trong thư mục kết quả.")
    parts = target.relative_to(root).parts
    try:
        Period.parse(parts[0])
    except ValueError:
        raise Refused(404, "Chỉ tải được các tệp kết quả của một kỳ.") from None
    if len(parts) < 2 or any(p.startswith(".") for p in parts):
        raise Refused(404, "Không có tệp này trong thư mục kết quả.")
    return target


async def download(request: Request):
    target = _within_out(request, request.path_params["path"])
    return FileResponse(target, filename=target.name)


async def download_all(request: Request):
    period = period_of(request)
    folder = request.app.state.settings.out_root / str(period)
    if not folder.is_dir():
        raise Refused(404, "Kỳ này chưa có kết quả: hãy bấm \"Tổng hợp\" trước.")
    fd, tmp = tempfile.mkstemp(suffix=".zip", prefix="dvht-")
    os.close(fd)
    await run_in_threadpool(zip_folder, folder, Path(tmp), f"ket_qua_{period}")
    return FileResponse(tmp, filename=f"ket_qua_{period}.zip", background=BackgroundTask(os.unlink, tmp))


ROUTES = [
    Route("/", start),
    Route("/ky-moi", new_period, methods=["POST"]),
    Route("/ky/{period}", period_board),
    Route("/ky/{period}/tai-len", upload, methods=["POST"]),
    Route("/ky/{period}/thu-muc", choose_folder, methods=["POST"]),
    Route("/ky/{period}/tong-hop", run, methods=["POST"]),
    Route("/ky/{period}/tien-do", progress),
    Route("/ky/{period}/tat-ca.zip", download_all),
    Route("/tai/{path:path}", download),
]
