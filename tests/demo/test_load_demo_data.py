"""The demo as `make run` loads it: loaded once for this module (it is the slowest thing the suite does), inside a
transaction rolled back at the end so the other test modules never see it."""

import datetime
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import RequestFactory
from PIL import Image

from inventory import locations
from inventory.models import Stock, StockMovement, Warehouse
from inventory.selectors import ledger_discrepancies, low_stock
from marketplace.catalogue.models import Category, Collection, Product, ProductMedia, ProductVariant
from marketplace.catalogue.validators import validate_ean13
from marketplace.channels.models import Channel, ProductVariantChannelListing
from marketplace.content.models import Menu, Page
from marketplace.content.selectors import published_pages
from marketplace.demo import data
from marketplace.demo.models import DemoDataLoad
from marketplace.payments.models import PaymentMethod
from marketplace.payments.selectors import payment_methods_for
from marketplace.producers.models import OcopCertificate, Producer

User = get_user_model()

COUNTED_MODELS = (
    Category,
    Producer,
    Product,
    ProductVariant,
    ProductVariantChannelListing,
    ProductMedia,
    OcopCertificate,
    Stock,
    StockMovement,
    User,
    DemoDataLoad,
)


@pytest.fixture
def demo(demo_output, db):
    return demo_output


def test_loads_the_catalogue_published(demo):
    assert Producer.objects.count() >= 20
    assert Product.objects.count() >= 50
    assert not Product.objects.exclude(status=Product.Status.PUBLISHED).exists()
    real_examples = ["Sâm Ngọc Linh SAPHRATON", "Nước mắm làng Bích Họa", "Tơ lụa Mã Châu", "Mì Cao Lầu Tô Văn Bình"]
    assert set(Product.objects.filter(name__in=real_examples).values_list("name", flat=True)) == set(real_examples)
    # Every product sits in a subgroup of an OCOP group, and every group has products.
    assert not Product.objects.filter(category__parent__isnull=True).exists()
    for group in Category.objects.filter(parent__isnull=True):
        assert Product.objects.filter(category__parent=group).exists(), group.name


def test_every_product_is_priced_pictured_and_barcoded(demo):
    online = Channel.objects.get(slug=settings.STOREFRONT_CHANNEL_SLUG)
    channel_count = Channel.objects.count()
    for product in Product.objects.prefetch_related("variants__channel_listings", "media"):
        variants = list(product.variants.all())
        assert 1 <= len(variants) <= 3, product.name
        for variant in variants:
            validate_ean13(variant.barcode)
            prices = {listing.channel_id: listing.price_amount for listing in variant.channel_listings.all()}
            assert prices.get(online.pk, 0) > 0, variant.sku
            assert len(prices) == channel_count, variant.sku
        media = list(product.media.all())
        assert len(media) == 1, product.name
        assert (media[0].width, media[0].height) == (1200, 1200)
        with default_storage.open(media[0].image.name) as stored, Image.open(stored) as picture:
            # A drawn picture, not a flat box: many distinct colours.
            assert len(picture.convert("RGB").getcolors(maxcolors=1_000_000)) > 200


def test_prices_are_realistic(demo):
    online = Channel.objects.get(slug=settings.STOREFRONT_CHANNEL_SLUG)

    def online_price(sku):
        return ProductVariantChannelListing.objects.get(variant__sku=sku, channel=online).price_amount

    fish_sauce = ProductVariant.objects.get(product__name__startswith="Nước mắm Cửa Khe", name="Chai 500 ml")
    ginseng = ProductVariant.objects.filter(product__name="Sâm Ngọc Linh SAPHRATON").order_by("pk").first()
    assert 60_000 <= online_price(fish_sauce.sku) <= 120_000
    assert online_price(ginseng.sku) >= 2_000_000
    kiosk_prices = ProductVariantChannelListing.objects.filter(variant=fish_sauce, channel__kind="kiosk")
    assert {listing.price_amount % 1000 for listing in kiosk_prices} == {0}
    assert len({listing.price_amount for listing in kiosk_prices}) > 1


def test_every_physical_location_has_stock_and_the_ledger_adds_up(demo):
    for slug in (locations.FULFILMENT_HCM, *locations.KIOSKS):
        warehouse = Warehouse.objects.get(slug=slug)
        assert Stock.objects.filter(warehouse=warehouse, quantity__gt=0).count() >= 20, slug
    assert not StockMovement.objects.exclude(reason=StockMovement.Reason.RECEIPT).exists()
    assert ledger_discrepancies() == []


def test_certificates_are_plausible_and_some_expired(demo):
    today = datetime.date.today()
    certificates = list(OcopCertificate.objects.all())
    assert all(cert.stars in (3, 4, 5) for cert in certificates)
    expired = [cert for cert in certificates if not cert.is_valid_on(today)]
    assert 3 <= len(expired) < len(certificates) // 2
    assert all(cert.decision_date < today - datetime.timedelta(days=3 * 365) for cert in expired)
    for cert in certificates:
        if cert.stars == 5:
            assert cert.authority.startswith("Bộ Nông nghiệp")
        elif cert.decision_date >= datetime.date(2025, 7, 1):
            assert cert.authority == "UBND thành phố Đà Nẵng"
        else:
            assert cert.authority == "UBND tỉnh Quảng Nam"
    featured = Product.objects.filter(is_featured=True)
    assert featured.exists()
    assert not featured.filter(ocop_certificates__stars__lt=4).exists()


