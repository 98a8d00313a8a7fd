"""File-name helpers shared by the writers and the pipeline (no other dvht imports but `vn.text`)."""
from __future__ import annotations

import re
import unicodedata

from dvht_batch.vn.text import strip_accents

_UNSAFE = re.compile(r"[^0-9A-Za-z._-]+")


def safe_stem(text: str) -> str:
    """A file-name part that is safe on Windows: accents removed, no separators, bounded length."""
    ascii_text = unicodedata.normalize("NFC", strip_accents(text))
    return (_UNSAFE.sub("_", ascii_text).strip("._") or "tep")[:60]


__all__ = ["safe_stem"]
