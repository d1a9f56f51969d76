"""Shared model pieces."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PostReformAddress(models.Model):
    """An address in the two-tier form in force since 1 July 2025 (province/city, then ward/commune).

    The legacy free text keeps what older records cite (old districts), which certificates still carry.
    """

    street_address = models.CharField(_("số nhà, đường"), max_length=255, blank=True)
    ward = models.CharField(_("phường/xã/đặc khu"), max_length=100, blank=True)
    ward_code = models.CharField(_("mã đơn vị hành chính"), max_length=10, blank=True)
    province = models.CharField(_("tỉnh/thành phố"), max_length=100, blank=True)
    legacy_address = models.CharField(_("địa chỉ cũ (trước 07/2025)"), max_length=255, blank=True)

    class Meta:
        abstract = True

    @property
    def address_line(self) -> str:
        return ", ".join(part for part in (self.street_address, self.ward, self.province) if part)


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
