"""Reads of content pages and menus for the storefront and the API."""

from dataclasses import dataclass

from django.db.models import Case, CharField, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone

from marketplace.catalogue.selectors import visible_collections
from marketplace.content.models import Menu, MenuItem, Page


def published_pages() -> QuerySet[Page]:
    """Pages shoppers may read now (a publication date in the future keeps a page hidden until then)."""
    return Page.objects.filter(is_published=True).filter(
        Q(published_at__isnull=True) | Q(published_at__lte=timezone.now())
    )


def page_for_storefront(slug: str) -> Page:
    """A published page by its slug, or 404."""
    return get_object_or_404(published_pages().prefetch_related("translations"), slug=slug)


def _items(queryset: QuerySet[MenuItem], level: int, visible: dict) -> QuerySet[MenuItem]:
    """Menu items with what a menu shows of each (its link's target and whether shoppers may see it, its
    translations, its level) and, below them, their children down to MenuItem.MAX_LEVEL: one query per level (and
    one for the translations of each), whatever the number of items."""
    queryset = (
        queryset.select_related("category", "collection", "page", "menu", "parent")
        .prefetch_related("translations")
        .annotate(level=Value(level, output_field=IntegerField()), **visible)
        .order_by("sort_order", "pk")
    )
    if level < MenuItem.MAX_LEVEL:
        queryset = queryset.prefetch_related(
            Prefetch("children", queryset=_items(MenuItem.objects.all(), level + 1, visible))
        )
    return queryset


def _visibility(channel_slug: str) -> dict:
    """Annotations saying whether an item's collection is shown in the channel and its page is published, so a
    menu never links shoppers to what they may not see."""
    return {
        "channel_slug": Value(channel_slug, output_field=CharField()),
        "collection_is_visible": Exists(
            visible_collections(channel_slug=channel_slug).filter(pk=OuterRef("collection_id"))
        ),
        "page_is_visible": Exists(published_pages().filter(pk=OuterRef("page_id"))),
    }


def menu_items(*, channel_slug: str) -> QuerySet[MenuItem]:
    """Every menu item at its level (counted from its ancestors), with the items below it."""
    level = Value(0, output_field=IntegerField())
    for steps in range(1, MenuItem.MAX_LEVEL + 1):
        has_ancestor = Q(**{"__".join(["parent"] * steps) + "__isnull": False})
        level = level + Case(When(has_ancestor, then=1), default=0, output_field=IntegerField())
    visible = _visibility(channel_slug)
    children = _items(MenuItem.objects.all(), 1, visible)  # their levels are set from their parent's
    return (
        MenuItem.objects.select_related("category", "collection", "page", "menu", "parent")
        .prefetch_related("translations", Prefetch("children", queryset=children))
        .annotate(level=level, **visible)
    )


def menus_with_items(*, channel_slug: str) -> QuerySet[Menu]:
    """Menus with their top-level items (Saleor's `Menu.items`) and the items under those, prefetched."""
    top_level = _items(MenuItem.objects.filter(parent__isnull=True), 0, _visibility(channel_slug))
    return Menu.objects.prefetch_related(Prefetch("items", queryset=top_level, to_attr="top_level_items"))


@dataclass(frozen=True)
class PageText:
    """A page's words in one language, Vietnamese filling in what a translation leaves empty."""

    title: str
    content: str
    seo_title: str
    seo_description: str


def page_text(page: Page, language_code: str) -> PageText:
    translated = next((t for t in page.translations.all() if t.language_code == language_code), None)

    def pick(name: str) -> str:
        return (getattr(translated, name, "") if translated else "") or getattr(page, name)

    return PageText(
        title=pick("title"),
        content=pick("content"),
        seo_title=pick("seo_title"),
        seo_description=pick("seo_description"),
    )
