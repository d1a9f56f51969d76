"""Forms of the producer portal: they parse and check input; the services decide and write."""

from django import forms
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from marketplace.catalogue.models import Category
from marketplace.catalogue.validators import validate_ean13
from marketplace.core.money import format_vnd
from marketplace.core.numbers import parse_vnd
from marketplace.producers.models import OcopCertificate, Producer, RuralIndustryRecognition


class InvitationForm(forms.Form):
    producer = forms.ModelChoiceField(label=_("Chủ thể"), queryset=Producer.objects.filter(is_active=True))
    email = forms.EmailField(label=_("Email người được mời"))


class AcceptInvitationForm(forms.Form):
    last_name = forms.CharField(label=_("Họ"), max_length=150, required=False)
    first_name = forms.CharField(label=_("Tên"), max_length=150, required=False)
    password = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Ít nhất 8 ký tự, không chỉ gồm chữ số, không quá dễ đoán."),
    )
    password_again = forms.CharField(
        label=_("Nhập lại mật khẩu"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("Hai mật khẩu không giống nhau."))
        return data


class ProductForm(forms.Form):
    # Sorted as the labels read ("Group", then "Group › Subgroup"); a prompt rather than Django's "---------".
    category = forms.ModelChoiceField(
        label=_("Nhóm sản phẩm"),
        queryset=Category.objects.select_related("parent").order_by(
            Coalesce("parent__name", "name"), F("parent").asc(nulls_first=True), "name"
        ),
        empty_label=_("— Chọn nhóm sản phẩm —"),
    )
    name = forms.CharField(label=_("Tên sản phẩm"), max_length=250)
    description = forms.CharField(label=_("Mô tả"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    ingredients = forms.CharField(label=_("Thành phần"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    net_quantity = forms.CharField(label=_("Khối lượng/thể tích tịnh"), max_length=60, required=False)
    shelf_life = forms.CharField(label=_("Hạn sử dụng"), max_length=100, required=False)
    origin_place = forms.CharField(label=_("Nơi sản xuất"), max_length=255, required=False)


class VariantForm(forms.Form):
    sku = forms.CharField(label=_("Mã SKU"), max_length=64)
    name = forms.CharField(label=_("Tên quy cách"), max_length=255, required=False, help_text=_("Ví dụ: Chai 500 ml"))
    barcode = forms.CharField(
        label=_("Mã vạch EAN-13"),
        max_length=13,
        required=False,
        validators=[validate_ean13],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    weight_grams = forms.IntegerField(label=_("Khối lượng đóng gói (g)"), min_value=1, required=False)

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            # The SKU identifies the variant at the kiosks and in the ledger: it is not changed here.
            del self.fields["sku"]


class VndInput(forms.TextInput):
    """An amount of đồng shown grouped ("80.000"); static/portal/money-input.js groups it while typing too."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "numeric", "autocomplete": "off", "data-vnd": "", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, int) and not isinstance(value, bool):
            return format_vnd(value).replace("₫", "").strip()
        return super().format_value(value)


class VndField(forms.Field):
    """A price in whole đồng, typed "80.000", "80000" or "80,000"; more than 0 (a forgotten price is not free)."""

    widget = VndInput
    default_error_messages = {
        "invalid": _("Nhập giá bằng chữ số, ví dụ 80.000."),
        "zero": _("Giá bán phải lớn hơn 0 ₫."),
    }

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        amount = parse_vnd(value)
        if amount is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if amount == 0:
            raise forms.ValidationError(self.error_messages["zero"], code="zero")
        return amount


class PriceForm(forms.Form):
    """One price field per channel, named price_<channel id>; an empty field leaves that channel alone."""

    def __init__(self, *args, channels, **kwargs):
        super().__init__(*args, **kwargs)
        for channel in channels:
            self.fields[f"price_{channel.pk}"] = VndField(
                label=_("Giá bán tại %(channel)s (₫)") % {"channel": channel.name}, required=False
            )

    def prices(self, channels) -> list:
        return [
            (channel, self.cleaned_data[f"price_{channel.pk}"])
            for channel in channels
            if self.cleaned_data.get(f"price_{channel.pk}") is not None
        ]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    """Several files from one <input multiple>; each is checked by content in the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp", "capture": "environment"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class PhotoUploadForm(forms.Form):
    images = MultipleImageField(label=_("Chọn hoặc chụp ảnh (có thể chọn nhiều ảnh)"))
    alt = forms.CharField(
        label=_("Mô tả ảnh"),
        max_length=250,
        required=False,
        help_text=_("Cho người không xem được ảnh, ví dụ: Chai nước mắm 500 ml trên nền gỗ."),
    )


class CertificateForm(forms.Form):
    stars = forms.TypedChoiceField(label=_("Hạng sao"), choices=OcopCertificate.Stars.choices, coerce=int)
    score = forms.DecimalField(label=_("Điểm"), min_value=0, max_value=100, decimal_places=2)
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=100)
    decision_date = forms.DateField(label=_("Ngày ký quyết định"), widget=forms.DateInput(attrs={"type": "date"}))
    authority = forms.CharField(label=_("Cơ quan công nhận"), max_length=255)
    batch_year = forms.IntegerField(label=_("Năm đánh giá"), min_value=2017, max_value=2100, required=False)
    document = forms.FileField(
        label=_("Bản scan quyết định (PDF hoặc ảnh)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png,image/webp"}),
    )


class RuralIndustryForm(forms.Form):
    level = forms.TypedChoiceField(
        label=_("Cấp công nhận"),
        choices=RuralIndustryRecognition.Level.choices,
        coerce=int,
        help_text=_("Cấp huyện chỉ có ở các đợt trước 07/2025, khi còn huyện."),
    )
    year = forms.IntegerField(label=_("Năm bình chọn"), min_value=2010, max_value=2100)
    group = forms.ChoiceField(
        label=_("Nhóm sản phẩm CNNT"), choices=[("", "—"), *RuralIndustryRecognition.Group.choices], required=False
    )
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=100)
    decision_date = forms.DateField(label=_("Ngày ký quyết định"), widget=forms.DateInput(attrs={"type": "date"}))
    authority = forms.CharField(label=_("Cơ quan công nhận"), max_length=255, help_text=_("Ví dụ: UBND tỉnh Quảng Nam"))
    expires_on = forms.DateField(
        label=_("Hết hạn ngày (nếu có)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    document = CertificateForm.base_fields["document"]


class StartupProfileForm(forms.Form):
    """What a member may propose about their startup project; the status is not here (managers set it)."""

    project_name = forms.CharField(label=_("Tên dự án khởi nghiệp"), max_length=255)
    founded_year = forms.IntegerField(label=_("Năm thành lập"), min_value=1900, max_value=2100)
    founders_story = forms.CharField(
        label=_("Câu chuyện người sáng lập"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    innovation = forms.CharField(
        label=_("Điểm đổi mới sáng tạo"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    support_received = forms.CharField(
        label=_("Hỗ trợ đã nhận"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Ví dụ: giải Ba cuộc thi khởi nghiệp tỉnh, quỹ hỗ trợ…"),
    )
    support_decision_number = forms.CharField(label=_("Số quyết định hỗ trợ"), max_length=100, required=False)
    support_decision_date = forms.DateField(
        label=_("Ngày quyết định hỗ trợ"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ProfileForm(forms.Form):
    contact_name = forms.CharField(label=_("Người liên hệ"), max_length=120, required=False)
    phone = forms.CharField(
        label=_("Điện thoại"), max_length=20, required=False, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    email = forms.EmailField(label=_("Email"), required=False)
    street_address = forms.CharField(label=_("Số nhà, đường"), max_length=255, required=False)
    story = forms.CharField(
        label=_("Câu chuyện sản phẩm"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        help_text=_("Nguồn gốc, con người, cách làm – hiện trên trang sản phẩm."),
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp sản phẩm (CSV hoặc XLSX)"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
        help_text=_("Mỗi dòng một quy cách; cột như tệp xuất. Nếu có dòng lỗi, không dòng nào được lưu."),
    )


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Nhận xét cho chủ thể"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Bắt buộc khi từ chối: ghi rõ cần sửa gì."),
    )
