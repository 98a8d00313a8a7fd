"""Sort Vietnamese words and people's names the Vietnamese way (docs/quy-tac.md §5).

Follows the CLDR "vi" collation, as shipped in ICU 72:

    [normalization on] &̀<<̉<<̃<<́<<̣ &a<ă<<<Ă<â<<<Â &d<đ<<<Đ &e<ê<<<Ê &o<ô<<<Ô<ơ<<<Ơ &u<ư<<<Ư

i.e. three levels compared one after the other over the whole string:

1. primary — base letters in the order a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w
   x y z (f j w z where the root collation puts them); spaces and punctuation before digits,
   digits before letters, letters of other scripts last;
2. secondary — tones: none < huyền < hỏi < ngã < sắc < nặng;
3. tertiary — case, lower before upper.

One deliberate difference from ICU: the tone counts once per syllable, wherever it is written, so
the old and new placements ("hoà"/"hòa", "thuỷ"/"thủy") give equal keys; ICU tells them apart.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from collections.abc import Iterable

from .text import normalize

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
_TONE = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_QUALITY = {
    ("a", "\u0306"): "ă", ("a", "\u0302"): "â", ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô", ("o", "\u031b"): "ơ", ("u", "\u031b"): "ư",
}
# Groups of primary weights, in ICU root order.
_PUNCT, _DIGIT, _LATIN, _OTHER = 1, 2, 3, 4
# Diacritics other than tones and ă/â/ê/ô/ơ/ư come after every tone at the secondary level.
_OTHER_MARK = 0x10000

WordKey = tuple[str, tuple[str, ...], str]  # primary, secondary (per syllable), tertiary


def _units(text: str) -> Iterable[tuple[str, list[str]]]:
    """NFD text split into (base character, its combining marks)."""
    base, marks = "", []
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch) and base:
            marks.append(ch)
            continue
        if base:
            yield base, marks
        base, marks = ch, []
    if base:
        yield base, marks


@lru_cache(maxsize=65536)  # names repeat a small vocabulary of words
def word_key(word: str) -> WordKey:
    """(primary, secondary, tertiary) sort key of a word under the Vietnamese collation.

    NFC and NFD input give the same key; "Ð" (U+00D0) counts as "Đ"; the tone of a syllable
    counts wherever it is written ("hoà" and "hòa" have equal keys).
    """
    primary: list[tuple[int, int]] = []
    tertiary: list[int] = []
    secondary: list[tuple[int, ...]] = []  # one entry per syllable (run of letters)
    syllable: list[int] | None = None
    for base, marks in _units(normalize(word)):
        lower = base.lower()
        if len(lower) != 1:  # e.g. "İ" lowers to two characters
            lower = base
        upper = 1 if lower != base else 0
        weights: list[int] = []  # secondary weights of this letter's marks
        for mark in marks:
            if (lower, mark) in _QUALITY:
                lower = _QUALITY[(lower, mark)]
            elif mark in _TONE:
                weights.append(_TONE[mark])
            else:
                weights.append(_OTHER_MARK + ord(mark))
        if not base.isalpha():
            if syllable is not None:
                secondary.append(tuple(syllable))
                syllable = None
            if base.isdigit() and unicodedata.digit(base, None) is not None:
                primary.append((_DIGIT, unicodedata.digit(base)))
            else:
                primary.append((_PUNCT, ord(base)))
            tertiary.append(0)
            continue
        if syllable is None:
            syllable = []
        # The syllable collects its marks wherever they sit: "hoà" and "hòa" weigh the same.
        syllable.extend(weights)
        if lower == "ß":  # ICU: "ss" at the primary level, different at the tertiary one
            primary += [(_LATIN, _RANK["s"])] * 2
            tertiary += [2, 2]
        else:
            primary.append((_LATIN, _RANK[lower]) if lower in _RANK else (_OTHER, ord(lower)))
            tertiary.append(upper)
    if syllable is not None:
        secondary.append(tuple(syllable))
    # Tones first, then other marks, in a stable order whatever letter carries them. Each level is
    # written as text, one character per weight (two per primary unit: group, rank), which orders as the
    # tuples of weights would — and compares in C: sorting 40,000 names is 0.25 s faster than with tuples.
    return ("".join([chr(group) + chr(rank) for group, rank in primary]),
            tuple(["".join(map(chr, sorted(s))) for s in secondary]),
            "".join(map(chr, tertiary)))


_EMPTY: WordKey = ("", (), "")
_NO_MIDDLE = ((), (), ())  # the middle names' levels: one tuple of word levels per level


def name_levels(full_name: str | None) -> tuple:
    """The levels by which names are ordered: given name (last word), then middle name(s), then family
    name (first word); all at the primary level first, then tones in the same order, then case, then the
    original string (so that the order is total and stable). `name_sort_key` is the same order as one text."""
    original = "" if full_name is None else str(full_name)
    head, _, last = normalize(original).rpartition(" ")  # normalize leaves single spaces between words
    given = word_key(last)  # "" (no words) has the empty key
    if head:
        first, _, middle_words = head.partition(" ")
        family, middle = word_key(first), _middle_key(middle_words)
    else:  # one word or none: no family name, no middle names
        family, middle = _EMPTY, _NO_MIDDLE
    return ((given[0], middle[0], family[0]),
            (given[1], middle[1], family[1]),
            (given[2], middle[2], family[2]),
            original)


@lru_cache(maxsize=4096)  # "Văn", "Thị", "Thị Thu"…: middle names repeat even more than words
def _middle_key(middle_words: str) -> tuple[tuple, tuple, tuple]:
    """The middle names' keys, level by level: one tuple of word keys' levels per level."""
    if not middle_words:
        return _NO_MIDDLE
    keys = [word_key(w) for w in middle_words.split(" ")]
    return tuple([k[0] for k in keys]), tuple([k[1] for k in keys]), tuple([k[2] for k in keys])


# --------------------------------------------------------------------------- the levels as one text
#
# 40,000 members are sorted at once, and comparing nested tuples is slow: `name_sort_key` writes
# `name_levels` as one text that compares as they do (sorting 40,000 names 3× faster). Every weight (a
# character of a level's text) is written 3 higher, so that three characters lower than any weight end
# what the tuples delimit: "\x02" a text, "\x01" a tuple of texts, "\x00" a tuple of tuples. An ended
# sequence then sorts before any longer one it begins, as a shorter tuple does, and no ending is taken for a
# weight. A weight too high to be raised by 3 (U+10FFFC and above) is written as two characters, U+10FFFF
# and its excess: after every weight written as one, in its own order.

_TOP = 0x10FFFF - 3


def _raised(text: str) -> str:
    """A level's text with every weight raised by 3 (see above)."""
    return "".join([chr(o + 3) if (o := ord(c)) < _TOP else chr(0x10FFFF) + chr(o - _TOP + 3) for c in text])


