"""The manager's side of the till: VAT rates, kiosk settings, discount caps; sales and sessions to read.

Sales, payments, returns and cash sessions are written only by the till (through the services); here they can
be read, never edited.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from inventory.pos import services
from inventory.pos.models import (
    CashMovement,
    CashSession,
    DiscountLimit,
    KioskProfile,
    Sale,
    SaleLine,
    SalePayment,
    SaleReturn,
    SaleReturnLine,
    StockVarianceAlert,
)
from marketplace.core.admin_mixins import ReadOnlyAdminMixin, ReadOnlyInline, vnd_display
from marketplace.core.errors import DomainError


@admin.register(KioskProfile)
class KioskProfileAdmin(admin.ModelAdmin):
    list_display = ["kiosk", "receipt_prefix", "last_receipt_number", "seller_name", "seller_tax_code"]
    readonly_fields = ["kiosk", "channel", "receipt_prefix", "last_receipt_number"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DiscountLimit)
class DiscountLimitAdmin(admin.ModelAdmin):
    list_display = ["__str__", "max_percent", "updated_by", "updated_at"]
    fields = ["kiosk", "max_percent"]

    def save_model(self, request, obj, form, change):
        try:
            saved = services.set_discount_limit(
                kiosk=form.cleaned_data["kiosk"], max_percent=form.cleaned_data["max_percent"], user=request.user
            )
        except DomainError as error:
            self.message_user(request, error.message, messages.ERROR)
            return
        obj.pk = saved.pk


class SaleLineInline(ReadOnlyInline):
    model = SaleLine
    fields = ["product_name", "sku", "quantity", "quantity_returned", "price", "discount", "total"]
    price = vnd_display(SaleLine, "unit_price")
    discount = vnd_display(SaleLine, "discount_amount")
    total = vnd_display(SaleLine, "total_amount")


class SalePaymentInline(ReadOnlyInline):
    model = SalePayment
    fields = ["method", "paid", "cash_tendered", "cash_change", "terminal_reference"]
    paid = vnd_display(SalePayment, "amount")
    cash_tendered = vnd_display(SalePayment, "tendered")
    cash_change = vnd_display(SalePayment, "change")


@admin.register(Sale)
class SaleAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["receipt_number", "kiosk", "created_at", "total", "staff"]
    total = vnd_display(Sale, "total_amount")
    list_filter = ["kiosk", "channel", "payments__method"]
    search_fields = ["receipt_number", "lookup_code"]
    date_hierarchy = "created_at"
    list_select_related = ["kiosk", "staff"]
    inlines = [SaleLineInline, SalePaymentInline]


class SaleReturnLineInline(ReadOnlyInline):
    model = SaleReturnLine
    fields = ["sale_line", "quantity", "refund"]
    refund = vnd_display(SaleReturnLine, "refund_amount")


@admin.register(SaleReturn)
class SaleReturnAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["sale", "created_at", "refund", "refund_method", "reason", "staff"]
    refund = vnd_display(SaleReturn, "refund_amount")
    list_select_related = ["sale", "staff"]
    inlines = [SaleReturnLineInline]


class CashMovementInline(ReadOnlyInline):
    model = CashMovement
    fields = ["created_at", "kind", "money", "reason", "staff"]
    money = vnd_display(CashMovement, "amount")


@admin.register(CashSession)
class CashSessionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["kiosk", "opened_at", "closed_at", "opening", "expected", "counted", "cash_difference"]
    opening = vnd_display(CashSession, "opening_float")
    expected = vnd_display(CashSession, "expected_cash")
    counted = vnd_display(CashSession, "counted_cash")
    cash_difference = vnd_display(CashSession, "difference")
    list_filter = ["kiosk"]
    list_select_related = ["kiosk"]
    inlines = [CashMovementInline]


@admin.register(StockVarianceAlert)
class StockVarianceAlertAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["kiosk", "variant", "balance", "sale", "created_at", "resolved_at"]
    list_filter = ["kiosk", ("resolved_at", admin.EmptyFieldListFilter)]
    list_select_related = ["kiosk", "variant__product", "sale"]
    actions = ["resolve"]

    def get_actions(self, request):
        # The read-only mixin hides actions that need change rights; this one goes through a service.
        return {"resolve": self.get_action("resolve")} if request.user.is_manager else {}

    @admin.action(description=_("Đánh dấu đã kiểm tra"))
    def resolve(self, request, queryset):
        try:
            count = services.resolve_variance_alerts(alerts=list(queryset), user=request.user)
        except DomainError as error:
            self.message_user(request, error.message, messages.ERROR)
            return
        self.message_user(request, _("Đã đóng %(count)d cảnh báo.") % {"count": count}, messages.SUCCESS)
