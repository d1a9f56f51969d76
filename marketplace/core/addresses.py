"""Delivery addresses in Hồ Chí Minh City: the checks checkout and the shoppers' address book share.

Both write the fields of `marketplace.core.models.DeliveryAddress`; cleaning them here means a saved address
is always one checkout accepts.
"""

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marketplace.core.errors import DomainError
from marketplace.core.hcmc_wards import HCMC_PROVINCE_NAME, HCMC_WARDS
from marketplace.core.text import nfc, plain_key

WARD_NAMES = dict(HCMC_WARDS)
# Sorted the way a shopper looks for a name, ignoring the "Phường"/"Xã" prefix and diacritics.
WARD_CHOICES = [("", gettext_lazy("— Chọn phường/xã —"))] + sorted(
    HCMC_WARDS, key=lambda ward: plain_key(ward[1].split(" ", 1)[-1])
)
# Vietnamese phone numbers: 10 digits starting with 0, or the same after +84 / 84.
_PHONE_RE = re.compile(r"^(?:\+?84|0)(\d{9})$")


def clean_phone(phone: str) -> str:
    """A Vietnamese phone number as 0xxxxxxxxx."""
    digits = re.sub(r"[\s.\-()]", "", nfc(phone))
    match = _PHONE_RE.match(digits)
    if not match:
        raise DomainError(
            _("Số điện thoại không hợp lệ: nhập 10 chữ số, ví dụ 0901234567."), code="invalid", field="phone"
        )
    return "0" + match.group(1)


def required_text(value: str, *, field: str, max_length: int) -> str:
    value = nfc(value)
    if not value:
        raise DomainError(_("Vui lòng điền thông tin này."), code="required", field=field)
    if len(value) > max_length:
        raise DomainError(
            _("Nội dung quá dài (tối đa %(max)d ký tự).") % {"max": max_length}, code="too_long", field=field
        )
    return value


def clean_ward_code(ward_code: str) -> str:
    """The official code of a ward, commune or special zone of Hồ Chí Minh City; any other code is refused."""
    ward_code = nfc(ward_code)
    if ward_code not in WARD_NAMES:
        raise DomainError(_("Vui lòng chọn phường/xã thuộc TP. Hồ Chí Minh."), code="invalid_ward", field="ward_code")
    return ward_code


def delivery_address_fields(*, full_name: str, street_address: str, ward_code: str) -> dict:
    """The checked fields of a DeliveryAddress in Hồ Chí Minh City, ready to set on a checkout or an address."""
    full_name = required_text(full_name, field="full_name", max_length=120)
    street_address = required_text(street_address, field="street_address", max_length=255)
    ward_code = clean_ward_code(ward_code)
    return {
        "shipping_full_name": full_name,
        "shipping_street_address": street_address,
        "shipping_ward_code": ward_code,
        "shipping_ward": WARD_NAMES[ward_code],
        "shipping_city": HCMC_PROVINCE_NAME,
    }
