"""The whole-number check every count and amount of đồng goes through."""

from marketplace.core.errors import DomainError


def is_whole_number(value, *, minimum: int | None = None, maximum: int | None = None) -> bool:
    """An int within the bounds (each bound included). bool is an int in Python: True is never one đồng or one item."""
    if isinstance(value, bool) or not isinstance(value, int):
        return False
    return (minimum is None or value >= minimum) and (maximum is None or value <= maximum)


def check_whole_number(
    value, *, field: str, message: str, minimum: int | None = None, maximum: int | None = None, code: str = "invalid"
) -> int:
    """The value if it is a whole number within the bounds; otherwise DomainError(message) on the field."""
    if not is_whole_number(value, minimum=minimum, maximum=maximum):
        raise DomainError(message, code=code, field=field)
    return value


# More digits than any count or amount of đồng we keep; int() of a longer string is refused or slow anyway.
MAX_TYPED_DIGITS = 15


def parse_whole_number(raw) -> int | None:
    """The number a person typed (ASCII digits, surrounding spaces allowed), or None for anything else.

    str.isdigit() alone is not enough: it accepts "²" and "①", which int() refuses.
    """
    if not isinstance(raw, str):
        return None
    raw = raw.strip()
    if not raw or len(raw) > MAX_TYPED_DIGITS or not (raw.isascii() and raw.isdigit()):
        return None
    return int(raw)


# What people write between the digits of an amount of đồng: "80.000", "80,000", "80 000", "80.000 ₫", "₫80,000".
_AMOUNT_DECORATION = str.maketrans("", "", ".,\u0020\u00a0\u202f₫đ")


def parse_vnd(raw) -> int | None:
    """An amount of đồng as a person types it, grouped or not ("150.000", "150000", "₫150,000"), or None."""
    if not isinstance(raw, str):
        return None
    return parse_whole_number(raw.translate(_AMOUNT_DECORATION))
