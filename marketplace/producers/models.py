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
    # Where the programme pays the producer (the settlement runs' bank file); managers keep them.
    bank_account_name = models.CharField(_("tên chủ tài khoản"), max_length=120, blank=True)
    bank_account_number = models.CharField(
        _("số tài khoản"),
        max_length=19,
        blank=True,
        validators=[RegexValidator(r"^\d{6,19}$", _("Số tài khoản gồm 6 đến 19 chữ số."))],
    )
    bank_name = models.CharField(_("ngân hàng"), max_length=120, blank=True)
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


class RecognitionQuerySet(models.QuerySet):
    """Reads shared by every kind of recognition (OCOP certificates, rural-industry recognitions)."""

    def valid_on(self, day: datetime.date):
        """Recognitions in force on that day: signed on or before it and not yet expired (or never expiring)."""
        return self.filter(valid_on_q(day))

    def expired_on(self, day: datetime.date):
        return self.filter(expires_on__lte=day)


# The old name, kept for the callers that know OCOP certificates only.
OcopCertificateQuerySet = RecognitionQuerySet


def valid_on_q(day: datetime.date, prefix: str = "") -> Q:
    """A recognition in force on `day`; `prefix` reaches it through a relation (e.g. "ocop_certificates__")."""
    return Q(**{f"{prefix}decision_date__lte": day}) & (
        Q(**{f"{prefix}expires_on__isnull": True}) | Q(**{f"{prefix}expires_on__gt": day})
    )


class PublishedCertificateManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(is_published=True)


def certificate_document_path(certificate, filename: str) -> str:
    """A random name: scans are served only through a permission-checked view, never by a guessable path."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"certificates/{uuid.uuid4().hex}.{extension}"


def decision_unique_per_product(name: str, message) -> models.UniqueConstraint:
    """A recognition's decision is recorded once per product (each kind names its own constraint)."""
    return models.UniqueConstraint(
        fields=["product", "decision_number"],
        name=name,
        violation_error_code="duplicate_decision",
        violation_error_message=message,
    )


class Recognition(models.Model):
    """What every recognition decision of a product has: the decision, who signed it, its scan and its review.

    OCOP certificates and rural-industry recognitions are kept, reviewed and served the same way (the catalogue's
    recognition services, the portal's scan view); only their own facts differ.
    """

    decision_number = models.CharField(_("số quyết định"), max_length=100)
    decision_date = models.DateField(_("ngày ký quyết định"))
    authority = models.CharField(_("cơ quan công nhận"), max_length=255)
    document = models.FileField(_("bản scan quyết định"), upload_to=certificate_document_path, blank=True)
    is_published = models.BooleanField(_("đã duyệt"), default=True)

    # Shoppers only ever see approved recognitions (see catalogue.models.PublishedManager); the portal and the
    # review pages read all_objects.
    objects = PublishedCertificateManager.from_queryset(RecognitionQuerySet)()
    all_objects = RecognitionQuerySet.as_manager()

    # The fields a manager may set besides the product (is_published too: managers are the reviewers).
    EDITABLE_FIELDS: tuple[str, ...] = ()

    class Meta:
        abstract = True
        ordering = ["-decision_date"]

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.decision_date <= day and (self.expires_on is None or day < self.expires_on)

    def is_expired_on(self, day: datetime.date) -> bool:
        return self.expires_on is not None and day >= self.expires_on

    def short_label(self) -> str:
        """How the product's history names it."""
        return f"{self} ({self.decision_number})"


