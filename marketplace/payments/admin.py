from django.contrib import admin

from marketplace.payments.models import BankTransferAccount


@admin.register(BankTransferAccount)
class BankTransferAccountAdmin(admin.ModelAdmin):
    """The account shoppers pay into by VietQR; without an active one the option is not offered."""

    list_display = ["channel", "bank_name", "account_number", "account_holder", "payment_window_hours", "is_active"]
