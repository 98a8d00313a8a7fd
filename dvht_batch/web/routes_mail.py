"""The Thư đi page: the same round as `dvht gui-thu` (`mail.outbox.go_round`) — drafts of one kind of mail for
one period, and sending them when the clerk gives the mailbox password (used for this request only)."""
from __future__ import annotations

import time
from datetime import datetime

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.routing import Route

from dvht_batch.errors import DvhtError
from dvht_batch.mail.letters import KINDS
from dvht_batch.messages import render as message
from dvht_batch.period import Period
from dvht_batch.web.common import Refused, checked_form, render

KIND_NAMES = {"mau": "Mẫu bảng tính của kỳ", "nhac": "Nhắc phòng chưa có tệp dùng được",
              "phan-hoi": "Phản hồi tệp bị từ chối", "ket-qua": "Kết quả cho phòng đạt"}


def _period(text: str) -> Period:
    try:
        return Period.parse(text) if "/" not in text else Period.parse_workbook(text)
    except ValueError as exc:
        raise Refused(400, str(exc)) from None


async def outgoing_page(request: Request):
    mail = request.app.state.settings.config.mail
    return render(request, "thu_di.html", kinds=KIND_NAMES, form={"ky": "", "loai": "mau"}, round=None, mail=mail)


async def outgoing_post(request: Request):
    from dvht_batch.mail.outbox import go_round

    form = await checked_form(request)
    settings = request.app.state.settings
    values = {"ky": str(form.get("ky", "")).strip(), "loai": str(form.get("loai", ""))}
    if values["loai"] not in KINDS:
        raise Refused(400, message("web-mail-kind-missing"))
    period, send = _period(values["ky"]), form.get("gui") == "1"
    password = str(form.get("mat_khau", ""))  # used for this request only, never stored

    def ask(mail_settings) -> str:
        import os

        found = password or os.environ.get(mail_settings.password_variable, "")
        if not found:
            raise Refused(400, message("web-mail-password-missing"))
        return found

    def go():
        return go_round(settings.config, settings.rule_set, period, settings.out_root, values["loai"], send_them=send,
                        password=ask, now=lambda: datetime.now().astimezone(), sleep=time.sleep)

    try:
        done = await run_in_threadpool(go)
    except DvhtError as exc:
        return render(request, "thu_di.html", status=400, kinds=KIND_NAMES, form=values, round=None,
                      mail=settings.config.mail, error=str(exc))
    return render(request, "thu_di.html", kinds=KIND_NAMES, form=values, round=done, mail=settings.config.mail)


ROUTES = [
    Route("/thu-di", outgoing_page),
    Route("/thu-di", outgoing_post, methods=["POST"]),
]
