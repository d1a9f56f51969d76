"""Money in Vietnamese đồng.

VND has no minor unit, so amounts are whole numbers held in integer columns: exact, and what Stripe expects
for a zero-decimal currency. The one rounding rule of the project lives here: half up to the whole đồng.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import get_language

VND = "VND"


def round_vnd(amount: Decimal | int) -> int:
    """Round a computed amount (a VAT share, a percentage discount) to a whole đồng, half up."""
    return int(Decimal(amount).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def vat_included(gross: int, rate_percent: Decimal | int) -> int:
    """The VAT contained in a VAT-inclusive price: gross × rate / (100 + rate), rounded once."""
    rate = Decimal(rate_percent)
    return round_vnd(Decimal(gross) * rate / (Decimal(100) + rate))


def format_vnd(amount: int, language: str | None = None) -> str:
    """'150.000 ₫' in Vietnamese, '₫150,000' in English; the active language unless one is named."""
    grouped = f"{int(amount):,}"
    if (language or get_language() or "vi").startswith("vi"):
        return grouped.replace(",", ".") + " ₫"
    return "₫" + grouped
