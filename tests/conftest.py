"""Every test folder imports the shared builders: `from builders import …` (tests/builders.py; pyproject.toml's
`pythonpath` puts tests/ and the project folder on the path, for `pytest` and `python -m pytest` alike).

The real command line runs in subprocesses (`builders.run_cli`, `python -m dvht_batch`): they import the
package from this folder too, installed or not."""
import os
from pathlib import Path

ROOT = str(Path(__file__).resolve().parent.parent)
os.environ["PYTHONPATH"] = os.pathsep.join([ROOT, *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))])

# Property tests check results, not speed (speed has its targets in benchmarks/): no per-example deadline, which
# a loaded machine or a CI runner sharing its cores would otherwise turn into failures that come and go.
from hypothesis import settings  # noqa: E402

settings.register_profile("dvht", deadline=None)
settings.load_profile("dvht")

import threading  # noqa: E402
import time  # noqa: E402

import pytest  # noqa: E402


@pytest.fixture
def one_thread():
    """Tests of forking need this process to run one thread (system.child_processes.can_fork). Threads that
    other tests of this process leave behind for a while (Starlette's TestClient keeps an idle AnyIO worker
    for 10 s) are waited for; one still alive after 30 s skips the test, naming it."""
    deadline = time.monotonic() + 30
    while threading.active_count() > 1 and time.monotonic() < deadline:
        time.sleep(0.1)
    others = [t.name for t in threading.enumerate() if t is not threading.main_thread()]
    if others:
        pytest.skip(f"another test left threads alive in this process: {', '.join(others)}")
