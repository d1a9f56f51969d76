from django.db import models
from django.utils.translation import gettext_lazy as _


class DemoDataLoad(models.Model):
    """A marker written by `manage.py load_demo_data` in the same transaction as the demo data it loaded.

    Its presence means the demo is complete; the command then does nothing, so `make run` can call it every time.
    """

    loaded_at = models.DateTimeField(_("nạp lúc"), auto_now_add=True)
    product_count = models.PositiveIntegerField(_("số sản phẩm"))

    class Meta:
        verbose_name = _("lần nạp dữ liệu mẫu")
        verbose_name_plural = _("lần nạp dữ liệu mẫu")

    def __str__(self):
        return f"{self.loaded_at:%Y-%m-%d %H:%M} – {self.product_count}"
