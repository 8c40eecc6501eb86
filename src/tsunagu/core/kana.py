"""Normalisation of names and フリガナ so that searches match however they were typed.

Two spellings of a name are the same search key when they differ only in
full-width/half-width form (``ﾔﾏﾀﾞ`` / ``ヤマダ``), in hiragana/katakana
(``やまだ`` / ``ヤマダ``), in how 濁点 are written (precomposed, combining, or a
separate ``゛``), in spacing of any kind, or in the case of Latin letters.
Kanji are left as they are: 異体字 such as 髙/高 or 﨑/崎 are different keys.
"""

import unicodedata

__all__ = ["is_kana", "normalize_for_search", "to_katakana"]

_HIRAGANA_TO_KATAKANA: dict[int, int] = {
    **{code: code + 0x60 for code in range(ord("ぁ"), ord("ゖ") + 1)},
    ord("ゝ"): ord("ヽ"),
    ord("ゞ"): ord("ヾ"),
}
_SPACING_TO_COMBINING_MARKS = str.maketrans({"゛": "\u3099", "゜": "\u309a"})
_INVISIBLE = str.maketrans(dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff"))
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_KATAKANA_LETTERS = frozenset(
    [chr(code) for code in range(ord("ァ"), ord("ヺ") + 1)] + ["ヽ", "ヾ", "ー"]
)


def _nfkc_katakana(text: str) -> str:
    """NFKC with separate 濁点/半濁点 joined to their kana, then hiragana → katakana.

    A spacing ``゛`` would otherwise become a space plus a combining mark under
    NFKC and never merge with the kana before it. Zero-width characters are
    dropped.
    """
    prepared = text.translate(_SPACING_TO_COMBINING_MARKS).translate(_INVISIBLE)
    return unicodedata.normalize("NFKC", prepared).translate(_HIRAGANA_TO_KATAKANA)


def normalize_for_search(text: str) -> str:
    """Return the search key of a name or フリガナ.

    The key is the NFKC form with hiragana turned into katakana, every kind of
    whitespace removed (ASCII, tabs, U+3000, NBSP, zero-width) and ASCII letters
    lower-cased: ``ﾔﾏﾀﾞ ﾀﾛｳ``, ``やまだ　たろう`` and ``ヤマダタロウ`` share one key.
    The key is recomposed (NFC) last, so a mark that NFKC had parted from its
    letter with a space joins it, and making a key from a key changes nothing.
    """
    key = "".join(_nfkc_katakana(text).split()).translate(_ASCII_LOWER)
    return unicodedata.normalize("NFC", key)


def is_kana(text: str) -> bool:
    """Tell whether a フリガナ entry is made only of kana and ``ー`` (spaces allowed).

    Hiragana and half-width katakana are accepted since they normalise to
    katakana. Anything else, including ``・``, Latin letters, digits and an
    empty or blank entry, makes it False.
    """
    key = normalize_for_search(text)
    return bool(key) and all(char in _KATAKANA_LETTERS for char in key)


def to_katakana(text: str) -> str:
    """Return the stored form of a フリガナ entry: NFKC katakana with single spaces.

    Any run of whitespace between words (including U+3000) becomes one ASCII
    space, and leading and trailing whitespace is removed.
    """
    return " ".join(_nfkc_katakana(text).split())
