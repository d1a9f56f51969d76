"""The dashboard's filters, read from the query string: anything malformed becomes a message, never an error page."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inventory.models import Warehouse
from marketplace.catalogue.models import Category
from marketplace.channels.models import Channel
from marketplace.producers.models import OcopCertificate, Producer
from marketplace.reports.selectors import Filters

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
# The longest period one page reads: three years.
MAX_DAYS = 3 * 366


class DashboardFilterForm(forms.Form):
    start = forms.DateField(label=_("Từ ngày"), required=False, input_formats=DATE_FORMATS)
    end = forms.DateField(label=_("Đến ngày"), required=False, input_formats=DATE_FORMATS)
    location = forms.ModelChoiceField(
        label=_("Địa điểm"),
        queryset=Warehouse.objects.filter(kind__in=Warehouse.PHYSICAL_KINDS).order_by("kind", "name"),
        required=False,
        empty_label=_("Tất cả địa điểm"),
    )
    channel = forms.ModelChoiceField(
        label=_("Kênh bán"), queryset=Channel.objects.order_by("name"), required=False, empty_label=_("Tất cả kênh")
    )
    producer = forms.ModelChoiceField(
        label=_("Chủ thể"), queryset=Producer.objects.order_by("name"), required=False, empty_label=_("Tất cả chủ thể")
    )
    group = forms.ModelChoiceField(
        label=_("Nhóm OCOP"),
        queryset=Category.objects.select_related("parent").order_by("parent__name", "name"),
        required=False,
        empty_label=_("Tất cả nhóm"),
    )
    stars = forms.TypedChoiceField(
        label=_("Hạng sao"),
        choices=[("", _("Mọi hạng sao")), *OcopCertificate.Stars.choices],
        coerce=int,
        required=False,
        empty_value=None,
    )

    def __init__(self, *args, today: datetime.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        self.fields["group"].label_from_instance = lambda category: (
            f"{category.parent.name} › {category.name}" if category.parent_id else category.name
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", _("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu."))
        elif start and end and (end - start).days >= MAX_DAYS:
            self.add_error("start", _("Chọn khoảng thời gian tối đa ba năm."))
        return cleaned

    def filters(self) -> Filters:
        """The filters asked for; what failed to parse falls back to the default (this month to today)."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        end = data.get("end") or self.today
        start = data.get("start") or end.replace(day=1)
        if start > end or (end - start).days >= MAX_DAYS:
            start, end = self.today.replace(day=1), self.today
        channel_ids = None
        location, channel = data.get("location"), data.get("channel")
        if location is not None:
            channel_ids = tuple(location.channels.values_list("pk", flat=True))
        if channel is not None:
            channel_ids = tuple(pk for pk in (channel_ids or (channel.pk,)) if pk == channel.pk)
        producer, group = data.get("producer"), data.get("group")
        return Filters(
            start=start,
            end=end,
            channel_ids=channel_ids,
            producer_id=producer.pk if producer else None,
            category_id=group.pk if group else None,
            stars=data.get("stars"),
        )
