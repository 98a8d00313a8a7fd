"""What the web app's routes share: the settings, the refusal a page answers with, page rendering, the
checked form of a POST and the period's input folder (imported by `app` and by every `routes_*` module,
so imports go one way: routes → common, app → routes)."""
from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from dvht_batch.web.board import last_input_dir
from dvht_batch import messages
from dvht_batch.errors import DvhtError
from dvht_batch.output.recovery import notes, take_news
from dvht_batch.system.os_faults import printable
from dvht_batch.period import Period
from dvht_batch.web import period_log
from dvht_batch.vn.dates import moment
from dvht_batch.vn.numbers import fmt_decimal, fmt_int, fmt_percent, fmt_points

MiB = 1024 * 1024
MAX_FILES = 300                 # files in one upload
MAX_BODY = 512 * MiB            # bytes of one request (an upload of many workbooks)
STATIC = Path(__file__).resolve().parent / "static"


@dataclass
class Settings:
    config: object                               # dvht_batch.setup.config.Config, loaded at start
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
                       size=lambda n: f"{n / 1024:,.0f} KB".replace(",", "."), moment=moment_text)
    return env


def moment_text(stamp: object) -> str:
    """'2026-11-26T17:31:43' (ledger, ket_qua.json) → '17:31 ngày 26/11/2026'; anything else as it is."""
    try:
        when = datetime.fromisoformat(str(stamp))
    except ValueError:
        return str(stamp or "")
    return moment(when)


def render(request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
    settings: Settings = request.app.state.settings
    env: Environment = request.app.state.env
    # what a killed run had left and a command of this app settled on taking the folder (output.recovery)
    html = env.get_template(name).render(request=request, settings=settings, csrf=settings.csrf,
                                         unit=settings.config, rule_set=settings.rule_set,
                                         no_departments=no_departments(settings),
                                         settle_notes=notes(take_news(settings.out_root)), **context)
    # a file name that is not UTF-8 (kept by Python as surrogates) shown escaped as the console shows it,
    # wherever a page prints one, never an encoding error
    return HTMLResponse(printable(html), status_code=status)


def no_departments(settings: Settings) -> str | None:
    """What every page says when dvht.toml declares no department (only the KẾ HOẠCH can be written)."""
    if settings.config.departments:
        return None
    return messages.render("web-no-department", path=settings.config_path or "dvht.toml")


def period_of(request: Request) -> Period:
    text = request.path_params["period"]
    try:
        return Period.parse(text)
    except ValueError:
        raise Refused(404, messages.render("web-bad-period", typed=printable(text))) from None


async def checked_form(request: Request, max_files: int = 0):
    """The request's form, parsed within bounds, after the CSRF token check (field `csrf` or header)."""
    settings: Settings = request.app.state.settings
    try:
        form = await request.form(max_files=max_files, max_fields=max_files + 50)  # a time field per file
    except Exception as exc:  # python-multipart's limits and malformed bodies
        detail = getattr(exc, "detail", None) or str(exc)
        if "Too many files" in detail:
            raise Refused(413, messages.render("web-too-many-files", limit=max_files)) from None
        raise Refused(400, messages.render("web-unreadable-form", detail=detail)) from None
    token = request.headers.get("x-csrf-token") or form.get("csrf")
    if not isinstance(token, str) or not hmac.compare_digest(token, settings.csrf):
        raise Refused(403, messages.render("web-session-expired"))
    return form


def parse_period(text: str) -> Period:
    """'11/2025', '2025-11' or '2025' as typed in a box; ValueError with the catalogue's words (what was typed,
    the form '11/2025' the boxes show)."""
    try:
        return Period.parse(text) if "/" not in text else Period.parse_workbook(text)
    except ValueError:
        raise ValueError(messages.render("web-bad-period", typed=text)) from None


def input_folder(request: Request, period: Period) -> Path:
    """The period's input folder: the one chosen on the board (remembered on disk, web/period_log), else the
    latest run's, else INPUT_ROOT/<period>."""
    state = request.app.state
    chosen = period_log.chosen_folder(state.settings.out_root, period)
    if chosen is not None:
        return chosen
    try:
        earlier = last_input_dir(state.settings.out_root, period)
    except DvhtError:  # a damaged ledger: the board says so (board_errors), the folder falls back
        earlier = None
    if earlier is not None and earlier.is_dir():
        return earlier
    return state.settings.input_root / str(period)

