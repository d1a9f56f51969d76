from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "marketplace.catalogue"
    label = "catalogue"
    verbose_name = _("Danh mục sản phẩm")

    def ready(self):
        # Saves and deletes of what the storefront shows raise the catalogue version.
        from marketplace.catalogue import signals  # noqa: F401
