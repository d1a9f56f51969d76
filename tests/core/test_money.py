from decimal import Decimal

import pytest

from marketplace.core.money import format_vnd, round_vnd, vat_included


@pytest.mark.parametrize(
    ("amount", "vi", "en"),
    [
        (150000, "150.000 ₫", "₫150,000"),
        (0, "0 ₫", "₫0"),
        (2500000, "2.500.000 ₫", "₫2,500,000"),
        (999, "999 ₫", "₫999"),
    ],
)
def test_format_vnd(amount, vi, en):
    assert format_vnd(amount, "vi") == vi
    assert format_vnd(amount, "en") == en


def test_round_vnd_is_half_up_to_whole_dong():
    assert round_vnd(Decimal("10.5")) == 11
    assert round_vnd(Decimal("10.49")) == 10
    assert round_vnd(Decimal("-0.5")) == -1


def test_vat_included_in_a_gross_price():
    # 108.000 ₫ at 8 % contains 8.000 ₫ of VAT; 110.000 ₫ at 10 % contains 10.000 ₫.
    assert vat_included(108000, 8) == 8000
    assert vat_included(110000, 10) == 10000
    # 85.000 ₫ at 8 %: 6296.296… rounds to 6296.
    assert vat_included(85000, Decimal("8")) == 6296
