"""{% load money %}: amounts in đồng for every face (storefront, POS, portal, admin)."""

from django import template

from marketplace.core.money import format_vnd

register = template.Library()


@register.filter
def vnd(amount):
    """150000 → "150.000 ₫" (Vietnamese) or "₫150,000" (English); empty for no amount."""
    if amount is None or amount == "":
        return ""
    return format_vnd(int(amount))
