"""Shared model pieces."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.core.hcmc_wards import HCMC_PROVINCE_NAME


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


class DeliveryAddress(models.Model):
    """A delivery address in the post-2025 form: street and house number, ward/commune, city — no district.

    The ward name is stored beside its official code, so an order keeps the name it was delivered to even if
    the list changes later.
    """

    shipping_full_name = models.CharField(_("người nhận"), max_length=120, blank=True)
    shipping_street_address = models.CharField(_("số nhà, đường"), max_length=255, blank=True)
    shipping_ward_code = models.CharField(_("mã phường/xã"), max_length=10, blank=True)
    shipping_ward = models.CharField(_("phường/xã/đặc khu"), max_length=100, blank=True)
    shipping_city = models.CharField(_("tỉnh/thành phố"), max_length=100, blank=True, default=HCMC_PROVINCE_NAME)

    class Meta:
        abstract = True

    @property
    def shipping_address_line(self) -> str:
        parts = (self.shipping_street_address, self.shipping_ward, self.shipping_city)
        return ", ".join(part for part in parts if part)


class LanguageCode(models.TextChoices):
    """The languages the shop speaks (settings.LANGUAGES), kept on a checkout and its order: the shopper's."""

    VI = "vi", _("Tiếng Việt")
    EN = "en", _("Tiếng Anh")


def language_code_field():
    """A checkout's or an order's language, Vietnamese unless the shopper chose English."""
    return models.CharField(
        _("ngôn ngữ"), max_length=2, choices=LanguageCode.choices, default=LanguageCode.VI, db_default=LanguageCode.VI
    )


def language_code_constraint(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=models.Q(language_code__in=LanguageCode.values), name=name)
