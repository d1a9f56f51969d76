"""The write path of content pages and navigation menus (the admin and the demo call these)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.content.models import Menu, MenuItem, MenuItemTranslation, Page, PageTranslation, PageType
from marketplace.core import richtext
from marketplace.core.errors import DomainError
from marketplace.core.slugs import unique_slug
from marketplace.core.text import nfc
from marketplace.core.validation import validated_save

PAGE_FIELDS = ("page_type", "title", "slug", "content", "seo_title", "seo_description", "is_published", "published_at")
PAGE_TRANSLATION_FIELDS = ("title", "content", "seo_title", "seo_description")
MENU_ITEM_FIELDS = ("name", "parent", "url", "category", "collection", "page", "sort_order")
# A menu item's own link: a path on this site or a web address; anything else (javascript:, data:) is refused.
SAFE_URL_PREFIXES = ("/", "https://", "http://", "tel:", "mailto:")


def _clean(name: str, value):
    if not isinstance(value, str):
        return value
    return richtext.clean_source(value) if name == "content" else nfc(value)


@transaction.atomic
def create_page_type(*, name, slug=None) -> PageType:
    name = nfc(name)
    return validated_save(
        PageType(name=name, slug=nfc(slug) if slug else unique_slug(PageType, name, fallback="loai-trang"))
    )


@transaction.atomic
def update_page_type(*, page_type, **fields) -> PageType:
    page_type = PageType.objects.select_for_update().get(pk=page_type.pk)
    for name, value in fields.items():
        setattr(page_type, name, _clean(name, value))
    return validated_save(page_type)


@transaction.atomic
def create_page(
    *,
    page_type,
    title,
    content="",
    slug=None,
    seo_title="",
    seo_description="",
    is_published=False,
    published_at=None,
) -> Page:
    """A new content page; published pages without a date are shown from now."""
    title = nfc(title)
    page = Page(
        page_type=page_type,
        title=title,
        slug=nfc(slug) if slug else unique_slug(Page, title, fallback="trang"),
        content=richtext.clean_source(content),
        seo_title=nfc(seo_title),
        seo_description=nfc(seo_description),
        is_published=is_published,
        published_at=published_at or (timezone.now() if is_published else None),
    )
    return validated_save(page)


@transaction.atomic
def update_page(*, page, **fields) -> Page:
    unknown = set(fields) - set(PAGE_FIELDS)
    if unknown:
        raise TypeError(f"update_page() got unexpected fields: {sorted(unknown)}")
    page = Page.objects.select_for_update().get(pk=page.pk)
    for name, value in fields.items():
        setattr(page, name, _clean(name, value))
    if page.is_published and page.published_at is None:
        page.published_at = timezone.now()
    return validated_save(page)


@transaction.atomic
def delete_page(*, page) -> None:
    """Remove a page; menu items linking to it go with it."""
    page.delete()


@transaction.atomic
def set_page_translation(*, page, language_code, **fields) -> PageTranslation:
    translation = (
        PageTranslation.objects.select_for_update().filter(page=page, language_code=language_code).first()
    ) or PageTranslation(page=page, language_code=language_code)
    for name in PAGE_TRANSLATION_FIELDS:
        if name in fields:
            setattr(translation, name, _clean(name, fields[name]))
    return validated_save(translation)


@transaction.atomic
def remove_page_translation(*, translation) -> None:
    translation.delete()


@transaction.atomic
def create_menu(*, name, slug=None) -> Menu:
    name = nfc(name)
    return validated_save(Menu(name=name, slug=nfc(slug) if slug else unique_slug(Menu, name, fallback="trinh-don")))


@transaction.atomic
def update_menu(*, menu, **fields) -> Menu:
    menu = Menu.objects.select_for_update().get(pk=menu.pk)
    for name, value in fields.items():
        setattr(menu, name, _clean(name, value))
    return validated_save(menu)


@transaction.atomic
def delete_menu(*, menu) -> None:
    menu.delete()


def _check_url(url: str) -> str:
    url = nfc(url)
    if url and not url.lower().startswith(SAFE_URL_PREFIXES):
        raise DomainError(
            _("Đường dẫn phải bắt đầu bằng “/” (một trang của cửa hàng) hoặc “https://”."),
            code="invalid_url",
            field="url",
        )
    return url


def _level_of(item: MenuItem | None) -> int:
    level = -1
    seen = set()
    while item is not None:
        if item.pk in seen:
            break
        seen.add(item.pk)
        level += 1
        item = item.parent
    return level


def _check_place(item: MenuItem) -> None:
    """The parent is in the same menu, is not the item itself or one of its children, and not too deep."""
    parent = item.parent
    if parent is None:
        return
    if parent.menu_id != item.menu_id:
        raise DomainError(_("Mục cha phải thuộc cùng trình đơn."), code="invalid_parent", field="parent")
    ancestor = parent
    while ancestor is not None:
        if item.pk is not None and ancestor.pk == item.pk:
            raise DomainError(_("Một mục không thể nằm dưới chính nó."), code="invalid_parent", field="parent")
        ancestor = ancestor.parent
    depth_below = _depth_below(item) if item.pk else 0
    if _level_of(parent) + 1 + depth_below > MenuItem.MAX_LEVEL:
        raise DomainError(
            _("Trình đơn chỉ có tối đa %(levels)d cấp.") % {"levels": MenuItem.MAX_LEVEL + 1},
            code="too_deep",
            field="parent",
        )


def _depth_below(item: MenuItem) -> int:
    children = list(MenuItem.objects.filter(parent=item))
    return 1 + max(_depth_below(child) for child in children) if children else 0


@transaction.atomic
def create_menu_item(
    *, menu, name, parent=None, url="", category=None, collection=None, page=None, sort_order=0
) -> MenuItem:
    Menu.objects.select_for_update().get(pk=menu.pk)  # one writer per menu: the tree checks see a settled tree
    item = MenuItem(
        menu=menu,
        parent=parent,
        name=nfc(name),
        url=_check_url(url),
        category=category,
        collection=collection,
        page=page,
        sort_order=sort_order,
    )
    _check_place(item)
    return validated_save(item)


@transaction.atomic
def update_menu_item(*, item, **fields) -> MenuItem:
    unknown = set(fields) - set(MENU_ITEM_FIELDS)
    if unknown:
        raise TypeError(f"update_menu_item() got unexpected fields: {sorted(unknown)}")
    Menu.objects.select_for_update().get(pk=item.menu_id)
    item = MenuItem.objects.select_for_update().get(pk=item.pk)
    for name, value in fields.items():
        setattr(item, name, _check_url(value) if name == "url" else _clean(name, value))
    _check_place(item)
    return validated_save(item)


@transaction.atomic
def delete_menu_item(*, item) -> None:
    """Remove an item and the items under it."""
    item.delete()


@transaction.atomic
def set_menu_item_translation(*, item, language_code, name) -> MenuItemTranslation:
    translation = (
        MenuItemTranslation.objects.select_for_update().filter(menu_item=item, language_code=language_code).first()
    ) or MenuItemTranslation(menu_item=item, language_code=language_code)
    translation.name = nfc(name)
    return validated_save(translation)


@transaction.atomic
def remove_menu_item_translation(*, translation) -> None:
    translation.delete()
