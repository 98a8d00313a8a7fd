"""Vietnamese collation: word keys, name keys, ICU agreement and properties."""
from __future__ import annotations

import random
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dvht_batch.vn.collation import name_levels, name_sort_key, sort_names, sort_words, word_key

TONES = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]  # none huyền hỏi ngã sắc nặng
VOWELS = "aăâeêioôơuưy"


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


def with_tone(letter: str, tone: int) -> str:
    return nfc(letter + TONES[tone])


# --- word_key ------------------------------------------------------------------------------------


def test_alphabet_order():
    alphabet = "a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y".split()
    shuffled = alphabet[:]
    random.Random(7).shuffle(shuffled)
    assert sort_words(shuffled) == alphabet


def test_foreign_letters_where_root_puts_them():
    assert sort_words(["z", "y", "w", "v", "j", "i", "k", "f", "ê", "g"]) == [
        "ê", "f", "g", "i", "j", "k", "v", "w", "y", "z"]


def test_digits_before_letters_and_punctuation_before_digits():
    assert sort_words(["a", "9", "10", "-", "2"]) == ["-", "10", "2", "9", "a"]


def test_plain_sorted_is_wrong_and_ours_is_right():
    words = ["Ea", "Đa", "Dz", "Da", "Dza", "E"]
    assert sorted(words) == ["Da", "Dz", "Dza", "E", "Ea", "Đa"]  # Python: Đ after every ASCII
    assert sort_words(words) == ["Da", "Dz", "Dza", "Đa", "E", "Ea"]


def test_tone_order_is_a_tie_breaker():
    # none < huyền < hỏi < ngã < sắc < nặng
    assert sort_words(["cạ", "cá", "cã", "cả", "cà", "ca"]) == ["ca", "cà", "cả", "cã", "cá", "cạ"]
    for vowel in VOWELS:
        forms = [with_tone(vowel, t) for t in range(6)]
        assert sort_words(list(reversed(forms))) == forms


def test_primary_difference_beats_tone_difference():
    # Whole-word primary first: "án" < "anh" although "án" has a tone and "anh" has none.
    assert word_key("án") < word_key("anh")
    assert word_key("bà") < word_key("ban")
    assert word_key("Ấn") > word_key("an")  # â is a letter of its own, after a
    assert sort_words(["Ân", "Ánh", "An", "Ấn", "Ăn"]) == ["An", "Ánh", "Ăn", "Ân", "Ấn"]


def test_tones_compared_syllable_by_syllable_before_case():
    assert word_key("ba à") < word_key("bà a")
    assert word_key("A") < word_key("à")  # tone decides before case
    assert word_key("a") < word_key("A")  # lower case first


def test_case_is_the_last_level():
    assert sort_words(["THỊ", "Thị", "thị", "tHị"]) == ["thị", "tHị", "Thị", "THỊ"]
    assert word_key("đa") < word_key("Đa") < word_key("đà") < word_key("Đà")


def test_old_and_new_tone_placement_are_equal():
    pairs = [("hoà", "hòa"), ("thuỷ", "thủy"), ("Hoá", "Hóa"), ("khoẻ", "khỏe"), ("Thuý", "Thúy"),
             ("loà", "lòa"), ("QUỲ", "QUỲ"), ("toả", "tỏa")]
    for old, new in pairs:
        assert word_key(old) == word_key(new), (old, new)
    assert word_key("hoà") < word_key("hoá") and word_key("hòa") < word_key("hóa")


def test_nfd_and_lookalike_eth():
    for word in ["Nguyễn", "Đặng", "Trương", "Hoàng", "Phượng", "thuở"]:
        assert word_key(nfd(word)) == word_key(nfc(word))
    assert word_key("\u00d0ặng") == word_key("Đặng")  # Icelandic Eth look-alike
    assert word_key("Đặng") != word_key("Dặng")


def test_stray_spaces_and_zero_width_marks_do_not_matter():
    assert word_key(" Hùng\u200b ") == word_key("Hùng")


@pytest.mark.parametrize(
    "earlier, later",
    [("Dương", "Đào"), ("Đỗ", "Em"), ("Ông", "Ơn"), ("Uyên", "Ưng"), ("Hà", "Hạ"), ("Tú", "Tư"),
     ("Lý", "Lỵ"), ("Ngọc", "Nguyễn"), ("Y", "Ý"), ("Yến", "Z")],
)
def test_pairs(earlier, later):
    assert word_key(earlier) < word_key(later)


# --- names ---------------------------------------------------------------------------------------


def test_brief_example_order():
    expected = ["Nguyễn Văn An", "Trần Thị Ánh", "Lê Bình", "Phạm Văn Đào", "Hoàng Em"]
    assert sort_names(list(reversed(expected))) == expected
    assert sort_names(sorted(expected)) == expected


