"""A run without documents loads no Word writer (issue 26: the run's start-up is not data work)."""
from __future__ import annotations

import subprocess
import sys

from builders import write_department, write_config


RUN_AND_LIST = """
import sys
from dvht_batch.cli import main
sys.argv = ["dvht", "run", sys.argv[1], "--out", sys.argv[2], "--no-docx", "-q"]
try:
    main()
except SystemExit as done:
    assert not done.code, done.code
print(" ".join(sorted(m for m in sys.modules if m == "docx" or m.startswith(("docx.", "dvht_batch.writers.docx")))))
"""


def test_a_run_without_documents_loads_no_word_writer(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    write_config(folder)
    write_department(folder / "VP.xlsx")
    done = subprocess.run([sys.executable, "-c", RUN_AND_LIST, str(folder), str(tmp_path / "out")],
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "2025-11" / "tong_hop.xlsx").is_file()
    assert done.stdout.strip() == ""

