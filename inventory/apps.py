from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InventoryConfig(AppConfig):
    name = "inventory"
    verbose_name = _("Kho hàng")

    def ready(self):
        from django.db.models.signals import post_migrate

        from inventory.selectors import forget_fixed_places

        # flush (tests) re-creates the fixed places with new ids and then sends post_migrate.
        post_migrate.connect(forget_fixed_places, dispatch_uid="inventory.forget_fixed_places")
