""""Tổng hợp" and the mailbox refuse, in Vietnamese and at once, while another command holds the output folder
(a real second process holding `run_lock.output_lock`, as `dvht run` in a terminal does)."""
from __future__ import annotations

import subprocess
import sys

from web_helpers import client, files_field, make_app, sample_uploads, wait_for_run

JSON = {"Accept": "application/json"}
HOLDER = """
import sys
from pathlib import Path
from dvht_batch.output.lock import output_lock
with output_lock(Path(sys.argv[1]), "run"):
    print("held", flush=True)
    sys.stdin.read()
"""


def test_run_refused_while_another_command_holds_the_folder(tmp_path):
    application, settings = make_app(tmp_path)
    c = client(application, settings)
    c.post("/ky/2025-11/tai-len", files=files_field(sample_uploads()), data={"csrf": settings.csrf}, headers=JSON)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(settings.out_root)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        r = c.post("/ky/2025-11/tong-hop", data={"csrf": settings.csrf}, headers=JSON)
        assert r.status_code == 409
        message = r.json()["error"]
        assert "đang được dùng bởi lệnh «dvht run»" in message and f"tiến trình số {holder.pid}" in message
        assert not (settings.out_root / "2025-11").exists()
        mail = c.post("/hop-thu", data={"csrf": settings.csrf, "ky": "11/2025", "host": "127.0.0.1", "port": "1",
                                        "user": "vanthu", "mat_khau": "x"})
        assert mail.status_code == 400 and "đang được dùng bởi" in mail.text
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    r = c.post("/ky/2025-11/tong-hop", data={"csrf": settings.csrf}, headers=JSON)
    assert r.status_code == 202
    assert wait_for_run(c, "2025-11")["error"] is None
    assert "91,77 điểm" in c.get("/ky/2025-11").text
