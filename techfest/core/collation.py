"""Vietnamese alphabetical sorting (pure Python, ``unicodedata`` only).

Used for printed lists such as the exhibitor directory.  PyICU would do this
job but cannot be installed reliably, so this module implements the parts of
the CLDR/ICU Vietnamese collation that matter for names, as a multi-level
sort key.

Rules
-----
1. **Letters** (primary level) in the Vietnamese alphabet order::

       a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y

   with the foreign letters f, j, w, z in their Latin places
   (``… e ê f g h i j k … v w x y z``).  ă â ê ô ơ ư đ are letters of their
   own, not accented variants.  Digraphs (ch, gi, kh, ng, nh, ph, qu, th,
   tr) are *not* separate letters -- modern dictionaries sort letter by
   letter, as does CLDR's "standard" Vietnamese collation (the digraphs only
   appear in its "traditional" variant).

2. **Tones** (secondary level) are compared only when the letters are equal
   over the whole string (like ICU's Vietnamese collation, where tone marks
   are secondary weights).  Default order, :data:`DICTIONARY_TONE_ORDER`::

       ngang (none) < huyền (`) < hỏi (?) < ngã (~) < sắc (´) < nặng (.)
       e.g.  ma < mà < mả < mã < má < mạ

   This is the order of Vietnamese dictionaries as stated by the Vietnam
   Lexicography Centre (Vũ Xuân Lương, "Quy tắc sắp xếp theo ABC",
   http://vietunicode.sourceforge.net/charset/quytacABC_en.html: "flat
   accent (non-accent), grave, hook above, tilde, acute, dot below") and it
   is exactly CLDR/ICU's tailoring for ``vi`` (``&̀<<̉<<̃<<́<<̣``,
   common/collation/vi.xml).  The order in which tones are usually *recited*
   in school (ngang, huyền, sắc, hỏi, ngã, nặng) is available as
   :data:`SCHOOL_TONE_ORDER` through the ``tone_order`` argument.

   The tone is taken per syllable, not per letter, so the old and new tone
   placements ("hoà"/"hòa", "thuý"/"thúy") compare equal at this level.

3. **Case** (tertiary level): lowercase before uppercase ("an" < "An"),
   again as in the dictionary rules and ICU.

4. **Tie-break**: the NFC form of the string, so the key is total and
   deterministic while NFC and NFD spellings of the same text get the same
   key.  (Python's sort is stable, so equal keys keep their input order.)

Other details:

* Input may be NFC or NFD (or use compatibility characters such as
  full-width letters: the analysis works on the NFKD form).
* Spaces and punctuation separate words; a run of them counts as one
  separator that sorts before every letter and digit, so names sort word by
  word ("Hạ Long" < "Hà Nội" < "Hải Phòng"; see the tests).  Leading and
  trailing punctuation ("«Sáng tạo»", '"Tech" JSC', "🚀 Rocket") is
  ignored, and the kind of punctuation only matters for the final tie-break
  ("A.B.C" and "A B C" sort together).  Apostrophes and invisible format
  characters are ignored inside words ("O'Brien" sorts as "OBrien").
* Digits sort before letters, and runs of digits compare by numeric value
  ("Gian 2" < "Gian 10").
* Other Latin letters (ŋ, ɛ…) sort after z; other scripts (Greek,
  Cyrillic, Hangul, kana, Han…) after all Latin letters, in Unicode block
  order, with Hangul syllables compared through their jamo (which gives the
  Korean dictionary order).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Callable, Iterable, Sequence, TypeVar

__all__ = [
    "VIETNAMESE_ALPHABET",
    "DICTIONARY_TONE_ORDER",
    "SCHOOL_TONE_ORDER",
    "vi_sort_key",
    "vi_sorted",
]

T = TypeVar("T")

#: Full collation alphabet: the 29 Vietnamese letters plus f, j, w, z.
VIETNAMESE_ALPHABET: tuple[str, ...] = tuple(
    "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z".split()
)

_GRAVE = "\u0300"  # huyền
_ACUTE = "\u0301"  # sắc
_HOOK = "\u0309"  # hỏi
_TILDE = "\u0303"  # ngã
_DOT = "\u0323"  # nặng

#: Vietnamese dictionary / CLDR order: ngang, huyền, hỏi, ngã, sắc, nặng.
DICTIONARY_TONE_ORDER: tuple[str, ...] = ("", _GRAVE, _HOOK, _TILDE, _ACUTE, _DOT)
#: Order tones are recited in school: ngang, huyền, sắc, hỏi, ngã, nặng.
SCHOOL_TONE_ORDER: tuple[str, ...] = ("", _GRAVE, _ACUTE, _HOOK, _TILDE, _DOT)

# Vowel modifiers that make a different *letter* (primary difference).
_MODIFIED_LETTERS = {
    ("a", "\u0306"): "ă",  # breve
    ("a", "\u0302"): "â",  # circumflex
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",  # horn
    ("u", "\u031b"): "ư",
}

# Letters without a canonical decomposition that should sort as (a sequence
# of) alphabet letters, optionally with a secondary mark.  Ð/ð (Icelandic
# eth, U+00D0/U+00F0) looks identical to Vietnamese Đ/đ and is often typed
# by mistake, so it sorts as đ.
_SPECIAL_LETTERS: dict[str, tuple[str, str]] = {
    "ð": ("đ", ""),
    "æ": ("ae", ""),
    "œ": ("oe", ""),
    "ø": ("o", "\u0338"),
    "ł": ("l", "\u0337"),
    "ı": ("i", ""),
    "ħ": ("h", "\u0335"),
}

# Ignored inside words (no separator): apostrophes, modifier-letter
# apostrophes, and (below) every format character such as soft hyphen/ZWJ.
_IGNORABLE = frozenset("'\u2019\u2018\u02bc\u02bb\u02b9\u0060")

# Primary weights.  Separator < number < Vietnamese/Latin alphabet <
# other Latin letters < other scripts.
_W_SEPARATOR = 1
_W_NUMBER = 2
_W_ALPHABET = 100
_W_OTHER_LATIN = 1_000
_W_OTHER_SCRIPT = 2_000_000

_ALPHABET_WEIGHT = {letter: _W_ALPHABET + i for i, letter in enumerate(VIETNAMESE_ALPHABET)}

SortKey = tuple[tuple[int, ...], tuple[tuple[int, ...], ...], tuple[int, ...], str]


@lru_cache(maxsize=4096)
def _letter_weight(letter: str) -> int:
    weight = _ALPHABET_WEIGHT.get(letter)
    if weight is not None:
        return weight
    if unicodedata.name(letter, "").startswith("LATIN"):
        return _W_OTHER_LATIN + ord(letter)
    return _W_OTHER_SCRIPT + ord(letter)


@lru_cache(maxsize=8)
def _tone_weights(tone_order: tuple[str, ...]) -> dict[str, int]:
    weights = {mark: i for i, mark in enumerate(tone_order) if mark}
    if set(weights) != {_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT} or len(tone_order) != 6:
        raise ValueError("tone_order must list '' and the five tone marks exactly once")
    return weights


class _Letter:
    """One letter of the analysed string: base character, marks, case."""

    __slots__ = ("base", "marks", "upper")

    def __init__(self, base: str, upper: int, marks: list[str] | None = None) -> None:
        self.base = base
        self.upper = upper
        self.marks = marks if marks is not None else []


# Token kinds produced by _tokenise.
_SEP = "sep"
_NUM = "num"
_WORD = "word"


def _tokenise(text: str) -> list[tuple[str, object]]:
    """Split NFKD text into words (lists of _Letter), numbers and separators.

    Leading/trailing separators are dropped and runs collapse to one.
    """
    tokens: list[tuple[str, object]] = []
    word: list[_Letter] | None = None  # the word being built, if any
    digits: list[str] | None = None  # the number being built, if any

    def close() -> None:
        nonlocal word, digits
        word = None
        digits = None

    for ch in unicodedata.normalize("NFKD", text):
        cat = unicodedata.category(ch)
        if ch in _IGNORABLE or cat == "Cf":
            continue
        if cat[0] == "M":
            # A combining mark belongs to the preceding letter; marks after
            # digits/separators (or at the start) are ignored here.
            if word:
                word[-1].marks.append(ch)
            continue
        if cat == "Nd":
            if digits is None:
                close()
                digits = []
                tokens.append((_NUM, digits))
            digits.append(str(unicodedata.decimal(ch)))
            continue
        if cat[0] == "L":
            if word is None:
                close()
                word = []
                tokens.append((_WORD, word))
            upper = 1 if ch != ch.lower() else 0
            for folded in unicodedata.normalize("NFKD", ch.casefold()):
                if unicodedata.category(folded)[0] == "M":
                    if word:
                        word[-1].marks.append(folded)
                    continue
                base, extra_mark = _SPECIAL_LETTERS.get(folded, (folded, ""))
                for b in base:
                    word.append(_Letter(b, upper, [extra_mark] if extra_mark else None))
            continue
        # Anything else (space, punctuation, symbol, emoji, control...) is a
        # word separator.
        close()
        if tokens and tokens[-1][0] != _SEP:
            tokens.append((_SEP, None))
    if tokens and tokens[-1][0] == _SEP:
        tokens.pop()
    return tokens


def vi_sort_key(s: str, *, tone_order: Sequence[str] = DICTIONARY_TONE_ORDER) -> SortKey:
    """Sort key for Vietnamese alphabetical order (see the module docstring).

    Returns ``(letters, tones, case, nfc)``: compare letters first, then
    per-syllable tones, then case, then the NFC text as a final tie-break.
    Equal keys mean NFC-equal strings.

    :param tone_order: ``DICTIONARY_TONE_ORDER`` (default, as in Vietnamese
        dictionaries and ICU) or ``SCHOOL_TONE_ORDER``.
    """
    if not isinstance(s, str):
        raise TypeError(f"vi_sort_key() needs a str, not {type(s).__name__}")
    tones = _tone_weights(tuple(tone_order))
    primary: list[int] = []
    secondary: list[tuple[int, ...]] = []
    tertiary: list[int] = []

    for kind, value in _tokenise(s):
        if kind == _SEP:
            primary.append(_W_SEPARATOR)
        elif kind == _NUM:
            number = "".join(value).lstrip("0")  # type: ignore[arg-type]
            # Longer (leading-zero-free) numbers are larger; equal lengths
            # compare digit by digit.
            primary.extend((_W_NUMBER, len(number), *map(int, number)))
        else:
            tone = 0
            extras: list[int] = []
            for position, letter in enumerate(value):  # type: ignore[arg-type]
                base = letter.base
                for mark in letter.marks:
                    modified = _MODIFIED_LETTERS.get((base, mark))
                    if modified is not None:
                        base = modified  # ă â ê ô ơ ư: a different letter
                    elif mark in tones and tone == 0:
                        tone = tones[mark]  # the syllable's tone
                    else:
                        # Non-Vietnamese marks (ü, ç, a second accent...):
                        # secondary differences tied to their position.
                        extras.extend((position, ord(mark)))
                primary.append(_letter_weight(base))
                tertiary.append(letter.upper)
            secondary.append((tone, *extras))

    return (tuple(primary), tuple(secondary), tuple(tertiary), unicodedata.normalize("NFC", s))


def vi_sorted(
    iterable: Iterable[T],
    key: Callable[[T], str] | None = None,
    *,
    reverse: bool = False,
    tone_order: Sequence[str] = DICTIONARY_TONE_ORDER,
) -> list[T]:
    """Return a new list sorted in Vietnamese alphabetical order.

    :param key: optional function giving the text to sort by (like
        :func:`sorted`'s ``key``), e.g. ``lambda e: e.name``.
    :param reverse: sort descending.
    :param tone_order: see :func:`vi_sort_key`.

    The sort is stable: items whose texts are NFC-equal keep their order.
    """
    order = tuple(tone_order)
    text_of: Callable[[T], str] = key if key is not None else (lambda item: item)  # type: ignore[assignment,return-value]
    return sorted(
        iterable, key=lambda item: vi_sort_key(text_of(item), tone_order=order), reverse=reverse
    )
