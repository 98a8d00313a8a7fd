"""Legacy Vietnamese encodings in old spreadsheets: TCVN3 (ABC) and VNI-Windows (docs/quy-tac.md §5).

Python has no codec for either (cp1258 is a third, different encoding). A cell typed with a legacy
font reaches us as the Windows-1252 reading of the legacy bytes: TCVN3 "NguyÔn V¨n An" and VNI
"Nguyeãn Vaên An" both mean "Nguyễn Văn An". This module detects such text (by the cell's font,
else by tell-tale characters) and converts it to Unicode NFC.

Decode the raw cell text, *before* ``text.normalize``: normalising first drops U+00AD (TCVN3 "ư")
and turns "Ð" (TCVN3 "é") into "Đ"; the latter is undone here, the former cannot be.

Tables: see ``legacy_tables`` (cross-checked against xvnkb, UniKey, vietnamese-conversion, VBKey
and glibc's TCVN5712-1 codec).
"""
from __future__ import annotations

import re
import string
import unicodedata

from . import legacy_tables as _t

TCVN3 = "tcvn3"
TCVN3_UPPER = "tcvn3-upper"  # .VnTimeH-style fonts: the same codes drawn as capitals
VNI = "vni"
ENCODINGS = (TCVN3, TCVN3_UPPER, VNI)


def _compose(base: str, column: int) -> str:
    return unicodedata.normalize("NFC", base + _t.TONE_MARKS[column])


def _byte_views(byte: int) -> set[str]:
    """The characters a legacy byte can reach us as: its cp1252 reading and its latin-1 reading."""
    views = {chr(byte)}
    try:
        views.add(bytes([byte]).decode("cp1252"))
    except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D: no cp1252 character
        pass
    return views


# ---------------------------------------------------------------------------------------------
# Tables built once at import.
_TCVN3_DEC: dict[str, str] = {}  # code character -> letter (VN3)
_TCVN3_ENC: dict[str, str] = {}  # letter -> code character
for _base, _codes in _t.TCVN3_ROWS.items():
    for _col, _code in enumerate(_codes):
        _letter = _compose(_base, _col)
        if _code.isascii():
            continue
        _TCVN3_DEC[_code] = _letter
        _TCVN3_ENC[_letter] = _code
        # VN3 has no capitals with tones: like UniKey, write them with the lower-case code.
        _TCVN3_ENC[_letter.upper()] = _code
for _letter, _code in _t.TCVN3_SINGLES.items():
    _TCVN3_DEC[_code] = _letter
    _TCVN3_ENC[_letter] = _code
# Text that went through text.normalize(): "Ð" (TCVN3 é) became "Đ", "ð" (VN1 Ỗ) became "đ".
_TCVN3_DEC["\u0110"] = _TCVN3_DEC["\xd0"]

_VN1_DEC: dict[str, str] = {}  # VN1 capital code (any view) -> capital letter
for _base, _bytes in _t.TCVN3_VN1_CAPITAL_ROWS.items():
    for _col, _byte in enumerate(_bytes, start=1):
        for _view in _byte_views(_byte):
            _VN1_DEC[_view] = _compose(_base, _col)
_VN1_DEC["\u0111"] = _VN1_DEC["\xf0"]
# VN1 codes that are ordinary punctuation in cp1252: decoded only inside a word.
_VN1_PUNCT = frozenset("‚„…‹›‘’“”•–—ˆ˜™†‡‰€\xaf\xba\xbf")

_VNI_PAIRS: dict[str, str] = {}  # base + mark -> letter; the letter's case follows the base
_VNI_SINGLE: dict[str, str] = {}
_VNI_ENC: dict[str, str] = {}
for _base, _codes in _t.VNI_ROWS.items():
    for _col, _code in enumerate(_codes):
        _letter = _compose(_base, _col)
        _VNI_ENC[_letter] = _code
        _VNI_ENC[_letter.upper()] = _code.upper()
        if len(_code) == 2:
            for _b in {_code[0], _code[0].upper()}:
                for _m in {_code[1], _code[1].upper()}:
                    _VNI_PAIRS[_b + _m] = _letter.upper() if _b.isupper() else _letter
        elif not _code.isascii():
            _VNI_SINGLE[_code] = _letter
            _VNI_SINGLE[_code.upper()] = _letter.upper()
for _letter, _code in _t.VNI_SINGLES.items():
    _VNI_ENC[_letter], _VNI_ENC[_letter.upper()] = _code, _code.upper()
    _VNI_SINGLE[_code], _VNI_SINGLE[_code.upper()] = _letter, _letter.upper()
