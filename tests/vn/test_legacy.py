"""Legacy encodings TCVN3 (ABC) and VNI-Windows: tables, round trips, detection."""
from __future__ import annotations

import shutil
import subprocess
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dvht_batch.vn import legacy_tables as tables
from dvht_batch.vn.legacy import (
    decode,
    detect_and_decode,
    encode,
    encoding_for_font,
    guess_encoding,
    looks_legacy,
)
from dvht_batch.vn.text import normalize

TONES = tables.TONE_MARKS
VOWELS = list(tables.TCVN3_ROWS)  # a ă â e ê i o ô ơ u ư y


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


LOWER = [nfc(v + t) for v in VOWELS for t in TONES] + ["đ"]
LOWER_ACCENTED = [ch for ch in LOWER if not ch.isascii()]
UPPER = [ch.upper() for ch in LOWER]
TCVN3_CAPITALS = "ĂÂÊÔƠƯĐ"


def test_every_letter_is_in_the_tables():
    assert len(LOWER_ACCENTED) == 67 and len(set(LOWER_ACCENTED + UPPER)) == 67 * 2 + 6
    tcvn3_codes = [c for row in tables.TCVN3_ROWS.values() for c in row if not c.isascii()]
    tcvn3_codes += list(tables.TCVN3_SINGLES.values())
    assert len(tcvn3_codes) == len(set(tcvn3_codes)) == 67 + 7
    assert all("\xa1" <= c <= "\xfe" for c in tcvn3_codes)  # VN3 lives in 0xA1-0xFE
    vn1 = [b for row in tables.TCVN3_VN1_CAPITAL_ROWS.values() for b in row]
    assert len(vn1) == len(set(vn1)) == 60
    assert not set(map(chr, vn1)) & set(tcvn3_codes)
    vni_codes = [c for row in tables.VNI_ROWS.values() for c in row] + ["ñ"]
    assert len(vni_codes) == len(set(vni_codes)) == 73


# --- round trips ---------------------------------------------------------------------------------


@pytest.mark.parametrize("letter", LOWER + list(TCVN3_CAPITALS))
def test_tcvn3_round_trip(letter):
    legacy = encode(letter, "tcvn3")
    assert len(legacy) == 1
    assert decode(legacy, "tcvn3") == letter


@pytest.mark.parametrize(
    "letter", [ch for ch in UPPER if ch not in TCVN3_CAPITALS and not ch.isascii()])
def test_tcvn3_capitals_with_tones_use_the_lower_case_code(letter):
    # VN3 fonts have no such capitals; like UniKey we write the lower-case code ...
    assert encode(letter, "tcvn3") == encode(letter.lower(), "tcvn3")
    # ... and the all-capitals font (.VnTimeH) reads them back as capitals.
    assert decode(encode(letter, "tcvn3-upper"), "tcvn3-upper") == letter


@pytest.mark.parametrize("letter", LOWER + UPPER)
def test_vni_round_trip(letter):
    legacy = encode(letter, "vni")
    assert 1 <= len(legacy) <= 2
    assert decode(legacy, "vni") == letter


LETTERS_AND_MORE = st.sampled_from(LOWER + UPPER + list("bcdghklmnpqrstvxBCDGHKLMNPQRSTVX 0129,.-()"))


@given(st.lists(LETTERS_AND_MORE, max_size=40).map("".join))
def test_vni_round_trip_any_text(text):
    assert decode(encode(text, "vni"), "vni") == text


@given(st.lists(st.sampled_from(LOWER + list(TCVN3_CAPITALS) + list("bcdghklmnBCDGHX 0129,.-")),
                max_size=40).map("".join))
def test_tcvn3_round_trip_any_text(text):
    assert decode(encode(text, "tcvn3"), "tcvn3") == text


@given(st.lists(LETTERS_AND_MORE, max_size=40).map("".join))
def test_tcvn3_upper_round_trip_any_text(text):
    assert decode(encode(text, "tcvn3-upper"), "tcvn3-upper") == text.upper()


