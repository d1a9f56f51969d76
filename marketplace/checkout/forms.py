"""Forms of the cart and checkout pages: they parse input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from marketplace.checkout.services import MAX_LINE_QUANTITY
from marketplace.core.addresses import WARD_CHOICES

QUANTITY_ERRORS = {
    "required": _("Vui lòng nhập số lượng."),
    "invalid": _("Số lượng phải là một số nguyên, ví dụ 2."),
    "min_value": _("Số lượng phải từ %(limit_value)s trở lên."),
    "max_value": _("Mỗi sản phẩm đặt tối đa %(limit_value)s; cần số lượng lớn hơn, vui lòng gọi hotline."),
}


class AddToCartForm(forms.Form):
    variant_id = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    quantity = forms.IntegerField(
        label=_("Số lượng"), min_value=1, max_value=MAX_LINE_QUANTITY, initial=1, error_messages=QUANTITY_ERRORS
    )


class LineQuantityForm(forms.Form):
    quantity = forms.IntegerField(
        label=_("Số lượng"), min_value=0, max_value=MAX_LINE_QUANTITY, error_messages=QUANTITY_ERRORS
    )


def quantity_error(form) -> str:
    """What was wrong with the quantity typed, in the shopper's words (the first error of the form)."""
    errors = form.errors.get("quantity") or [error for errors in form.errors.values() for error in errors]
    return errors[0] if errors else ""


class CheckoutDetailsForm(forms.Form):
    # Phone first: Vietnamese shoppers are reached by phone and Zalo. Email only for paying by transfer or card.
    phone = forms.CharField(label=_("Số điện thoại"), max_length=20)
    email = forms.EmailField(
        label=_("Email (không bắt buộc khi trả tiền mặt)"),
        max_length=254,
        required=False,
        help_text=_("Để nhận xác nhận và đường link theo dõi đơn; cần khi chuyển khoản hoặc trả bằng thẻ."),
    )
    full_name = forms.CharField(label=_("Họ tên người nhận"), max_length=120)
    street_address = forms.CharField(label=_("Số nhà, tên đường"), max_length=255)
    ward_code = forms.ChoiceField(label=_("Phường/xã (TP. Hồ Chí Minh)"), choices=WARD_CHOICES)
    shipping_method = forms.TypedChoiceField(label=_("Phương thức giao hàng"), coerce=int, widget=forms.RadioSelect)
    customer_note = forms.CharField(label=_("Ghi chú cho người giao"), max_length=255, required=False)

    def __init__(self, *args, shipping_methods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shipping_method"].choices = [(method.pk, method.shown_name) for method in shipping_methods]
        if shipping_methods and not self.initial.get("shipping_method"):
            # The first method (standard delivery, by the methods' order) is chosen unless the shopper picks another.
            self.initial["shipping_method"] = shipping_methods[0].pk
        autocomplete = {
            "email": "email",
            "phone": "tel",
            "full_name": "name",
            "street_address": "street-address",
        }
        for name, token in autocomplete.items():
            self.fields[name].widget.attrs["autocomplete"] = token
        self.fields["phone"].widget.input_type = "tel"


class PlaceOrderForm(forms.Form):
    # The total the shopper was shown: the order is refused if it changed meanwhile.
    expected_total = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    payment_method = forms.ChoiceField(label=_("Thanh toán"), widget=forms.RadioSelect)

    def __init__(self, *args, payment_methods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["payment_method"].choices = [(method.value, method.label) for method in payment_methods]
        self.fields["payment_method"].initial = payment_methods[0].value if payment_methods else None
