"""selectors.listing_rows_by_id, the rows of a listing's page read through a statement compiled once per channel and
day, gives what the ORM's listing_rows gives for the same ids: the same products (none unpriced in the channel), the
same fields of the product, its producer and its group, and the same live price, stock and kinds."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from inventory import locations
from inventory.models import Warehouse
from inventory.services import receive_goods
from marketplace.accounts.services import create_user
from marketplace.catalogue import selectors
from marketplace.catalogue.models import Category, Product, ProductVariant
from marketplace.catalogue.services import add_gift_set_component, add_product_media, update_product_media
from marketplace.producers.models import Producer
from tests.storefront import catalogue_data as data


def _facts(product: Product) -> dict:
    facts = {field.attname: getattr(product, field.attname) for field in Product._meta.concrete_fields}
    facts.update({name: getattr(product, name) for name in selectors.SALE_FACTS})
    for name, model in (("producer", Producer), ("category", Category)):
        related = getattr(product, name)
        facts[name] = {field.attname: getattr(related, field.attname) for field in model._meta.concrete_fields}
    return facts


def _compared(ids: list[int], day: datetime.date | None = None) -> dict[int, dict]:
    channel = selectors.storefront_channel_slug()
    with CaptureQueriesContext(connection) as captured:
        by_id = {product.pk: _facts(product) for product in selectors.listing_rows_by_id(ids, channel, day)}
    assert len(captured) == 1  # producer and group come with the rows
    orm = {product.pk: _facts(product) for product in selectors.listing_rows(channel, day).filter(pk__in=ids)}
    assert by_id == orm
    return by_id


def test_the_rows_by_id_equal_the_orm_s_for_every_kind_of_product(catalogue):
    cake = catalogue["banh_trang_le"]
    unpriced = data.product(name="Bánh ít lá gai", group=cake.category, maker=cake.producer, photos=0)
    unpriced.variants.get().channel_listings.all().delete()
    gift_set = data.product(
        name="Hộp quà Tết", group=cake.category, maker=cake.producer, stock=0, photos=0, is_gift_set=True
    )
    manager = create_user(email="quanly@xuquang.test", password="mat-khau-dai-123", role="manager")
    for part in (cake, catalogue["cao_lau"]):
        add_gift_set_component(gift_set=gift_set, component=part.variants.get(), quantity=2, user=manager)
    data.startup(catalogue["cao_lau"].producer)
    data.rural_industry(catalogue["cao_lau"], level=3)
    ids = [*Product.objects.values_list("pk", flat=True)]
    rows = _compared(ids)
    assert unpriced.pk not in rows
    assert rows[gift_set.pk]["available"] == 5  # ten of each part in stock, two of each in a set
    assert {row["is_startup"] for row in rows.values()} == {True, False}
    assert rows[catalogue["cao_lau"].pk]["cnnt_level"] == 3
    assert {row["ocop_stars"] for row in rows.values()} >= {None, 3, 4, 5}
    assert any(row["available"] == 0 for row in rows.values())


def test_the_rows_by_id_follow_the_stock_and_the_day(catalogue):
    tea = catalogue["tra_sam"]
    hcm = Warehouse.objects.get(slug=locations.FULFILMENT_HCM)
    receive_goods(warehouse=hcm, producer=tea.producer, lines=[(tea.variants.get(), 7)])
    assert _compared([tea.pk])[tea.pk]["available"] == 7
    cake = Product.objects.get(name="Bánh tráng lề Địch Yên")
    expires = cake.ocop_certificates.get().expires_on
    assert _compared([cake.pk], expires - datetime.timedelta(days=1))[cake.pk]["ocop_stars"] == 4
    assert _compared([cake.pk], expires)[cake.pk]["ocop_stars"] is None


def test_no_ids_no_rows(db):
    assert selectors.listing_rows_by_id([], selectors.storefront_channel_slug()) == []


def test_first_photos_are_each_product_s_first_by_sort_order(catalogue):
    cake = catalogue["banh_trang_le"]
    reordered = data.product(name="Bánh tráng nướng", group=cake.category, maker=cake.producer, photos=0)
    first, second = (add_product_media(product=reordered, uploaded_file=data.photo(), alt=alt) for alt in "AB")
    update_product_media(media=first, alt=first.alt, sort_order=2)
    update_product_media(media=second, alt=second.alt, sort_order=1)
    products = [*catalogue.values(), reordered]
    photos = selectors.first_photos([product.pk for product in products])
    expected = {}
    for product in products:
        media = sorted(product.media.all(), key=lambda photo: (photo.sort_order, photo.pk))
        if media:
            expected[product.pk] = media[0]
    assert {pk: (photo.pk, photo.image.name, photo.alt) for pk, photo in photos.items()} == {
        pk: (photo.pk, photo.image.name, photo.alt) for pk, photo in expected.items()
    }
    assert photos[reordered.pk].pk == second.pk


def test_sellable_variants_equal_the_orm_s(catalogue):
    """selectors.sellable_variants, its statement compiled once per channel: the variants priced in the channel, in
    their order, with their fields, price and stock, as the ORM's shape gives them (a gift set's from its parts)."""
    cake = catalogue["banh_trang_le"]
    gift_set = data.product(
        name="Hộp quà Tết", group=cake.category, maker=cake.producer, stock=0, photos=0, is_gift_set=True
    )
    manager = create_user(email="quanly@xuquang.test", password="mat-khau-dai-123", role="manager")
    add_gift_set_component(gift_set=gift_set, component=cake.variants.get(), quantity=3, user=manager)
    channel = selectors.storefront_channel_slug()
    tea = data.product(name="Trà Quế", group=cake.category, maker=cake.producer, extra_prices=(120_000, 90_000))
    fields = [field.attname for field in ProductVariant._meta.concrete_fields]

    def facts(variants):
        return [([getattr(v, name) for name in fields], v.price, v.available) for v in variants]

    for product in [*catalogue.values(), gift_set, tea]:
        expected = facts(selectors._sellable_variants(channel).filter(product_id=product.pk))
        assert facts(selectors.sellable_variants(product.pk, channel_slug=channel)) == expected
    prices = [price for _fields, price, _stock in facts(selectors.sellable_variants(tea.pk))]
    assert prices == [100_000, 120_000, 90_000]
    assert facts(selectors.sellable_variants(gift_set.pk))[0][2] == 3  # ten cakes in stock, three in a set
