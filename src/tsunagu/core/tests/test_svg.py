"""Labels in the diagrams: how they are measured and wrapped."""

from tsunagu.core.diagrams.svg import text_width, wrap


def test_full_width_characters_measure_one_em_and_others_six_tenths():
    assert text_width("地域包括", 10) == 40
    assert text_width("NPO", 10) == 18


def test_a_label_wraps_at_its_spaces_where_the_words_fit():
    # given three organization words, no two of which fit together on a line of 6 ems
    # when wrapped, then the break falls at the space, and nothing is lost
    lines = wrap("北部 地域包括 分室", 6, max_lines=3)
    assert lines == ["北部", "地域包括", "分室"]
    assert all(text_width(line, 1) <= 6 for line in lines)


def test_a_word_longer_than_the_line_is_broken_between_characters():
    assert wrap("社会福祉協議会", 4, max_lines=2) == ["社会福祉", "協議会"]


def test_a_label_that_does_not_fit_ends_with_an_ellipsis_within_the_width():
    lines = wrap("みどり市社会福祉協議会地域福祉課", 4, max_lines=2)
    assert lines == ["みどり市", "社会福…"]
    assert all(text_width(line, 1) <= 4 for line in lines)


def test_a_line_exactly_as_wide_as_allowed_is_kept_whole():
    # ten half-width characters are exactly 6 ems: no float rounding may push them over
    assert wrap("abcde fghi", 6, max_lines=2) == ["abcde fghi"]
