import datetime
import uuid

from dateutil.relativedelta import relativedelta
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from marketplace.core.models import PostReformAddress

# Vietnamese tax codes: 10 digits for an organisation, 10 digits + "-" + 3 digits for a branch or dependent unit;
# household businesses use the owner's 12-digit personal identification number since 2025.
tax_code_validator = RegexValidator(
    r"^(\d{10}(-\d{3})?|\d{12})$", _("Mã số thuế gồm 10 chữ số, 10 chữ số kèm -xxx, hoặc 12 chữ số.")
)

CERTIFICATE_VALIDITY = relativedelta(months=36)


class Producer(PostReformAddress):
    """An OCOP "chủ thể": a cooperative, a company or a household business that makes products."""

    class LegalForm(models.TextChoices):
        COOPERATIVE = "cooperative", _("Hợp tác xã")
        COMPANY = "company", _("Doanh nghiệp")
        HOUSEHOLD = "household", _("Hộ kinh doanh")
        COOPERATIVE_GROUP = "cooperative_group", _("Tổ hợp tác")

    name = models.CharField(_("tên chủ thể"), max_length=255)
    slug = models.SlugField(_("mã"), max_length=255, unique=True)
    legal_form = models.CharField(_("loại hình"), max_length=20, choices=LegalForm.choices)
    tax_code = models.CharField(_("mã số thuế"), max_length=14, blank=True, validators=[tax_code_validator])
    contact_name = models.CharField(_("người liên hệ"), max_length=120, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    story = models.TextField(_("câu chuyện sản phẩm"), blank=True)
    commission_rate = models.DecimalField(_("tỉ lệ hoa hồng (%)"), max_digits=5, decimal_places=2, default=15)
    is_active = models.BooleanField(_("đang hợp tác"), default=True)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)

    class Meta:
        verbose_name = _("chủ thể OCOP")
        verbose_name_plural = _("chủ thể OCOP")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["tax_code"],
                condition=~Q(tax_code=""),
                name="producer_tax_code_unique",
                violation_error_code="duplicate_tax_code",
                violation_error_message=_("Mã số thuế này đã thuộc về một chủ thể khác."),
            ),
            models.CheckConstraint(
                condition=Q(commission_rate__gte=0) & Q(commission_rate__lte=100),
                name="producer_commission_range",
                violation_error_code="invalid_commission_rate",
                violation_error_message=_("Tỉ lệ hoa hồng phải từ 0 đến 100 %%."),
            ),
        ]

    def __str__(self):
        return self.name


class OcopCertificateQuerySet(models.QuerySet):
    def valid_on(self, day: datetime.date):
        """Certificates in force on that day: signed on or before it and not yet expired."""
        return self.filter(decision_date__lte=day, expires_on__gt=day)

    def expired_on(self, day: datetime.date):
        return self.filter(expires_on__lte=day)


class PublishedCertificateManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(is_published=True)


