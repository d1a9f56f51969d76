from django.contrib import admin

from marketplace.checkout.models import ShippingMethod


@admin.register(ShippingMethod)
class ShippingMethodAdmin(admin.ModelAdmin):
    """Delivery prices and the free-delivery threshold are data a manager changes here."""

    list_display = ["name", "channel", "price_amount", "free_shipping_threshold_amount", "is_active", "sort_order"]
    list_filter = ["channel", "is_active"]
    list_editable = ["is_active", "sort_order"]
