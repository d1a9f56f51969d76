"""Channels: the HCMC online supermarket and one per kiosk, with the stock locations each sells from."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from marketplace.channels.models import Channel
from marketplace.core.admin_mixins import ReadOnlyAdminMixin


@admin.register(Channel)
class ChannelAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: the channels and the places each sells from are created by data migrations with the places
    themselves (inventory/locations.py), and code finds them by slug. Which warehouse a channel sells from decides
    where its orders are allocated, so a change is a migration, reviewed like code."""

    list_display = ["name", "slug", "kind", "currency_code", "warehouse_names", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "slug"]
    filter_horizontal = ["warehouses"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("warehouses")

    @admin.display(description=_("kho phục vụ"))
    def warehouse_names(self, channel):
        return ", ".join(warehouse.name for warehouse in channel.warehouses.all())
