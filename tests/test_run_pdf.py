"""`dvht run … --out OUT --pdf` with a relative OUT (the way clerks type it): the PDFs are written beside
their documents and the run ends normally (the swap of the staging folder once tripped over LibreOffice's
absolute PDF paths: "Lỗi không mong đợi")."""
from __future__ import annotations

import shutil
from pathlib import Path

from builders import run_cli

ROOT = Path(__file__).resolve().parent.parent


def test_pdf_with_a_relative_output_folder(tmp_path):
    shutil.copytree(ROOT / "sample_data", tmp_path / "du_lieu")
    proc = run_cli("run", "du_lieu", "--config", "du_lieu/dvht.toml", "--out", "ket_qua", "--pdf", "-q", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Lỗi không mong đợi" not in proc.stderr
    folder = tmp_path / "ket_qua" / "2025-11"
    assert (folder / "bao_cao_don_vi.pdf").is_file() and (folder / "bao_cao_don_vi.docx").is_file()
