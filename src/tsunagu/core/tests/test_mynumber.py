"""Tests for 個人番号 (My Number) check digits and detection in free text."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tsunagu.core.mynumber import (
    check_digit,
    contains_my_number,
    find_my_numbers,
    is_valid_my_number,
)

# Worked by hand: the weighted sum of 12345678901 is 212, 212 mod 11 = 3, 11 - 3 = 8.
VALID = "123456789018"
# Only P11 (the leftmost digit) is 1, weight 6: remainder 6, check digit 11 - 6 = 5.
ANOTHER_VALID = "100000000005"


def test_check_digit_matches_a_hand_worked_example() -> None:
    # given the first 11 digits 12345678901
    # when the check digit is computed
    digit = check_digit(VALID[:11])
    # then it is 8
    assert digit == 8


@pytest.mark.parametrize(
    ("first_eleven", "expected"),
    [
        ("00000000000", 0),
        ("00000000001", 9),
        ("10000000000", 5),
        ("00000100000", 4),
        ("00001000000", 9),
    ],
)
def test_check_digit_uses_weights_two_to_seven_then_two_to_six(
    first_eleven: str, expected: int
) -> None:
    # given 11 digits exercising single positions' weights
    # (P1 weight 2 → 11-2=9; P6 weight 7 → 11-7=4; P7 weight 2 → 9; P11 weight 6 → 5)
    # when the check digit is computed
    digit = check_digit(first_eleven)
    # then it follows the official rule
    assert digit == expected


@pytest.mark.parametrize("digits", [VALID, ANOTHER_VALID, "000000000000"])
def test_is_valid_my_number_accepts_correct_check_digits(digits: str) -> None:
    # given a 12-digit number with a correct check digit
    # when it is validated
    # then it passes
    assert is_valid_my_number(digits)


SINGLE_DIGIT_CHANGES = [
    (position, replacement)
    for position in range(12)
    for replacement in "0123456789"
    if replacement != VALID[position]
]


@pytest.mark.parametrize(("position", "replacement"), SINGLE_DIGIT_CHANGES)
def test_is_valid_my_number_rejects_any_single_changed_digit(
    position: int, replacement: str
) -> None:
    # given the valid number with one digit replaced by a different one
    changed = VALID[:position] + replacement + VALID[position + 1 :]
    # when it is validated
    # then it fails (its remainder is 3, so no other remainder maps to check digit 8)
    assert not is_valid_my_number(changed)


@pytest.mark.parametrize(
    "digits",
    [
        "12345678901",
        "1234567890180",
        "",
        "1234 5678 9018",
        "１２３４５６７８９０１８",
        "12345678901a",
    ],
)
def test_is_valid_my_number_rejects_anything_but_twelve_ascii_digits(digits: str) -> None:
    # given a value that is not exactly 12 ASCII digits
    # when it is validated
    # then it fails without normalising
    assert not is_valid_my_number(digits)


def test_check_digit_refuses_input_that_is_not_eleven_digits() -> None:
    # given ten digits
    # when a check digit is asked for
    # then it is refused
    with pytest.raises(ValueError):
        check_digit("1234567890")


@pytest.mark.parametrize(
    "text",
    [
        "123456789018",
        "1234 5678 9018",
        "1234-5678-9018",
        "1234 5678-9018",
        "１２３４５６７８９０１８",
        "１２３４　５６７８　９０１８",
        "１２３４－５６７８－９０１８",
        "1234ー5678ー9018",
        "個人番号は123456789018です。",
        "番号:1234-5678-9018(本人申告)",
        "tel 03-1234-5678、番号 123456789018",
    ],
)
def test_find_my_numbers_finds_a_number_written_together_or_in_groups(text: str) -> None:
    # given text holding the valid number in an accepted layout
    # when it is searched
    found = find_my_numbers(text)
    # then the bare 12 digits are returned
    assert found == [VALID]


@pytest.mark.parametrize(
    "text",
    [
        "1234567890180",
        "0123456789018",
        "口座 91234567890187",
        "0120 1234 5678 9018",
        "1234 5678 9018 0000",
        "1234  5678  9018",
        "1234--5678--9018",
        "12 3456 7890 18",
        "123456789017",
        "1234 5678 9017",
        "12345678901",
        "",
    ],
)
def test_find_my_numbers_ignores_longer_runs_other_layouts_and_bad_check_digits(
    text: str,
) -> None:
    # given text whose digits are part of a longer run, laid out otherwise,
    # or fail the check digit
    # when it is searched
    found = find_my_numbers(text)
    # then nothing is found
    assert found == []


def test_find_my_numbers_returns_every_number_in_order() -> None:
    # given text with two valid numbers and one invalid between them
    text = f"A: {ANOTHER_VALID} B: 1234-5678-9017 C: 1234 5678 9018"
    # when it is searched
    found = find_my_numbers(text)
    # then both valid numbers are returned in order of appearance
    assert found == [ANOTHER_VALID, VALID]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("相談メモ 1234 5678 9018", True), ("相談メモ 1234 5678 9017", False), ("", False)],
)
def test_contains_my_number_tells_whether_a_valid_number_is_present(
    text: str, expected: bool
) -> None:
    # given free text
    # when it is checked for a 個人番号
    # then the answer reflects whether a valid one is present
    assert contains_my_number(text) is expected


@given(st.text(alphabet="0123456789", min_size=11, max_size=11), st.sampled_from(["", " ", "-"]))
def test_find_my_numbers_finds_any_number_with_its_check_digit(first_eleven: str, gap: str) -> None:
    # given any 11 digits completed with their check digit and laid out 4-4-4
    digits = first_eleven + str(check_digit(first_eleven))
    text = f"メモ {digits[:4]}{gap}{digits[4:8]}{gap}{digits[8:]} 以上"
    # when the text is searched
    found = find_my_numbers(text)
    # then exactly that number is found
    assert found == [digits]
