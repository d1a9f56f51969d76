from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from marketplace.catalogue.validators import validate_ean13
from marketplace.core.text import plain_key, tone_key

# Words a shopper types to find startup projects' products; Vietnamese like the rest of the search keys.
STARTUP_SEARCH_WORDS = "sản phẩm khởi nghiệp startup"
# Words a shopper or a cashier types to find gift sets ("qua tang" finds every set, whatever its own name).
GIFT_SET_SEARCH_WORDS = "quà tặng xứ Quảng hộp quà set quà"


class Category(models.Model):
    """An OCOP group (thực phẩm, đồ uống, …) or a subgroup of one (parent set)."""

    name = models.CharField(_("tên"), max_length=250)
    slug = models.SlugField(_("mã"), max_length=255, unique=True)
    description = models.TextField(_("mô tả"), blank=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("nhóm cha"), on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    seo_title = models.CharField(_("tiêu đề SEO"), max_length=70, blank=True)
    seo_description = models.CharField(_("mô tả SEO"), max_length=300, blank=True)
    background_image = models.ImageField(_("ảnh nền"), upload_to="categories/", blank=True)
    background_image_alt = models.CharField(_("mô tả ảnh nền"), max_length=128, blank=True)
    # English, for the API's translation(languageCode: EN); Vietnamese above is the source. Blank: not translated.
    name_en = models.CharField(_("tên (tiếng Anh)"), max_length=250, blank=True)
    description_en = models.TextField(_("mô tả (tiếng Anh)"), blank=True)
    updated_at = models.DateTimeField(_("cập nhật"), auto_now=True)

    class Meta:
        verbose_name = _("nhóm sản phẩm")
        verbose_name_plural = _("nhóm sản phẩm")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


def search_vector_field() -> models.GeneratedField:
    """The search index's column, computed by PostgreSQL from the plain (diacritics-free) search keys: a product's
    and its listed row's (ListedProduct) are the same column."""
    return models.GeneratedField(
        expression=SearchVector("search_plain", config="simple"),
        output_field=SearchVectorField(),
        db_persist=True,
        verbose_name=_("chỉ mục tìm kiếm"),
    )


class Product(models.Model):
    """A product as shoppers see it; what is sold and stocked is its variants (Saleor's model)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        IN_REVIEW = "in_review", _("Chờ duyệt")
        PUBLISHED = "published", _("Đã duyệt")
        REJECTED = "rejected", _("Bị từ chối")

    producer = models.ForeignKey(
        "producers.Producer", verbose_name=_("chủ thể"), on_delete=models.PROTECT, related_name="products"
    )
    category = models.ForeignKey(Category, verbose_name=_("nhóm"), on_delete=models.PROTECT, related_name="products")
    name = models.CharField(_("tên sản phẩm"), max_length=250)
    slug = models.SlugField(_("mã"), max_length=255, unique=True)
    description = models.TextField(_("mô tả"), blank=True)
    ingredients = models.TextField(_("thành phần"), blank=True)
    net_quantity = models.CharField(_("khối lượng/thể tích"), max_length=60, blank=True)
    shelf_life = models.CharField(_("hạn sử dụng"), max_length=100, blank=True)
    origin_place = models.CharField(_("nơi sản xuất"), max_length=255, blank=True)
    seo_title = models.CharField(_("tiêu đề SEO"), max_length=70, blank=True)
    seo_description = models.CharField(_("mô tả SEO"), max_length=300, blank=True)
    # English, for the API's translation(languageCode: EN); Vietnamese above is the source. Blank: not translated.
    name_en = models.CharField(_("tên (tiếng Anh)"), max_length=250, blank=True)
    description_en = models.TextField(_("mô tả (tiếng Anh)"), blank=True)
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    is_featured = models.BooleanField(_("nổi bật"), default=False)
    # A gift set ("Quà tặng xứ Quảng") is sold like any product but holds no stock of its own: its variants are
    # made of other products' variants (GiftSetComponent), which the ledger moves when a set sells. Chosen when
    # the product is created and never changed, so a product with stock never turns into a set or back.
    is_gift_set = models.BooleanField(_("là hộp quà"), default=False)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật"), auto_now=True)

    # Search keys computed in Python (see marketplace.core.text): the embedded PostgreSQL has no unaccent.
    search_tone = models.TextField(editable=False, default="", verbose_name=_("chữ tìm kiếm (có dấu)"))
    search_plain = models.TextField(editable=False, default="", verbose_name=_("chữ tìm kiếm (không dấu)"))
    search_vector = search_vector_field()

    class Meta:
        verbose_name = _("sản phẩm")
        verbose_name_plural = _("sản phẩm")
        ordering = ["name"]
        indexes = [
            GinIndex(fields=["search_vector"], name="product_search_vector_gin"),
            models.Index(fields=["status", "category"], name="product_status_category"),
            # Keyset pages of the API's default order (name, then id) walk this index, LIMIT n + 1 rows.
            models.Index(fields=["name", "id"], condition=Q(status="published"), name="product_published_name_id"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.refresh_search_keys()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_tone", "search_plain"}
        super().save(*args, **kwargs)

    def search_text(self) -> str:
        """What a shopper's query is matched against: name first, then producer, group and place; a startup
        project's products also answer to "khởi nghiệp" (see STARTUP_SEARCH_WORDS), a gift set to "quà tặng"."""
        parts = [self.name, self.producer.name, self.category.name, self.origin_place]
        if hasattr(self.producer, "startup_profile"):
            parts.append(STARTUP_SEARCH_WORDS)
        if self.is_gift_set:
            parts.append(GIFT_SET_SEARCH_WORDS)
        return " ".join(parts)

    def refresh_search_keys(self) -> None:
        """Compute the search keys from the current names (saving stores them; so does catalogue's reindex)."""
        text = self.search_text()
        self.search_tone = tone_key(text)
        self.search_plain = plain_key(text)


class ProductVariant(models.Model):
    """A sellable unit: a size or pack of a product, with its own SKU and barcode."""

    product = models.ForeignKey(Product, verbose_name=_("sản phẩm"), on_delete=models.CASCADE, related_name="variants")
    name = models.CharField(_("tên quy cách"), max_length=255, blank=True)
    name_en = models.CharField(_("tên quy cách (tiếng Anh)"), max_length=255, blank=True)
    sku = models.CharField(_("SKU"), max_length=64, unique=True)
    barcode = models.CharField(_("mã vạch EAN-13"), max_length=13, blank=True, validators=[validate_ean13])
    weight_grams = models.PositiveIntegerField(_("khối lượng (g)"), null=True, blank=True)
    track_inventory = models.BooleanField(_("theo dõi tồn kho"), default=True)
    quantity_limit_per_customer = models.PositiveIntegerField(_("giới hạn mỗi khách"), null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("quy cách sản phẩm")
        verbose_name_plural = _("quy cách sản phẩm")
        ordering = ["sort_order", "pk"]
        indexes = [
            # "Is this product priced in the channel?" over thousands of products reads a product's variant ids
            # from this index alone (an index-only scan) instead of the table (docs/performance.md).
            models.Index(fields=["product", "id"], name="variant_product_id_id"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["barcode"],
                condition=~Q(barcode=""),
                name="variant_barcode_unique",
                violation_error_code="duplicate_barcode",
                violation_error_message=_("Mã vạch này đã được dùng cho một quy cách khác."),
            ),
            models.CheckConstraint(
                condition=Q(barcode="") | Q(barcode__regex=r"^\d{13}$"),
                name="variant_barcode_13",
                violation_error_code="invalid_barcode",
                violation_error_message=_("Mã vạch EAN-13 phải có đúng 13 chữ số."),
            ),
        ]

    def __str__(self):
        return f"{self.product.name} – {self.name}" if self.name else self.product.name

    def clean(self):
        # A set sells as far as its parts allow, and only tracked variants have their parts held online
        # (migration 0013 holds the same in the database).
        if not self.track_inventory and self.product_id and self.product.is_gift_set:
            raise ValidationError(
                {"track_inventory": _("Hộp quà luôn theo dõi tồn kho: bán được bao nhiêu là theo các thành phần.")}
            )


class GiftSetComponent(models.Model):
    """One part of a gift set: `quantity` units of a variant of another product go into each set sold.

    Every variant of the set product is made of the same parts. The database refuses a set inside a set and a
    part whose product is not a set's (trigger of migration 0012), a zero quantity and the same part twice.
    """

    gift_set = models.ForeignKey(
        Product, verbose_name=_("hộp quà"), on_delete=models.CASCADE, related_name="set_components"
    )
    component = models.ForeignKey(
        ProductVariant, verbose_name=_("sản phẩm thành phần"), on_delete=models.PROTECT, related_name="in_gift_sets"
    )
    quantity = models.PositiveSmallIntegerField(_("số lượng trong hộp"), default=1)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("thành phần hộp quà")
        verbose_name_plural = _("thành phần hộp quà")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["gift_set", "component"],
                name="gift_set_component_unique",
                violation_error_code="duplicate_component",
                violation_error_message=_("Sản phẩm này đã có trong hộp quà."),
            ),
            models.CheckConstraint(
                condition=Q(quantity__gt=0),
                name="gift_set_component_quantity_positive",
                violation_error_code="invalid_quantity",
                violation_error_message=_("Số lượng trong hộp phải lớn hơn 0."),
            ),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.component}"