def test_producers_have_post_reform_and_legacy_addresses(demo):
    for producer in Producer.objects.all():
        producer.full_clean()  # tax code format, e-mail, lengths
        assert producer.province == "Thành phố Đà Nẵng"
        assert producer.ward.startswith(("Xã ", "Phường "))
        assert producer.legacy_address.endswith("tỉnh Quảng Nam")
        assert producer.story
    assert Producer.objects.values("tax_code").distinct().count() == Producer.objects.count()


def test_demo_logins_authenticate_with_their_roles(demo):
    for account in data.DEMO_ACCOUNTS:
        user = authenticate(RequestFactory().post("/"), username=account.email, password=data.DEMO_PASSWORD)
        assert user is not None, account.email
        assert user.role == account.role
    manager = User.objects.get(email="quanly@xuquang.vn")
    assert manager.is_staff and not manager.is_superuser
    assert manager.has_perm("catalogue.change_product") and manager.has_perm("producers.add_ocopcertificate")
    assert manager.has_perm("pos.view_sale") and manager.has_perm("taxes.change_vatrate")
    staff = User.objects.filter(role=User.Role.KIOSK_STAFF)
    assert sorted(staff.values_list("kiosk__slug", flat=True)) == sorted(locations.KIOSKS)
    members = dict(User.objects.filter(role=User.Role.PRODUCER).values_list("email", "producer__name"))
    assert members == {
        "chuthe.cattrang@xuquang.vn": "Hợp tác xã Cát Trắng",
        "chuthe.mitri@xuquang.vn": "Công ty TNHH Minh Triết",
    }
    assert "quanly@xuquang.vn" in demo and data.DEMO_PASSWORD in demo


def test_a_second_run_changes_nothing(demo):
    before = {model.__name__: model.objects.count() for model in COUNTED_MODELS}
    output = StringIO()
    call_command("load_demo_data", stdout=output)
    assert "already loaded" in output.getvalue()
    assert {model.__name__: model.objects.count() for model in COUNTED_MODELS} == before


def test_shoppers_can_try_every_payment_method_but_cards(demo):
    # VietQR needs an account to pay into; cards need Stripe keys, which the demo cannot have.
    channel = Channel.objects.get(slug=settings.STOREFRONT_CHANNEL_SLUG)
    assert payment_methods_for(channel) == [PaymentMethod.CASH_ON_DELIVERY, PaymentMethod.VIETQR]


def test_the_low_stock_list_has_the_scarce_items(demo):
    places = Warehouse.objects.filter(kind__in=Warehouse.PHYSICAL_KINDS)
    alerts = low_stock(places)
    assert alerts
    assert all(alert.available <= alert.minimum_quantity == 3 for alert in alerts)


def test_the_demo_has_collections_of_real_products_shown_everywhere(demo):
    collections = {c.slug: c for c in Collection.objects.prefetch_related("collection_products__product")}
    assert list(collections) == ["qua-tang-xu-quang", "dac-san-tet", "ocop-5-sao"]
    assert collections["qua-tang-xu-quang"].name == "Quà tặng xứ Quảng"
    five_star = [entry.product for entry in collections["ocop-5-sao"].collection_products.all()]
    assert five_star and all(product.ocop_certificates.filter(stars=5).exists() for product in five_star), (
        "OCOP 5 sao holds 5-star products only"
    )
    for collection in collections.values():
        assert collection.collection_products.count() >= 2
        assert collection.background_image
        assert collection.channel_listings.filter(is_published=True).count() == Channel.objects.count()
        assert collection.translations.get(language_code="en").name


def test_the_demo_has_the_shops_pages_and_menus(demo):
    slugs = set(published_pages().values_list("slug", flat=True))
    assert slugs == {"gioi-thieu", "ocop-la-gi", "giao-hang", "doi-tra", "thanh-toan", "bao-mat"}
    for page in Page.objects.all():
        assert len(page.content) > 300 and page.translations.get(language_code="en").content
    assert set(Menu.objects.values_list("slug", flat=True)) == {"navbar", "footer"}
    footer_pages = set(
        Menu.objects.get(slug="footer").items.filter(page__isnull=False).values_list("page__slug", flat=True)
    )
    assert footer_pages == slugs


def test_a_database_loaded_before_the_content_existed_gets_it(demo):
    Menu.objects.all().delete()
    Page.objects.all().delete()
    Collection.objects.all().delete()
    call_command("load_demo_data", stdout=StringIO())
    assert Page.objects.count() == 6 and Menu.objects.count() == 2 and Collection.objects.count() == 3
