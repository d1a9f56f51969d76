from django.apps import AppConfig


class CheckoutConfig(AppConfig):
    name = "marketplace.checkout"
    label = "checkout"

    def ready(self):
        # A guest's cart joins the account when the shopper signs in.
        from marketplace.checkout import signals  # noqa: F401
