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

import pytest  # noqa: E402

FRESH_CHILD = "DVHT_TEST_FRESH_PROCESS"  # set in the child that runs a `fresh_process` test


def pytest_configure(config):
    config.addinivalue_line("markers", "fresh_process: run this test alone in a new Python process (tests of forking: "
                                       "system.child_processes.can_fork needs a process with one thread, and other "
                                       "tests leave threads behind for a while)")


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    """A `fresh_process` test is run by a new `python -m pytest` on its node id alone (in the same folder, without
    random order or xdist), and passes when that run passes; its output is shown when it fails."""
    if pyfuncitem.get_closest_marker("fresh_process") is None or os.environ.get(FRESH_CHILD):
        return None
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    proc = subprocess.run([sys.executable, "-m", "pytest", pyfuncitem.nodeid, "-p", "no:randomly",
                           "-p", "no:xdist", "-p", "no:cacheprovider", "-W", "ignore::DeprecationWarning"],
                          cwd=root, env={**os.environ, FRESH_CHILD: "1"}, capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        pytest.fail(f"in a new process (exit {proc.returncode}):\n{proc.stdout[-6000:]}\n{proc.stderr[-3000:]}",
                    pytrace=False)
    if " passed" not in proc.stdout:
        pytest.fail(f"the new process did not run the test:\n{proc.stdout[-3000:]}", pytrace=False)
    return True
