"""The manager's pages for producers (OCOP "chủ thể") and their products' OCOP certificates."""

from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from marketplace.catalogue import services as catalogue_services
from marketplace.catalogue.admin import OcopCertificateForm, RuralIndustryRecognitionForm
from marketplace.core.admin_mixins import SafeAutocompleteMixin, SaveThroughServiceMixin
from marketplace.producers import services
from marketplace.producers.models import OcopCertificate, Producer, RuralIndustryRecognition, StartupProfile


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
