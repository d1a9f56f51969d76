from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marketplace.core.admin_mixins import vnd_display
from marketplace.core.errors import DomainError
from marketplace.payments.models import BankNotification, BankTransferAccount
from marketplace.payments.services import ignore_bank_notification, match_bank_notification


@admin.register(BankTransferAccount)
class BankTransferAccountAdmin(admin.ModelAdmin):
    """The account shoppers pay into by VietQR; without an active one the option is not offered."""

    list_display = ["channel", "bank_name", "account_number", "account_holder", "payment_window_hours", "is_active"]


class MatchNotificationForm(forms.Form):
    order_number = forms.IntegerField(label=gettext_lazy("Số đơn hàng"), min_value=1)


@admin.register(BankNotification)
class BankNotificationAdmin(admin.ModelAdmin):
    """The bank's transfer notifications as received. Unmatched ones wait here: a manager matches each to the order
    it paid for, or sets it aside; both through the payments services. Nothing here is edited by hand."""

    list_display = ["received_at", "reference", "amount_shown", "description", "status", "order", "match_link"]
    list_filter = ["status"]
    search_fields = ["=reference", "description"]
    date_hierarchy = "received_at"
    fields = [
        "reference",
        "amount_shown",
        "description",
        "received_at",
        "status",
        "order",
        "handled_by",
        "handled_at",
        "payload",
    ]
    readonly_fields = fields
    actions = ["ignore_selected"]

    amount_shown = vnd_display(BankNotification, "amount")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("Xử lý"))
    def match_link(self, notification):
        if notification.status != BankNotification.Status.UNMATCHED:
            return ""
        url = reverse("admin:payments_banknotification_match", args=[notification.pk])
        return format_html('<a href="{}">{}</a>', url, _("Khớp với đơn hàng"))

    @admin.action(description=gettext_lazy("Bỏ qua các thông báo đã chọn (không thuộc đơn hàng nào)"))
    def ignore_selected(self, request, queryset):
        if not self.has_change_permission(request):
            raise PermissionDenied
        ignored = 0
        for notification in queryset.filter(status=BankNotification.Status.UNMATCHED):
            try:
                ignore_bank_notification(notification, user=request.user)
            except DomainError:
                continue  # handled by someone else meanwhile
            ignored += 1
        messages.success(request, _("Đã bỏ qua %(count)d thông báo.") % {"count": ignored})

    def get_urls(self):
        return [
            path(
                "<int:notification_id>/khop-don/",
                self.admin_site.admin_view(self.match_view),
                name="payments_banknotification_match",
            ),
            *super().get_urls(),
        ]

    def match_view(self, request, notification_id):
        notification = get_object_or_404(BankNotification, pk=notification_id)
        if not self.has_change_permission(request, notification):
            raise PermissionDenied
        form = MatchNotificationForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                match_bank_notification(notification, order_number=form.cleaned_data["order_number"], user=request.user)
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(
                    request,
                    _("Đã ghi nhận chuyển khoản %(reference)s cho đơn #%(number)d.")
                    % {"reference": notification.reference, "number": form.cleaned_data["order_number"]},
                )
                return redirect(reverse("admin:payments_banknotification_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": BankNotification._meta,
            "title": _("Khớp chuyển khoản %(reference)s với đơn hàng") % {"reference": notification.reference},
            "notification": notification,
            "form": form,
        }
        return TemplateResponse(request, "admin/payments/banknotification/match.html", context)