# --- known examples ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "legacy, expected",
    [
        ("NguyÔn V¨n An", "Nguyễn Văn An"),
        ("TrÇn ThÞ Hoa", "Trần Thị Hoa"),
        ("§µo", "Đào"),
        ("Hµ Néi", "Hà Nội"),
        ("§Æng V¨n Hïng", "Đặng Văn Hùng"),
        ("Ph¹m Ngäc ý", "Phạm Ngọc ý"),
        ("Phßng Tæ chøc - Hµnh chÝnh", "Phòng Tổ chức - Hành chính"),
        ("Tr\xad\xacng", "Trương"),  # ư is U+00AD (soft hyphen) in the cp1252 view
        ("¤ng B\xada", "Ông Bưa"),
        ("“NguyÔn” – 2024", "“Nguyễn” – 2024"),  # cp1252 punctuation at word edges stays
    ],
)
def test_tcvn3_examples(legacy, expected):
    assert decode(legacy, "tcvn3") == expected


@pytest.mark.parametrize(
    "legacy, expected",
    [
        ("NguyÔn V¨n An", "NGUYỄN VĂN AN"),
        ("nguyÔn v¨n an", "NGUYỄN VĂN AN"),
        ("§¹i häc", "ĐẠI HỌC"),
    ],
)
def test_tcvn3_upper_examples(legacy, expected):
    assert decode(legacy, "tcvn3-upper") == expected


@pytest.mark.parametrize(
    "legacy, expected",
    [
        ("Nguyeãn Vaên An", "Nguyễn Văn An"),
        ("Haø Noäi", "Hà Nội"),
        ("Tröông Thò Ngoïc AÙnh", "Trương Thị Ngọc Ánh"),
        ("ÑAËNG VAÊN HUØNG", "ĐẶNG VĂN HÙNG"),
        ("Phaïm Ngoïc YÙ", "Phạm Ngọc Ý"),
        ("Phoøng Toå chöùc - Haønh chính", "Phòng Tổ chức - Hành chính"),
        ("ngöôøi", "người"),
        ("thuôû", "thuở"),
        ("Aùnh", "Ánh"),  # Excel's PROPER() leaves the mark in lower case: case follows the base
        ("Vieät Nam", "Việt Nam"),
    ],
)
def test_vni_examples(legacy, expected):
    assert decode(legacy, "vni") == expected


def test_vn1_capitals_in_both_views():
    # TCVN 5712 VN1 capital Ò is byte 0x92: "’" in cp1252, U+0092 in latin-1.
    assert decode("H\x92A", "tcvn3") == decode("H’A", "tcvn3") == "HÒA"
    # Ả is byte 0x81, which cp1252 leaves undefined: it arrives as U+0081.
    assert decode("\x81NH", "tcvn3") == "ẢNH"
    # At a word edge the cp1252 view "‘" may be a real quote and stays; U+0091 cannot be one.
    assert decode("TH‘", "tcvn3") == "TH‘"
    assert decode("TH\x91", "tcvn3") == "THỊ"
    assert decode("NGUY\xd9N", "tcvn3") == "NGUYỄN"  # Latin-1 letters in VN1 slots: always


def test_decode_after_normalize_still_reads_e_acute():
    # normalize() maps the look-alike "Ð" to "Đ"; in TCVN3 "Ð" is "é".
    assert decode(normalize("bÐ"), "tcvn3") == "bé"


def test_unknown_encoding():
    with pytest.raises(ValueError):
        decode("x", "cp1258")
    with pytest.raises(ValueError):
        encode("x", "viscii")


