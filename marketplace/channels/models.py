from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Channel(models.Model):
    """A place where products are sold at a price, as in Saleor.

    The HCMC online supermarket is one channel; each kiosk is a channel of its own, so a kiosk can price a
    product differently from the online shop. Which stock a channel sells from is given by its warehouses.
    """

    class Kind(models.TextChoices):
        ONLINE = "online", _("Bán trực tuyến")
        KIOSK = "kiosk", _("Ki-ốt")

    name = models.CharField(_("tên"), max_length=250)
    slug = models.SlugField(_("mã"), max_length=255, unique=True)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    currency_code = models.CharField(_("tiền tệ"), max_length=3, default="VND")
    default_country = models.CharField(_("quốc gia"), max_length=2, default="VN")
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    warehouses = models.ManyToManyField(
        "inventory.Warehouse", verbose_name=_("kho phục vụ"), related_name="channels", blank=True
    )

    class Meta:
        verbose_name = _("kênh bán")
        verbose_name_plural = _("kênh bán")
        ordering = ["pk"]
        constraints = [models.CheckConstraint(condition=Q(currency_code="VND"), name="channel_currency_vnd")]

    def __str__(self):
        return self.name


class ProductChannelListing(models.Model):
    """Whether a product is published in a channel (Saleor's ProductChannelListing)."""

    product = models.ForeignKey(
        "catalogue.Product", on_delete=models.CASCADE, related_name="channel_listings", verbose_name=_("sản phẩm")
    )
    channel = models.ForeignKey(
        Channel, on_delete=models.CASCADE, related_name="product_listings", verbose_name=_("kênh bán")
    )
    is_published = models.BooleanField(_("đang bán"), default=True)
    published_at = models.DateTimeField(_("bán từ"), null=True, blank=True)
    visible_in_listings = models.BooleanField(_("hiện trong danh sách"), default=True)

    class Meta:
        verbose_name = _("sản phẩm trên kênh")
        verbose_name_plural = _("sản phẩm trên kênh")
        constraints = [models.UniqueConstraint(fields=["product", "channel"], name="product_channel_listing_unique")]
        # Every cached page and API answer asks when the next scheduled listing goes live (its life ends then):
        # the few dated listings, in order, instead of a scan of all of them.
        indexes = [
            models.Index(
                fields=["published_at"], condition=Q(published_at__isnull=False), name="product_listing_publication"
            )
        ]

    def __str__(self):
        return str(self.channel)


class ProductVariantChannelListing(models.Model):
    """The price of a variant in a channel, in whole đồng (Saleor's ProductVariantChannelListing)."""

    variant = models.ForeignKey(
        "catalogue.ProductVariant",
        on_delete=models.CASCADE,
        related_name="channel_listings",
        verbose_name=_("phân loại"),
    )
    channel = models.ForeignKey(
        Channel, on_delete=models.CASCADE, related_name="variant_listings", verbose_name=_("kênh bán")
    )
    price_amount = models.BigIntegerField(_("giá bán (₫)"))
    cost_price_amount = models.BigIntegerField(_("giá vốn (₫)"), null=True, blank=True)

    class Meta:
        verbose_name = _("giá theo kênh")
        verbose_name_plural = _("giá theo kênh")
        constraints = [
            models.UniqueConstraint(fields=["variant", "channel"], name="variant_channel_listing_unique"),
            models.CheckConstraint(condition=Q(price_amount__gte=0), name="variant_price_not_negative"),
            models.CheckConstraint(
                condition=Q(cost_price_amount__isnull=True) | Q(cost_price_amount__gte=0),
                name="variant_cost_price_not_negative",
            ),
        ]

    def __str__(self):
        return str(self.channel)

    @property
    def currency(self) -> str:
        return self.channel.currency_code
