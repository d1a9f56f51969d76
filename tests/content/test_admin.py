"""Managers edit collections, pages and menus in the admin, through the services; producers cannot."""

import unicodedata

import pytest
from django.conf import settings

from marketplace.catalogue.models import Collection, CollectionChannelListing
from marketplace.channels.models import Channel
from marketplace.content import services
from marketplace.content.models import Menu, MenuItem, Page, PageTranslation
from tests.catalogue.adminpages import form_data
from tests.storefront import catalogue_data

pytestmark = pytest.mark.django_db


def inline(prefix: str, rows: list[dict], initial: int = 0) -> dict:
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(initial)}
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


EMPTY_COLLECTION_INLINES = {
    **inline("collection_products", []),
    **inline("channel_listings", []),
    **inline("translations", []),
}


def test_a_manager_adds_a_collection_with_products_a_channel_and_a_picture(manager_client):
    products = catalogue_data.shopper_catalogue()
    online = Channel.objects.get(slug=settings.STOREFRONT_CHANNEL_SLUG)
    assert manager_client.get("/admin/catalogue/collection/add/").status_code == 200
    data = {
        "name": unicodedata.normalize("NFD", "Quà tặng xứ Quảng"),
        "slug": "",
        "description": "Quà cho khách.",
        "seo_title": "",
        "seo_description": "",
        "background_image": catalogue_data.photo(),
        "background_image_alt": "Hộp quà",
        "sort_order": "0",
        **inline(
            "collection_products",
            [
                {"product": products["cua_khe"].pk, "sort_order": "1"},
                {"product": products["saphraton"].pk, "sort_order": "0"},
            ],
        ),
        **inline("channel_listings", [{"channel": online.pk, "is_published": "on"}]),
        **inline("translations", [{"language_code": "en", "name": "Gifts of Quảng"}]),
    }
    response = manager_client.post("/admin/catalogue/collection/add/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    collection = Collection.objects.get()
    assert collection.name == "Quà tặng xứ Quảng"  # NFC, by the service
    assert collection.slug == "qua-tang-xu-quang"  # made from the name by the service
    assert collection.background_image.name.startswith("collections/qua-tang-xu-quang")
    assert [entry.product.name for entry in collection.collection_products.order_by("sort_order")] == [
        "Sâm Ngọc Linh SAPHRATON",
        "Nước mắm Cửa Khe Hai Hiền",
    ]
    assert CollectionChannelListing.objects.get(collection=collection).channel == online
    assert collection.translations.get().name == "Gifts of Quảng"


def test_a_picture_that_is_not_an_image_is_refused_next_to_the_field(manager_client):
    fake = catalogue_data.photo()
    fake.file.seek(0)
    fake.file.write(b"<html>not a picture</html>")
    fake.file.seek(0)
    data = {"name": "Đặc sản Tết", "slug": "", "description": "", "sort_order": "0", "background_image": fake}
    response = manager_client.post("/admin/catalogue/collection/add/", {**data, **EMPTY_COLLECTION_INLINES})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["background_image"]
    assert not Collection.objects.exists()


def test_the_same_product_twice_in_a_collection_is_refused(manager_client):
    products = catalogue_data.shopper_catalogue()
    rows = [
        {"product": products["cua_khe"].pk, "sort_order": "0"},
        {"product": products["cua_khe"].pk, "sort_order": "1"},
    ]
    data = {
        "name": "Đặc sản Tết",
        "slug": "",
        "description": "",
        "sort_order": "0",
        **EMPTY_COLLECTION_INLINES,
        **inline("collection_products", rows),
    }
    response = manager_client.post("/admin/catalogue/collection/add/", data)
    assert response.status_code == 200
    assert not Collection.objects.exists()


def test_a_manager_writes_and_publishes_a_page_and_its_english(manager_client, policy_type):
    url = "/admin/content/page/add/"
    assert manager_client.get(url).status_code == 200
    data = {
        "title": "Chính sách giao hàng",
        "slug": "",
        "page_type": policy_type.pk,
        "content": "## Phí giao\n\n- **30.000 ₫**",
        "is_published": "on",
        "seo_title": "",
        "seo_description": "",
        **inline("translations", [{"language_code": "en", "title": "Delivery policy", "content": "Fees"}]),
    }
    assert manager_client.post(url, data).status_code == 302
    page = Page.objects.get()
    assert page.slug == "chinh-sach-giao-hang"
    assert page.published_at is not None  # published now, by the service
    assert PageTranslation.objects.get(page=page).title == "Delivery policy"

    change = f"/admin/content/page/{page.pk}/change/"
    edited = form_data(manager_client.get(change))
    edited["title"] = "Giao hàng tận nơi"
    assert manager_client.post(change, edited).status_code == 302
    page.refresh_from_db()
    assert (page.title, page.slug) == ("Giao hàng tận nơi", "chinh-sach-giao-hang")  # links keep working
    assert manager_client.get("/admin/content/page/").status_code == 200


def test_a_manager_builds_a_menu_and_a_dangerous_link_is_refused(manager_client, returns_page):
    data = {
        "name": "Trình đơn chân trang",
        "slug": "footer",
        **inline(
            "items",
            [
                {"name": "Đổi trả", "page": returns_page.pk, "sort_order": "0"},
                {"name": "Bấm vào đây", "url": "javascript:alert(1)", "sort_order": "1"},
            ],
        ),
    }
    refused = manager_client.post("/admin/content/menu/add/", data)
    assert refused.status_code == 302  # the service's refusal comes back as a message on the same page
    assert not Menu.objects.exists()
    messages = [str(message) for message in manager_client.get(refused["Location"]).context["messages"]]
    assert messages == ["Đường dẫn phải bắt đầu bằng “/” (một trang của cửa hàng) hoặc “https://”."]

    data["items-1-url"] = "/trang/doi-tra/"
    assert manager_client.post("/admin/content/menu/add/", data).status_code == 302
    menu = Menu.objects.get(slug="footer")
    assert [(item.name, item.page_id, item.url) for item in menu.items.order_by("sort_order")] == [
        ("Đổi trả", returns_page.pk, ""),
        ("Bấm vào đây", None, "/trang/doi-tra/"),
    ]
    assert manager_client.get(f"/admin/content/menu/{menu.pk}/change/").status_code == 200


def test_a_menu_item_pointing_at_two_places_is_refused(manager_client, returns_page):
    menu = services.create_menu(name="Đầu trang", slug="navbar")
    data = {"menu": menu.pk, "name": "Hai nơi", "url": "/gio-hang/", "page": returns_page.pk, "sort_order": "0"}
    response = manager_client.post("/admin/content/menuitem/add/", {**data, **inline("translations", [])})
    assert response.status_code == 200
    assert "Một mục chỉ trỏ tới một nơi" in response.content.decode()
    assert not MenuItem.objects.exists()


def test_menus_nest_three_levels_at_most_and_never_loop(returns_page):
    menu = services.create_menu(name="Đầu trang", slug="navbar")
    top = services.create_menu_item(menu=menu, name="Cấp 1")
    middle = services.create_menu_item(menu=menu, name="Cấp 2", parent=top)
    bottom = services.create_menu_item(menu=menu, name="Cấp 3", parent=middle)
    from marketplace.core.errors import DomainError

    with pytest.raises(DomainError) as too_deep:
        services.create_menu_item(menu=menu, name="Cấp 4", parent=bottom)
    assert too_deep.value.code == "too_deep"
    with pytest.raises(DomainError) as loop:
        services.update_menu_item(item=top, parent=bottom)
    assert loop.value.code == "invalid_parent"
    other = services.create_menu(name="Chân trang", slug="footer")
    with pytest.raises(DomainError) as elsewhere:
        services.create_menu_item(menu=other, name="Lạc", parent=top)
    assert elsewhere.value.code == "invalid_parent"


@pytest.mark.parametrize(
    "url",
    [
        "/admin/catalogue/collection/add/",
        "/admin/content/page/add/",
        "/admin/content/menu/add/",
        "/admin/content/menuitem/add/",
        "/admin/content/page/",
    ],
)
def test_a_producer_cannot_open_the_content_admin(producer_client, url):
    response = producer_client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_producer_cannot_write_a_page_or_a_collection(producer_client, policy_type):
    producer_client.post(
        "/admin/content/page/add/",
        {"title": "Giả mạo", "page_type": policy_type.pk, "is_published": "on", **inline("translations", [])},
    )
    producer_client.post("/admin/catalogue/collection/add/", {"name": "Giả mạo", **EMPTY_COLLECTION_INLINES})
    assert not Page.objects.exists()
    assert not Collection.objects.exists()


def test_managers_hold_the_content_permissions(manager):
    for codename in ("add_page", "change_page", "delete_menu", "add_menuitem", "add_collection", "change_collection"):
        app = "catalogue" if "collection" in codename else "content"
        assert manager.has_perm(f"{app}.{codename}"), codename


def test_the_menu_page_costs_the_same_queries_for_three_items_or_twelve(manager_client, returns_page):
    from tests.catalogue.adminpages import query_count

    menu = services.create_menu(name="Chân trang", slug="footer")
    url = f"/admin/content/menu/{menu.pk}/change/"

    def add_items(count):
        for index in range(count):
            top = services.create_menu_item(menu=menu, name=f"Mục {index}", page=returns_page, sort_order=index)
            services.create_menu_item(menu=menu, name=f"Con {index}", parent=top, url="/gio-hang/")

    add_items(1)
    query_count(manager_client, url)  # the first visit also saves the session
    small = query_count(manager_client, url)
    add_items(5)
    assert query_count(manager_client, url) == small


def test_the_collection_list_costs_the_same_queries_for_two_or_eight(manager_client):
    from marketplace.catalogue import services as catalogue
    from tests.catalogue.adminpages import query_count

    online = Channel.objects.get(slug=settings.STOREFRONT_CHANNEL_SLUG)
    for index in range(2):
        catalogue.set_collection_channel_listing(
            collection=catalogue.create_collection(name=f"Bộ {index}"), channel=online
        )
    query_count(manager_client, "/admin/catalogue/collection/")  # the first visit also saves the session
    small = query_count(manager_client, "/admin/catalogue/collection/")
    for index in range(2, 8):
        catalogue.set_collection_channel_listing(
            collection=catalogue.create_collection(name=f"Bộ {index}"), channel=online
        )
    assert query_count(manager_client, "/admin/catalogue/collection/") == small
