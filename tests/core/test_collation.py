"""Tests for techfest.core.collation (pure module, no app fixtures)."""

from __future__ import annotations

import random
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from techfest.core.collation import (
    DICTIONARY_TONE_ORDER,
    SCHOOL_TONE_ORDER,
    VIETNAMESE_ALPHABET,
    vi_sort_key,
    vi_sorted,
)

REPO_ROOT = Path(__file__).resolve().parents[2]


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


def assert_strictly_ordered(words: list[str], **kwargs: object) -> None:
    """Each word sorts strictly before the next, and shuffling changes nothing."""
    keys = [vi_sort_key(w, **kwargs) for w in words]  # type: ignore[arg-type]
    for (a, ka), (b, kb) in zip(zip(words, keys), zip(words[1:], keys[1:])):
        assert ka < kb, f"expected {a!r} < {b!r}"
    shuffled = words[:]
    random.Random(1234).shuffle(shuffled)
    assert vi_sorted(shuffled, **kwargs) == words  # type: ignore[arg-type]


def level(s: str, n: int) -> tuple:
    """The first n levels of the key (1 = letters, 2 = +tones, 3 = +case)."""
    return vi_sort_key(s)[:n]


# --------------------------------------------------------------------------
# Letters (primary level)
# --------------------------------------------------------------------------


def test_alphabet_constant() -> None:
    assert " ".join(VIETNAMESE_ALPHABET) == (
        "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z"
    )


def test_alphabet_order_lowercase() -> None:
    assert_strictly_ordered(list(VIETNAMESE_ALPHABET))


def test_alphabet_order_uppercase() -> None:
    assert_strictly_ordered([c.upper() for c in VIETNAMESE_ALPHABET])


def test_alphabet_order_decomposed() -> None:
    assert_strictly_ordered([nfd(c) for c in VIETNAMESE_ALPHABET])


def test_vietnamese_letters_in_brief_order() -> None:
    # The 29 letters as in the brief: a ă â b c d đ e ê g h i k l m n o ô ơ p
    # q r s t u ư v x y; the foreign f, j, w, z fall in their Latin places.
    assert_strictly_ordered(
        "a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y".split()
    )
    assert_strictly_ordered(["ê", "f", "g"])
    assert_strictly_ordered(["i", "j", "k"])
    assert_strictly_ordered(["v", "w", "x"])
    assert_strictly_ordered(["y", "z"])


def test_d_before_dj_letter() -> None:
    # đ is its own letter after d: every word starting with d (even "Dzũng",
    # "Dương" with its late letters) comes before any word starting with đ.
    assert_strictly_ordered(["Dung", "Dương", "Dzũng", "Đà Nẵng", "Đào"])
    assert vi_sort_key("Đà Nẵng") > vi_sort_key("Dương")


def test_a_breve_circumflex() -> None:
    assert_strictly_ordered(["An", "Ăn", "Ân"])
    assert_strictly_ordered(["Anh", "Ăn", "Âm"])  # letter decides before length


def test_o_and_u_variants() -> None:
    assert_strictly_ordered(["Oanh", "Ông", "Ơn", "Phúc"])
    assert_strictly_ordered(["Uyên", "Ứng", "Ương", "Vân"])


def test_digraphs_are_not_separate_letters() -> None:
    # Letter by letter: h < u, so "Thu" < "Tú".  (With the traditional
    # digraph alphabet th would come after every other t-word.)
    assert_strictly_ordered(["Thu", "Tú"])
    # r < u, so "Trang" < "Tùng" (traditional: Tùng < Trang).
    assert_strictly_ordered(["Trang", "Tùng"])
    # i < o, so "Gia" < "Gò" (traditional: Gò < Gia).
    assert_strictly_ordered(["Gia", "Gò"])
    assert_strictly_ordered(["Chi", "Cường"])
    assert_strictly_ordered(["Nam", "Nga", "Nhung"])
    assert_strictly_ordered(["Pha", "Phong", "Pư"])
    assert_strictly_ordered(["Qua", "Quân", "Quý"])


