"""Every test folder imports the shared builders: `from builders import …` (tests/builders.py; pyproject.toml's
`pythonpath` puts tests/ and the project folder on the path, for `pytest` and `python -m pytest` alike).

The real command line runs in subprocesses (`builders.run_cli`, `python -m dvht_batch`): they import the
package from this folder too, installed or not."""
import os
from pathlib import Path

ROOT = str(Path(__file__).resolve().parent.parent)
os.environ["PYTHONPATH"] = os.pathsep.join([ROOT, *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))])