class RecordedGiftSetPart(models.Model):
    """What each set of a sold gift set line was made of, written with the sale (a kiosk receipt line, an order
    line) and never changed: a return puts back these parts and the statements split the line's takings by these
    weights, whatever the set is made of later. `weight` is the part's list price in the channel of the sale ×
    its units per set, or its units per set alone when a part of the set had no price there (docs/gift-sets.md).
    """

    variant = models.ForeignKey(
        ProductVariant, verbose_name=_("sản phẩm thành phần"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.PositiveSmallIntegerField(_("số lượng trong hộp"))
    weight = models.BigIntegerField(_("trọng số chia doanh thu"))

    class Meta:
        abstract = True
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0) & Q(weight__gt=0), name="%(app_label)s_%(class)s_positive"
            ),
        ]


class PublishedManager(models.Manager):
    """Only rows a manager has approved for shoppers (is_published).

    It is the default manager of photos and certificates, so every storefront, GraphQL and thumbnail read, and
    every `product.media` relation, leaves out what a producer uploaded and is still waiting for review. The
    portal and the review pages read `all_objects`.
    """

    def get_queryset(self):
        return super().get_queryset().filter(is_published=True)


class ProductMedia(models.Model):
    """A product photo. Originals are kept as uploaded (after cleaning); pages show thumbnails."""

    product = models.ForeignKey(Product, verbose_name=_("sản phẩm"), on_delete=models.CASCADE, related_name="media")
    image = models.ImageField(_("ảnh"), upload_to="products/", width_field="width", height_field="height")
    width = models.PositiveIntegerField(editable=False, null=True, verbose_name=_("chiều rộng (px)"))
    height = models.PositiveIntegerField(editable=False, null=True, verbose_name=_("chiều cao (px)"))
    alt = models.CharField(_("mô tả ảnh"), max_length=250, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_published = models.BooleanField(_("đã duyệt"), default=True)

    objects = PublishedManager()
    all_objects = models.Manager()  # noqa: DJ012 (ruff takes models.Manager() for a field)

    class Meta:
        verbose_name = _("ảnh sản phẩm")
        verbose_name_plural = _("ảnh sản phẩm")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.alt or self.image.name


class Thumbnail(models.Model):
    """A cached resized copy of a ProductMedia at one of the fixed sizes and formats."""

    media = models.ForeignKey(
        ProductMedia, on_delete=models.CASCADE, related_name="thumbnails", verbose_name=_("ảnh gốc")
    )
    size = models.PositiveSmallIntegerField(verbose_name=_("cỡ"))
    format = models.CharField(max_length=8, verbose_name=_("định dạng"))
    image = models.ImageField(upload_to="thumbnails/", verbose_name=_("ảnh"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["media", "size", "format"], name="thumbnail_unique")]
        verbose_name = _("ảnh thu nhỏ")
        verbose_name_plural = _("ảnh thu nhỏ")

    def __str__(self):
        return f"{self.media_id} {self.size}px {self.format}"


def _one_open_revision(subject: str, name: str, message) -> models.UniqueConstraint:
    """At most one open (draft or submitted) revision per subject."""
    return models.UniqueConstraint(
        fields=[subject],
        condition=Q(status__in=["draft", "submitted"]),
        name=name,
        violation_error_code="revision_open",
        violation_error_message=message,
    )


class ProductRevision(models.Model):
    """A producer's proposed change to a product, waiting for a manager's review.

    While a product is live, the portal's edits land here (as the proposed values, in `changes`) and the
    published rows stay as they are; approval applies them in one transaction. For a product not yet live the
    revision is the review request itself, with no changes of its own. A rejection sends the revision back to
    draft with the manager's comment for the producer. At most one revision per product is open.

    `changes` holds: "product" {field: value}, "variants" {variant id: {field: value}},
    "prices" {variant id: {channel id: amount}}, "media" {media id: {"alt", "sort_order"}}, "delete_media" [id].

    The same workflow reviews a startup project's profile (producers.StartupProfile): such a revision has a
    `startup_profile` instead of a product, and its `changes` hold "startup_profile" {field: value}.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Chờ duyệt")
        APPROVED = "approved", _("Đã duyệt")

    OPEN_STATUSES = (Status.DRAFT, Status.SUBMITTED)

    product = models.ForeignKey(
        Product, verbose_name=_("sản phẩm"), on_delete=models.CASCADE, related_name="revisions", null=True, blank=True
    )
    startup_profile = models.ForeignKey(
        "producers.StartupProfile",
        verbose_name=_("dự án khởi nghiệp"),
        on_delete=models.CASCADE,
        related_name="revisions",
        null=True,
        blank=True,
    )
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    changes = models.JSONField(_("thay đổi đề xuất"), default=dict, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", verbose_name=_("người soạn"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("ngày gửi duyệt"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("người duyệt"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("ngày duyệt"), null=True, blank=True)
    review_comment = models.TextField(_("nhận xét của người duyệt"), blank=True)

    class Meta:
        verbose_name = _("đề xuất thay đổi sản phẩm")
        verbose_name_plural = _("đề xuất thay đổi sản phẩm")
        ordering = ["-created_at"]
        constraints = [
            _one_open_revision(
                "product", "revision_one_open_per_product", _("Sản phẩm này đã có một đề xuất thay đổi đang mở.")
            ),
            _one_open_revision(
                "startup_profile", "revision_one_open_per_startup", _("Dự án này đã có một đề xuất thay đổi đang mở.")
            ),
            models.CheckConstraint(
                condition=Q(product__isnull=False, startup_profile__isnull=True)
                | Q(product__isnull=True, startup_profile__isnull=False),
                name="revision_one_subject",
                violation_error_code="revision_subject",
                violation_error_message=_("Một đề xuất thay đổi thuộc về đúng một sản phẩm hoặc một dự án."),
            ),
        ]

    def __str__(self):
        return f"{self.product or self.startup_profile} – {self.get_status_display()}"

    @property
    def subject(self):
        """What the revision changes: a product or a startup project's profile."""
        return self.product or self.startup_profile


class ProductEvent(models.Model):
    """One entry of a product's history: who did what, when, and which values changed (old → new)."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Tạo sản phẩm")
        EDITED = "edited", _("Sửa thông tin")
        PROPOSED = "proposed", _("Đề xuất thay đổi")
        PHOTO_ADDED = "photo_added", _("Thêm ảnh")
        PHOTO_REMOVED = "photo_removed", _("Xoá ảnh")
        CERTIFICATE_ADDED = "certificate_added", _("Thêm chứng nhận, công nhận")
        SUBMITTED = "submitted", _("Gửi duyệt")
        APPROVED = "approved", _("Duyệt")
        REJECTED = "rejected", _("Từ chối")

    product = models.ForeignKey(Product, verbose_name=_("sản phẩm"), on_delete=models.CASCADE, related_name="events")
    user = models.ForeignKey(
        "accounts.User", verbose_name=_("người thực hiện"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    changes = models.JSONField(_("giá trị thay đổi"), default=dict, blank=True)
    comment = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("lịch sử sản phẩm")
        verbose_name_plural = _("lịch sử sản phẩm")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.product} – {self.get_kind_display()}"


class Collection(models.Model):
    """A curated set of products ("Quà tặng xứ Quảng", "Đặc sản Tết"), as Saleor's Collection.

    Whether shoppers see it is said per channel (CollectionChannelListing); its products keep the order the
    manager gives them (CollectionProduct.sort_order).
    """

    name = models.CharField(_("tên"), max_length=250)
    slug = models.SlugField(_("mã"), max_length=255, unique=True)
    description = models.TextField(_("mô tả"), blank=True)
    seo_title = models.CharField(_("tiêu đề SEO"), max_length=70, blank=True)
    seo_description = models.CharField(_("mô tả SEO"), max_length=300, blank=True)
    background_image = models.ImageField(_("ảnh nền"), upload_to="collections/", blank=True)
    background_image_alt = models.CharField(_("mô tả ảnh nền"), max_length=250, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    products = models.ManyToManyField(
        Product, verbose_name=_("sản phẩm"), through="CollectionProduct", related_name="collections", blank=True
    )

    class Meta:
        verbose_name = _("bộ sưu tập")
        verbose_name_plural = pgettext_lazy("plural", "bộ sưu tập")
        ordering = ["sort_order", "name", "pk"]

    def __str__(self):
        return self.name


class CollectionProduct(models.Model):
    """A product's place in a collection."""

    collection = models.ForeignKey(
        Collection, verbose_name=_("bộ sưu tập"), on_delete=models.CASCADE, related_name="collection_products"
    )
    product = models.ForeignKey(
        Product, verbose_name=_("sản phẩm"), on_delete=models.CASCADE, related_name="collection_products"
    )
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("sản phẩm trong bộ sưu tập")
        verbose_name_plural = pgettext_lazy("plural", "sản phẩm trong bộ sưu tập")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["collection", "product"],
                name="collection_product_unique",
                violation_error_code="duplicate_product",
                violation_error_message=_("Sản phẩm này đã có trong bộ sưu tập."),
            )
        ]

    def __str__(self):
        return str(self.product_id)