# --------------------------------------------------------------------------
# Tones (secondary level)
# --------------------------------------------------------------------------


def test_tone_order_dictionary_default() -> None:
    # Dictionary / CLDR order: ngang, huyền, hỏi, ngã, sắc, nặng.
    assert_strictly_ordered(["ma", "mà", "mả", "mã", "má", "mạ"])
    assert DICTIONARY_TONE_ORDER == ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")


def test_tone_order_school_option() -> None:
    # Recitation order: ngang, huyền, sắc, hỏi, ngã, nặng.
    assert_strictly_ordered(["ma", "mà", "má", "mả", "mã", "mạ"], tone_order=SCHOOL_TONE_ORDER)


def test_brief_word_list_sorted_under_both_tone_orders() -> None:
    words = ["mạ", "mã", "má", "ma", "mả", "mà"]
    assert vi_sorted(words) == ["ma", "mà", "mả", "mã", "má", "mạ"]
    assert vi_sorted(words, tone_order=SCHOOL_TONE_ORDER) == ["ma", "mà", "má", "mả", "mã", "mạ"]


def test_tones_on_modified_vowels() -> None:
    assert_strictly_ordered(["â", "ầ", "ẩ", "ẫ", "ấ", "ậ", "b"])
    assert_strictly_ordered(["ơ", "ờ", "ở", "ỡ", "ớ", "ợ", "p"])
    assert_strictly_ordered(["ư", "ừ", "ử", "ữ", "ứ", "ự", "v"])


def test_letters_decide_before_tones() -> None:
    # Examples from the Vietnam Lexicography Centre rules: "ang" before
    # "anh" whatever the tones; "ác" before "ách"; "apatit" before "apxe".
    assert_strictly_ordered(["áng", "anh"])
    assert_strictly_ordered(["ác", "ach"])
    assert_strictly_ordered(["apatit", "apxe"])
    assert_strictly_ordered(["mạc", "màn"])
    assert_strictly_ordered(["bạ", "bà con"])


def test_ha_noi_ha_long_hai_phong() -> None:
    # Letters first (spaces are word separators that sort before letters):
    #   "Hạ Long"   -> h a _ l o n g
    #   "Hà Nội"    -> h a _ n o i
    #   "Hải Phòng" -> h a i _ p h o n g
    # "ha_long" < "ha_noi" because l < n (the tones huyền/nặng are only
    # looked at when all letters are equal), and "ha_..." < "hai..."
    # because the separator sorts before the letter i.  So the order is
    # Hạ Long < Hà Nội < Hải Phòng -- not "Hà Nội < Hạ Long", which would
    # compare the tone of the first syllable before the letters of the second.
    assert vi_sorted(["Hải Phòng", "Hà Nội", "Hạ Long"]) == ["Hạ Long", "Hà Nội", "Hải Phòng"]


def test_tones_break_ties_left_to_right() -> None:
    # Same letters: compare the syllables' tones from left to right.
    assert_strictly_ordered(["Ha Noi", "Hà Nội", "Hạ Nội"])
    assert_strictly_ordered(["Hà Nôi", "Hà Nội"])


def test_tone_placement_variants_compare_equal_until_tiebreak() -> None:
    # Old ("hoà", "thuý") and new ("hòa", "thúy") tone placement are the same
    # syllable: equal letters, tones and case; only the final tie-break differs.
    for old, new in [("hoà", "hòa"), ("Thuý", "Thúy"), ("Khoẻ", "Khỏe"), ("quỳ", "qùy")]:
        assert level(old, 3) == level(new, 3)
        assert vi_sort_key(old) != vi_sort_key(new)
    # "Hoá" has the letters of "Hoa" (a prefix of "Hoà Bình"), so it comes
    # before both two-word names; "Hoà Bình" < "Hòa Hảo" since b < h.
    assert_strictly_ordered(["Hoa", "Hoá", "Hoà Bình", "Hòa Hảo"])


