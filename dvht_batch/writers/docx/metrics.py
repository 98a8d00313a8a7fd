"""Advance widths of Times New Roman, to size the short lines of the header block.

The widths are those of Liberation Serif (metric-compatible with Times New Roman by design: same
advance width for every glyph), in font units of 1/2048 em, for ASCII and the few Vietnamese base
letters that are not a Latin letter plus combining marks (Đ đ Ơ ơ Ư ư). Every other Vietnamese
letter has the width of its base letter (tone marks and circumflex/breve do not change the advance).
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

_CHARS = ' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~ĐđƠơƯư“”‘’–—…'
_WIDTHS: dict[str, tuple[int, ...]] = {
    "r": (512, 682, 836, 1024, 1024, 1706, 1593, 369, 682, 682, 1024, 1155, 512, 682, 512, 569, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 569, 569, 1155, 1155, 1155, 909, 1886, 1479, 1366, 1366, 1479, 1251, 1139, 1479, 1479, 682, 797, 1479, 1251, 1821, 1479, 1479, 1139, 1479, 1366, 1139, 1251, 1479, 1479, 1933, 1479, 1479, 1251, 682, 569, 682, 961, 1024, 682, 909, 1024, 909, 1024, 909, 682, 1024, 1024, 569, 569, 1024, 569, 1593, 1024, 1024, 1024, 1024, 682, 797, 569, 1024, 1024, 1479, 1024, 1024, 909, 983, 410, 983, 1108, 1479, 1024, 1479, 1083, 1589, 1110, 909, 909, 682, 682, 1024, 2048, 2048),
    "b": (512, 682, 1137, 1024, 1024, 2048, 1706, 569, 682, 682, 1024, 1167, 512, 682, 512, 569, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 682, 682, 1167, 1167, 1167, 1024, 1905, 1479, 1366, 1479, 1479, 1366, 1251, 1593, 1593, 797, 1024, 1593, 1366, 1933, 1479, 1593, 1251, 1593, 1479, 1139, 1366, 1479, 1479, 2048, 1479, 1479, 1366, 682, 569, 682, 1190, 1024, 682, 1024, 1139, 909, 1139, 909, 682, 1024, 1139, 569, 682, 1139, 569, 1706, 1139, 1024, 1139, 1139, 909, 797, 682, 1139, 1024, 1479, 1024, 1024, 909, 807, 451, 807, 1065, 1479, 1139, 1593, 1134, 1630, 1229, 1024, 1024, 682, 682, 1024, 2048, 2048),
    "i": (512, 682, 860, 1024, 1024, 1706, 1593, 438, 682, 682, 1024, 1382, 512, 682, 512, 569, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 682, 682, 1382, 1382, 1382, 1024, 1884, 1251, 1251, 1366, 1479, 1251, 1251, 1479, 1479, 682, 909, 1366, 1139, 1706, 1366, 1479, 1251, 1479, 1251, 1024, 1139, 1479, 1251, 1706, 1251, 1139, 1139, 797, 569, 797, 864, 1024, 682, 1024, 1024, 909, 1024, 909, 569, 1024, 1024, 569, 569, 909, 569, 1479, 1024, 1024, 1024, 1024, 797, 797, 569, 1024, 909, 1366, 909, 909, 797, 819, 563, 819, 1108, 1479, 1024, 1479, 1093, 1544, 1117, 1139, 1139, 682, 682, 1024, 1821, 1821),
    "bi": (512, 797, 1137, 1024, 1024, 1706, 1593, 569, 682, 682, 1024, 1167, 512, 682, 512, 569, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 682, 682, 1167, 1167, 1167, 1024, 1704, 1366, 1366, 1366, 1479, 1366, 1366, 1479, 1593, 797, 1024, 1366, 1251, 1821, 1479, 1479, 1251, 1479, 1366, 1139, 1251, 1479, 1366, 1821, 1366, 1251, 1251, 682, 569, 682, 1167, 1024, 682, 1024, 1024, 909, 1024, 909, 682, 1024, 1139, 569, 569, 1024, 569, 1593, 1139, 1024, 1024, 1024, 797, 797, 569, 1139, 909, 1366, 1024, 909, 797, 713, 451, 713, 1167, 1479, 1024, 1479, 1099, 1587, 1227, 1024, 1024, 682, 682, 1024, 2048, 2048),
}
_TABLES = {key: dict(zip(_CHARS, widths)) for key, widths in _WIDTHS.items()}
_HORN = {"o": "ơ", "O": "Ơ", "u": "ư", "U": "Ư"}
UNITS_PER_EM = 2048
MM_PER_PT = 25.4 / 72


@lru_cache(maxsize=512)
def text_width_pt(text: str, size_pt: float, bold: bool = False, italic: bool = False) -> float:
    """Width of one line of `text` in Times New Roman at `size_pt`, in points (no kerning)."""
    style = ("b" if bold else "") + ("i" if italic else "") or "r"
    if len(text) > _WORDS_FROM and " " in text:  # a title: the sum of its words' widths, each measured once
        words = text.split(" ")
        units = sum(_units(w, style) for w in words) + (len(words) - 1) * _TABLES[style][" "]
    else:
        units = _units(text, style)
    return units * size_pt / UNITS_PER_EM


_WORDS_FROM = 24  # characters: a longer text is measured word by word (words recur from document to document)


@lru_cache(maxsize=8192)
def _units(text: str, style: str) -> int:
    """Advance width of `text` in font units (an integer: a line's is exactly the sum of its words' and spaces')."""
    table = _TABLES[style]
    default = table["n"]
    units = 0
    chars = unicodedata.normalize("NFD", text)
    for i, ch in enumerate(chars):
        if unicodedata.combining(ch):
            continue
        if ch in _HORN and i + 1 < len(chars) and chars[i + 1] == "\u031b":
            ch = _HORN[ch]
        units += table.get(ch, default)
    return units


def text_width_mm(text: str, size_pt: float, bold: bool = False, italic: bool = False) -> float:
    return text_width_pt(text, size_pt, bold, italic) * MM_PER_PT
