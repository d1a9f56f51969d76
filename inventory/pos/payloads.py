"""The JSON a till sends for one sale, turned into service input. Shape errors become DomainErrors too, so the
till shows every refusal the same way."""

import json
import re
from decimal import Decimal

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from inventory.pos.models import SalePayment
from inventory.pos.services import LineInput, PaymentInput
from marketplace.core.errors import DomainError
from marketplace.core.numbers import is_whole_number
from marketplace.core.validation import checked_text

REFERENCE_LENGTH = SalePayment._meta.get_field("terminal_reference").max_length


def _bad(field: str) -> DomainError:
    return DomainError(_("Dữ liệu gửi từ máy bán hàng không hợp lệ."), code="bad_request", field=field)


def _int(value, field: str) -> int:
    if not is_whole_number(value):
        raise _bad(field)
    return value


# A percentage as a person types it: "10", "12.5", "7.25" — not "1e-999999", which Decimal would take.
PERCENT_TEXT = re.compile(r"\d{1,3}(\.\d{1,2})?")


def _decimal(value, field: str) -> Decimal:
    if is_whole_number(value):
        return Decimal(value)
    if isinstance(value, str) and PERCENT_TEXT.fullmatch(value):
        return Decimal(value)
    raise _bad(field)


def parse_sale(body: bytes) -> dict:
    """Keyword arguments for record_sale (without kiosk and staff) from the till's JSON body."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):  # a body of 5,000 "[" nests past Python's stack
        raise _bad("body") from None
    if not isinstance(data, dict) or not isinstance(data.get("lines"), list):
        raise _bad("lines")
    payments = data.get("payments", [])
    if not isinstance(payments, list):
        raise _bad("payments")
    try:
        lines = [
            LineInput(
                client_uuid=line["client_uuid"],
                variant_id=_int(line["variant_id"], f"lines.{index}.variant_id"),
                quantity=_int(line["quantity"], f"lines.{index}.quantity"),
                discount_percent=_decimal(line.get("discount_percent", 0), f"lines.{index}.discount_percent"),
            )
            for index, line in enumerate(data["lines"])
        ]
        payments = [
            PaymentInput(
                client_uuid=payment["client_uuid"],
                method=str(payment["method"]),
                amount=_int(payment["amount"], f"payments.{index}.amount"),
                reference=checked_text(
                    str(payment.get("reference", "")), field=f"payments.{index}.reference", max_length=REFERENCE_LENGTH
                ),
            )
            for index, payment in enumerate(payments)
        ]
    except (KeyError, TypeError):
        raise _bad("lines") from None
    created_at = None
    if data.get("created_at"):
        try:
            created_at = parse_datetime(str(data["created_at"]))
        except ValueError:
            created_at = None
        if created_at is None or created_at.tzinfo is None:
            raise _bad("created_at")
        # A till whose clock runs ahead must not date a sale in the future (and so in a later Z report).
        created_at = min(created_at, timezone.now())
    return {
        "client_uuid": data.get("client_uuid"),
        "lines": lines,
        "payments": payments,
        "discount": _decimal(data.get("discount", 0), "discount"),
        "created_at": created_at,
    }