def test_foreign_diacritics_are_secondary() -> None:
    assert level("Müller", 1) == level("Muller", 1)
    assert_strictly_ordered(["Muller", "Müller", "Mullers"])
    assert_strictly_ordered(["Francois", "François", "Frank"])
    assert_strictly_ordered(["Espana", "España", "Espanol"])


# --------------------------------------------------------------------------
# Case (tertiary level) and normalisation
# --------------------------------------------------------------------------


def test_case_is_tertiary_lowercase_first() -> None:
    assert level("an", 2) == level("AN", 2)
    assert_strictly_ordered(["an", "An", "AN", "anh", "Anh"])
    assert_strictly_ordered(["đà", "Đà", "ĐÀ", "đá"])


def test_case_does_not_beat_letters_or_tones() -> None:
    assert_strictly_ordered(["AN", "ăn"])
    assert_strictly_ordered(["MA", "mà"])


@pytest.mark.parametrize(
    "text",
    [
        "Nguyễn Đức Thắng",
        "Trường Đại học Bách khoa Hà Nội",
        "Ứng dụng Xanh",
        "Hội Tin học TP.HCM",
        "Quỹ Đổi mới Sáng tạo Vingroup",
        "ĐẠI HỌC QUỐC GIA",
        "Thuỵ Sĩ",
        "",
    ],
)
def test_nfc_and_nfd_give_the_same_key(text: str) -> None:
    composed = unicodedata.normalize("NFC", text)
    decomposed = unicodedata.normalize("NFD", text)
    assert vi_sort_key(composed) == vi_sort_key(decomposed)


def test_combining_mark_order_does_not_matter() -> None:
    # ệ typed as e + circumflex + dot below, or e + dot below + circumflex.
    assert vi_sort_key("Vi\u0065\u0302\u0323t") == vi_sort_key("Việt")
    assert vi_sort_key("Vi\u0065\u0323\u0302t") == vi_sort_key("Việt")


def test_compatibility_characters() -> None:
    assert level("ＦＰＴ", 3) == level("FPT", 3)  # full-width letters
    assert level("ﬁn", 3) == level("fin", 3)  # ligature
    # Icelandic eth, often typed for Vietnamese Đ, sorts as đ.
    assert level("\u00d0à Lạt", 3) == level("Đà Lạt", 3)


# --------------------------------------------------------------------------
# Punctuation, spaces, numbers
# --------------------------------------------------------------------------


def test_punctuation_differences_only_break_ties() -> None:
    assert level("Công ty A.B.C", 3) == level("Công ty A B C", 3)
    assert level("Công ty A-B-C", 3) == level("Công ty A  B   C", 3)
    assert level('"Sáng Tạo" JSC', 3) == level("Sáng Tạo JSC", 3)
    assert level("«Sáng tạo»", 3) == level("Sáng tạo", 3)
    assert level("  Viettel  ", 3) == level("Viettel", 3)
    assert level("🚀 Rocket Lab", 3) == level("Rocket Lab", 3)
    assert level("O'Brien", 3) == level("OBrien", 3)
    assert level("O’Brien", 3) == level("OBrien", 3)
    assert level("Soft\u00adware", 3) == level("Software", 3)


def test_words_sort_before_longer_words() -> None:
    # Word by word: the separator sorts before any letter, and a name that is
    # a prefix of another (letters only) comes first.  Tones are compared
    # only when all letters are equal, so "Sáo" (letters "sao") precedes
    # "Sao Mai" and "Bạch Đằng" precedes "Bách khoa" (đ < k).
    assert_strictly_ordered(["Sao", "Sáo", "Sao Mai", "Sao Việt", "Saola"])
    assert_strictly_ordered(["Bách", "Bạch Đằng", "Bách khoa", "Bách Việt"])


