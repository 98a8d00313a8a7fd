"""The local server's guard (one ASGI middleware), as Jupyter does it: browsers let any web page send requests
to 127.0.0.1, so every request must prove it comes from the clerk's own tab.

- Host header allow-list (`127.0.0.1:PORT`, `localhost:PORT`, `[::1]:PORT`): a DNS-rebinding page's requests
  carry its own host name and are refused.
- A random token: the URL `dvht giao-dien` opens carries `?token=…`; the answer sets it as an HttpOnly,
  SameSite=Strict cookie and redirects to the same page without it. Every later request needs the cookie.
- State-changing requests (POST…) need an Origin (or, without one, a Referer) of an allowed host, and the
  handlers check a CSRF token (`csrf` form field or `X-CSRF-Token` header; see `app.checked_form`).
- Request bodies are bounded (Content-Length, and the bytes actually received).
"""
from __future__ import annotations

import hmac
import html
from urllib.parse import urlencode, urlsplit

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse

from dvht_batch.messages import render

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
HEADERS = [
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"content-security-policy",
     b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'"),
    (b"cache-control", b"no-store"),
]


class _TooLarge(Exception):
    pass


def same(a: str | None, b: str) -> bool:
    return a is not None and hmac.compare_digest(a.encode(), b.encode())


def refusal(status: int, title_id: str, text_id: str, **fields: object) -> HTMLResponse:
    """A page refusing the request: the catalogue's title (`heading`) and sentence (messages/web.py)."""
    title, text = render(title_id), render(text_id, **fields)
    body = (f"<!doctype html><html lang=vi><meta charset=utf-8><title>{html.escape(title)}</title>"
            f"<body><h1>{html.escape(title)}</h1><p>{html.escape(text)}</p></body></html>")
    return HTMLResponse(body, status_code=status)


class Guard:
    def __init__(self, app, *, token: str, port: int, max_body: int, cookie: str | None = None,
                 extra_hosts: tuple[str, ...] = ()):
        self.app = app
        self.token = token
        self.cookie = cookie or f"dvht_token_{port}"
        self.hosts = {f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}", *extra_hosts}
        self.origins = {f"http://{h}" for h in self.hosts}
        self.max_body = max_body

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def send_with_headers(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = list(message.get("headers", [])) + HEADERS
            await send(message)

        request = Request(scope)
        refused = self._check(request)
        if refused is not None:  # refusals carry the same headers as every page
            return await refused(scope, receive, send_with_headers)

        received = 0

        async def bounded_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise _TooLarge()
            return message

        try:
            await self.app(scope, bounded_receive, send_with_headers)
        except _TooLarge:
            if not started:
                await self._too_large()(scope, receive, send_with_headers)

    def _too_large(self) -> HTMLResponse:
        return refusal(413, "guard-too-large-title", "guard-too-large", limit=self.max_body // (1024 * 1024))

    def _check(self, request: Request):
        host = request.headers.get("host", "").lower()
        if host not in self.hosts:
            return refusal(400, "guard-bad-host-title", "guard-bad-host")
        token = request.query_params.get("token")
        if token is not None and request.method in SAFE_METHODS:
            if not same(token, self.token):
                return refusal(403, "guard-bad-token-title", "guard-bad-token")
            rest = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
            target = request.url.path + (f"?{urlencode(rest)}" if rest else "")
            response = RedirectResponse(target, status_code=303)
            response.set_cookie(self.cookie, self.token, httponly=True, samesite="strict", path="/")
            return response
        if not same(request.cookies.get(self.cookie), self.token):
            return refusal(403, "guard-no-token-title", "guard-no-token")
        if request.method not in SAFE_METHODS:
            origin = request.headers.get("origin")
            if origin is None:
                referer = urlsplit(request.headers.get("referer", ""))
                origin = f"{referer.scheme}://{referer.netloc}" if referer.netloc else None
            if origin is None or origin.lower() not in self.origins:
                return refusal(403, "guard-cross-site-title", "guard-cross-site")
            length = request.headers.get("content-length")
            if length is None and request.headers.get("transfer-encoding"):
                return refusal(411, "guard-no-length-title", "guard-no-length")
            if length is not None and (not length.isdigit() or int(length) > self.max_body):
                return self._too_large()
        return None
