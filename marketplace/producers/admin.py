"""The manager's pages for producers (OCOP "chủ thể") and their products' OCOP certificates."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Sum
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from marketplace.catalogue import services as catalogue_services
from marketplace.catalogue.admin import OcopCertificateForm, RuralIndustryRecognitionForm
from marketplace.core.admin_mixins import ReadOnlyInline, SafeAutocompleteMixin, SaveThroughServiceMixin, vnd_display
from marketplace.core.errors import DomainError
from marketplace.core.money import format_vnd
from marketplace.core.numbers import parse_whole_number
from marketplace.producers import selectors, services, statements
from marketplace.producers.models import (
    OcopCertificate,
    Producer,
    RuralIndustryRecognition,
    SettlementLine,
    SettlementRun,
    StartupProfile,
)


@admin.register(Producer)
class ProducerAdmin(SaveThroughServiceMixin, admin.ModelAdmin):
    create_service = services.create_producer
    list_display = [
        "name",
        "legal_form",
        "tax_code",
        "province",
        "product_count",
        "certificate_count",
        "is_active",
        "portal_links",
    ]
    list_filter = ["legal_form", "is_active", "province"]
    search_fields = ["name", "slug", "tax_code", "contact_name", "phone", "email"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "legal_form", "tax_code", "is_active", "commission_rate"]}),
        (_("Tài khoản nhận tiền quyết toán"), {"fields": ["bank_account_name", "bank_account_number", "bank_name"]}),
        (_("Liên hệ"), {"fields": ["contact_name", "phone", "email"]}),
        (_("Địa chỉ"), {"fields": ["street_address", "ward", "ward_code", "province", "legacy_address"]}),
        (_("Câu chuyện"), {"fields": ["story"]}),
    ]

    def get_queryset(self, request):
        # Both counts walk one-to-many joins from the producer; distinct keeps one from multiplying the other.
        return (
            super()
            .get_queryset(request)
            .annotate(
                product_count=Count("products", distinct=True),
                certificate_count=Count("products__ocop_certificates", distinct=True),
            )
        )

    def update_through_service(self, obj, user, fields):
        return services.update_producer(producer=obj, **fields)

    @admin.display(description=_("số sản phẩm"), ordering="product_count")
    def product_count(self, producer):
        return producer.product_count

    @admin.display(description=_("số chứng nhận OCOP"), ordering="certificate_count")
    def certificate_count(self, producer):
        return producer.certificate_count

    @admin.display(description=_("cổng chủ thể"))
    def portal_links(self, producer):
        return format_html(
            '<a href="{}?producer={}">{}</a> · <a href="{}?producer={}">{}</a>',
            reverse("portal:statement"),
            producer.pk,
            _("bảng kê"),
            reverse("portal:invite"),
            producer.pk,
            _("mời thành viên"),
        )


class ValidityFilter(admin.SimpleListFilter):
    title = _("hiệu lực")
    parameter_name = "hieu_luc"

    def lookups(self, request, model_admin):
        return [("con", _("Còn hiệu lực")), ("het", _("Đã hết hạn"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "con":
            return queryset.valid_on(today)
        if self.value() == "het":
            return queryset.expired_on(today)
        return queryset


class RecognitionAdmin(SafeAutocompleteMixin, SaveThroughServiceMixin, admin.ModelAdmin):
    """What the admin pages of every kind of recognition share: saved and deleted through the catalogue's
    recognition services, searched by decision and product."""

    search_fields = ["decision_number", "product__name", "product__producer__name"]
    list_select_related = ["product__producer"]
    autocomplete_fields = ["product"]
    date_hierarchy = "decision_date"

    def update_through_service(self, obj, user, fields):
        return catalogue_services.update_recognition(recognition=obj, **fields)

    def delete_model(self, request, obj):
        catalogue_services.delete_recognition(recognition=obj)

    def delete_queryset(self, request, queryset):
        for recognition in queryset:
            catalogue_services.delete_recognition(recognition=recognition)

    @admin.display(description=_("chủ thể"), ordering="product__producer__name")
    def producer(self, recognition):
        return recognition.product.producer

    @admin.display(description=_("còn hiệu lực"), boolean=True)
    def valid(self, recognition):
        return recognition.is_valid_on(timezone.localdate())


@admin.register(RuralIndustryRecognition)
class RuralIndustryRecognitionAdmin(RecognitionAdmin):
    create_service = catalogue_services.add_rural_industry_recognition
    form = RuralIndustryRecognitionForm
    list_display = ["product", "producer", "level", "year", "decision_number", "decision_date", "expires_on", "valid"]
    list_filter = ["level", ValidityFilter, "year", "group", "is_published"]


@admin.register(StartupProfile)
class StartupProfileAdmin(SafeAutocompleteMixin, SaveThroughServiceMixin, admin.ModelAdmin):
    """Managers mark producers as startup projects and set their status; members only propose story changes."""

    create_service = services.create_startup_profile
    list_display = ["project_name", "producer", "status", "founded_year", "support_decision_date"]
    list_select_related = ["producer"]
    list_filter = ["status"]
    list_editable = ["status"]
    search_fields = ["project_name", "producer__name"]
    autocomplete_fields = ["producer"]
    fieldsets = [
        (None, {"fields": ["producer", "project_name", "status", "founded_year"]}),
        (_("Câu chuyện"), {"fields": ["founders_story", "innovation"]}),
        (_("Hỗ trợ đã nhận"), {"fields": ["support_received", "support_decision_number", "support_decision_date"]}),
    ]

    def update_through_service(self, obj, user, fields):
        return services.update_startup_profile(profile=obj, **fields)

    def delete_model(self, request, obj):
        services.delete_startup_profile(profile=obj)

    def delete_queryset(self, request, queryset):
        for profile in queryset:
            services.delete_startup_profile(profile=profile)


@admin.register(OcopCertificate)
class OcopCertificateAdmin(RecognitionAdmin):
    create_service = catalogue_services.add_ocop_certificate
    form = OcopCertificateForm
    list_display = ["product", "producer", "stars", "score", "decision_number", "decision_date", "expires_on", "valid"]
    list_filter = ["stars", ValidityFilter, "batch_year"]
    readonly_fields = ["expires_on"]

    def valid(self, certificate):
        return certificate.is_valid_on(timezone.localdate())


class SettlementRunForm(forms.ModelForm):
    """The add page asks for the month only ("YYYY-MM", the browser's month picker)."""

    month_text = forms.CharField(label=_("Tháng quyết toán"), widget=forms.TextInput(attrs={"type": "month"}))

    class Meta:
        model = SettlementRun
        fields = []

    def clean_month_text(self):
        month = selectors.parse_month(self.cleaned_data["month_text"])
        if month is None:
            raise forms.ValidationError(_("Chọn một tháng (năm-tháng, ví dụ 2026-12)."))
        return month


class SettlementLineInline(ReadOnlyInline):
    model = SettlementLine
    fields = [
        "producer",
        "period_shown",
        "kiosk_units",
        "kiosks_shown",
        "online_units",
        "returned_units",
        "revenue_shown",
        "vat_shown",
        "commission_rate",
        "commission_shown",
        "payable_shown",
        "statement_link",
    ]
    revenue_shown = vnd_display(SettlementLine, "revenue")
    vat_shown = vnd_display(SettlementLine, "vat_amount")
    commission_shown = vnd_display(SettlementLine, "commission")
    payable_shown = vnd_display(SettlementLine, "payable")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("producer", "run")

    @admin.display(description=_("theo ki-ốt"))
    def kiosks_shown(self, line):
        return " · ".join(f"{place} {units}" for place, units in line.units_by_kiosk.items()) or "—"

    @admin.display(description=_("bảng kê"))
    def statement_link(self, line):
        """The producer's own statement page of the month, to compare with the line."""
        url = f"{reverse('portal:statement')}?producer={line.producer_id}&month={line.run.month:%Y-%m}"
        return format_html('<a href="{}">{}</a>', url, _("xem"))

    @admin.display(description=_("tháng số liệu"))
    def period_shown(self, line):
        if line.period == line.run.month:
            return f"{line.period:%m/%Y}"
        return _("%(month)s (điều chỉnh)") % {"month": f"{line.period:%m/%Y}"}


@admin.register(SettlementRun)
class SettlementRunAdmin(SaveThroughServiceMixin, admin.ModelAdmin):
    """Managers only: open a month's run, review its lines, lock it, download the bank file."""

    form = SettlementRunForm
    inlines = [SettlementLineInline]
    list_display = ["month_shown", "status", "producer_count", "revenue_total", "payable_total", "locked_at"]
    actions = ["lock_selected", "bank_file_selected"]
    readonly_fields = ["month_shown", "status", "created_by", "created_at", "locked_by", "locked_at", "totals"]

    def _is_manager(self, request) -> bool:
        return request.user.is_active and request.user.is_manager

    def has_module_permission(self, request):
        return self._is_manager(request)

    def has_view_permission(self, request, obj=None):
        return self._is_manager(request)

    def has_add_permission(self, request):
        return self._is_manager(request)

    def has_change_permission(self, request, obj=None):
        return False  # lines come from the statements; a run only moves on through its buttons

    def has_delete_permission(self, request, obj=None):
        return False

    def get_fields(self, request, obj=None):
        return ["month_text"] if obj is None else self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def get_inlines(self, request, obj):
        return [] if obj is None else self.inlines

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("created_by", "locked_by")
            .annotate(
                producer_count=Count("lines__producer", distinct=True),
                revenue_sum=Sum("lines__revenue"),
                payable_sum=Sum("lines__payable"),
            )
        )

    def save_model(self, request, obj, form, change):
        saved = services.create_settlement_run(month=form.cleaned_data["month_text"], user=request.user)
        obj.pk, obj.month, obj._state.adding, obj._state.db = saved.pk, saved.month, False, saved._state.db

    def save_related(self, request, form, formsets, change):
        pass  # the lines were made by the service

    @admin.display(description=_("tháng"), ordering="month")
    def month_shown(self, run):
        return f"{run.month:%m/%Y}"

    @admin.display(description=_("số chủ thể"))
    def producer_count(self, run):
        return run.producer_count

    @admin.display(description=_("doanh thu gồm VAT"))
    def revenue_total(self, run):
        return format_vnd(run.revenue_sum or 0)

    @admin.display(description=_("phải trả chủ thể"))
    def payable_total(self, run):
        return format_vnd(run.payable_sum or 0)

    @admin.display(description=_("tổng cộng"))
    def totals(self, run):
        sums = run.lines.aggregate(
            revenue=Sum("revenue", default=0),
            vat=Sum("vat_amount", default=0),
            commission=Sum("commission", default=0),
            payable=Sum("payable", default=0),
        )
        return _("Doanh thu %(revenue)s (thuế GTGT %(vat)s) · hoa hồng %(commission)s · phải trả %(payable)s") % {
            name: format_vnd(value) for name, value in sums.items()
        }

    def get_urls(self):
        return [
            path(
                "<int:run_id>/thao-tac/<slug:step>/",
                self.admin_site.admin_view(self.step_view),
                name="producers_settlementrun_step",
            ),
            path(
                "<int:run_id>/ngan-hang.csv",
                self.admin_site.admin_view(self.bank_file_view),
                name="producers_settlementrun_bank_file",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        run = SettlementRun.objects.filter(pk=parse_whole_number(object_id)).first()
        buttons = []
        if run is not None and self._is_manager(request):
            if run.is_locked:
                buttons.append(
                    ("get", reverse("admin:producers_settlementrun_bank_file", args=[run.pk]), _("Xuất file ngân hàng"))
                )
            else:
                for step, label in self.STEPS.items():
                    buttons.append(("post", reverse("admin:producers_settlementrun_step", args=[run.pk, step]), label))
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), "run_buttons": buttons})

    STEPS = {"khoa-ky": gettext_lazy("Khoá kỳ"), "tinh-lai": gettext_lazy("Tính lại")}

    def step_view(self, request, run_id, step):
        if not self._is_manager(request) or step not in self.STEPS or request.method != "POST":
            raise PermissionDenied
        run = get_object_or_404(SettlementRun, pk=run_id)
        try:
            if step == "khoa-ky":
                services.lock_settlement_run(run=run, user=request.user)
                self.message_user(request, _("Đã khoá kỳ %(month)s.") % {"month": run}, messages.SUCCESS)
            else:
                services.recompute_settlement_run(run=run, user=request.user)
                self.message_user(request, _("Đã tính lại kỳ %(month)s.") % {"month": run}, messages.SUCCESS)
        except DomainError as refused:
            self.message_user(request, refused.message, messages.ERROR)
        return HttpResponseRedirect(reverse("admin:producers_settlementrun_change", args=[run.pk]))

    def bank_file_view(self, request, run_id):
        if not self._is_manager(request):
            raise PermissionDenied
        run = get_object_or_404(SettlementRun, pk=run_id)
        try:
            content = statements.bank_transfer_csv(run)
        except DomainError as refused:
            self.message_user(request, refused.message, messages.ERROR)
            return HttpResponseRedirect(reverse("admin:producers_settlementrun_change", args=[run.pk]))
        response = HttpResponse(content, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="chuyen-khoan-{run.month:%Y-%m}.csv"'
        response["Cache-Control"] = "private, no-store"
        return response

    @admin.action(description=gettext_lazy("Khoá kỳ"))
    def lock_selected(self, request, queryset):
        for run in queryset.order_by("month"):
            try:
                services.lock_settlement_run(run=run, user=request.user)
            except DomainError as refused:
                self.message_user(request, refused.message, messages.ERROR)
            else:
                self.message_user(request, _("Đã khoá kỳ %(month)s.") % {"month": run}, messages.SUCCESS)

    @admin.action(description=gettext_lazy("Xuất file ngân hàng"))
    def bank_file_selected(self, request, queryset):
        runs = list(queryset[:2])
        if len(runs) != 1:
            self.message_user(request, _("Chọn đúng một kỳ để xuất file ngân hàng."), messages.ERROR)
            return None
        return HttpResponseRedirect(reverse("admin:producers_settlementrun_bank_file", args=[runs[0].pk]))
