import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError

from marketplace.core.errors import DomainError
from marketplace.taxes.models import VatRate
from marketplace.taxes.selectors import vat_rate_on

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("day", "rate"),
    [
        (datetime.date(2025, 7, 1), Decimal("8")),
        (datetime.date(2026, 11, 26), Decimal("8")),
        (datetime.date(2026, 12, 31), Decimal("8")),
        (datetime.date(2027, 1, 1), Decimal("10")),
    ],
)
def test_the_rate_in_force_follows_the_law(day, rate):
    assert vat_rate_on(day) == rate


def test_a_day_before_any_known_rate_is_refused():
    with pytest.raises(DomainError) as error:
        vat_rate_on(datetime.date(2025, 6, 30))
    assert error.value.code == "no_vat_rate"


def test_two_rates_cannot_start_on_the_same_day():
    with pytest.raises(IntegrityError):
        VatRate.objects.create(valid_from=datetime.date(2027, 1, 1), rate_percent=Decimal("5"))