def certificate_document_path(certificate, filename: str) -> str:
    """A random name: scans are served only through a permission-checked view, never by a guessable path."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"certificates/{uuid.uuid4().hex}.{extension}"


class OcopCertificate(models.Model):
    """A recognition decision giving a product its OCOP stars, valid 36 months from signing."""

    class Stars(models.IntegerChoices):
        THREE = 3, _("3 sao")
        FOUR = 4, _("4 sao")
        FIVE = 5, _("5 sao")

    # The score bands of the OCOP assessment: only 3★ (50–69), 4★ (70–89) and 5★ (90–100) are certified.
    SCORE_BANDS = {3: (50, 69), 4: (70, 89), 5: (90, 100)}

    product = models.ForeignKey(
        "catalogue.Product", on_delete=models.CASCADE, related_name="ocop_certificates", verbose_name=_("sản phẩm")
    )
    stars = models.PositiveSmallIntegerField(_("hạng sao"), choices=Stars.choices)
    score = models.DecimalField(_("điểm"), max_digits=5, decimal_places=2)
    decision_number = models.CharField(_("số quyết định"), max_length=100)
    decision_date = models.DateField(_("ngày ký quyết định"))
    authority = models.CharField(_("cơ quan công nhận"), max_length=255)
    batch_year = models.PositiveSmallIntegerField(_("năm đánh giá"), null=True, blank=True)
    expires_on = models.DateField(_("hết hạn ngày"), editable=False)
    document = models.FileField(_("bản scan quyết định"), upload_to=certificate_document_path, blank=True)
    is_published = models.BooleanField(_("đã duyệt"), default=True)

    # Shoppers only ever see approved certificates (see catalogue.models.PublishedManager); the portal and the
    # review pages read all_objects.
    objects = PublishedCertificateManager.from_queryset(OcopCertificateQuerySet)()
    all_objects = OcopCertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("chứng nhận OCOP")
        verbose_name_plural = _("chứng nhận OCOP")
        ordering = ["-decision_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(stars__gte=3) & Q(stars__lte=5),
                name="ocop_stars_3_to_5",
                violation_error_code="invalid_stars",
                violation_error_message=_("Hạng sao OCOP phải là 3, 4 hoặc 5."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(stars=3, score__gte=50, score__lt=70)
                    | Q(stars=4, score__gte=70, score__lt=90)
                    | Q(stars=5, score__gte=90, score__lte=100)
                ),
                name="ocop_score_matches_stars",
                violation_error_code="score_outside_star_band",
                violation_error_message=_(
                    "Điểm không khớp hạng sao: 3 sao từ 50 đến dưới 70, 4 sao từ 70 đến dưới 90, 5 sao từ 90 đến 100."
                ),
            ),
            models.CheckConstraint(
                condition=Q(expires_on__gt=F("decision_date")),
                name="ocop_expiry_after_decision",
                violation_error_code="invalid_expiry",
                violation_error_message=_("Ngày hết hạn phải sau ngày ký quyết định."),
            ),
            models.UniqueConstraint(
                fields=["product", "decision_number"],
                name="ocop_decision_unique_per_product",
                violation_error_code="duplicate_decision",
                violation_error_message=_("Sản phẩm đã có chứng nhận theo số quyết định này."),
            ),
        ]

    def __str__(self):
        return f"{self.get_stars_display()} – {self.decision_number}"

    def save(self, *args, **kwargs):
        self.set_expiry()
        super().save(*args, **kwargs)

    def clean(self):
        # full_clean checks the constraints after clean(), and one of them reads expires_on.
        self.set_expiry()

    def set_expiry(self) -> None:
        """The expiry follows from the signing date; it is never typed in."""
        if self.decision_date is not None:
            self.expires_on = self.decision_date + CERTIFICATE_VALIDITY

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.decision_date <= day < self.expires_on

    def is_expired_on(self, day: datetime.date) -> bool:
        return day >= self.expires_on


def statement_export_path(export, filename: str) -> str:
    """A random name: exports are served only through a permission-checked view, never by a guessable path."""
    return f"statements/{uuid.uuid4().hex}.{export.file_format}"


class StatementExport(models.Model):
    """A consignment statement file asked for in the portal, made by a worker and downloaded once ready."""

    class Status(models.TextChoices):
        PENDING = "pending", _("đang tạo")
        READY = "ready", _("sẵn sàng")
        FAILED = "failed", _("lỗi")

    class FileFormat(models.TextChoices):
        PDF = "pdf", "PDF"
        XLSX = "xlsx", "XLSX"

    producer = models.ForeignKey(
        Producer, on_delete=models.CASCADE, related_name="statement_exports", verbose_name=_("chủ thể")
    )
    month = models.DateField(_("tháng"))
    file_format = models.CharField(_("định dạng"), max_length=4, choices=FileFormat.choices)
    requested_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("người yêu cầu")
    )
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING)
    file = models.FileField(_("tệp"), upload_to=statement_export_path, blank=True)
    requested_at = models.DateTimeField(_("yêu cầu lúc"), auto_now_add=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("bảng kê xuất tệp")
        verbose_name_plural = _("bảng kê xuất tệp")
        constraints = [
            models.CheckConstraint(condition=Q(month__day=1), name="statement_export_month_first_day"),
            models.CheckConstraint(condition=~Q(status="ready") | ~Q(file=""), name="statement_export_ready_has_file"),
        ]

    def __str__(self):
        return f"{self.producer} {self.month:%m/%Y} {self.file_format}"