class OcopCertificate(Recognition):
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
    batch_year = models.PositiveSmallIntegerField(_("năm đánh giá"), null=True, blank=True)
    expires_on = models.DateField(_("hết hạn ngày"), editable=False)

    EDITABLE_FIELDS = (
        "stars",
        "score",
        "decision_number",
        "decision_date",
        "authority",
        "batch_year",
        "document",
        "is_published",
    )

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
            decision_unique_per_product(
                "ocop_decision_unique_per_product", _("Sản phẩm đã có chứng nhận theo số quyết định này.")
            ),
        ]
        indexes = [
            # The listings' featured order hashes the products of each rank's certificates valid today
            # (catalogue.selectors.current_stars_hashed, the stars filter): this index gives each rank's list from its
            # own range, read alone, where each list was a scan of the whole table (0.8 ms × 3 per sorted listing on
            # the 20,000-product bench; docs/performance.md, "Storefront pages").
            models.Index(
                fields=["stars", "decision_date"],
                include=["expires_on", "product"],
                condition=Q(is_published=True),
                name="ocop_published_by_stars",
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

    def short_label(self) -> str:
        return f"{self.stars}★ {self.decision_number}"


class RuralIndustryRecognition(Recognition):
    """A "sản phẩm công nghiệp nông thôn (CNNT) tiêu biểu" recognition: chosen in rounds of the rural-industry
    promotion programme, at district (before July 2025, when districts still existed), provincial, regional or
    national level. Unlike OCOP it has no fixed validity; a decision may name an expiry."""

    class Level(models.IntegerChoices):
        # Ordered by reach, so "the highest level" is the largest number.
        DISTRICT = 1, _("cấp huyện")
        PROVINCIAL = 2, _("cấp tỉnh")
        REGIONAL = 3, _("cấp khu vực")
        NATIONAL = 4, _("cấp quốc gia")

    class Group(models.TextChoices):
        HANDICRAFT = "handicraft", _("Thủ công mỹ nghệ")
        PROCESSED_FOOD = "processed_food", _("Chế biến nông, lâm, thủy sản và thực phẩm")
        MACHINERY = "machinery", _("Máy móc, thiết bị, dụng cụ và phụ tùng cơ khí")
        OTHER = "other", _("Sản phẩm khác")

    product = models.ForeignKey(
        "catalogue.Product",
        on_delete=models.CASCADE,
        related_name="rural_industry_recognitions",
        verbose_name=_("sản phẩm"),
    )
    level = models.PositiveSmallIntegerField(_("cấp công nhận"), choices=Level.choices)
    year = models.PositiveSmallIntegerField(_("năm bình chọn"))
    group = models.CharField(_("nhóm sản phẩm CNNT"), max_length=20, choices=Group.choices, blank=True)
    expires_on = models.DateField(_("hết hạn ngày"), null=True, blank=True, help_text=_("Để trống nếu không có."))

    EDITABLE_FIELDS = (
        "level",
        "year",
        "group",
        "decision_number",
        "decision_date",
        "authority",
        "expires_on",
        "document",
        "is_published",
    )

    class Meta:
        verbose_name = _("sản phẩm CNNT tiêu biểu")
        verbose_name_plural = _("sản phẩm CNNT tiêu biểu")
        ordering = ["-decision_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__gte=1) & Q(level__lte=4),
                name="cnnt_level_known",
                violation_error_code="invalid_level",
                violation_error_message=_("Cấp công nhận phải là huyện, tỉnh, khu vực hoặc quốc gia."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2010) & Q(year__lte=2100),
                name="cnnt_year_plausible",
                violation_error_code="invalid_year",
                violation_error_message=_("Năm bình chọn phải từ 2010 (Thông tư 35/2010/TT-BCT) trở đi."),
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gt=F("decision_date")),
                name="cnnt_expiry_after_decision",
                violation_error_code="invalid_expiry",
                violation_error_message=_("Ngày hết hạn phải sau ngày ký quyết định."),
            ),
            decision_unique_per_product(
                "cnnt_decision_unique_per_product", _("Sản phẩm đã có công nhận theo số quyết định này.")
            ),
        ]

    def __str__(self):
        return _("CNNT tiêu biểu %(level)s %(year)s") % {"level": self.get_level_display(), "year": self.year}


class StartupProfile(models.Model):
    """A producer recognised as a startup project of the province's innovative-startup programme.

    Managers create and edit it (the status above all: the programme decides who is a flagship); the producer's
    members see it in the portal and propose changes to its story through the review queue.
    """

    class Status(models.TextChoices):
        INCUBATING = "incubating", _("Đang ươm tạo")
        FLAGSHIP = "flagship", _("Dự án tiêu biểu")
        GRADUATED = "graduated", _("Đã trưởng thành")

    producer = models.OneToOneField(
        Producer, on_delete=models.CASCADE, related_name="startup_profile", verbose_name=_("chủ thể")
    )
    project_name = models.CharField(_("tên dự án khởi nghiệp"), max_length=255)
    founded_year = models.PositiveSmallIntegerField(_("năm thành lập"))
    founders_story = models.TextField(_("câu chuyện người sáng lập"), blank=True)
    innovation = models.TextField(_("điểm đổi mới sáng tạo"), blank=True)
    support_received = models.TextField(
        _("hỗ trợ đã nhận"), blank=True, help_text=_("Ví dụ: giải Ba cuộc thi khởi nghiệp tỉnh, quỹ hỗ trợ…")
    )
    support_decision_number = models.CharField(_("số quyết định hỗ trợ"), max_length=100, blank=True)
    support_decision_date = models.DateField(_("ngày quyết định hỗ trợ"), null=True, blank=True)
    status = models.CharField(_("trạng thái dự án"), max_length=12, choices=Status.choices, default=Status.INCUBATING)
    updated_at = models.DateTimeField(_("cập nhật"), auto_now=True)

    # What a producer's member may propose; the status is the programme's alone.
    PROPOSABLE_FIELDS = (
        "project_name",
        "founded_year",
        "founders_story",
        "innovation",
        "support_received",
        "support_decision_number",
        "support_decision_date",
    )

    class Meta:
        verbose_name = _("dự án khởi nghiệp")
        verbose_name_plural = _("dự án khởi nghiệp")
        ordering = ["producer__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(founded_year__gte=1900) & Q(founded_year__lte=2100),
                name="startup_founded_year_plausible",
                violation_error_code="invalid_year",
                violation_error_message=_("Năm thành lập không hợp lệ."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["incubating", "flagship", "graduated"]),
                name="startup_status_known",
                violation_error_code="invalid_status",
                violation_error_message=_("Trạng thái dự án không hợp lệ."),
            ),
        ]

    def __str__(self):
        return self.project_name


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


