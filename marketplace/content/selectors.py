"""Reads of content pages and menus for the storefront and the API."""

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from marketplace.content.models import Menu, MenuItem, Page


def published_pages() -> QuerySet[Page]:
    """Pages shoppers may read now (a publication date in the future keeps a page hidden until then)."""
    return Page.objects.filter(is_published=True).filter(
        Q(published_at__isnull=True) | Q(published_at__lte=timezone.now())
    )


def page_for_storefront(slug: str) -> Page:
    """A published page by its slug, or 404."""
    return get_object_or_404(published_pages().select_related("page_type"), slug=slug)


def _items(queryset: QuerySet[MenuItem], depth: int) -> QuerySet[MenuItem]:
    """Menu items with what a menu shows of each (its link's target, its translations) and, below them, their
    children down to MenuItem.MAX_LEVEL: one query per level, whatever the number of items."""
    queryset = queryset.select_related("category", "collection", "page", "menu", "parent").prefetch_related(
        "translations"
    )
    if depth < MenuItem.MAX_LEVEL:
        queryset = queryset.prefetch_related(
            Prefetch("children", queryset=_items(MenuItem.objects.order_by("sort_order", "pk"), depth + 1))
        )
    return queryset


def menus_with_items() -> QuerySet[Menu]:
    """Menus with their top-level items (Saleor's `Menu.items`) and the items under those, prefetched."""
    top_level = _items(MenuItem.objects.filter(parent__isnull=True).order_by("sort_order", "pk"), 0)
    return Menu.objects.prefetch_related(Prefetch("items", queryset=top_level, to_attr="top_level_items"))