@lru_cache(maxsize=65536)
def _word_text(word: str) -> tuple[str, str, str]:
    """A word's levels as texts: its primary and tertiary texts ended by \\x02, its syllables' tones by
    \\x02 each and the whole by \\x01."""
    primary, syllables, tertiary = word_key(word)
    return (_raised(primary) + "\x02", "".join([_raised(s) + "\x02" for s in syllables]) + "\x01",
            _raised(tertiary) + "\x02")


@lru_cache(maxsize=4096)
def _middle_text(middle_words: str) -> tuple[str, str, str]:
    """The middle names' levels as texts: each a sequence of word texts, ended by \\x01 (tones: \\x00)."""
    words = [_word_text(w) for w in middle_words.split(" ")] if middle_words else []
    return ("".join([w[0] for w in words]) + "\x01", "".join([w[1] for w in words]) + "\x00",
            "".join([w[2] for w in words]) + "\x01")


_NO_WORD = _word_text("")


def name_sort_key(full_name: str | None) -> str:
    """Sort key for a person's full name: `name_levels` written as one text, which orders names exactly as
    the levels do (tests/vn/test_collation.py compares both on thousands of names)."""
    original = "" if full_name is None else str(full_name)
    head, _, last = normalize(original).rpartition(" ")
    given = _word_text(last)
    if head:
        first, _, middle_words = head.partition(" ")
        family, middle = _word_text(first), _middle_text(middle_words)
    else:
        family, middle = _NO_WORD, _middle_text("")
    return "".join((given[0], middle[0], family[0], given[1], middle[1], family[1],
                    given[2], middle[2], family[2], original))


def sort_names(names: Iterable[str]) -> list[str]:
    """Names sorted the Vietnamese way (see ``name_sort_key``)."""
    return sorted(names, key=name_sort_key)


def sort_words(words: Iterable[str]) -> list[str]:
    """Words (or any strings) sorted by the Vietnamese collation, ties broken by the string."""
    return sorted(words, key=lambda w: (word_key(w), w))
