"""Forms of the cart and checkout pages: they parse input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from marketplace.checkout.services import MAX_LINE_QUANTITY
from marketplace.core.addresses import WARD_CHOICES


class AddToCartForm(forms.Form):
    variant_id = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    quantity = forms.IntegerField(label=_("Số lượng"), min_value=1, max_value=MAX_LINE_QUANTITY, initial=1)


class LineQuantityForm(forms.Form):
    quantity = forms.IntegerField(label=_("Số lượng"), min_value=0, max_value=MAX_LINE_QUANTITY)


class CheckoutDetailsForm(forms.Form):
    email = forms.EmailField(label=_("Email"), max_length=254)
    phone = forms.CharField(label=_("Số điện thoại"), max_length=20)
    full_name = forms.CharField(label=_("Họ tên người nhận"), max_length=120)
    street_address = forms.CharField(label=_("Số nhà, tên đường"), max_length=255)
    ward_code = forms.ChoiceField(label=_("Phường/xã (TP. Hồ Chí Minh)"), choices=WARD_CHOICES)
    shipping_method = forms.TypedChoiceField(label=_("Phương thức giao hàng"), coerce=int, widget=forms.RadioSelect)
    customer_note = forms.CharField(label=_("Ghi chú cho người giao"), max_length=255, required=False)

    def __init__(self, *args, shipping_methods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shipping_method"].choices = [(method.pk, method.name) for method in shipping_methods]
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
