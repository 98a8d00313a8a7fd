"""Shared by the web app's tests: an app over a real configuration, and a client that holds its cookie."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from starlette.testclient import TestClient

from dvht_batch import pipeline
from dvht_batch.web.app import Settings, create_app

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_data"
PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"


def sample_uploads() -> list[Path]:
    """Every file of the sample agency the clerk would upload (what `dvht run sample_data` reads as input)."""
    return sorted(p for p in SAMPLE.rglob("*") if p.is_file() and p.name != "dvht.toml")


def make_app(tmp: Path, config: Path | None = None, **overrides):
    if config is None:
        config = tmp / "dvht.toml"
        shutil.copy(SAMPLE / "dvht.toml", config)
    cfg, rule_set = pipeline.load_setup(config, None)
    settings = Settings(cfg, rule_set, config, tmp / "out", tmp / "vao", port=PORT, **overrides)
    return create_app(settings), settings


def client(app, settings, login: bool = True) -> TestClient:
    c = TestClient(app, base_url=BASE, headers={"Origin": BASE})
    if login:
        assert c.get(f"/?token={settings.token}", follow_redirects=False).status_code == 303
    return c


def files_field(paths: list[Path]) -> list[tuple]:
    return [("tep", (p.name, p.read_bytes(), "application/octet-stream")) for p in paths]


def wait_for_run(c: TestClient, period: str, limit: float = 300.0) -> dict:
    """Poll the progress endpoint until the run ends (the wait bounds a hang, it asserts nothing on speed)."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        job = c.get(f"/ky/{period}/tien-do", headers={"Accept": "application/json"}).json()
        if job.get("finished"):
            return job
        time.sleep(0.1)
    raise AssertionError("the run did not end")


@contextmanager
def served_app(tmp: Path):
    """`dvht giao-dien` as the clerk starts it (real uvicorn, a free port of 127.0.0.1) over a copy of the sample
    agency's dvht.toml in `tmp` (outputs in tmp/ket-qua, uploads in tmp/du_lieu); yields the token URL."""
    shutil.copy(SAMPLE / "dvht.toml", tmp / "dvht.toml")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "dvht_batch", "giao-dien", "--config", "dvht.toml", "--out", "ket-qua",
                             "--vao", "du_lieu", "--port", "0", "--no-browser"], cwd=tmp, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8")
    try:
        first = proc.stdout.readline()
        assert "http://127.0.0.1:" in first, first + proc.stdout.read()
        yield first.split(": ", 1)[1].strip()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
