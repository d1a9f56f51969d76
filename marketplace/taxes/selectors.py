import datetime
from decimal import Decimal

from django.db.models import Subquery
from django.utils.translation import gettext as _

from marketplace.core.errors import DomainError
from marketplace.taxes.models import VatRate


def vat_rate_on(day: datetime.date) -> Decimal:
    """The VAT rate (percent) in force on a local day; refuses a day before the first known rate."""
    found = _rates_in_force(day).values_list("rate_percent", flat=True).first()
    if found is None:
        raise DomainError(
            _("Chưa có thuế suất GTGT cho ngày %(day)s.") % {"day": day.strftime("%d/%m/%Y")}, code="no_vat_rate"
        )
    return found


def _rates_in_force(day: datetime.date):
    return VatRate.objects.filter(valid_from__lte=day).order_by("-valid_from")


def vat_rate_subquery(day: datetime.date) -> Subquery:
    """The rate of vat_rate_on as a subquery (NULL before the first known rate), to read inside another statement."""
    return Subquery(_rates_in_force(day).values("rate_percent")[:1])
