from django import template

from marketplace.core.templatetags import money

register = template.Library()


register.filter("vnd", money.vnd)


@register.filter
def percent(value):
    """A rate without trailing zeros: Decimal("8.00") → "8"."""
    return format(value.normalize(), "f") if value is not None else ""
