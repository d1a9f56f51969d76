import datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from marketplace.core.errors import DomainError
from marketplace.taxes.models import VatRate


def vat_rate_on(day: datetime.date) -> Decimal:
    """The VAT rate (percent) in force on a local day; refuses a day before the first known rate."""
    rate = VatRate.objects.filter(valid_from__lte=day).order_by("-valid_from").values_list("rate_percent", flat=True)
    found = rate.first()
    if found is None:
        raise DomainError(
            _("Chưa có thuế suất GTGT cho ngày %(day)s.") % {"day": day.strftime("%d/%m/%Y")}, code="no_vat_rate"
        )
    return found