for _b, _m in (("y", "ï"), ("y", "Ï"), ("Y", "ï"), ("Y", "Ï")):  # "yï" for ỵ, seen in some files
    _VNI_PAIRS.setdefault(_b + _m, "Ỵ" if _b == "Y" else "ỵ")

# Every Vietnamese letter (both cases), for detection.
_VN_LETTERS = frozenset(
    _compose(b, c) for b in _t.TCVN3_ROWS for c in range(6)
) | {"đ"}
_VN_LETTERS = _VN_LETTERS | {ch.upper() for ch in _VN_LETTERS}

# ---------------------------------------------------------------------------------------------
# Fonts


def encoding_for_font(font_name: str | None) -> str | None:
    """'.VnTime' → 'tcvn3', '.VnTimeH' → 'tcvn3-upper', 'VNI-Times' → 'vni', others → None."""
    if not font_name:
        return None
    name = font_name.strip()
    folded = name.casefold()
    if folded.startswith(".vn"):
        # The all-capitals variants end in a capital H: .VnTimeH, .VnArialH, .VnArial NarrowH.
        return TCVN3_UPPER if name.endswith("H") else TCVN3
    if folded.startswith(("vni-", "vni ")):
        return VNI
    return None


# ---------------------------------------------------------------------------------------------
# Decoding and encoding


def _letterish(ch: str) -> bool:
    return ch.isalpha() or ch in _TCVN3_DEC or ch in _VN1_DEC


def _decode_tcvn3(text: str) -> str:
    out: list[str] = []
    last = len(text) - 1
    for i, ch in enumerate(text):
        if ch in _TCVN3_DEC:
            out.append(_TCVN3_DEC[ch])
        elif ch in _VN1_DEC:
            before = i > 0 and _letterish(text[i - 1])
            after = i < last and _letterish(text[i + 1])
            latin_letter = "\xc0" <= ch <= "\xff" and ch.isalpha()
            if latin_letter or (before and after) or ((before or after) and ch not in _VN1_PUNCT):
                out.append(_VN1_DEC[ch])
            else:
                out.append(ch)
        elif ch in _t.TCVN3_VN1_COMBINING and out and out[-1][-1:].isalpha():
            out.append(_t.TCVN3_VN1_COMBINING[ch])
        else:
            out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def _decode_vni(text: str) -> str:
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        pair = text[i : i + 2]
        if pair in _VNI_PAIRS:
            out.append(_VNI_PAIRS[pair])
            i += 2
            continue
        out.append(_VNI_SINGLE.get(text[i], text[i]))
        i += 1
    return unicodedata.normalize("NFC", "".join(out))


def decode(text: str, encoding: str) -> str:
    """Legacy text (as Excel shows it, cp1252 or latin-1 view) → Unicode NFC."""
    if encoding == TCVN3:
        return _decode_tcvn3(text)
    if encoding == TCVN3_UPPER:
        return _decode_tcvn3(text).upper()
    if encoding == VNI:
        return _decode_vni(text)
    raise ValueError(f"unknown legacy encoding {encoding!r}; expected one of {ENCODINGS}")


def encode(text: str, encoding: str) -> str:
    """Unicode → legacy text as Excel would show it (for fixtures and round-trip tests).

    TCVN3 has no capitals with tones: they are written with the lower-case code, as UniKey does,
    so only 'tcvn3-upper' (which writes everything with lower-case codes) round-trips them.
    """
    text = unicodedata.normalize("NFC", text)
    if encoding == TCVN3_UPPER:
        text, encoding = text.lower(), TCVN3
    if encoding == TCVN3:
        return "".join(_TCVN3_ENC.get(ch, ch) for ch in text)
    if encoding == VNI:
        return "".join(_VNI_ENC.get(ch, ch) for ch in text)
    raise ValueError(f"unknown legacy encoding {encoding!r}; expected one of {ENCODINGS}")


# ---------------------------------------------------------------------------------------------
# Detection

