from django import template
from django.utils import translation

from marketplace.core.money import format_vnd

register = template.Library()


@register.filter
def vnd(amount):
    """150000 → "150.000 ₫" (or "₫150,000" in English)."""
    if amount is None or amount == "":
        return ""
    return format_vnd(int(amount), translation.get_language() or "vi")


@register.filter
def percent(value):
    """A rate without trailing zeros: Decimal("8.00") → "8"."""
    return format(value.normalize(), "f") if value is not None else ""
