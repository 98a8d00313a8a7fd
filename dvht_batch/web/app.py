"""The Starlette application of `dvht giao-dien`: settings, shared helpers and the route table.

Routes live in `routes_period` (the period's board) and `routes_tools` (templates, plan, history, mailbox).
The web layer only calls the library; see docs/giao-dien.md for the security rules of this local server.
"""
from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from dvht_batch.board import last_input_dir
from dvht_batch.errors import DvhtError
from dvht_batch.period import Period
from dvht_batch.vn.numbers import fmt_decimal, fmt_int, fmt_percent, fmt_points
from dvht_batch.web.jobs import Runner
from dvht_batch.web.security import Guard

MiB = 1024 * 1024
MAX_FILES = 300                 # files in one upload
MAX_BODY = 512 * MiB            # bytes of one request (an upload of many workbooks)
STATIC = Path(__file__).resolve().parent / "static"


@dataclass
class Settings:
    config: object                               # dvht_batch.config.Config, loaded at start
    rule_set: object                             # dvht_batch.rules.RuleSet
    config_path: Path | None
    out_root: Path
    input_root: Path                             # period input folders: INPUT_ROOT/<period>/
    port: int = 8765
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    max_files: int = MAX_FILES
    max_body: int = MAX_BODY
    extra_hosts: tuple[str, ...] = ()

    @property
    def csrf(self) -> str:
        return hmac.new(self.token.encode(), b"csrf", "sha256").hexdigest()

    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/?token={self.token}"


class Refused(Exception):
    """A request the app answers with a Vietnamese message (page, or JSON for the page's scripts)."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("dvht_batch.web", "templates"), autoescape=select_autoescape(),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(points=fmt_points, percent=fmt_percent, decimal=fmt_decimal, int=fmt_int,
                       size=lambda n: f"{n / 1024:,.0f} KB".replace(",", "."))
    return env


def render(request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
    settings: Settings = request.app.state.settings
    env: Environment = request.app.state.env
    html = env.get_template(name).render(request=request, settings=settings, csrf=settings.csrf,
                                         unit=settings.config, rule_set=settings.rule_set, **context)
    return HTMLResponse(html, status_code=status)


def period_of(request: Request) -> Period:
    text = request.path_params["period"]
    try:
        return Period.parse(text)
    except ValueError as exc:
        raise Refused(404, str(exc)) from None


async def checked_form(request: Request, max_files: int = 0):
    """The request's form, parsed within bounds, after the CSRF token check (field `csrf` or header)."""
    settings: Settings = request.app.state.settings
    try:
        form = await request.form(max_files=max_files, max_fields=max_files + 50)  # a time field per file
    except Exception as exc:  # python-multipart's limits and malformed bodies
        detail = getattr(exc, "detail", None) or str(exc)
        if "Too many files" in detail:
            raise Refused(413, f"Mỗi lần tải lên tối đa {max_files} tệp: hãy chia thành nhiều lần.") from None
        raise Refused(400, f"Dữ liệu gửi lên không đọc được ({detail}).") from None
    token = request.headers.get("x-csrf-token") or form.get("csrf")
    if not isinstance(token, str) or not hmac.compare_digest(token, settings.csrf):
        raise Refused(403, "Phiên làm việc đã hết hạn hoặc yêu cầu không đến từ trang của ứng dụng: hãy tải lại trang.")
    return form


def input_folder(request: Request, period: Period) -> Path:
    """The period's input folder: the one chosen on the board, else the latest run's, else INPUT_ROOT/<period>."""
    state = request.app.state
    chosen = state.inputs.get(str(period))
    if chosen is not None:
        return chosen
    try:
        earlier = last_input_dir(state.settings.out_root, period)
    except DvhtError:  # a damaged ledger: the board says so (board_errors), the folder falls back
        earlier = None
    if earlier is not None and earlier.is_dir():
        return earlier
    return state.settings.input_root / str(period)


async def _refused(request: Request, exc: Refused):
    if wants_json(request):
        return JSONResponse({"error": exc.message}, status_code=exc.status)
    return render(request, "loi.html", status=exc.status, message=exc.message)


async def _library_error(request: Request, exc: DvhtError):
    return await _refused(request, Refused(500, str(exc)))


async def _http_error(request: Request, exc):
    message = {404: "Không có trang này.", 405: "Thao tác không hợp lệ."}.get(exc.status_code, str(exc.detail))
    return await _refused(request, Refused(exc.status_code, message))


def create_app(settings: Settings) -> Guard:
    """The app behind its guard (host, token, cross-site and size checks on every request)."""
    from starlette.exceptions import HTTPException

    from dvht_batch.web import routes_period, routes_tools

    routes = routes_period.ROUTES + routes_tools.ROUTES + [Mount("/tinh", StaticFiles(directory=STATIC), name="static")]
    app = Starlette(routes=routes, exception_handlers={Refused: _refused, HTTPException: _http_error,
                                                        DvhtError: _library_error})
    app.state.settings = settings
    app.state.env = _environment()
    app.state.runner = Runner(settings.config_path, settings.out_root)
    app.state.inputs = {}
    return Guard(app, token=settings.token, port=settings.port, max_body=settings.max_body,
                 extra_hosts=settings.extra_hosts)


__all__ = ["Settings", "create_app", "Refused", "render", "checked_form", "period_of", "input_folder", "Route"]
