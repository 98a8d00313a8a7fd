"""The Starlette application of `dvht giao-dien`: the route table, the error pages and the guard.

Routes live in `routes_period` (the period's board) and `routes_tools` (templates, plan, history, mailbox);
what they share is in `common`. The web layer only calls the library; see docs/giao-dien.md for the
security rules of this local server.
"""
from __future__ import annotations

import logging
import traceback

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from dvht_batch.errors import DvhtError
from dvht_batch.messages import render as message, unexpected
from dvht_batch.web import routes_mail, routes_period, routes_tools
from dvht_batch.web.common import (STATIC, Refused, Settings, _environment, checked_form, input_folder, period_of,
                                   render, wants_json)
from dvht_batch.web.jobs import Runner
from dvht_batch.web.security import Guard

log = logging.getLogger("dvht.web")


async def _refused(request: Request, exc: Refused):
    if wants_json(request):
        return JSONResponse({"error": exc.message}, status_code=exc.status)
    return render(request, "loi.html", status=exc.status, message=exc.message)


async def _library_error(request: Request, exc: DvhtError):
    return await _refused(request, Refused(500, str(exc)))


async def _bug(request: Request, exc: Exception):
    """A fault of the app itself: a Vietnamese page (with the guard's headers), the details in the console."""
    log.error("%s %s failed:\n%s", request.method, request.url.path, traceback.format_exc())
    return await _refused(request, Refused(500, unexpected(exc, "details-in-console")))


async def _http_error(request: Request, exc):
    known = {404: "web-no-page", 405: "web-bad-method"}.get(exc.status_code)
    return await _refused(request, Refused(exc.status_code, message(known) if known else str(exc.detail)))


def create_app(settings: Settings) -> Guard:
    """The app behind its guard (host, token, cross-site and size checks on every request)."""
    routes = (routes_period.ROUTES + routes_tools.ROUTES + routes_mail.ROUTES
              + [Mount("/tinh", StaticFiles(directory=STATIC), name="static")])
    app = Starlette(routes=routes, exception_handlers={Refused: _refused, HTTPException: _http_error,
                                                        DvhtError: _library_error, Exception: _bug})
    app.state.settings = settings
    app.state.env = _environment()
    app.state.runner = Runner(settings.config_path, settings.out_root)
    return Guard(app, token=settings.token, port=settings.port, max_body=settings.max_body,
                 extra_hosts=settings.extra_hosts)


__all__ = ["Settings", "create_app", "Refused", "render", "checked_form", "period_of", "input_folder", "Route"]
