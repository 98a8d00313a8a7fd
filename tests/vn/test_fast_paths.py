"""The fast paths of `normalize` and the name keys give what the plain versions give, on any text."""
from __future__ import annotations

import re
import unicodedata

from hypothesis import example, given, settings
from hypothesis import strategies as st

from dvht_batch.vn.collation import _EMPTY, name_levels, name_sort_key, word_key
from dvht_batch.vn.text import _normalize_text, normalize

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u3000\t\r\n\u2002\u2003\u2009"), " ")
_LOOKALIKES = {0x00D0: "\u0110", 0x00F0: "\u0111"}


def reference_normalize(text: str) -> str:
    """normalize as written before its fast path: three translations, NFC, spaces collapsed, trimmed."""
    text = text.translate(_ZERO_WIDTH).translate(_SPACES).translate(_LOOKALIKES)
    text = unicodedata.normalize("NFC", text)
    return re.sub(r" {2,}", " ", text).strip()


def reference_name_key(full_name: str | None) -> tuple:
    """name_levels as written before its fast path: split into words, each word's key, level by level."""
    original = "" if full_name is None else str(full_name)
    cleaned = normalize(original)
    words = cleaned.split(" ") if cleaned else []
    given = word_key(words[-1]) if words else _EMPTY
    middle = [word_key(w) for w in words[1:-1]]
    family = word_key(words[0]) if len(words) > 1 else _EMPTY
    return tuple((given[level], tuple(m[level] for m in middle), family[level]) for level in range(3)) + (original,)


# Everything normalize treats specially, letters with and without their marks (NFC and NFD), the
# quads NFC turns into spaces it does not collapse, whitespace it trims but does not split on.
ALPHABET = ("aAăâđĐeêoôơuưyYnhgtT" "\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b" "   \t\r\n\x0b\u2028"
            "\u200b\u200c\u200d\u2060\ufeff\u00ad\u00a0\u2007\u202f\u3000\u2002\u2003\u2009\u2000\u2001"
            "\u00d0\u00f0-.'1")
texts = st.text(alphabet=ALPHABET, max_size=24)


@settings(max_examples=1000, deadline=None)
@given(texts)
@example("  Nguy\u0065\u0302\u0303n\u00a0 V\u0103n\u200b  An ")
@example("\u00d0ào\u2000 \u2001x")
def test_normalize_equals_the_three_translations(text):
    _normalize_text.cache_clear()
    assert normalize(text) == reference_normalize(text)


NAME_WORDS = ["Nguyễn", "nguyễn", "NGUYỄN", "Văn", "Thị", "Thu", "An", "Án", "Ân", "Đào", "Dao", "Hoà", "Hòa",
              "Lê", "Lễ", "ß", "1", "-", ""]
names = st.one_of(
    texts,
    st.lists(st.sampled_from(NAME_WORDS), max_size=6).flatmap(
        lambda words: st.lists(st.sampled_from([" ", "  ", "\u00a0", "\t", "\u200b "]), min_size=len(words),
                               max_size=len(words)).map(lambda seps: "".join(s + w for s, w in zip(seps, words)))),
)


@settings(max_examples=1000, deadline=None)
@given(names)
@example(None)
@example("")
@example("An")
@example("Lê An")
@example(" Bùi  Thị Ngọc\u00a0An ")
def test_name_key_equals_the_word_by_word_key(name):
    assert name_levels(name) == reference_name_key(name)


@settings(max_examples=2000, deadline=None)
@given(names, names)
@example("Lê Thị An", "Lê Thị Thu An")
@example("An", "\U0010ffff")
def test_name_key_as_one_text_orders_as_the_levels(a, b):
    ours, levels = name_sort_key(a), name_levels(a)
    theirs, their_levels = name_sort_key(b), name_levels(b)
    assert (ours > theirs) - (ours < theirs) == (levels > their_levels) - (levels < their_levels)