def test_numbers_sort_before_letters_and_numerically() -> None:
    assert_strictly_ordered(["3D Việt", "10X Labs", "A1 Tech", "Alpha"])
    assert_strictly_ordered(["Gian hàng 2", "Gian hàng 10", "Gian hàng 100", "Gian hàng A"])
    assert_strictly_ordered(["Nhà B1", "Nhà B2", "Nhà B12"])
    assert level("007", 1) == level("7", 1)
    assert vi_sort_key("007") != vi_sort_key("7")


def test_empty_string_sorts_first() -> None:
    assert vi_sorted(["b", "", "a", "  "]) == ["", "  ", "a", "b"]


# --------------------------------------------------------------------------
# Other scripts
# --------------------------------------------------------------------------


def test_korean_after_vietnamese() -> None:
    names = ["삼성전자", "Zalo", "네이버", "Ánh Dương", "현대", "Ươm Tạo"]
    assert vi_sorted(names) == ["Ánh Dương", "Ươm Tạo", "Zalo", "네이버", "삼성전자", "현대"]


def test_korean_dictionary_order() -> None:
    # Hangul syllables compare by jamo: 가 < 각 < 간 < 나 < 다, and a
    # two-syllable word starting with 가 comes before 각.
    assert_strictly_ordered(["가", "가나", "각", "간", "개", "나", "다", "하"])
    assert vi_sort_key(nfd("한국")) == vi_sort_key("한국")


def test_other_scripts_after_latin() -> None:
    assert_strictly_ordered(["Zürich", "ŋa", "Αθήνα", "Москва", "서울", "東京"])


def test_other_latin_letters_after_z() -> None:
    assert_strictly_ordered(["Zoo", "ŋoo"])
    assert level("Straße", 3) == level("Strasse", 3)
    assert level("Łódź", 1) == level("Lodz", 1)


# --------------------------------------------------------------------------
# A realistic exhibitor directory
# --------------------------------------------------------------------------

EXPECTED_DIRECTORY = [
    # Digits before letters.
    "3D Print Việt",
    # a: "anh_d..." < "anh_m..." -- the letters of the second word decide
    # before the tone of the first (sắc on Ánh).
    "Ánh Dương Solar",
    "Anh Minh Tech",
    "Ăn Ngon Foods",
    "Âm Thanh Việt",
    "Bkav",
    # c: "ch..." < "cô...", since h < ô; "Cộng đồng" < "Công ty" since đ < t
    # (the nặng/ngang tones of Cộng/Công are never reached); then c < t.
    "Chợ Tốt",
    "Cộng đồng Khởi nghiệp Huế",
    "Công ty Cổ phần FPT",
    "Công ty TNHH Giải pháp Xanh",
    # d before đ; inside đ: "…_b" < "…_c".
    "Dược Hậu Giang",
    "Đại học Bách khoa Hà Nội",
    "Đại học Cần Thơ",
    # "gia_" < "giao": the separator sorts before o.
    "Gia Lâm Robotics",
    "Giao Hàng Nhanh",
    # "hôi" < "hơp": ô < ơ.
    "Hội Tin học TP.HCM",
    "Hợp tác xã Nông nghiệp Số",
    # "mo" < "my".
    "MoMo",
    "Mỹ Thuật Số",
    # o < ô < ơ.
    "Oxy Labs",
    "Ông Bầu Studio",
    "Ơn Trời Farm",
    # "sam" < "san" (m < n); the leading quote is ignored.
    "Samsung Việt Nam",
    '"Sáng Tạo Trẻ" Club',
    # "ta" < "tr".
    "Tập đoàn Công nghệ CMC",
    "Trường THPT Chuyên Lê Hồng Phong",
    # u < ư; "ưn" < "ươ" since n < ơ.
    "Unilever Việt Nam",
    "Ứng dụng Xanh",
    "Ươm tạo Sáng tạo Sài Gòn",
    # "vie" < "vin"; "vinai" < "vinam" since i < m (case is tertiary).
    "Viettel",
    "VinAI Research",
    "Vinamilk",
    "Zalo",
    # Other scripts last; Hangul in jamo order: ㄴ (네) < ㅅ (삼).
    "네이버",
    "삼성전자",
]


