"""Channels: the HCMC online supermarket and one per kiosk, with the stock locations each sells from."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from marketplace.channels.models import Channel


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "kind", "currency_code", "warehouse_names", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "slug"]
    filter_horizontal = ["warehouses"]
    # Prices are in whole đồng: the currency is fixed (a database constraint says so too).
    readonly_fields = ["currency_code"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("warehouses")

    def get_readonly_fields(self, request, obj=None):
        # Code finds channels by slug (settings.STOREFRONT_CHANNEL_SLUG): fixed once the channel exists.
        return [*self.readonly_fields, "slug"] if obj else self.readonly_fields

    @admin.display(description=_("kho phục vụ"))
    def warehouse_names(self, channel):
        return ", ".join(warehouse.name for warehouse in channel.warehouses.all())

    def has_delete_permission(self, request, obj=None):
        # Orders and prices refer to channels; a channel that is no longer used is switched off instead.
        return False