# Characters that legacy text produces and modern Vietnamese never uses.
_legacy_chars = set(_TCVN3_DEC) | set(_VN1_DEC) | set(_t.TCVN3_VN1_COMBINING)
_legacy_chars |= {code[-1] for code in _VNI_ENC.values()}
_SUSPECT_CHARS = "".join(
    sorted(ch for ch in _legacy_chars if not ch.isascii() and ch not in _VN_LETTERS
           and ch not in "\xb0\xba")  # "°" and "º" are too common in modern text
)
# A vowel followed by a VNI mark, except the pairs that modern spelling also produces ("hoà",
# "hoá", "toán": "oà", "oá", "oã" read as VNI "ồ", "ố", "ỗ").
_VNI_MARK_PAIRS = sorted(
    p for p in _VNI_PAIRS if p[0].isascii() and p.lower() not in ("oà", "oá", "oã")
)
_SUSPECT = re.compile(
    "[" + re.escape(_SUSPECT_CHARS) + "]"
    # TCVN3 lower-case codes that look like Latin-1 capitals, inside a lower-case word: "NguyÔn"
    + r"|(?<=[a-z])[ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ]"
    + "|" + "|".join(map(re.escape, _VNI_MARK_PAIRS))
)
_MODERN_ONLY = re.compile("[\u0102\u0103\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0"
                          "\u1ea0-\u1ef9\u0300-\u036f]")


def looks_legacy(text: str) -> bool:
    """Cheap pre-check: does the text contain anything a legacy encoding would produce?

    May say True for foreign words ("naïve", "Zürich"); never for ASCII or ordinary Unicode
    Vietnamese. Use it to decide whether to look at the cell's font; ``guess_encoding`` decides.
    """
    return bool(text) and not text.isascii() and _SUSPECT.search(text) is not None


_ONSET = r"(?:ngh|ng|nh|ph|th|tr|ch|kh|gh|gi|qu|[bcdđghklmnpqrstvx])?"
_OPEN = ("a|e|ê|i|o|ô|ơ|u|ư|y|ai|ao|au|ay|âu|ây|eo|êu|ia|iu|oa|oai|oao|oay|oe|oeo|oi|ôi|ơi|"
         "ua|uây|uê|ui|uôi|uơ|ươi|ươu|ưa|ưi|ưu|uy|uya|uyu|iêu|yêu")
_CLOSED = "a|ă|â|e|ê|i|o|ô|ơ|u|ư|oa|oă|oe|oo|uâ|uê|uô|ươ|iê|yê|uyê|uy"
_CODA = "c|ch|m|n|ng|nh|p|t"
_SYLLABLE = re.compile(f"{_ONSET}(?:{_OPEN}|(?:{_CLOSED})(?:{_CODA}))")
_TONE_MARKS = frozenset(_t.TONE_MARKS[1:])
_STRIP = string.punctuation + string.whitespace


def _is_syllable(token: str) -> bool:
    """Is the token one well-formed Vietnamese syllable (lenient: onset + rhyme + one tone)?"""
    decomposed = unicodedata.normalize("NFD", token.lower().replace("ð", "đ"))
    tones = sum(ch in _TONE_MARKS for ch in decomposed)
    bare = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONE_MARKS))
    return tones <= 1 and _SYLLABLE.fullmatch(bare) is not None


def _score(text: str) -> int:
    return sum(_is_syllable(tok.strip(_STRIP)) for tok in text.split())


def guess_encoding(text: str) -> str | None:
    """'tcvn3', 'tcvn3-upper' or 'vni' when the text is clearly legacy, else None.

    Conservative: decodes the text each way and keeps a reading only if it turns more words into
    well-formed Vietnamese syllables than the text has as it stands, and more than the other
    reading does. Text holding any Unicode-only Vietnamese letter is taken as modern.
    """
    if not looks_legacy(text) or _MODERN_ONLY.search(text):
        return None
    as_is = _score(text)
    gain_tcvn3 = _score(decode(text, TCVN3)) - as_is
    gain_vni = _score(decode(text, VNI)) - as_is
    if gain_vni > max(gain_tcvn3, 0):
        return VNI
    if gain_tcvn3 > max(gain_vni, 0):
        ascii_letters = [ch for ch in text if ch.isascii() and ch.isalpha()]
        decoded = decode(text, TCVN3)
        if len(ascii_letters) >= 2 and all(ch.isupper() for ch in ascii_letters) and any(
            ch.islower() and not ch.isascii() for ch in decoded
        ):
            return TCVN3_UPPER  # capitals typed with an all-capitals font
        return TCVN3
    return None


def detect_and_decode(text: str, font_name: str | None = None) -> tuple[str, str | None]:
    """Decode by the cell's font if it names a legacy encoding, else by guessing.

    Returns (text, encoding used or None). The caller warns when the encoding is not None.
    """
    encoding = encoding_for_font(font_name) or guess_encoding(text)
    if encoding is None:
        return text, None
    return decode(text, encoding), encoding
