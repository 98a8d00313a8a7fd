"""Normalise Vietnamese strings from spreadsheets (docs/quy-tac.md §5) and fold them for matching."""
from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time
from functools import lru_cache

# Invisible or look-alike characters found in pasted spreadsheet text.
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u3000\t\r\n\u2002\u2003\u2009"), " ")
_LOOKALIKES = {0x00D0: "\u0110", 0x00F0: "\u0111"}  # Ð (Icelandic Eth) → Đ; ð → đ
# The three tables have no key in common and none maps to another's key: one pass does all three. Most
# texts hold none of them, and a search is much cheaper than `str.translate` on non-ASCII text.
_INVISIBLE_OR_LOOKALIKE = {**_ZERO_WIDTH, **_SPACES, **_LOOKALIKES}
_HAS_INVISIBLE_OR_LOOKALIKE = re.compile("[" + "".join(map(chr, _INVISIBLE_OR_LOOKALIKE)) + "]")
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
    if _HAS_INVISIBLE_OR_LOOKALIKE.search(text):
        text = text.translate(_INVISIBLE_OR_LOOKALIKE)
    text = unicodedata.normalize("NFC", text)
    if "  " in text:
        text = _MULTISPACE.sub(" ", text)
    return text.strip()


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


# --------------------------------------------------------------------------- spreadsheet cells as text
# Values as python-calamine gives them: str, float, int, bool, date, datetime ('' for an empty cell).


@lru_cache(maxsize=1 << 16)
def _cell_text(raw: str) -> str:
    """Cached: the same few texts ("Có", "Đã phê duyệt"…) fill most cells of every file."""
    return _normalize_text(raw)


def is_empty(value: object) -> bool:
    if value is None or value == "":
        return True
    if not isinstance(value, str):
        return False
    stripped = value.strip()
    if not stripped:
        return True
    # a printable non-space first character survives normalize(); only invisible marks need the full check
    return not stripped.isprintable() and not _cell_text(value)


def text_of(value: object) -> str:
    """A cell as normalised text: '' for empty, 2025.0 → '2025', a date → '05/03/2025'."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return _cell_text(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.strftime("%d/%m/%Y")
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return normalize(str(value))


def shown(value: object, limit: int = 60) -> str:
    """The value found, quoted for a message (long text is shortened)."""
    text = text_of(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"\"{text}\""


def lower_first(text: str) -> str:
    """'Xây dựng …' → 'xây dựng …', to continue a sentence; a word in capitals ('UBND …') keeps its case."""
    return text[0].lower() + text[1:] if text[:1].isupper() and not text[1:2].isupper() else text
