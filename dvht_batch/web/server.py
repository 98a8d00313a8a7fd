"""Start the web app: a free-or-given port on 127.0.0.1, uvicorn in this process, the browser opened on the
token URL (then the token lives in a cookie)."""
from __future__ import annotations

import socket
import threading
import webbrowser
from pathlib import Path

from dvht_batch.errors import DvhtError
from dvht_batch.messages import render
from dvht_batch.web.app import Settings, create_app

HOST = "127.0.0.1"


class ServerError(DvhtError):
    """The port cannot be used."""


def bind(port: int) -> socket.socket:
    """A listening socket on 127.0.0.1 (port 0: any free port); ServerError in Vietnamese when taken."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind((HOST, port))
    except OSError:
        sock.close()
        raise ServerError(render("web-port-taken", port=port, other=port + 1 if 0 < port < 65535 else 8766)) from None
    sock.listen(128)
    return sock


def serve(config, rule_set, config_path: Path | None, out_root: Path, input_root: Path, port: int,
          open_browser: bool = True, announce=print) -> None:
    import uvicorn

    from dvht_batch.output.lock import settle_if_free

    sock = bind(port)
    settings = Settings(config=config, rule_set=rule_set, config_path=config_path.resolve() if config_path else None,
                        out_root=out_root.resolve(), input_root=input_root.resolve(), port=sock.getsockname()[1])
    app = create_app(settings)
    # a run killed earlier: settled now, so the board shows the folder as the ledger has it (told on the first page)
    settle_if_free(settings.out_root, "giao-dien")
    url = settings.url()
    announce(f"Ứng dụng đang chạy tại: {url}")
    announce("Giữ cửa sổ này mở trong khi làm việc; đóng cửa sổ (hoặc Ctrl+C) để dừng.")
    if open_browser:
        threading.Timer(0.8, webbrowser.open, args=(url,)).start()
    config_ = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    uvicorn.Server(config_).run(sockets=[sock])
