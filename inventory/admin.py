"""The manager's view of stock: locations, balances and the ledger.

Balances and movements are read-only here: stock changes only through the services, which the two pages
"Nhập hàng" and "Điều chỉnh tồn" (linked from the stock list) call.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inventory import services
from inventory.forms import AdjustStockForm, ReceiptLineFormSet, ReceiveGoodsForm
from inventory.models import (
    LowStockDigest,
    LowStockThreshold,
    Stock,
    StockCount,
    StockCountLine,
    StockMovement,
    StockTransfer,
    StockTransferLine,
    Warehouse,
)
from marketplace.core.admin_mixins import ReadOnlyAdminMixin, ReadOnlyInline, SafeAutocompleteMixin
from marketplace.core.errors import DomainError
from marketplace.core.forms import add_domain_error


@admin.register(Warehouse)
class WarehouseAdmin(admin.ModelAdmin):
    """Places are created by data migrations with their channel and kiosk profile (inventory/locations.py); here a
    manager keeps a place's name, phone and address up to date, a plain edit with no rule beyond the model's."""

    list_display = ["name", "kind", "ward", "province", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "slug", "ward", "province"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "phone", "is_active"]}),
        (
            gettext_lazy("Địa chỉ"),
            {"fields": ["street_address", "ward", "ward_code", "province", "legacy_address"]},
        ),
    ]

    # Code looks places up by slug, the ledger depends on the kind, and a place that stops (is_active) leaves
    # its stock, transfers and channel behind: none of these change by hand.
    readonly_fields = ["slug", "kind", "is_active"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def may_change_stock(user) -> bool:
    """Recording a movement is the "add stock movement" right (the managers' group has it), never editing one."""
    return user.is_active and user.is_staff and user.has_perm("inventory.add_stockmovement")


@admin.register(Stock)
class StockAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["sku", "product_name", "warehouse", "quantity", "quantity_allocated", "available"]
    # Only places that keep balances: the virtual ones never have a Stock row.
    list_filter = [("warehouse", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["product_variant__sku", "product_variant__product__name"]
    search_help_text = gettext_lazy("Tìm theo SKU hoặc tên sản phẩm.")
    list_select_related = ["warehouse", "product_variant__product"]
    ordering = ["warehouse", "product_variant__sku"]
    change_list_template = "admin/inventory/stock/change_list.html"

    @admin.display(description=gettext_lazy("SKU"), ordering="product_variant__sku")
    def sku(self, stock):
        return stock.product_variant.sku

    @admin.display(description=gettext_lazy("sản phẩm"), ordering="product_variant__product__name")
    def product_name(self, stock):
        return str(stock.product_variant)

    @admin.display(description=gettext_lazy("có thể bán"), ordering=F("quantity") - F("quantity_allocated"))
    def available(self, stock):
        return stock.quantity_available

    @admin.display(description=gettext_lazy("điều chỉnh"))
    def adjust_link(self, stock):
        query = urlencode({"warehouse": stock.warehouse_id, "variant": stock.product_variant.sku})
        return format_html('<a href="{}?{}">{}</a>', reverse("admin:inventory_stock_adjust"), query, _("Điều chỉnh"))

    def get_list_display(self, request):
        columns = super().get_list_display(request)
        return [*columns, "adjust_link"] if may_change_stock(request.user) else columns

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("nhap-hang/", view(self.receive_goods_view), name="inventory_stock_receive"),
            path("dieu-chinh/", view(self.adjust_stock_view), name="inventory_stock_adjust"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "may_change_stock": may_change_stock(request.user)}
        return super().changelist_view(request, extra_context)

    def _page(self, request, title, forms, template="admin/inventory/stock/action_form.html"):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            "forms": forms,
        }
        return TemplateResponse(request, template, context)

    def _done(self, request, message):
        messages.success(request, message)
        return redirect(reverse("admin:inventory_stock_changelist"))

    def receive_goods_view(self, request):
        if not may_change_stock(request.user):
            raise PermissionDenied
        form = ReceiveGoodsForm(request.POST or None)
        lines = ReceiptLineFormSet(request.POST or None, prefix="lines")
        if request.method == "POST" and form.is_valid() and lines.is_valid():
            try:
                movements = services.receive_goods(
                    warehouse=form.cleaned_data["warehouse"],
                    producer=form.cleaned_data["producer"],
                    lines=lines.lines(),
                    user=request.user,
                    reference=form.cleaned_data["reference"],
                    note=form.cleaned_data["note"],
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                return self._done(
                    request,
                    _("Đã nhập %(count)d dòng hàng vào %(place)s.")
                    % {"count": len(movements), "place": form.cleaned_data["warehouse"]},
                )
        return self._page(request, _("Nhập hàng từ chủ thể"), {"form": form, "lines": lines})

    def adjust_stock_view(self, request):
        if not may_change_stock(request.user):
            raise PermissionDenied
        # The stock list links here with the row's place and SKU filled in.
        initial = {key: request.GET[key] for key in ("warehouse", "variant") if key in request.GET}
        form = AdjustStockForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                movement = services.adjust_stock(
                    warehouse=form.cleaned_data["warehouse"],
                    variant=form.cleaned_data["variant"],
                    quantity_delta=form.cleaned_data["quantity_delta"],
                    reason_note=form.cleaned_data["reason_note"],
                    user=request.user,
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                return self._done(request, _("Đã ghi điều chỉnh: %(movement)s.") % {"movement": movement})
        return self._page(request, _("Điều chỉnh tồn kho"), {"form": form})


@admin.register(StockMovement)
class StockMovementAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "sku", "source", "destination", "quantity", "reason", "reference", "created_by"]
    list_filter = ["reason", "source", "destination"]
    search_fields = ["product_variant__sku", "product_variant__product__name", "reference", "note"]
    list_select_related = ["product_variant", "source", "destination", "created_by"]
    date_hierarchy = "created_at"
    # When it was recorded is half of what a ledger line says; the field is not editable, so name it here.
    readonly_fields = ["created_at"]

    @admin.display(description=gettext_lazy("SKU"), ordering="product_variant__sku")
    def sku(self, movement):
        return movement.product_variant.sku


class StockTransferLineInline(ReadOnlyInline):
    model = StockTransferLine
    fields = ["product_variant", "quantity_shipped", "quantity_received"]


class StockCountLineInline(ReadOnlyInline):
    model = StockCountLine
    fields = ["product_variant", "expected_quantity", "counted_quantity"]


@admin.register(StockTransfer)
class StockTransferAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Transfers are shipped and received on the POS stock pages (/pos/<place>/chuyen-kho/), through the services."""

    list_display = ["number", "origin", "destination", "status", "shipped_at", "received_at"]
    list_filter = ["status", "origin", "destination"]
    search_fields = ["number"]
    inlines = [StockTransferLineInline]

    def view_on_site(self, obj):
        return reverse("pos:transfer", args=[obj.pk])


@admin.register(LowStockThreshold)
class LowStockThresholdAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
    """Managers set thresholds here; the alert list is /pos/sap-het/ and the digest `send_low_stock_digest`."""

    list_display = ["product_variant", "warehouse", "minimum_quantity"]
    list_filter = ["warehouse"]
    search_fields = ["product_variant__sku", "product_variant__product__name"]
    autocomplete_fields = ["product_variant"]

    def get_readonly_fields(self, request, obj=None):
        # A threshold belongs to one item at one place; another pair is another threshold.
        return ["warehouse", "product_variant"] if obj else []

    def save_model(self, request, obj, form, change):
        try:
            saved = services.set_low_stock_threshold(
                warehouse=obj.warehouse,
                variant=obj.product_variant,
                minimum_quantity=obj.minimum_quantity,
                user=request.user,
            )
        except DomainError as refused:
            raise PermissionDenied(refused.message) from refused
        obj.pk = saved.pk if saved else obj.pk

    def delete_model(self, request, obj):
        self.delete_queryset(request, [obj])

    def delete_queryset(self, request, queryset):
        # A threshold of 0 is no threshold: the service removes it.
        for threshold in queryset:
            try:
                services.set_low_stock_threshold(
                    warehouse=threshold.warehouse,
                    variant=threshold.product_variant,
                    minimum_quantity=0,
                    user=request.user,
                )
            except DomainError as refused:
                raise PermissionDenied(refused.message) from refused


@admin.register(StockCount)
class StockCountAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Counts are taken on the POS stock pages (/pos/<place>/kiem-ke/), through the services."""

    list_display = ["number", "warehouse", "status", "started_at", "posted_at", "reason"]
    list_filter = ["status", "warehouse"]
    search_fields = ["number"]
    inlines = [StockCountLineInline]

    def view_on_site(self, obj):
        return reverse("pos:count", args=[obj.pk])


@admin.register(LowStockDigest)
class LowStockDigestAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["day", "sent_at", "alert_count", "recipient_count"]
