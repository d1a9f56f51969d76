"""ListedProduct, the listings' table kept by database triggers (migrations 0016–0017): after every write that
changes one of its facts, whatever the write path, its rows equal what the listings computed from the source tables
before it existed (visible products priced in the channel, with their lowest price), and the facts it leaves out
(stock, certificates valid today) are compared live."""

import datetime
import importlib

import pytest
from django.db import connection
from django.utils import timezone

from inventory import locations
from inventory.models import Warehouse
from inventory.services import adjust_stock, receive_goods
from marketplace.catalogue import search, selectors
from marketplace.catalogue.models import ListedProduct, Product
from marketplace.catalogue.selectors import ListingFilters
from marketplace.catalogue.services import (
    create_variant,
    delete_variant,
    remove_variant_price,
    set_variant_price,
    update_ocop_certificate,
    vacuum_listed_products,
)
from marketplace.channels.models import ProductChannelListing
from marketplace.producers.models import CERTIFICATE_VALIDITY
from tests.storefront import catalogue_data as data
from tests.tables import columns_with_statistics, maintenance_counts, pages_not_all_visible


def _old_listing() -> dict[int, tuple]:
    """What the listings read before the table: visible products priced in the channel and their lowest price,
    computed from products, channel listings, variants and prices."""
    slug = selectors.storefront_channel_slug()
    products = selectors.annotate_sale_facts(
        selectors.visible_products(channel_slug=slug), slug, facts=("price_from",), producer=False
    )
    return {
        p.pk: (p.category_id, p.producer_id, p.is_featured, p.name, p.price_from, p.search_plain, p.search_tone)
        for p in products
    }


def _table() -> dict[int, tuple]:
    return {
        row.product_id: (
            row.category_id,
            row.producer_id,
            row.is_featured,
            row.name,
            row.price_from,
            row.search_plain,
            row.search_tone,
        )
        for row in selectors.listed_products()
    }


def assert_table_right() -> dict[int, tuple]:
    table = _table()
    assert table == _old_listing()
    return table


@pytest.fixture
def shop(db):
    food = data.category("Thực phẩm", "thuc-pham")
    drinks = data.category("Đồ uống", "do-uong")
    maker = data.producer("HTX Trà Quế")
    tea = data.product(name="Trà Quế sấy", group=drinks, maker=maker, price=80_000, extra_prices=(120_000,))
    sauce = data.product(name="Nước mắm Cửa Đại", group=food, maker=maker, price=150_000, stars=4)
    return {"food": food, "drinks": drinks, "maker": maker, "tea": tea, "sauce": sauce}


def _variant(product, price):
    return product.variants.get(channel_listings__price_amount=price)


def test_rows_equal_the_old_query_after_creation(shop):
    table = assert_table_right()
    assert table[shop["tea"].pk][4] == 80_000
    assert set(table) == {shop["tea"].pk, shop["sauce"].pk}


def test_a_price_edit_moves_the_lowest_price_at_once(shop):
    channel = data.online_channel()
    cheap = _variant(shop["tea"], 80_000)
    set_variant_price(variant=cheap, channel=channel, price_amount=130_000)
    assert assert_table_right()[shop["tea"].pk][4] == 120_000
    # The price filters compare the table's lowest price.
    in_band = selectors.listing_products(ListingFilters(price_max=100_000))
    assert shop["tea"].pk not in [p.pk for p in in_band]
    set_variant_price(variant=cheap, channel=channel, price_amount=90_000)
    assert assert_table_right()[shop["tea"].pk][4] == 90_000
    assert shop["tea"].pk in [p.pk for p in selectors.listing_products(ListingFilters(price_max=100_000))]


def test_a_product_without_a_price_leaves_and_comes_back(shop):
    channel = data.online_channel()
    (variant,) = shop["sauce"].variants.all()
    remove_variant_price(variant=variant, channel=channel)
    assert shop["sauce"].pk not in assert_table_right()
    set_variant_price(variant=variant, channel=channel, price_amount=140_000)
    assert assert_table_right()[shop["sauce"].pk][4] == 140_000


