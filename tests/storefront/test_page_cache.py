"""The catalogue parts of the shoppers' pages are kept per catalogue version (storefront_theme/caching.py), and
never shown stale where it matters: a price, a hidden product or a stock mark changes on the very next request,
and no shopper ever sees another's cart count, account link or form token."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from inventory import locations
from inventory.models import Warehouse
from inventory.services import receive_goods
from marketplace.accounts.services import sign_up_shopper
from marketplace.catalogue.models import Product
from marketplace.catalogue.services import set_variant_price
from storefront_theme import caching
from tests.storefront import catalogue_data
from tests.storefront.test_queries import CACHED_PAGE_QUERIES, CACHED_PRODUCT_QUERIES, LISTING_QUERIES

GROUP = reverse("storefront:category", args=["thuc-pham"])
SAUCES = reverse("storefront:category", args=["gia-vi"])
DRINKS = reverse("storefront:category", args=["do-uong"])
SEARCH = reverse("storefront:search") + "?q=nuoc+mam"
PASSWORD = "mat-khau-xu-quang-2026"


def main(response) -> str:
    """The page's <main>: the catalogue part, without the header and its per-shopper pieces (the buy form's token,
    a new one on every view, blanked)."""
    body = response.content.decode()
    body = body[body.index('<main id="main"') : body.index("</main>")]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken"', body)


def card(response, product) -> str:
    """The card of `product` in a listing page."""
    body = main(response)
    href = f'href="{reverse("storefront:product", args=[product.slug])}"'
    start = body.rindex("<article", 0, body.index(href))
    return body[start : body.index("</article>", start)]


@pytest.mark.parametrize(
    ("path", "queries"),
    [
        # the catalogue version, the stock of the products on the cards
        ("/", CACHED_PAGE_QUERIES),
        (GROUP, CACHED_PAGE_QUERIES),
        (f"{GROUP}?page=2&per_page=2&sort=price_asc&stars=3", CACHED_PAGE_QUERIES),
        (SEARCH, CACHED_PAGE_QUERIES),
        # no cards (no startup products here, nothing found): the catalogue version alone
        ("/khoi-nghiep/", 1),
        (reverse("storefront:search") + "?q=xyzxyz", 1),
    ],
)
def test_a_second_view_is_the_same_page_from_the_cache(client, catalogue, django_assert_num_queries, path, queries):
    first = client.get(path)
    with django_assert_num_queries(queries):
        second = client.get(path)
    assert second.status_code == 200
    assert main(second) == main(first)
    assert "&lt;" not in main(second)  # the kept part is HTML, not text


def test_a_product_page_keeps_its_facts_and_reads_price_and_stock_live(client, catalogue, django_assert_num_queries):
    path = reverse("storefront:product", args=[catalogue["cua_khe"].slug])
    first = client.get(path)
    with django_assert_num_queries(CACHED_PRODUCT_QUERIES):  # the catalogue version, the variants' prices and stock
        second = client.get(path)
    assert main(second) == main(first)
    assert "Cá cơm, muối biển" in main(second) and "Còn hàng" in main(second)


def test_a_price_change_shows_on_the_very_next_request(client, catalogue):
    cua_khe = catalogue["cua_khe"]
    product_page = reverse("storefront:product", args=[cua_khe.slug])
    pages = [SAUCES, SEARCH, product_page]
    for path in pages:
        assert "95.000 ₫" in main(client.get(path))
    cheapest = cua_khe.variants.order_by("sort_order", "pk").last()
    set_variant_price(variant=cheapest, channel=catalogue_data.online_channel(), price_amount=89_000)
    for path in pages:
        page = main(client.get(path))
        assert "89.000 ₫" in page and "95.000 ₫" not in page, path


def test_a_hidden_product_is_gone_on_the_very_next_request(client, catalogue):
    cua_khe = catalogue["cua_khe"]
    product_page = reverse("storefront:product", args=[cua_khe.slug])
    assert cua_khe.name in main(client.get(SAUCES)) and cua_khe.name in main(client.get(SEARCH))
    assert client.get(product_page).status_code == 200
    # What the admin does when a manager takes a product off the shelves: one statement on the product table.
    Product.objects.filter(pk=cua_khe.pk).update(status=Product.Status.DRAFT)
    assert cua_khe.name not in main(client.get(SAUCES))
    assert cua_khe.name not in main(client.get(SEARCH))
    assert client.get(product_page).status_code == 404


def test_a_card_follows_the_stock_at_once(client, catalogue, django_assert_num_queries):
    tea = catalogue["tra_sam"]
    assert "card--out" in card(client.get(DRINKS), tea)
    hcmc = Warehouse.objects.get(slug=locations.FULFILMENT_HCM)
    receive_goods(warehouse=hcmc, producer=tea.producer, lines=[(tea.variants.get(), 5)])
    # Stock is not in the catalogue version (a sale must not empty the cache), but the part's stock marks are
    # checked on every view: this one changed, so the part is built again. Its producer list and counts do not
    # follow stock and are kept under the same catalogue version (caching.kept), as is the group with its subgroups:
    # only its page is read again.
    with django_assert_num_queries(CACHED_PAGE_QUERIES + LISTING_QUERIES - 1 - 2 - 2):
        response = client.get(DRINKS)
    assert "card--out" not in card(response, tea) and "Hết hàng" not in card(response, tea)
    product_page = main(client.get(reverse("storefront:product", args=[tea.slug])))
    assert "Còn hàng" in product_page and 'name="variant_id"' in product_page


def _cart_count(response) -> str | None:
    found = re.search(r'<span class="cart-link__count" aria-hidden="true">(\d+)</span>', response.content.decode())
    return found.group(1) if found else None


def _csrf_token(response) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode()).group(1)


@pytest.mark.parametrize("path", ["/", GROUP, SEARCH, "product"])
def test_two_shoppers_on_one_cached_page_each_see_their_own_header(catalogue, path):
    cua_khe, cao_lau = catalogue["cua_khe"], catalogue["cao_lau"]
    path = reverse("storefront:product", args=[cua_khe.slug]) if path == "product" else path
    lan, guest = Client(), Client()
    lan.force_login(sign_up_shopper(email="lan@example.com", full_name="Lan", phone="0901234567", password=PASSWORD))
    lan.post(reverse("checkout:add"), {"variant_id": cua_khe.variants.first().pk, "quantity": 3})
    guest.post(reverse("checkout:add"), {"variant_id": cao_lau.variants.first().pk, "quantity": 1})

    lans_page = lan.get(path)  # builds the part
    guests_page = guest.get(path)  # finds it kept
    assert main(lans_page) == main(guests_page)
    assert _cart_count(lans_page) == "3" and _cart_count(guests_page) == "1"
    assert _cart_count(Client().get(path)) is None  # a new visitor has an empty cart
    assert "Tài khoản của tôi" in lans_page.content.decode() and "Đăng nhập" not in lans_page.content.decode()
    assert "Đăng nhập" in guests_page.content.decode() and "Tài khoản của tôi" not in guests_page.content.decode()
    # The language form carries each shopper's own token: it posts with it, and not with the other's.
    assert f'name="next" value="{path}"' in guests_page.content.decode()
    for shopper in (lan, guest):
        shopper.handler.enforce_csrf_checks = True
    switch = {"language": "en", "next": path}
    assert guest.post("/i18n/setlang/", switch | {"csrfmiddlewaretoken": _csrf_token(lans_page)}).status_code == 403
    assert guest.post("/i18n/setlang/", switch | {"csrfmiddlewaretoken": _csrf_token(guests_page)}).status_code == 302
    assert lan.post("/i18n/setlang/", switch | {"csrfmiddlewaretoken": _csrf_token(lans_page)}).status_code == 302


def test_each_language_has_its_own_part(client, catalogue):
    assert "95.000 ₫" in main(client.get(SAUCES))
    client.post("/i18n/setlang/", {"language": "en", "next": SAUCES})
    english = main(client.get(SAUCES))  # prices are written the English way there
    assert "₫95,000" in english and "95.000 ₫" not in english


def _get(client, path):
    """The response and how many card bodies it rendered (the others came kept, caching.card): a card rendered is a
    card kept, so the count is how many entries the cards' cache (Django's local-memory cache) gained."""
    kept = caching.cards_cache()._cache
    before = len(kept)
    response = client.get(path)
    return response, len(kept) - before


def test_a_card_is_rendered_once_per_facts_and_language(client, catalogue):
    first, rendered = _get(client, GROUP)
    shown = len(first.context["page"].object_list)
    assert shown > 1 and rendered == shown
    # Another part showing the same products (another sort, a search): its cards are kept, not rendered again,
    # and are the same cards.
    other, rendered = _get(client, f"{GROUP}?sort=name")
    assert other.status_code == 200 and rendered == 0
    cua_khe = catalogue["cua_khe"]
    assert card(other, cua_khe) == card(first, cua_khe)
    # Each language has its own cards (prices follow the language: "₫95,000" in English).
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english, rendered = _get(client, f"{GROUP}?sort=price_asc")
    assert rendered == len(english.context["page"].object_list)
    assert "₫95,000" in card(english, cua_khe) and "95.000 ₫" not in card(english, cua_khe)


def test_a_kept_card_shows_a_new_price_and_name_at_once(client, catalogue):
    cua_khe = catalogue["cua_khe"]
    assert "95.000 ₫" in card(client.get(SAUCES), cua_khe)
    kept, rendered = _get(client, f"{SAUCES}?sort=name")  # another part with the same cards: they come kept
    assert rendered == 0 and "95.000 ₫" in card(kept, cua_khe)
    set_variant_price(
        variant=cua_khe.variants.order_by("sort_order", "pk").last(),
        channel=catalogue_data.online_channel(),
        price_amount=89_000,
    )
    # A new catalogue version: every part is built again, but only the changed product's card is rendered.
    _changed, rendered = _get(client, SAUCES)
    assert rendered == 1
    for path in (SAUCES, f"{SAUCES}?sort=name", SEARCH):
        shown = card(client.get(path), cua_khe)
        assert "89.000 ₫" in shown and "95.000 ₫" not in shown, path
    Product.objects.filter(pk=cua_khe.pk).update(name="Nước mắm Cửa Khe Hai Hiền thượng hạng")
    for path in (SAUCES, f"{SAUCES}?sort=name", SEARCH):
        shown = card(client.get(path), cua_khe)
        assert "Nước mắm Cửa Khe Hai Hiền thượng hạng" in shown and "89.000 ₫" in shown, path


def test_a_kept_card_takes_its_stock_mark_from_the_page(client, catalogue):
    tea = catalogue["tra_sam"]
    assert "card--out" in card(client.get(DRINKS), tea)
    hcmc = Warehouse.objects.get(slug=locations.FULFILMENT_HCM)
    receive_goods(warehouse=hcmc, producer=tea.producer, lines=[(tea.variants.get(), 5)])
    # Stock moves no catalogue version: the card's facts come kept, its stock mark from the page's rows.
    response, rendered = _get(client, f"{DRINKS}?sort=name")
    assert rendered == 0
    assert "card--out" not in card(response, tea) and "Hết hàng" not in card(response, tea)
