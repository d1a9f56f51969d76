"""Back office for online orders: read everything, change only through the order and payment services."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marketplace.core.admin_mixins import ReadOnlyInline, vnd_display
from marketplace.core.errors import DomainError
from marketplace.core.forms import add_domain_error
from marketplace.core.money import format_vnd
from marketplace.core.numbers import parse_whole_number
from marketplace.orders.models import Order, OrderEvent, OrderLine, OrderReturn
from marketplace.orders.selectors import OrderAction, allowed_actions, returnable_lines, returns_to_refund
from marketplace.orders.services import ORDER_EMAILS, fulfill_order
from marketplace.payments.models import TransactionItem
from marketplace.payments.services import (
    cancel_order_with_payments,
    record_cash_collected,
    record_transfer_received,
    refund_order_return,
    return_order,
)
from marketplace.payments.stripe_payments import refund_card_payment


class OrderLineInline(ReadOnlyInline):
    model = OrderLine
    fields = [
        "product_sku",
        "product_name",
        "variant_name",
        "quantity",
        "quantity_fulfilled",
        "quantity_returned",
        "unit_price",
    ]
    unit_price = vnd_display(OrderLine, "unit_price_amount")


class OrderReturnInline(ReadOnlyInline):
    model = OrderReturn
    fields = [
        "return_order",
        "created_at",
        "status",
        "restocked",
        "refund_method",
        "refund",
        "refund_reference",
        "reason",
    ]
    refund = vnd_display(OrderReturn, "refund_amount")


class TransactionInline(ReadOnlyInline):
    model = TransactionItem
    fields = ["name", "psp_reference", "charged", "charge_pending", "refunded", "created_at"]
    charged = vnd_display(TransactionItem, "charged_amount")
    charge_pending = vnd_display(TransactionItem, "charge_pending_amount")
    refunded = vnd_display(TransactionItem, "refunded_amount")


class OrderEventInline(ReadOnlyInline):
    model = OrderEvent
    fields = ["date", "type", "user", "details"]

    @admin.display(description=OrderEvent._meta.get_field("parameters").verbose_name)
    def details(self, event):
        """What the event's parameters say, in words: "Số tiền: 410.000 ₫", not {"amount": 410000}."""
        parameters = event.parameters or {}
        parts = []
        if "amount" in parameters:
            parts.append(_("Số tiền: %(amount)s") % {"amount": format_vnd(parameters["amount"])})
        if "return" in parameters:
            parts.append(_("Lần trả thứ %(number)s") % {"number": parameters["return"]})
        if "fulfillment" in parameters:
            parts.append(_("Lần giao thứ %(number)s") % {"number": parameters["fulfillment"]})
        if parameters.get("tracking_number"):
            parts.append(_("Mã vận đơn: %(code)s") % {"code": parameters["tracking_number"]})
        if parameters.get("email") in ORDER_EMAILS:
            subject = str(ORDER_EMAILS[parameters["email"]]) % {"number": event.order.number}
            parts.append(_("Email “%(subject)s”") % {"subject": subject})
        return " · ".join(parts)


class FulfillForm(forms.Form):
    tracking_number = forms.CharField(label=gettext_lazy("Mã vận đơn"), max_length=64, required=False)


class TransferReceivedForm(forms.Form):
    amount = forms.IntegerField(label=gettext_lazy("Số tiền nhận được (₫)"), min_value=1)
    bank_reference = forms.CharField(label=gettext_lazy("Mã giao dịch ngân hàng"), max_length=100, required=False)


class RefundForm(forms.Form):
    amount = forms.IntegerField(label=gettext_lazy("Số tiền hoàn (₫)"), min_value=1)


class ConfirmForm(forms.Form):
    """No fields: the page asks the manager to confirm one action."""