def test_a_new_variant_s_price_and_a_deleted_variant_count(shop):
    channel = data.online_channel()
    variant = create_variant(product=shop["tea"], sku="T-NEW", name="Gói nhỏ")
    assert_table_right()  # no price yet: nothing changes
    set_variant_price(variant=variant, channel=channel, price_amount=50_000)
    assert assert_table_right()[shop["tea"].pk][4] == 50_000
    delete_variant(variant=variant)
    assert assert_table_right()[shop["tea"].pk][4] == 80_000


def test_a_variant_moved_to_another_product_moves_its_price(shop):
    cheap = _variant(shop["tea"], 80_000)
    cheap.product = shop["sauce"]
    cheap.save()
    table = assert_table_right()
    assert table[shop["tea"].pk][4] == 120_000
    assert table[shop["sauce"].pk][4] == 80_000


def test_publishing_and_unpublishing_the_product_and_its_listing(shop):
    sauce = shop["sauce"]
    sauce.status = Product.Status.DRAFT
    sauce.save()
    assert sauce.pk not in assert_table_right()
    sauce.status = Product.Status.PUBLISHED
    sauce.save()
    assert sauce.pk in assert_table_right()

    listing = ProductChannelListing.objects.get(product=sauce)
    for field in ("is_published", "visible_in_listings"):
        setattr(listing, field, False)
        listing.save()
        assert sauce.pk not in assert_table_right()
        setattr(listing, field, True)
        listing.save()
        assert sauce.pk in assert_table_right()

    # A publication date: kept in the table, shown from that moment on.
    later = timezone.now() + datetime.timedelta(hours=1)
    listing.published_at = later
    listing.save()
    assert sauce.pk not in assert_table_right()
    assert ListedProduct.objects.get(product=sauce).published_at == later
    ProductChannelListing.objects.filter(pk=listing.pk).update(published_at=timezone.now())
    assert sauce.pk in assert_table_right()

    listing.delete()
    assert sauce.pk not in assert_table_right()
    assert not ListedProduct.objects.filter(product=sauce).exists()


def test_a_group_move_a_rename_and_featuring_follow(shop):
    tea = shop["tea"]
    tea.category = shop["food"]
    tea.name = "Trà Quế thượng hạng"
    tea.is_featured = True
    tea.save()
    assert assert_table_right()[tea.pk][:4] == (shop["food"].pk, shop["maker"].pk, True, "Trà Quế thượng hạng")
    in_food = selectors.listed_products().filter(selectors.in_category_tree(shop["food"]))
    assert [p.pk for p in selectors.listing_products(base=in_food)] == [tea.pk, shop["sauce"].pk]
    found = search.search_products(selectors.listed_products(), search.parse_query("thuong hang"))
    assert [p.pk for p in selectors.listing_products(base=found)] == [tea.pk]


def test_a_deleted_product_leaves(shop):
    # A product with stock movements cannot be deleted (they protect its variants): one never stocked can.
    fresh = data.product(name="Bánh tráng mới", group=shop["food"], maker=shop["maker"], stock=0, photos=0)
    assert fresh.pk in assert_table_right()
    product_id = fresh.pk
    fresh.delete()
    assert product_id not in assert_table_right()
    assert not ListedProduct.objects.filter(product_id=product_id).exists()


def test_stock_is_read_live_a_sale_to_zero_and_a_receipt_from_it(shop):
    """Stock is not in the table: the "in stock" filter and the card's stock follow the ledger at once."""
    warehouse = Warehouse.objects.get(slug=locations.FULFILMENT_HCM)
    (variant,) = shop["sauce"].variants.all()
    in_stock = ListingFilters(in_stock=True)

    def listed_in_stock():
        return {p.pk: p.available for p in selectors.listing_products(in_stock)}

    assert listed_in_stock()[shop["sauce"].pk] == 10
    adjust_stock(warehouse=warehouse, variant=variant, quantity_delta=-10, reason_note="Bán hết")
    assert shop["sauce"].pk not in listed_in_stock()
    assert {p.pk: p.available for p in selectors.listing_products()}[shop["sauce"].pk] == 0
    receive_goods(warehouse=warehouse, producer=shop["maker"], lines=[(variant, 3)])
    assert listed_in_stock()[shop["sauce"].pk] == 3
    assert_table_right()


