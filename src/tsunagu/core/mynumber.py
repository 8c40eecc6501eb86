"""Detection of 個人番号 (My Number), which tsunagu must never store.

A 個人番号 is 12 digits whose last digit is a check digit over the first 11.
Numbering the first 11 digits P1…P11 from the right (P1 is the digit just
left of the check digit) with weights Qn = n + 1 for n ≤ 6 and Qn = n − 5 for
n ≥ 7, the remainder r = Σ Pn·Qn mod 11 gives the check digit 0 when r ≤ 1 and
11 − r otherwise. Because remainders 0 and 1 share the check digit 0, a single
mistyped digit is not always caught; that does not matter for detection.

In free text a candidate is 12 digits written together or in groups of four
separated by one space or hyphen, after NFKC normalisation (so full-width
digits, full-width spaces and dash-like characters count). A candidate that is
part of a longer run of digits, or of a longer run of 4-digit groups such as a
16-digit card number, is not a 個人番号.
"""

import re
import unicodedata

__all__ = ["check_digit", "contains_my_number", "find_my_numbers", "is_valid_my_number"]

_TWELVE_DIGITS = re.compile(r"[0-9]{12}")
_GAP = r"[ \-‐‑‒–—―−ー]"
_CANDIDATE = re.compile(
    rf"(?<![0-9])[0-9]{{12}}(?![0-9])"
    rf"|(?<![0-9])(?<![0-9]{_GAP})"
    rf"[0-9]{{4}}{_GAP}[0-9]{{4}}{_GAP}[0-9]{{4}}"
    rf"(?![0-9])(?!{_GAP}[0-9])"
)


def check_digit(first_eleven: str) -> int:
    """Return the check digit for the first 11 digits of a 個人番号."""
    if not re.fullmatch(r"[0-9]{11}", first_eleven):
        raise ValueError("first_eleven must be exactly 11 ASCII digits")
    total = 0
    for n, digit in enumerate(reversed(first_eleven), start=1):
        weight = n + 1 if n <= 6 else n - 5
        total += int(digit) * weight
    remainder = total % 11
    return 0 if remainder <= 1 else 11 - remainder


def is_valid_my_number(digits: str) -> bool:
    """Tell whether ``digits`` is exactly 12 ASCII digits with a correct check digit.

    No normalisation is done here; :func:`find_my_numbers` handles free text.
    """
    if not _TWELVE_DIGITS.fullmatch(digits):
        return False
    return check_digit(digits[:11]) == int(digits[11])


def find_my_numbers(text: str) -> list[str]:
    """Return every 個人番号 in ``text``, as bare 12-digit strings in order of appearance."""
    normalised = unicodedata.normalize("NFKC", text)
    found: list[str] = []
    for match in _CANDIDATE.finditer(normalised):
        digits = re.sub(r"[^0-9]", "", match.group())
        if is_valid_my_number(digits):
            found.append(digits)
    return found


def contains_my_number(text: str) -> bool:
    """Tell whether ``text`` holds anything that looks like a valid 個人番号."""
    return bool(find_my_numbers(text))
