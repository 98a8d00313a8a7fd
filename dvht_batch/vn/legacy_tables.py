"""Code tables for the legacy Vietnamese encodings TCVN3 (ABC) and VNI-Windows.

Written here as data, row by row; the layout (one row per vowel, one column per tone) is the one
used by the public converter tables we cross-checked against:

* xvnkb (lamdao/xvnkb, ``tcvn.h`` / ``vni.h``) and UniKey (``ukengine/tables/singlebyte/tcvn3.cpp``,
  ``ukengine/tables/doublebytes/vni_win.cpp`` in hoangduytran/ibus-unikey) — byte values per letter;
* duydev/vietnamese-conversion (``src/charsets.ts``) and khiemdoan/VBKey (``mdlCodeTable.bas``) —
  the same TCVN3 and VNI-Windows tables written as strings;
* glibc's ``TCVN5712-1`` iconv codec (TCVN 5712:1993 "VN1") — the full table including the upper-case
  tone-marked letters; ``tests/vn/test_legacy.py`` re-checks our TCVN3 rows against it when ``iconv``
  is available.

All sources agree on every lower-case letter and on the seven directly coded capitals.

Columns are in this order of tones: none, huyền (grave), hỏi (hook), ngã (tilde), sắc (acute),
nặng (dot below). Codes are written as the characters that Windows-1252 shows for the legacy bytes
(what Excel hands us for a cell formatted with a legacy font).
"""
from __future__ import annotations

# Combining marks, column order of the rows below.
TONE_MARKS = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")

# --- TCVN3 (ABC), TCVN 5712:1993 "VN3" subset: fonts .VnTime, .VnArial, ... ---------------------
# Lower-case letters only: VN3 has no code for a capital vowel with a tone mark (writers used the
# all-capitals ".VnTimeH"-style fonts, which draw these same codes as capitals).
TCVN3_ROWS: dict[str, tuple[str, ...]] = {
    "a": ("a", "\xb5", "\xb6", "\xb7", "\xb8", "\xb9"),
    "ă": ("\xa8", "\xbb", "\xbc", "\xbd", "\xbe", "\xc6"),
    "â": ("\xa9", "\xc7", "\xc8", "\xc9", "\xca", "\xcb"),
    "e": ("e", "\xcc", "\xce", "\xcf", "\xd0", "\xd1"),
    "ê": ("\xaa", "\xd2", "\xd3", "\xd4", "\xd5", "\xd6"),
    "i": ("i", "\xd7", "\xd8", "\xdc", "\xdd", "\xde"),
    "o": ("o", "\xdf", "\xe1", "\xe2", "\xe3", "\xe4"),
    "ô": ("\xab", "\xe5", "\xe6", "\xe7", "\xe8", "\xe9"),
    "ơ": ("\xac", "\xea", "\xeb", "\xec", "\xed", "\xee"),
    "u": ("u", "\xef", "\xf1", "\xf2", "\xf3", "\xf4"),
    "ư": ("\xad", "\xf5", "\xf6", "\xf7", "\xf8", "\xf9"),
    "y": ("y", "\xfa", "\xfb", "\xfc", "\xfd", "\xfe"),
}
TCVN3_SINGLES: dict[str, str] = {
    "đ": "\xae",
    # The capitals that VN3 codes directly.
    "Ă": "\xa1", "Â": "\xa2", "Ê": "\xa3", "Ô": "\xa4", "Ơ": "\xa5", "Ư": "\xa6", "Đ": "\xa7",
}

# --- TCVN 5712:1993 "VN1" capitals with tone marks (byte values) ---------------------------------
# Not part of the ABC fonts, but present in files typed with VN1-aware tools. Bytes 0x80-0x9F reach
# us as Windows-1252 punctuation (or as C1 controls where cp1252 has no character); 0x01-0x17 are
# C0 controls. Decoded only in a letter context (see legacy.py).
TCVN3_VN1_CAPITAL_ROWS: dict[str, tuple[int, ...]] = {
    # huyền, hỏi, ngã, sắc, nặng
    "A": (0x80, 0x81, 0x82, 0x83, 0x84),
    "Ă": (0xAF, 0xBA, 0xBF, 0xC0, 0x85),
    "Â": (0xC1, 0xC2, 0xC3, 0xC4, 0x86),
    "E": (0x87, 0x88, 0x89, 0x8A, 0x8B),
    "Ê": (0xC5, 0xCD, 0xD9, 0xDA, 0x8C),
    "I": (0x8D, 0x8E, 0x8F, 0x90, 0x91),
    "O": (0x92, 0x93, 0x94, 0x95, 0x96),
    "Ô": (0xDB, 0xE0, 0xF0, 0xFF, 0x97),
    "Ơ": (0x98, 0x99, 0x9A, 0x9B, 0x9C),
    "U": (0x9D, 0x9E, 0x9F, 0x01, 0x02),
    "Ư": (0x04, 0x05, 0x06, 0x11, 0x12),
    "Y": (0x13, 0x14, 0x15, 0x16, 0x17),
}
# VN1 also has stand-alone combining tone marks: 0xB0 grave, 0xB1 hook, 0xB2 tilde, 0xB3 acute,
# 0xB4 dot below ("°", "±", "²", "³", "´" in cp1252).
TCVN3_VN1_COMBINING: dict[str, str] = {
    "\xb0": "\u0300", "\xb1": "\u0309", "\xb2": "\u0303", "\xb3": "\u0301", "\xb4": "\u0323",
}

# --- VNI-Windows: fonts VNI-Times, VNI-Helve, ... -------------------------------------------------
# Two characters per accented vowel (base letter + mark), one character for i-with-tone, ỵ, ơ, ư, đ.
# Capitals are the same sequences in upper case ("AØ" = À, "Ñ" = Đ).
VNI_ROWS: dict[str, tuple[str, ...]] = {
    "a": ("a", "aø", "aû", "aõ", "aù", "aï"),
    "ă": ("aê", "aè", "aú", "aü", "aé", "aë"),
    "â": ("aâ", "aà", "aå", "aã", "aá", "aä"),
    "e": ("e", "eø", "eû", "eõ", "eù", "eï"),
    "ê": ("eâ", "eà", "eå", "eã", "eá", "eä"),
    "i": ("i", "ì", "æ", "ó", "í", "ò"),
    "o": ("o", "oø", "oû", "oõ", "où", "oï"),
    "ô": ("oâ", "oà", "oå", "oã", "oá", "oä"),
    "ơ": ("ô", "ôø", "ôû", "ôõ", "ôù", "ôï"),
    "u": ("u", "uø", "uû", "uõ", "uù", "uï"),
    "ư": ("ö", "öø", "öû", "öõ", "öù", "öï"),
    "y": ("y", "yø", "yû", "yõ", "yù", "î"),
}
VNI_SINGLES: dict[str, str] = {"đ": "ñ"}
