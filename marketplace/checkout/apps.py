from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CheckoutConfig(AppConfig):
    name = "marketplace.checkout"
    label = "checkout"
    verbose_name = _("Giỏ hàng và giao hàng")

    def ready(self):
        # A guest's cart joins the account when the shopper signs in.
        from marketplace.checkout import signals  # noqa: F401