def expiring_on(certificate, day):
    """Re-date the certificate (through the service) so that it expires on `day` (36 months after its decision)."""
    for shift in range(-3, 4):
        decision = day - CERTIFICATE_VALIDITY + datetime.timedelta(days=shift)
        if decision + CERTIFICATE_VALIDITY == day:
            update_ocop_certificate(certificate=certificate, decision_date=decision, batch_year=decision.year)
            certificate.refresh_from_db()
            assert certificate.expires_on == day
            return
    raise AssertionError(f"no decision date expires on {day}")


def test_a_certificate_counts_until_the_day_it_expires(shop):
    """Certificates are not in the table: the stars filter, the kind counts, the featured order and the home page's
    star lists compare them with today. One expiring today no longer counts; one expiring tomorrow still does."""
    certificate = shop["sauce"].ocop_certificates.get()
    four_stars = ListingFilters(stars=4)
    today = timezone.localdate()
    shop["tea"].name = "Atiso Trà Quế"  # before the sauce by name: only the stars put the sauce first
    shop["tea"].save()

    expiring_on(certificate, today + datetime.timedelta(days=1))
    assert [p.pk for p in selectors.listing_products(four_stars)] == [shop["sauce"].pk]
    assert selectors.listing_products().kind_counts()["ocop"] == 1
    assert [p.pk for p in selectors.listing_products()] == [shop["sauce"].pk, shop["tea"].pk]  # stars first
    assert [p.pk for p in selectors.home_lists(startups=4).four_star] == [shop["sauce"].pk]  # from the certificates

    expiring_on(certificate, today)
    assert list(selectors.listing_products(four_stars)) == []
    assert selectors.listing_products().kind_counts()["ocop"] == 0
    assert [p.pk for p in selectors.listing_products()] == [shop["tea"].pk, shop["sauce"].pk]
    assert selectors.home_lists(startups=4).four_star == []
    assert_table_right()


def test_a_bulk_write_refreshes_every_product_in_one_statement(shop):
    """The generator and imports write in bulk: one statement's rows are refreshed together."""
    with connection.cursor() as cursor:
        cursor.execute("UPDATE catalogue_product SET is_featured = true")
    assert {row[2] for row in assert_table_right().values()} == {True}


def test_the_migration_after_the_fill_gives_the_planner_the_table_s_statistics(shop):
    """0018 analyses the table 0017 filled: without statistics (autovacuum off, or not come yet) the planner guessed
    one row and probed stock and certificates once per product (docs/performance.md, "Storefront pages"). Inside a
    transaction, as here, it runs ANALYZE alone (VACUUM cannot)."""
    migration = importlib.import_module("marketplace.catalogue.migrations.0018_listed_products_analyzed")

    def statistics():
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE oid = 'catalogue_listedproduct'::regclass")
            return cursor.fetchone()[0]

    assert statistics() < 2  # what the migrations left on the empty table, before the shop's two rows
    with connection.schema_editor() as editor:
        migration.analyze_listed_products(None, editor)
    assert statistics() == ListedProduct.objects.count() == 2
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stats WHERE tablename = 'catalogue_listedproduct'")
        assert cursor.fetchone()[0] > 0


# Committed for real (VACUUM cannot run inside the test's transaction); serialized_rollback restores the channels and
# VAT rates of the data migrations that the flush afterwards empties.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_hourly_job_vacuums_and_analyses_the_table(shop):
    set_variant_price(variant=_variant(shop["tea"], 80_000), channel=data.online_channel(), price_amount=85_000)
    before = maintenance_counts(ListedProduct)

    vacuum_listed_products()

    assert maintenance_counts(ListedProduct) == (before[0] + 1, before[1] + 1)
    assert pages_not_all_visible(ListedProduct)[1] == 0
    assert columns_with_statistics(ListedProduct) > 0
