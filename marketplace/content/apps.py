from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    name = "marketplace.content"
    label = "content"
    verbose_name = _("Nội dung và điều hướng")