class SettlementRun(models.Model):
    """The programme's monthly settlement with every producer: made as a draft, reviewed, then locked.

    A locked run never changes (a trigger refuses it in the database); what turns up later about its month goes
    into the next run as adjustment lines (see producers.statements.compute_statements).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("bản nháp")
        LOCKED = "locked", _("đã khoá")

    month = models.DateField(_("tháng"), unique=True)
    status = models.CharField(_("trạng thái"), max_length=8, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(_("lập lúc"), auto_now_add=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("người lập")
    )
    locked_at = models.DateTimeField(_("khoá lúc"), null=True, blank=True)
    locked_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("người khoá")
    )

    class Meta:
        verbose_name = _("kỳ quyết toán")
        verbose_name_plural = _("các kỳ quyết toán")
        ordering = ["-month"]
        constraints = [
            models.CheckConstraint(condition=Q(month__day=1), name="settlement_run_month_first_day"),
            # Runs follow one another: one draft at a time, however many managers click at once.
            models.UniqueConstraint(
                fields=["status"],
                condition=Q(status="draft"),
                name="settlement_run_one_draft",
                violation_error_code="draft_open",
                violation_error_message=_("Hãy khoá kỳ quyết toán đang mở trước khi lập kỳ mới."),
            ),
            models.CheckConstraint(
                condition=Q(status="draft", locked_at__isnull=True, locked_by__isnull=True)
                | Q(status="locked", locked_at__isnull=False, locked_by__isnull=False),
                name="settlement_run_locked_has_who_and_when",
            ),
        ]

    def __str__(self):
        return f"{self.month:%m/%Y}"

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.LOCKED


class SettlementLine(models.Model):
    """What one producer is owed in a run: for the run's own month, or an adjustment of an earlier locked month.

    Units and amounts of an adjustment are differences and may be negative. `items` keeps the month's lines per
    variant as the statement showed them, so a locked month's statement reads exactly what was settled.
    """

    run = models.ForeignKey(SettlementRun, on_delete=models.CASCADE, related_name="lines", verbose_name=_("kỳ"))
    producer = models.ForeignKey(
        Producer, on_delete=models.PROTECT, related_name="settlement_lines", verbose_name=_("chủ thể")
    )
    period = models.DateField(_("tháng số liệu"))
    kiosk_units = models.IntegerField(_("bán tại ki-ốt"), default=0)
    units_by_kiosk = models.JSONField(_("bán tại từng ki-ốt"), default=dict, blank=True)
    online_units = models.IntegerField(_("bán trực tuyến"), default=0)
    returned_units = models.IntegerField(_("khách trả"), default=0)
    revenue = models.BigIntegerField(_("doanh thu gồm VAT (₫)"), default=0)
    vat_amount = models.BigIntegerField(_("trong đó thuế GTGT (₫)"), default=0)
    commission_rate = models.DecimalField(_("tỉ lệ hoa hồng (%)"), max_digits=5, decimal_places=2)
    commission = models.BigIntegerField(_("hoa hồng (₫)"), default=0)
    payable = models.BigIntegerField(_("phải trả (₫)"), default=0)
    items = models.JSONField(_("chi tiết theo quy cách"), default=list, blank=True)

    class Meta:
        verbose_name = _("dòng quyết toán")
        verbose_name_plural = _("các dòng quyết toán")
        ordering = ["producer__name", "period"]
        constraints = [
            models.UniqueConstraint(fields=["run", "producer", "period"], name="settlement_line_once_per_period"),
            models.CheckConstraint(condition=Q(period__day=1), name="settlement_line_period_first_day"),
            models.CheckConstraint(
                condition=Q(payable=F("revenue") - F("commission")), name="settlement_line_payable_adds_up"
            ),
        ]

    def __str__(self):
        return f"{self.producer} {self.period:%m/%Y}"
