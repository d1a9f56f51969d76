"""The managers' pages for content pages and menus; every save goes through marketplace.content.services."""

from django.contrib import admin
from django.db.models import F
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from marketplace.content import services
from marketplace.content.models import Menu, MenuItem, MenuItemTranslation, Page, PageTranslation, PageType
from marketplace.core.admin_mixins import SafeAutocompleteMixin, SaveThroughServiceMixin, save_formset_through_services

# Menu items as a tree: each top-level item, then the items under it (a third level follows its own parent).
TREE_ORDER = [
    Coalesce("parent__parent__sort_order", "parent__sort_order", "sort_order").asc(),
    Coalesce("parent__parent_id", "parent_id", "id").asc(),
    Coalesce("parent__sort_order", "sort_order").asc(),
    Coalesce("parent_id", "id").asc(),
    F("parent").asc(nulls_first=True),
    "sort_order",
    "pk",
]


class DeleteThroughServiceMixin:
    """The delete page and the "delete selected" action call the app's delete service, one row at a time."""

    delete_service = None  # delete_service(obj)

    def delete_model(self, request, obj):
        type(self).delete_service(obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            type(self).delete_service(obj)


@admin.register(PageType)
class PageTypeAdmin(SaveThroughServiceMixin, admin.ModelAdmin):
    create_service = services.create_page_type
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def update_through_service(self, obj, user, fields):
        return services.update_page_type(page_type=obj, **fields)


class PageTranslationInline(admin.StackedInline):
    model = PageTranslation
    fields = ["language_code", "title", "content", "seo_title", "seo_description"]
    extra = 0


@admin.register(Page)
class PageAdmin(SaveThroughServiceMixin, DeleteThroughServiceMixin, admin.ModelAdmin):
    create_service = services.create_page
    delete_service = staticmethod(lambda page: services.delete_page(page=page))
    list_display = ["title", "slug", "page_type", "is_published", "view_link"]
    list_select_related = ["page_type"]
    list_filter = ["is_published", "page_type"]
    search_fields = ["title", "slug", "content"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [PageTranslationInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "page_type", "content"]}),
        (_("Hiển thị"), {"fields": ["is_published", "published_at"]}),
        (_("Tìm kiếm (SEO)"), {"fields": ["seo_title", "seo_description"]}),
    ]

    def update_through_service(self, obj, user, fields):
        return services.update_page(page=obj, **fields)

    @admin.display(description=_("xem trang"))
    def view_link(self, page):
        url = reverse("storefront:page", args=[page.slug])
        return format_html('<a href="{}">{}</a>', url, url)

    def save_formset(self, request, form, formset, change):
        page = form.instance
        save_formset_through_services(
            formset,
            create=lambda data: services.set_page_translation(
                page=page, **{name: data[name] for name in ["language_code", *services.PAGE_TRANSLATION_FIELDS]}
            ),
            update=lambda translation, values: services.set_page_translation(
                page=page, language_code=translation.language_code, **values
            ),
            delete=lambda translation: services.remove_page_translation(translation=translation),
        )


class MenuItemTranslationInline(admin.TabularInline):
    model = MenuItemTranslation
    fields = ["language_code", "name"]
    extra = 0


@admin.register(MenuItem)
class MenuItemAdmin(SafeAutocompleteMixin, SaveThroughServiceMixin, DeleteThroughServiceMixin, admin.ModelAdmin):
    """One item with its English name; the menu's page lists them all in order."""

    create_service = services.create_menu_item
    delete_service = staticmethod(lambda item: services.delete_menu_item(item=item))
    list_display = ["name", "menu", "parent", "target", "sort_order"]
    list_select_related = ["menu", "parent", "category", "collection", "page"]
    list_filter = ["menu"]
    list_editable = ["sort_order"]
    search_fields = ["name", "url"]
    autocomplete_fields = ["parent", "category", "collection", "page"]
    fields = ["menu", "parent", "name", "url", "category", "collection", "page", "sort_order"]
    inlines = [MenuItemTranslationInline]
    ordering = ["menu", *TREE_ORDER]

    def get_readonly_fields(self, request, obj=None):
        return ["menu"] if obj is not None else []  # an item moves between menus by being made again

    def update_through_service(self, obj, user, fields):
        return services.update_menu_item(item=obj, **fields)

    @admin.display(description=_("trỏ tới"))
    def target(self, item):
        return item.url or item.category or item.collection or item.page or "—"

    def save_formset(self, request, form, formset, change):
        item = form.instance
        save_formset_through_services(
            formset,
            create=lambda data: services.set_menu_item_translation(
                item=item, language_code=data["language_code"], name=data["name"]
            ),
            update=lambda translation, values: services.set_menu_item_translation(
                item=item, language_code=translation.language_code, name=translation.name
            ),
            delete=lambda translation: services.remove_menu_item_translation(translation=translation),
        )


class MenuItemInline(admin.TabularInline):
    """A menu's items on its page, as a tree (each top item followed by the items under it).

    Plain selects, listed once per page (not once per row), without the add/change buttons, so the rows fit a
    1280 px screen; an item's English name is edited on its own page."""

    model = MenuItem
    fields = ["name", "parent", "url", "category", "collection", "page", "sort_order"]
    extra = 1
    show_change_link = True
    TARGETS = ("parent", "category", "collection", "page")

    class Media:
        css = {"all": ["content/admin_menu.css"]}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("parent", "category", "collection", "page")
            .order_by(*TREE_ORDER)
        )

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        fields = formset.form.base_fields
        fields["parent"].queryset = MenuItem.objects.filter(menu=obj).order_by(*TREE_ORDER)
        for name in self.TARGETS:
            widget = fields[name].widget
            widget.can_add_related = widget.can_change_related = widget.can_view_related = False
            # Each row's copy of the field shares this list. iter() first: list() would ask the length, a COUNT.
            fields[name].choices = list(iter(fields[name].choices))
        return formset


@admin.register(Menu)
class MenuAdmin(SaveThroughServiceMixin, DeleteThroughServiceMixin, admin.ModelAdmin):
    create_service = services.create_menu
    delete_service = staticmethod(lambda menu: services.delete_menu(menu=menu))
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MenuItemInline]

    def update_through_service(self, obj, user, fields):
        return services.update_menu(menu=obj, **fields)

    def save_formset(self, request, form, formset, change):
        menu = form.instance
        save_formset_through_services(
            formset,
            create=lambda data: services.create_menu_item(
                menu=menu, **{name: data[name] for name in services.MENU_ITEM_FIELDS if name in data}
            ),
            update=lambda item, values: services.update_menu_item(item=item, **values),
            delete=lambda item: services.delete_menu_item(item=item),
        )
