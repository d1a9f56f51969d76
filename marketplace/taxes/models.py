from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class VatRate(models.Model):
    """The VAT rate consumer prices include, in force from a local date until the next rate starts.

    Rates change by law (8 % for most goods from 1 July 2025 to 31 December 2026, 10 % again from 2027), so
    they are data; every order line and receipt keeps the rate it was sold at. One row per starting day makes
    two rates in force on the same day impossible.
    """

    rate_percent = models.DecimalField(_("thuế suất (%)"), max_digits=5, decimal_places=2)
    valid_from = models.DateField(_("áp dụng từ ngày"), unique=True)
    legal_basis = models.CharField(_("căn cứ"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("thuế suất GTGT")
        verbose_name_plural = _("thuế suất GTGT")
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(condition=Q(rate_percent__gte=0, rate_percent__lt=100), name="taxes_vat_rate_range")
        ]

    def __str__(self):
        return f"{self.rate_percent} % ({self.valid_from:%d/%m/%Y})"