def test_realistic_exhibitor_directory() -> None:
    shuffled = EXPECTED_DIRECTORY[:]
    random.Random(2025).shuffle(shuffled)
    assert vi_sorted(shuffled) == EXPECTED_DIRECTORY
    decomposed = [nfd(name) for name in shuffled]
    assert vi_sorted(decomposed) == [nfd(name) for name in EXPECTED_DIRECTORY]
    assert vi_sorted(name.upper() for name in shuffled) == [n.upper() for n in EXPECTED_DIRECTORY]


# --------------------------------------------------------------------------
# API details
# --------------------------------------------------------------------------


def test_vi_sorted_with_key_and_reverse() -> None:
    rows = [{"name": "Đào"}, {"name": "Dũng"}, {"name": "An"}]
    assert [r["name"] for r in vi_sorted(rows, key=lambda r: r["name"])] == ["An", "Dũng", "Đào"]
    assert vi_sorted(["Đào", "An", "Dũng"], reverse=True) == ["Đào", "Dũng", "An"]


def test_vi_sorted_is_stable_for_equal_keys() -> None:
    rows = [("Hòa", 1), (nfd("Hòa"), 2), ("An", 3), ("Hòa", 4)]
    assert vi_sorted(rows, key=lambda r: r[0]) == [("An", 3), ("Hòa", 1), (nfd("Hòa"), 2), ("Hòa", 4)]


def test_vi_sorted_accepts_any_iterable() -> None:
    assert vi_sorted(iter(("b", "a"))) == ["a", "b"]
    assert vi_sorted({"b", "a"}) == ["a", "b"]
    assert vi_sorted([]) == []


def test_vi_sort_key_rejects_non_strings() -> None:
    with pytest.raises(TypeError):
        vi_sort_key(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        vi_sort_key(b"abc")  # type: ignore[arg-type]


def test_invalid_tone_order_rejected() -> None:
    with pytest.raises(ValueError):
        vi_sort_key("ma", tone_order=("", "\u0300"))


@settings(max_examples=300)
@given(st.text(max_size=40))
def test_property_nfc_and_nfd_give_the_same_key(text: str) -> None:
    assert vi_sort_key(unicodedata.normalize("NFC", text)) == vi_sort_key(nfd(text))
    key = vi_sort_key(text)
    assert key[-1] == unicodedata.normalize("NFC", text)


@settings(max_examples=200)
@given(
    st.lists(
        st.text(alphabet="aăâbdđeêhnoôơuư àáảãạAĐ1.-\u0300\u0301\u0309\u0303\u0323", max_size=12),
        max_size=12,
    )
)
def test_property_sorting_is_total_and_idempotent(words: list[str]) -> None:
    once = vi_sorted(words)
    assert vi_sorted(once) == once
    # Input order only matters between NFC-equal strings (stable sort).
    normalised = [unicodedata.normalize("NFC", w) for w in once]
    assert [unicodedata.normalize("NFC", w) for w in vi_sorted(reversed(once))] == normalised
    keys = [vi_sort_key(w) for w in once]
    assert keys == sorted(keys)
    for a, b in zip(once, once[1:]):
        # Equal keys only for NFC-equal strings.
        if vi_sort_key(a) == vi_sort_key(b):
            assert unicodedata.normalize("NFC", a) == unicodedata.normalize("NFC", b)


def test_module_is_pure() -> None:
    path = REPO_ROOT / "techfest" / "core" / "collation.py"
    code = (
        "import importlib.util, sys\n"
        f"spec = importlib.util.spec_from_file_location('tf_collation_probe', {str(path)!r})\n"
        "mod = importlib.util.module_from_spec(spec)\n"
        "sys.modules['tf_collation_probe'] = mod\n"
        "spec.loader.exec_module(mod)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('flask', 'sqlalchemy', 'flask_sqlalchemy', 'werkzeug', 'icu', 'techfest'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO_ROOT, check=True
    )
    assert result.stdout.strip() == ""