def test_given_name_ties_broken_by_middle_then_family():
    names = ["Trần Văn An", "Nguyễn Thị An", "Đỗ Văn An", "Lê Văn An", "Lê An", "Bùi Thị Ngọc An"]
    assert sort_names(names) == [
        "Lê An",            # no middle name sorts first
        "Nguyễn Thị An",    # middle ("thị",) is a prefix of ("thị", "ngọc"): shorter first
        "Bùi Thị Ngọc An",
        "Đỗ Văn An",        # same given and middle names: family đỗ < lê < trần
        "Lê Văn An",
        "Trần Văn An",
    ]


def test_primary_over_the_whole_name_before_tones():
    # Given names differ only by tone: the family name's primary difference decides first.
    assert sort_names(["Nguyễn Văn An", "Bùi Văn Án"]) == ["Bùi Văn Án", "Nguyễn Văn An"]
    # All primaries equal: tones decide, given name first.
    assert sort_names(["Lê Văn Án", "Lễ Văn An"]) == ["Lễ Văn An", "Lê Văn Án"]
    assert sort_names(["Lễ Văn An", "Lê Văn An"]) == ["Lê Văn An", "Lễ Văn An"]


def test_case_then_original_string_break_ties():
    assert sort_names(["NGUYỄN VĂN AN", "Nguyễn Văn An", "nguyễn văn an"]) == [
        "nguyễn văn an", "Nguyễn Văn An", "NGUYỄN VĂN AN"]
    a, b = "Lê Thị Hoà", "Lê Thị Hòa"
    assert name_levels(a)[:3] == name_levels(b)[:3]
    assert name_sort_key(a) != name_sort_key(b)
    assert sort_names([a, b]) == sort_names([b, a])


def test_realistic_roster():
    roster = [
        "Nguyễn Thị Thu Hà", "Trần Văn Hải", "Lê Thị Hạnh", "Phạm Minh Đức", "Hoàng Văn Dũng",
        "Đặng Thị Ánh", "Vũ Ngọc Anh", "Bùi Quang Ân", "Đỗ Thị Yến", "Ngô Văn Út",
        "Dương Thị Ưng", "Huỳnh Tấn Phát", "Võ Thị Ơn", "Lý Thị Ôn", "Trương Công Em",
    ]
    assert sort_names(roster) == [
        "Vũ Ngọc Anh", "Đặng Thị Ánh", "Bùi Quang Ân", "Hoàng Văn Dũng", "Phạm Minh Đức",
        "Trương Công Em", "Nguyễn Thị Thu Hà", "Trần Văn Hải", "Lê Thị Hạnh", "Lý Thị Ôn",
        "Võ Thị Ơn", "Huỳnh Tấn Phát", "Ngô Văn Út", "Dương Thị Ưng", "Đỗ Thị Yến",
    ]


def test_odd_inputs():
    assert sort_names(["", "An", "  "]) == ["", "  ", "An"]
    assert name_sort_key(None) == name_sort_key("")
    assert sort_names(["Bình", "Lê Bình"]) == ["Bình", "Lê Bình"]  # single word: given name only


# --- the key as one text orders as the levels do ---------------------------------------------------

_NAME_PIECES = ("Nguyễn Trần Lê Lễ Văn Thị Thu Ngọc An Án Ân Ấn ánh Ánh ANH Bình Đào Đỗ Em Ý Yến Hòa Hoà Thủy "
                "Thuỷ ĐẶNG đặng Dz a à A 1 9 10 - . ' ß naïve café İ ǅ Ⅻ").split() + [
    "\U0010fffd", "\U0010ffff", "\U0010fffb", "\U000e0100", "\x00", "\x01", "\x02", "x\u0300\u0301", "\u0301a", "中文"]


def _random_name(rng: random.Random) -> str:
    words = [rng.choice(_NAME_PIECES) + rng.choice(["", "", rng.choice(_NAME_PIECES)]) for _ in range(rng.randint(0, 5))]
    return rng.choice([" ", "  ", " \u200b"]).join(words)


def _sign(a, b) -> int:
    return (a > b) - (a < b)


def test_one_text_key_orders_as_the_levels():
    """`name_sort_key` (one text) and `name_levels` (tuples) give the same order, pair by pair, on names
    sharing words, prefixes and tones, with control characters and the highest code points."""
    rng = random.Random(26)
    names = [_random_name(rng) for _ in range(3000)] + ["", "An", "Lê An", "Lê Thị An", "Lê Thị Thu An", None]
    for _ in range(20000):
        a, b = rng.choice(names), rng.choice(names)
        assert _sign(name_sort_key(a), name_sort_key(b)) == _sign(name_levels(a), name_levels(b)), (a, b)
    assert sorted(names[:-1], key=name_sort_key) == sorted(names[:-1], key=name_levels)


# --- ICU agreement (optional) --------------------------------------------------------------------

