"""Forms of the manager's stock pages: they parse input only; the services decide and write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from inventory.models import Warehouse
from marketplace.catalogue.models import ProductVariant
from marketplace.core.text import nfc
from marketplace.producers.models import Producer

# A kiosk's boxes are made from its parts on the till's "Hộp quà" page (inventory.services.assemble_gift_sets).
GIFT_SET_HAS_NO_STOCK = _(
    "Hộp quà được đóng từ các sản phẩm trong hộp tại trang Hộp quà của ki-ốt: hãy nhập, chuyển hoặc kiểm kê từng "
    "sản phẩm trong hộp."
)


def physical_places():
    return Warehouse.objects.filter(kind__in=Warehouse.PHYSICAL_KINDS, is_active=True).order_by("pk")


class SkuField(forms.CharField):
    """A variant typed by its SKU: a select of every variant would not scale to the whole catalogue."""

    def __init__(self, **kwargs):
        super().__init__(label=_("SKU"), max_length=64, **kwargs)

    def clean(self, value):
        sku = nfc(super().clean(value))
        if not sku:
            return None
        variant = ProductVariant.objects.select_related("product").filter(sku=sku).first()
        if variant is None:
            raise forms.ValidationError(_("Không có sản phẩm nào mang SKU %(sku)s.") % {"sku": sku}, code="unknown_sku")
        if variant.product.is_gift_set:
            raise forms.ValidationError(GIFT_SET_HAS_NO_STOCK, code="gift_set")
        return variant


class ReceiveGoodsForm(forms.Form):
    warehouse = forms.ModelChoiceField(label=_("Nhập vào kho"), queryset=physical_places())
    producer = forms.ModelChoiceField(label=_("Chủ thể giao hàng"), queryset=Producer.objects.filter(is_active=True))
    reference = forms.CharField(label=_("Số phiếu giao hàng"), max_length=64, required=False)
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)


class ReceiptLineForm(forms.Form):
    variant = SkuField(required=False)
    quantity = forms.IntegerField(label=_("Số lượng"), min_value=1, required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("variant") and not cleaned.get("quantity") and "quantity" not in self.errors:
            self.add_error("quantity", _("Nhập số lượng nhận."))
        if cleaned.get("quantity") and not cleaned.get("variant") and "variant" not in self.errors:
            self.add_error("variant", _("Nhập SKU của sản phẩm."))
        return cleaned


class BaseReceiptLineFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        if not self.lines():
            raise forms.ValidationError(_("Phiếu nhập phải có ít nhất một dòng hàng."), code="required")

    def lines(self) -> list[tuple[ProductVariant, int]]:
        return [
            (form.cleaned_data["variant"], form.cleaned_data["quantity"])
            for form in self.forms
            if form.cleaned_data.get("variant")
        ]


ReceiptLineFormSet = forms.formset_factory(ReceiptLineForm, formset=BaseReceiptLineFormSet, extra=5, max_num=50)


class AdjustStockForm(forms.Form):
    warehouse = forms.ModelChoiceField(label=_("Kho"), queryset=physical_places())
    variant = SkuField()
    quantity_delta = forms.IntegerField(
        label=_("Số lượng điều chỉnh"),
        help_text=_("Số dương để tăng tồn (tìm thấy thêm hàng), số âm để giảm (hư hỏng, thất lạc)."),
    )
    reason_note = forms.CharField(label=_("Lý do"), max_length=255)
