"""Normalise Vietnamese strings from spreadsheets (docs/quy-tac.md §5) and fold them for matching."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Invisible or look-alike characters found in pasted spreadsheet text.
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u3000\t\r\n\u2002\u2003\u2009"), " ")
_LOOKALIKES = {0x00D0: "\u0110", 0x00F0: "\u0111"}  # Ð (Icelandic Eth) → Đ; ð → đ
_MULTISPACE = re.compile(r" {2,}")

# Old ("hoà", "thuỷ") and new ("hòa", "thủy") tone placement: canonical key moves the tone
# to the position the new rule uses, so both spellings compare equal. We fold on tone-less text
# for matching headers and vocabulary, which makes placement irrelevant there.


def normalize(value: object) -> str:
    """NFC, no zero-width marks or NBSP, Ð→Đ, trimmed, inner spaces collapsed (cached)."""
    if isinstance(value, str):
        return _normalize_text(value)
    return "" if value is None else _normalize_text(str(value))


@lru_cache(maxsize=16384)  # spreadsheet cells repeat the same few texts
def _normalize_text(text: str) -> str:
    text = text.translate(_ZERO_WIDTH).translate(_SPACES).translate(_LOOKALIKES)
    text = unicodedata.normalize("NFC", text)
    return _MULTISPACE.sub(" ", text).strip()


def strip_accents(text: str) -> str:
    """'Đã phê duyệt' → 'Da phe duyet' (đ/Đ become d/D)."""
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return bare.replace("đ", "d").replace("Đ", "D")


_NOTE = re.compile(r"\s*\([^()]*\)\s*$")
_NON_WORD = re.compile(r"[^0-9a-z]+")


def fold(value: object, drop_note: bool = False) -> str:
    """Matching key ignoring case, accents, spacing and punctuation: 'Họ và tên (*)' → 'ho va ten'."""
    return _fold(value if isinstance(value, str) else normalize(value), drop_note)


@lru_cache(maxsize=16384)
def _fold(value: str, drop_note: bool) -> str:
    text = normalize(value)
    if drop_note:
        while True:
            stripped = _NOTE.sub("", text)
            if stripped == text:
                break
            text = stripped
    return _NON_WORD.sub(" ", strip_accents(text).lower()).strip()
