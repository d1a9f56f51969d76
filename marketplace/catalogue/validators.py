from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def ean13_check_digit(first_twelve: str) -> int:
    """GS1 check digit: weights 1 and 3 alternate from the left over the first twelve digits."""
    total = sum(int(digit) * (3 if index % 2 else 1) for index, digit in enumerate(first_twelve))
    return (10 - total % 10) % 10


def validate_ean13(value: str) -> None:
    if len(value) != 13 or not value.isdigit():
        raise ValidationError(_("Mã vạch EAN-13 phải có đúng 13 chữ số."), code="invalid_barcode")
    if ean13_check_digit(value[:12]) != int(value[12]):
        raise ValidationError(_("Mã vạch EAN-13 sai số kiểm tra."), code="invalid_barcode_check_digit")
