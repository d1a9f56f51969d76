"""VAT rates for managers: the rates in force read, the next one entered ahead (marketplace.taxes.services)."""

from django.contrib import admin, messages
from django.utils import timezone

from marketplace.core.admin_mixins import SaveThroughServiceMixin
from marketplace.core.errors import DomainError
from marketplace.taxes import services
from marketplace.taxes.models import VatRate


@admin.register(VatRate)
class VatRateAdmin(SaveThroughServiceMixin, admin.ModelAdmin):
    list_display = ["valid_from", "rate_percent", "legal_basis"]
    fields = ["rate_percent", "valid_from", "legal_basis"]
    create_service = services.add_vat_rate
    actions = None

    def update_through_service(self, obj, user, fields):
        return services.update_vat_rate(rate=obj, **fields)

    def has_change_permission(self, request, obj=None):
        ahead = obj is None or obj.valid_from > timezone.localdate()
        return ahead and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        ahead = obj is not None and obj.valid_from > timezone.localdate()
        return ahead and super().has_delete_permission(request, obj)

    def delete_model(self, request, obj):
        try:
            services.delete_vat_rate(rate=obj)
        except DomainError as error:
            self.message_user(request, error.message, messages.ERROR)