class ReturnForm(forms.Form):
    """Units coming back per delivered line (blank: none), whether they go back on sale, and why. Quantities are
    read as ASCII digits only ("²" and "-1" are refused here); the service checks them again under its locks."""

    restock = forms.BooleanField(
        label=gettext_lazy("Nhập lại kho để bán tiếp"),
        required=False,
        initial=True,
        help_text=gettext_lazy("Bỏ chọn khi hàng đã mở, hỏng hoặc hết hạn: hàng được ghi vào hao hụt."),
    )
    reason = forms.CharField(label=gettext_lazy("Lý do trả hàng"), max_length=255)

    def __init__(self, *args, order: Order, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = {f"line_{line.pk}": line for line in returnable_lines(order)}
        for name, line in self.lines.items():
            self.fields[name] = forms.CharField(
                label=f"{line.product_sku} – {line.product_name}",
                required=False,
                help_text=_("Đã giao %(delivered)d, đã trả %(returned)d, đơn giá %(price)s.")
                % {
                    "delivered": line.quantity_fulfilled,
                    "returned": line.quantity_returned,
                    "price": format_vnd(line.unit_price_amount),
                },
            )
        self.order_fields = [*self.lines, "restock", "reason"]
        self.fields = {name: self.fields[name] for name in self.order_fields}

    def clean(self):
        cleaned = super().clean()
        units = {}
        for name, line in self.lines.items():
            raw = (self.data.get(self.add_prefix(name)) or "").strip()
            if not raw:
                continue
            quantity = parse_whole_number(raw)
            if quantity is None:
                self.add_error(name, _("Nhập số nguyên không âm, ví dụ 1."))
            elif quantity > line.quantity_returnable:
                self.add_error(name, _("Chỉ còn %(count)d có thể trả lại.") % {"count": line.quantity_returnable})
            elif quantity:
                units[line] = quantity
        if not units and not self.errors:
            raise forms.ValidationError(_("Nhập số lượng trả lại của ít nhất một mặt hàng."))
        cleaned["lines"] = units
        return cleaned


class RefundReturnForm(forms.Form):
    """Pay a return's refund still owed: to the card again, or record the bank transfer made to the customer."""

    order_return = forms.ModelChoiceField(label=gettext_lazy("Lần trả hàng"), queryset=OrderReturn.objects.none())
    reference = forms.CharField(
        label=gettext_lazy("Mã giao dịch chuyển khoản hoàn tiền"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("Bắt buộc khi hoàn bằng chuyển khoản; để trống khi hoàn về thẻ."),
    )

    def __init__(self, *args, order: Order, **kwargs):
        super().__init__(*args, **kwargs)
        owed = returns_to_refund(order)
        self.fields["order_return"].queryset = OrderReturn.objects.filter(pk__in=[row.pk for row in owed])
        self.fields["order_return"].initial = owed[0].pk if owed else None
        self.fields["order_return"].label_from_instance = lambda row: (
            _("Lần %(number)d: %(amount)s – %(method)s")
            % {
                "number": row.return_order,
                "amount": format_vnd(row.refund_amount),
                "method": row.get_refund_method_display(),
            }
        )


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ["number", "created_at", "status", "charge_status", "total", "user_email", "shipping_ward"]
    list_filter = ["status", "charge_status", "channel", "transactions__method", "shipping_method_name"]
    search_fields = ["=number", "user_email", "user_phone", "shipping_full_name"]
    date_hierarchy = "created_at"
    inlines = [OrderLineInline, OrderReturnInline, TransactionInline, OrderEventInline]
    change_form_template = "admin/orders/order/change_form.html"
    actions = None

    fieldsets = [
        (None, {"fields": ["number", "status", "charge_status", "created_at", "updated_at", "channel", "user"]}),
        (
            gettext_lazy("Liên hệ và giao hàng"),
            {
                "fields": [
                    "user_email",
                    "user_phone",
                    "shipping_full_name",
                    "shipping_street_address",
                    "shipping_ward",
                    "shipping_city",
                    "shipping_method_name",
                    "customer_note",
                ]
            },
        ),
        (
            gettext_lazy("Tiền (₫, đã gồm VAT)"),
            {"fields": ["subtotal", "shipping_price", "total", "vat", "total_charged"]},
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        return [name for _title, options in self.fieldsets for name in options["fields"]]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    subtotal = vnd_display(Order, "subtotal_amount")
    shipping_price = vnd_display(Order, "shipping_price_amount")
    total = vnd_display(Order, "total_amount")
    vat = vnd_display(Order, "vat_amount")
    total_charged = vnd_display(Order, "total_charged_amount")

    # Each step a manager takes on an order is a page with one form that calls one service.
    STEPS = {
        OrderAction.FULFILL: (gettext_lazy("Giao hàng"), FulfillForm),
        OrderAction.CANCEL: (gettext_lazy("Hủy đơn"), ConfirmForm),
        OrderAction.COLLECT_CASH: (gettext_lazy("Đã thu tiền khi giao"), ConfirmForm),
        OrderAction.RECORD_TRANSFER: (gettext_lazy("Đã nhận chuyển khoản"), TransferReceivedForm),
        OrderAction.REFUND_CARD: (gettext_lazy("Hoàn tiền thẻ"), RefundForm),
        OrderAction.RETURN: (gettext_lazy("Nhận hàng trả lại"), ReturnForm),
        OrderAction.REFUND_RETURN: (gettext_lazy("Hoàn tiền hàng trả lại"), RefundReturnForm),
    }
    # The steps whose form is built from the order (its lines, its returns).
    ORDER_FORMS = (ReturnForm, RefundReturnForm)

    def get_urls(self):
        return [
            path(
                "<int:order_id>/xu-ly/<slug:step>/",
                self.admin_site.admin_view(self.step_view),
                name="orders_order_step",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        order = self.get_object(request, object_id)
        steps = [action for action in allowed_actions(order) if action in self.STEPS] if order is not None else []
        extra_context = {
            **(extra_context or {}),
            "order_steps": [
                (reverse("admin:orders_order_step", args=[order.pk, step]), self.STEPS[step][0]) for step in steps
            ],
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def _run(self, step, order, data, user):
        if step == OrderAction.FULFILL:
            fulfill_order(order, tracking_number=data["tracking_number"], user=user)
        elif step == OrderAction.CANCEL:
            cancel_order_with_payments(order, user=user)
        elif step == OrderAction.COLLECT_CASH:
            record_cash_collected(order, user=user)
        elif step == OrderAction.RETURN:
            return_order(order, lines=data["lines"], restock=data["restock"], reason=data["reason"], user=user)
        elif step == OrderAction.REFUND_RETURN:
            refund_order_return(data["order_return"], reference=data["reference"], user=user)
        elif step == OrderAction.RECORD_TRANSFER:
            record_transfer_received(order, amount=data["amount"], bank_reference=data["bank_reference"], user=user)
        else:
            refund_card_payment(order, amount=data["amount"], user=user)

    def step_view(self, request, order_id, step):
        if step not in self.STEPS:
            raise PermissionDenied
        order = get_object_or_404(Order, pk=order_id)
        if not self.has_change_permission(request, order):
            raise PermissionDenied
        title, form_class = self.STEPS[step]
        initial = {
            OrderAction.RECORD_TRANSFER: {"amount": order.total_amount - order.total_charged_amount},
            OrderAction.REFUND_CARD: {"amount": order.total_charged_amount},
        }.get(step)
        by_order = {"order": order} if form_class in self.ORDER_FORMS else {}
        form = form_class(request.POST if request.method == "POST" else None, initial=initial, **by_order)
        if request.method == "POST" and form.is_valid():
            try:
                self._run(step, order, form.cleaned_data, request.user)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("Đơn #%(number)d: %(step)s.") % {"number": order.number, "step": title})
                return redirect(reverse("admin:orders_order_change", args=[order.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": Order._meta,
            "title": f"{title} – #{order.number}",
            "order": order,
            "form": form,
        }
        return TemplateResponse(request, "admin/orders/order/step.html", context)
