"""Amounts in Vietnamese words, as written under a statement's total."""

import pytest

from marketplace.core.words import amount_in_words, number_in_words


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "không"),
        (5, "năm"),
        (10, "mười"),
        (11, "mười một"),
        (15, "mười lăm"),
        (20, "hai mươi"),
        (21, "hai mươi mốt"),
        (24, "hai mươi bốn"),
        (25, "hai mươi lăm"),
        (101, "một trăm linh một"),
        (105, "một trăm linh năm"),
        (110, "một trăm mười"),
        (1_005, "một nghìn không trăm linh năm"),
        (1_050, "một nghìn không trăm năm mươi"),
        (10_000, "mười nghìn"),
        (1_000_005, "một triệu không trăm linh năm"),
        (341_248, "ba trăm bốn mươi mốt nghìn hai trăm bốn mươi tám"),
        (1_000_000_000, "một tỷ"),
        (2_000_001_000, "hai tỷ không trăm linh một nghìn"),
        (1_234_000_000_000, "một nghìn hai trăm ba mươi bốn tỷ"),
        (-5, "âm năm"),
    ],
)
def test_numbers_read_as_a_vietnamese_accountant_writes_them(number, words):
    assert number_in_words(number) == words


def test_an_amount_starts_with_a_capital_and_ends_in_dong():
    assert amount_in_words(150_000) == "Một trăm năm mươi nghìn đồng"
    assert amount_in_words(0) == "Không đồng"
