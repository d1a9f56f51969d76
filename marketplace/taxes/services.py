"""VAT rates change by law: a manager enters the next one ahead of its first day. A rate already in force is
history (every order line and receipt keeps the rate it was sold at), so it is never edited or removed."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.core.errors import DomainError
from marketplace.core.validation import validated_save
from marketplace.taxes.models import VatRate

EDITABLE_FIELDS = ("rate_percent", "valid_from", "legal_basis")


def _refuse_unless_ahead(valid_from) -> None:
    if valid_from is None or valid_from <= timezone.localdate():
        raise DomainError(
            _("Thuế suất chỉ được nhập trước ngày bắt đầu áp dụng; thuế suất đã áp dụng thì giữ nguyên."),
            code="in_force",
            field="valid_from",
        )


@transaction.atomic
def add_vat_rate(*, rate_percent, valid_from, legal_basis="") -> VatRate:
    _refuse_unless_ahead(valid_from)
    return validated_save(VatRate(rate_percent=rate_percent, valid_from=valid_from, legal_basis=legal_basis))


@transaction.atomic
def update_vat_rate(*, rate: VatRate, **fields) -> VatRate:
    rate = VatRate.objects.select_for_update().get(pk=rate.pk)
    _refuse_unless_ahead(rate.valid_from)
    _refuse_unless_ahead(fields.get("valid_from", rate.valid_from))
    for name, value in fields.items():
        if name not in EDITABLE_FIELDS:
            raise DomainError(_("Không sửa được trường này."), code="not_editable", field=name)
        setattr(rate, name, value)
    return validated_save(rate)


@transaction.atomic
def delete_vat_rate(*, rate: VatRate) -> None:
    rate = VatRate.objects.select_for_update().get(pk=rate.pk)
    _refuse_unless_ahead(rate.valid_from)
    rate.delete()
