"""Content pages (about the programme, OCOP explained, the shop's policies) and navigation menus, as Saleor's
Page, PageType, Menu and MenuItem.

A page's text is what the manager typed in the admin (a small Markdown, see marketplace.core.richtext); the
storefront renders it as HTML and the API hands it over as Editor.js JSON.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

TRANSLATION_LANGUAGES = [("en", "English")]


class PageType(models.Model):
    """A kind of page ("Chính sách", "Giới thiệu"): Saleor gives every page one."""

    name = models.CharField(_("tên"), max_length=250)
    slug = models.SlugField(_("mã"), max_length=255, unique=True)

    class Meta:
        verbose_name = _("loại trang")
        verbose_name_plural = pgettext_lazy("plural", "loại trang")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name


class Page(models.Model):
    page_type = models.ForeignKey(
        PageType, verbose_name=_("loại trang"), on_delete=models.PROTECT, related_name="pages"
    )
    title = models.CharField(_("tiêu đề"), max_length=250)
    slug = models.SlugField(_("mã"), max_length=255, unique=True)
    content = models.TextField(
        _("nội dung"),
        blank=True,
        help_text=_(
            "Mỗi đoạn cách nhau một dòng trống. “## ” đầu dòng: tiêu đề mục; “- ” đầu dòng: danh sách; "
            "**chữ đậm**; [chữ](/duong-dan/): liên kết."
        ),
    )
    seo_title = models.CharField(_("tiêu đề SEO"), max_length=70, blank=True)
    seo_description = models.CharField(_("mô tả SEO"), max_length=300, blank=True)
    is_published = models.BooleanField(_("đang hiển thị"), default=False)
    published_at = models.DateTimeField(_("hiển thị từ"), null=True, blank=True)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật"), auto_now=True)

    class Meta:
        verbose_name = _("trang nội dung")
        verbose_name_plural = pgettext_lazy("plural", "trang nội dung")
        ordering = ["title", "pk"]

    def __str__(self):
        return self.title


class PageTranslation(models.Model):
    """A page's text in another language than Vietnamese (the source); empty fields fall back to it."""

    page = models.ForeignKey(Page, verbose_name=_("trang"), on_delete=models.CASCADE, related_name="translations")
    language_code = models.CharField(_("ngôn ngữ"), max_length=10, choices=TRANSLATION_LANGUAGES)
    title = models.CharField(_("tiêu đề"), max_length=250, blank=True)
    content = models.TextField(_("nội dung"), blank=True)
    seo_title = models.CharField(_("tiêu đề SEO"), max_length=70, blank=True)
    seo_description = models.CharField(_("mô tả SEO"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("bản dịch trang")
        verbose_name_plural = pgettext_lazy("plural", "bản dịch trang")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "language_code"],
                name="page_translation_unique",
                violation_error_code="duplicate_language",
                violation_error_message=_("Trang đã có bản dịch cho ngôn ngữ này."),
            )
        ]

    def __str__(self):
        return self.language_code


class Menu(models.Model):
    """A navigation menu the storefront draws by its slug: `navbar` (header), `footer`."""

    name = models.CharField(_("tên"), max_length=250)
    slug = models.SlugField(_("mã"), max_length=255, unique=True)

    class Meta:
        verbose_name = _("trình đơn")
        verbose_name_plural = pgettext_lazy("plural", "trình đơn")
        ordering = ["pk"]

    def __str__(self):
        return self.name


class MenuItem(models.Model):
    """One link of a menu: to a URL, a category, a collection or a page (at most one), or a heading for its
    children. Items nest up to MAX_LEVEL below the top."""

    MAX_LEVEL = 2

    menu = models.ForeignKey(Menu, verbose_name=_("trình đơn"), on_delete=models.CASCADE, related_name="items")
    parent = models.ForeignKey(
        "self", verbose_name=_("mục cha"), on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    name = models.CharField(_("tên"), max_length=128)
    url = models.CharField(_("đường dẫn"), max_length=256, blank=True)
    category = models.ForeignKey(
        "catalogue.Category", verbose_name=_("nhóm sản phẩm"), on_delete=models.CASCADE, null=True, blank=True
    )
    collection = models.ForeignKey(
        "catalogue.Collection", verbose_name=_("bộ sưu tập"), on_delete=models.CASCADE, null=True, blank=True
    )
    page = models.ForeignKey(Page, verbose_name=_("trang"), on_delete=models.CASCADE, null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("mục trình đơn")
        verbose_name_plural = pgettext_lazy("plural", "mục trình đơn")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(url="", category__isnull=True, collection__isnull=True, page__isnull=True)
                    | Q(~Q(url=""), category__isnull=True, collection__isnull=True, page__isnull=True)
                    | Q(url="", category__isnull=False, collection__isnull=True, page__isnull=True)
                    | Q(url="", category__isnull=True, collection__isnull=False, page__isnull=True)
                    | Q(url="", category__isnull=True, collection__isnull=True, page__isnull=False)
                ),
                name="menu_item_one_target",
                violation_error_code="several_targets",
                violation_error_message=_(
                    "Một mục chỉ trỏ tới một nơi: đường dẫn, nhóm sản phẩm, bộ sưu tập hoặc trang."
                ),
            ),
        ]

    def __str__(self):
        return self.name


class MenuItemTranslation(models.Model):
    menu_item = models.ForeignKey(
        MenuItem, verbose_name=_("mục menu"), on_delete=models.CASCADE, related_name="translations"
    )
    language_code = models.CharField(_("ngôn ngữ"), max_length=10, choices=TRANSLATION_LANGUAGES)
    name = models.CharField(_("tên"), max_length=128)

    class Meta:
        verbose_name = _("bản dịch mục trình đơn")
        verbose_name_plural = pgettext_lazy("plural", "bản dịch mục trình đơn")
        constraints = [
            models.UniqueConstraint(
                fields=["menu_item", "language_code"],
                name="menu_item_translation_unique",
                violation_error_code="duplicate_language",
                violation_error_message=_("Mục đã có bản dịch cho ngôn ngữ này."),
            )
        ]

    def __str__(self):
        return self.language_code