class CollectionChannelListing(models.Model):
    """Whether a collection is shown in a channel, and from when (Saleor's CollectionChannelListing)."""

    collection = models.ForeignKey(
        Collection, verbose_name=_("bộ sưu tập"), on_delete=models.CASCADE, related_name="channel_listings"
    )
    channel = models.ForeignKey(
        "channels.Channel", verbose_name=_("kênh bán"), on_delete=models.CASCADE, related_name="collection_listings"
    )
    is_published = models.BooleanField(_("đang hiển thị"), default=True)
    published_at = models.DateTimeField(_("hiển thị từ"), null=True, blank=True)

    class Meta:
        verbose_name = _("bộ sưu tập trên kênh")
        verbose_name_plural = pgettext_lazy("plural", "bộ sưu tập trên kênh")
        constraints = [
            models.UniqueConstraint(
                fields=["collection", "channel"],
                name="collection_channel_listing_unique",
                violation_error_code="duplicate_channel",
                violation_error_message=_("Bộ sưu tập đã có dòng cho kênh này."),
            )
        ]

    def __str__(self):
        return str(self.channel_id)


class CollectionTranslation(models.Model):
    """A collection's text in another language than Vietnamese (the source); empty fields fall back to it."""

    collection = models.ForeignKey(
        Collection, verbose_name=_("bộ sưu tập"), on_delete=models.CASCADE, related_name="translations"
    )
    language_code = models.CharField(_("ngôn ngữ"), max_length=10, choices=[("en", "English")])
    name = models.CharField(_("tên"), max_length=250, blank=True)
    description = models.TextField(_("mô tả"), blank=True)
    seo_title = models.CharField(_("tiêu đề SEO"), max_length=70, blank=True)
    seo_description = models.CharField(_("mô tả SEO"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("bản dịch bộ sưu tập")
        verbose_name_plural = pgettext_lazy("plural", "bản dịch bộ sưu tập")
        constraints = [
            models.UniqueConstraint(
                fields=["collection", "language_code"],
                name="collection_translation_unique",
                violation_error_code="duplicate_language",
                violation_error_message=_("Bộ sưu tập đã có bản dịch cho ngôn ngữ này."),
            )
        ]

    def __str__(self):
        return self.language_code


class CatalogueVersion(models.Model):
    """One row whose `number` changes whenever what a shopper can see in the catalogue changes.

    Database triggers (migration 0007) set it from a sequence after every statement that writes products,
    variants, photos, categories, channel listings, prices, certificates, producers, VAT rates or channels, whatever
    code runs the statement
    (services, admin, imports, the benchmark generator). The row update is part of the writing transaction, so a
    reader never sees a new number before the change itself; the sequence never goes back, so a number is never
    reused, not even after a rollback. The API's cached totalCount and answers are keyed on it. Stock is not
    covered: what is keyed on this number alone may not depend on stock (see graphql/catalogue/response_cache.py).
    """

    number = models.BigIntegerField(_("số phiên bản"), default=0)

    class Meta:
        verbose_name = _("phiên bản danh mục")
        verbose_name_plural = _("phiên bản danh mục")
        constraints = [models.CheckConstraint(condition=Q(id=1), name="catalogue_version_single_row")]

    def __str__(self):
        return str(self.number)


class ListedProduct(models.Model):
    """One row per product a channel's listings may show, with what a listing filters, counts and sorts on: the
    storefront's group pages, searches and home lists read this narrow table instead of joining every product to
    its channel listing and its variants' prices (docs/performance.md, "Storefront pages").

    A row exists while the product is published, its listing in the channel is published and visible in listings,
    and at least one of its variants has a price there; `published_at` is the listing's (a row for a later date is
    kept and compared with the time by the reader). Written **only by database triggers** (migration 0016), in the
    transaction of every write to products, channel listings, variants or prices, whatever code runs it: never
    stale, never written by Python. Neither stock nor certificates are in it: the readers compare those with the
    stock and the day when they run.
    """

    # No index of their own on channel, group and producer: the unique and the covering index below lead with the
    # channel, and groups and producers are never deleted under their products (PROTECT). The product's index
    # serves the refresh, which finds rows by product.
    channel = models.ForeignKey(
        "channels.Channel", on_delete=models.DO_NOTHING, related_name="+", db_index=False, verbose_name=_("kênh bán")
    )
    product = models.ForeignKey(Product, on_delete=models.DO_NOTHING, related_name="+", verbose_name=_("sản phẩm"))
    category = models.ForeignKey(
        Category, on_delete=models.DO_NOTHING, related_name="+", db_index=False, verbose_name=_("nhóm")
    )
    producer = models.ForeignKey(
        "producers.Producer", on_delete=models.DO_NOTHING, related_name="+", db_index=False, verbose_name=_("chủ thể")
    )
    is_featured = models.BooleanField(_("nổi bật"))
    name = models.CharField(_("tên sản phẩm"), max_length=250)
    created_at = models.DateTimeField(_("ngày tạo"))
    published_at = models.DateTimeField(_("bán từ"), null=True)
    # The lowest price of the product's variants in the channel.
    price_from = models.BigIntegerField(_("giá thấp nhất (₫)"))
    search_tone = models.TextField(_("chữ tìm kiếm (có dấu)"))
    search_plain = models.TextField(_("chữ tìm kiếm (không dấu)"))
    search_vector = search_vector_field()

    class Meta:
        verbose_name = _("sản phẩm trong danh sách")
        verbose_name_plural = _("sản phẩm trong danh sách")
        constraints = [models.UniqueConstraint(fields=["channel", "product"], name="listed_product_unique")]
        indexes = [
            # Everything a listing compares but the search keys, so that counting and sorting a group (or the
            # whole channel) reads this index alone, not the rows that the search keys make wide.
            models.Index(
                fields=["channel", "category"],
                include=["product", "producer", "is_featured", "published_at", "price_from", "created_at", "name"],
                name="listed_product_category",
            ),
            GinIndex(fields=["search_vector"], name="listed_product_search_gin"),
        ]

    def __str__(self):
        return self.name
