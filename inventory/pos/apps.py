from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PosConfig(AppConfig):
    name = "inventory.pos"
    label = "pos"
    verbose_name = _("Bán hàng tại ki-ốt")
