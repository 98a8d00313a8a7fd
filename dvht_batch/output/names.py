"""The names of what `dvht run` writes inside OUT/<period>/ (every run replaces them; any other top-level
entry is the office's, carried over by the swap: `output.settle`)."""
from __future__ import annotations

UNIT_REPORT = "bao_cao_don_vi.docx"
DEPARTMENT_DIR = "bao_cao_phong"
FEEDBACK_DIR = "phan_hoi"
CONSOLIDATED = "tong_hop.xlsx"
RESULT_JSON = "ket_qua.json"
CHECKLIST = "kiem_tra_truoc_khi_ky.txt"   # what the office checks before signing (writers/run_checklist.py)
DOSSIER_DIR = "ho_so"                      # the yearly recognition dossier (assess/dossier.py, writers/dossier.py)

OUTPUT_NAMES = frozenset({UNIT_REPORT, UNIT_REPORT.removesuffix(".docx") + ".pdf", DEPARTMENT_DIR, FEEDBACK_DIR,
                          CONSOLIDATED, RESULT_JSON, DOSSIER_DIR, CHECKLIST})


def is_run_output(name: str) -> bool:
    """Whether a top-level entry of OUT/<period>/ is written by `dvht run` (replaced by every run)."""
    return name in OUTPUT_NAMES


__all__ = ["UNIT_REPORT", "DEPARTMENT_DIR", "FEEDBACK_DIR", "CONSOLIDATED", "RESULT_JSON", "CHECKLIST", "DOSSIER_DIR",
           "OUTPUT_NAMES", "is_run_output"]