ICU_WORDS = (
    "Ea Đa Dz Da Dza E a à ả ã á ạ ă â A À f j w z 1 2 9 10 -a ss ß Nguyễn Trần Lê Phạm Hoàng "
    "Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý An Ánh Ân Ấn Ẩn ăn ắn Bình Đào Em Ý Yến Ngọc "
    "Hùng Thị Văn thì thi thí thỉ thĩ thị THỊ tHị ca cà cá cả cã cạ Cà ơ ờ ớ ô ố o ò ó ư u ừ ứ đ Đ "
    "d D e ê ề é è Hòa Thủy Hương Trương Lương Quỳnh Quý Khuê Xuân Tuấn Đức Dũng Duy Đạt Đăng "
    "Đông Đồng Đông-Á naïve nai café cafe cafè"
).split()


def test_agrees_with_icu_vi_on_single_words():
    icu = pytest.importorskip("icu")
    collator = icu.Collator.createInstance(icu.Locale("vi"))
    assert sort_words(ICU_WORDS) == sorted(ICU_WORDS, key=lambda w: (collator.getSortKey(w), w))
    rng = random.Random(3)
    letters = "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụư"
    letters += "ừửữứựvxyỳỷỹýỵ" + "AÀĂẰÂẦĐEÊOÔƠUƯY"
    for _ in range(5000):
        # one tone per syllable at most: there ICU and our per-syllable tone agree
        a, b = (_random_phrase(rng, letters) for _ in range(2))
        ours = (word_key(a) > word_key(b)) - (word_key(a) < word_key(b))
        assert ours == collator.compare(a, b), (a, b)


def _random_phrase(rng: random.Random, letters: str) -> str:
    syllables = []
    for _ in range(rng.randint(1, 3)):
        while True:
            s = "".join(rng.choice(letters) for _ in range(rng.randint(1, 3)))
            if sum(ch in TONES for ch in nfd(s) if ch) <= 1:
                break
        syllables.append(s)
    return rng.choice([" ", "-"]).join(syllables)


# --- properties ----------------------------------------------------------------------------------

ONSETS = ["", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "kh", "l", "m", "n", "ng", "nh",
          "ph", "qu", "s", "t", "th", "tr", "v", "x"]
RHYMES = ["a", "ai", "an", "anh", "ăn", "âm", "e", "em", "ê", "êu", "i", "inh", "o", "oa", "oai",
          "oan", "oe", "ô", "ông", "ơ", "ơi", "u", "uy", "uyên", "ư", "ương", "ươi", "y", "yên"]


@st.composite
def syllables(draw):
    """A syllable as base letters plus a tone written on any one of its vowels."""
    onset, rhyme = draw(st.sampled_from(ONSETS)), draw(st.sampled_from(RHYMES))
    tone = draw(st.integers(0, 5))
    vowel_positions = [i for i, ch in enumerate(rhyme) if ch in VOWELS]
    pos = draw(st.sampled_from(vowel_positions))
    rhyme = rhyme[:pos] + with_tone(rhyme[pos], tone) + rhyme[pos + 1:]
    word = onset + rhyme
    if draw(st.booleans()):
        word = word[:1].upper() + word[1:]
    return word


def move_tone(word: str, rng: random.Random) -> str:
    """Same syllable with its tone written on another vowel."""
    decomposed = nfd(word)
    tone = next((m for m in TONES[1:] if m in decomposed), "")
    bare = nfc(decomposed.replace(tone, "")) if tone else word
    positions = [i for i, ch in enumerate(bare) if ch.lower() in VOWELS]
    pos = rng.choice(positions)
    return bare[:pos] + with_tone(bare[pos], TONES.index(tone)) + bare[pos + 1:]


@given(st.lists(syllables(), min_size=1, max_size=3).map(" ".join))
def test_nfc_and_nfd_give_equal_keys(phrase):
    assert word_key(nfd(phrase)) == word_key(nfc(phrase))
    assert name_sort_key(nfd(phrase))[:3] == name_sort_key(nfc(phrase))[:3]


@given(syllables(), st.randoms(use_true_random=False))
def test_tone_placement_never_changes_the_key(word, rng):
    assert word_key(move_tone(word, rng)) == word_key(word)


@settings(max_examples=50)
@given(st.lists(st.lists(syllables(), min_size=1, max_size=4).map(" ".join), min_size=2,
                max_size=12))
def test_total_order_and_consistent_sorting(names):
    ordered = sort_names(names)
    keys = [name_sort_key(n) for n in ordered]
    assert keys == sorted(keys)
    assert sort_names(list(reversed(names))) == ordered  # independent of input order
    for a in names:
        for b in names:
            ka, kb = name_sort_key(a), name_sort_key(b)
            assert (ka < kb) + (ka == kb) + (ka > kb) == 1
            assert (ka == kb) == (a == b)  # the original string makes the order total


@given(syllables(), syllables())
def test_key_equality_means_same_letters_tones_and_case(a, b):
    def canon(w):  # base letters with case + the syllable's tone, placement ignored
        d = nfd(w)
        tone = next((m for m in TONES[1:] if m in d), "")
        return nfc(d.replace(tone, "")) if tone else w, tone

    assert (word_key(a) == word_key(b)) == (canon(a) == canon(b))