@pytest.mark.skipif(shutil.which("iconv") is None, reason="iconv not installed")
def test_tcvn3_table_matches_glibc_tcvn5712_1():
    proc = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-16LE"],
                          input=bytes(range(0x80, 0x100)) + bytes(range(1, 0x18)),
                          capture_output=True, check=False)
    if proc.returncode != 0:
        pytest.skip("iconv has no TCVN5712-1")
    glibc = proc.stdout.decode("utf-16le")
    byte_values = list(range(0x80, 0x100)) + list(range(1, 0x18))
    checked = 0
    for byte, expected in zip(byte_values, glibc):
        if not unicodedata.category(expected).startswith("L") or expected == chr(byte):
            continue
        views = {chr(byte)}
        try:
            views.add(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            pass
        for view in views:  # in a word, between two letters
            assert decode("x" + view + "x", "tcvn3")[1:-1] == expected, hex(byte)
        checked += 1
    assert checked == 67 + 7 + 60 - 1  # "ý" is 0xFD in both TCVN3 and Latin-1


# --- fonts ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "font, expected",
    [
        (".VnTime", "tcvn3"), (".VnArial", "tcvn3"), (".vntime", "tcvn3"),
        (".VnArial Narrow", "tcvn3"), (".VnTimeH", "tcvn3-upper"), (".VnArialH", "tcvn3-upper"),
        (".VnArial NarrowH ", "tcvn3-upper"),
        ("VNI-Times", "vni"), ("VNI-Helve", "vni"), ("vni-times", "vni"), ("VNI Times", "vni"),
        ("Times New Roman", None), ("Arial", None), ("Calibri", None), ("", None), (None, None),
        ("VNITimes", None),
    ],
)
def test_encoding_for_font(font, expected):
    assert encoding_for_font(font) == expected


# --- detection -----------------------------------------------------------------------------------

MODERN = [
    "Nguyễn Thị Ánh", "Đặng Văn Hùng", "Phạm Ngọc Ý", "Trần Thị Hoa", "Lê Hà", "Tô Hà", "Hoà Bình",
    "Hòa Bình", "Toán học", "Hoá", "Lý", "Phòng Tổ chức - Hành chính", "Hà Nội", "Đào",
    "Quý", "Thuỷ", "Khuê", "Nguyên", "Tiên", "Lê Thu Hằng", "ĐẶNG VĂN HÙNG", "NGUYỄN THỊ ÁNH",
]
ENGLISH = ["Hello world", "Annual report 2024", "Smith, John", "N/A", "", "   ", "100%",
           "Lao động tiên tiến", "naïve café in Zürich", "Crème brûlée", "25°C", "Nº 5"]


# Modern text with characters that legacy text also produces: the cheap pre-check may fire,
# the guess must not.
MODERN_ODD = ["\u00d0inh Thị Hoà", "\u00d0oàn", "«Tô Hà»", "Ðỗ Hoà ±5"]


@pytest.mark.parametrize("text", MODERN + ENGLISH + MODERN_ODD)
def test_modern_and_foreign_text_is_not_flagged(text):
    assert guess_encoding(text) is None


@pytest.mark.parametrize("text", MODERN + ENGLISH[:7])
def test_looks_legacy_is_false_for_modern_text(text):
    assert not looks_legacy(text)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("NguyÔn V¨n An", "tcvn3"), ("TrÇn ThÞ Hoa", "tcvn3"), ("§µo", "tcvn3"),
        ("Hµ Néi", "tcvn3"), ("§Æng V¨n Hïng", "tcvn3"), ("Phßng Tæ chøc - Hµnh chÝnh", "tcvn3"),
        ("Lª Thu H»ng", "tcvn3"), ("NGUYÔN V¡N AN", "tcvn3-upper"),
        ("Nguyeãn Vaên An", "vni"), ("Haø Noäi", "vni"), ("Tröông Thò Ngoïc AÙnh", "vni"),
        ("ÑAËNG VAÊN HUØNG", "vni"), ("Phoøng Toå chöùc - Haønh chính", "vni"),
    ],
)
def test_legacy_text_is_flagged(text, expected):
    assert looks_legacy(text)
    assert guess_encoding(text) == expected


def test_mixed_modern_and_legacy_is_left_alone():
    assert guess_encoding("NguyÔn Văn An") is None


@given(st.lists(st.sampled_from(MODERN), min_size=1, max_size=4).map(" ".join))
def test_modern_phrases_never_flagged(text):
    assert guess_encoding(text) is None


def test_detect_and_decode():
    assert detect_and_decode("NguyÔn V¨n An", ".VnTime") == ("Nguyễn Văn An", "tcvn3")
    assert detect_and_decode("NguyÔn V¨n An", None) == ("Nguyễn Văn An", "tcvn3")
    assert detect_and_decode("Haø Noäi", "Arial") == ("Hà Nội", "vni")
    assert detect_and_decode("Nguyễn Văn An", "Times New Roman") == ("Nguyễn Văn An", None)
    assert detect_and_decode("nguyÔn", ".VnTimeH") == ("NGUYỄN", "tcvn3-upper")
