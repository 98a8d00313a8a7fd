"""The linter CI runs (ruff, configured in pyproject.toml) passes on the package, the tests, tools and benchmarks."""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_ruff_passes():
    if shutil.which("ruff") is None and subprocess.run([sys.executable, "-m", "ruff", "--version"],
                                                       capture_output=True).returncode != 0:
        pytest.skip("ruff is not installed (it is in the test extra: pip install '.[test]')")
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "dvht_batch", "tests", "tools", "benchmarks"],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
