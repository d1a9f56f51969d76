"""The manager's pages for producers (OCOP "chủ thể") and their products' OCOP certificates."""

from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from marketplace.catalogue import services as catalogue_services
from marketplace.catalogue.admin import OcopCertificateForm
from marketplace.core.admin_mixins import SafeAutocompleteMixin, SaveThroughServiceMixin
from marketplace.producers import services
from marketplace.producers.models import OcopCertificate, Producer


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


@admin.register(OcopCertificate)
class OcopCertificateAdmin(SafeAutocompleteMixin, SaveThroughServiceMixin, admin.ModelAdmin):
    create_service = catalogue_services.add_ocop_certificate
    form = OcopCertificateForm
    list_display = ["product", "producer", "stars", "score", "decision_number", "decision_date", "expires_on", "valid"]
    list_select_related = ["product__producer"]
    list_filter = ["stars", ValidityFilter, "batch_year"]
    search_fields = ["decision_number", "product__name", "product__producer__name"]
    autocomplete_fields = ["product"]
    readonly_fields = ["expires_on"]
    date_hierarchy = "decision_date"

    def update_through_service(self, obj, user, fields):
        return catalogue_services.update_ocop_certificate(certificate=obj, **fields)

    def delete_model(self, request, obj):
        catalogue_services.delete_ocop_certificate(certificate=obj)

    def delete_queryset(self, request, queryset):
        for certificate in queryset:
            catalogue_services.delete_ocop_certificate(certificate=certificate)

    @admin.display(description=_("chủ thể"), ordering="product__producer__name")
    def producer(self, certificate):
        return certificate.product.producer

    @admin.display(description=_("còn hiệu lực"), boolean=True)
    def valid(self, certificate):
        return certificate.is_valid_on(timezone.localdate())
