"""Load the demo tables through the same services every other face uses, in one transaction.

A DemoDataLoad row written last marks a complete load: a second call finds it and does nothing. A PostgreSQL
advisory lock makes two loads started together run one after the other, so the second sees the first's marker.
Photos are files, outside the transaction: if the load fails, the files it stored are deleted again.
"""

import random
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction

from inventory import locations
from inventory.models import Warehouse
from inventory.services import receive_goods, set_low_stock_threshold
from marketplace.accounts.services import create_user
from marketplace.catalogue import services as catalogue
from marketplace.catalogue.models import Category, Collection, Product, ProductVariant
from marketplace.channels.models import Channel
from marketplace.content import services as content
from marketplace.content.models import Menu, Page, PageType
from marketplace.core.validation import validated_save
from marketplace.demo import content as content_data
from marketplace.demo import data, identifiers, images
from marketplace.demo.models import DemoDataLoad
from marketplace.payments.models import BankTransferAccount
from marketplace.producers.services import create_producer, create_startup_profile

# An arbitrary constant naming the demo load among PostgreSQL advisory locks.
ADVISORY_LOCK_KEY = 7_104_202_603
PHYSICAL_LOCATIONS = (locations.FULFILMENT_HCM, *locations.KIOSKS)
# The share of products each kiosk carries: a kiosk shelf holds less than the online warehouse.
KIOSK_RANGE_PERCENT = 75
# Every stocked item alerts at this level; the dearest items, held two to six at a time, show up on the list.
LOW_STOCK_LEVEL = 3


@dataclass(frozen=True)
class DemoLoadResult:
    created: bool
    producers: int = 0
    products: int = 0
    variants: int = 0
    accounts: tuple[data.AccountSpec, ...] = data.DEMO_ACCOUNTS
    password: str = data.DEMO_PASSWORD


def load_demo_data() -> DemoLoadResult:
    """Load the whole demo, or nothing if it is already there. Returns what was created.

    The demo goes in as one transaction, so the services' own atomic blocks need no savepoints inside it (about
    3,000 of them, half the statements of the load): they are switched off while it runs, and any error rolls
    the whole load back, as it would anyway. The product pictures are drawn in background threads meanwhile.
    """
    stored_files: list[str] = []
    try:
        with transaction.atomic(), _without_savepoints(), ThreadPoolExecutor(max_workers=2) as painter:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])
            if DemoDataLoad.objects.exists():
                # A database loaded before the content pages existed gets them now (once: they are then there).
                if not Menu.objects.exists():
                    _create_content(stored_files)
                return DemoLoadResult(created=False)
            result = _load(stored_files, painter)
    except BaseException:
        _delete_files(stored_files)
        raise
    _analyze()
    return result


def _analyze() -> None:
    """Give the planner the demo's row counts at once. Until autovacuum analyses the new rows (a minute after the
    load at best; never on a server run with autovacuum off), the planner guesses from empty tables, and the
    catalogue API's page statement took 24 ms to plan and 29 ms to run instead of about 1 ms each
    (docs/performance.md, "Catalogue API")."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


@contextmanager
def _without_savepoints():
    features = connection.features
    before = features.uses_savepoints
    features.uses_savepoints = False
    try:
        yield
    finally:
        features.uses_savepoints = before


def _delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


def _load(stored_files: list[str], painter: ThreadPoolExecutor) -> DemoLoadResult:
    categories = _create_categories()
    # Drawing a picture takes longer than writing a product: start them all now, collect each when needed.
    pictures = [painter.submit(images.render_product_image, **_picture_of(spec, categories)) for spec in data.PRODUCTS]
    producers = _create_producers()
    _create_startups(producers)
    users = _create_accounts(producers)
    channels = _channels()
    variants_by_producer: dict[str, list[tuple]] = {}
    variant_count = 0
    for number, spec in enumerate(data.PRODUCTS, start=1):
        product = _create_product(spec, producers[spec.producer], categories[spec.category])
        for variant_number, variant_spec in enumerate(spec.variants, start=1):
            variant_count += 1
            variant = catalogue.create_variant(
                product=product,
                sku=identifiers.sku(number, variant_number),
                name=variant_spec.name,
                barcode=identifiers.ean13(variant_count),
                weight_grams=variant_spec.weight_grams,
            )
            _set_prices(variant, variant_spec.price, channels)
            variants_by_producer.setdefault(spec.producer, []).append((variant, variant_spec.price, spec))
        for certificate in spec.certificates:
            catalogue.add_ocop_certificate(
                product=product,
                stars=certificate.stars,
                score=certificate.score,
                decision_number=identifiers.decision_number(certificate.stars, certificate.decision_date),
                decision_date=certificate.decision_date,
                authority=identifiers.certificate_authority(certificate.stars, certificate.decision_date),
                batch_year=certificate.decision_date.year,
            )
        media = _add_picture(product, pictures[number - 1].result())
        stored_files.append(media.image.name)
    _add_rural_industry_recognitions(producers)
    manager = next(user for user in users.values() if user.role == user.Role.MANAGER)
    _receive_stock(producers, variants_by_producer, manager=manager)
    variant_count += _create_gift_sets(categories, channels, manager, stored_files, first_barcode=variant_count + 1)
    _create_transfer_account(channels[settings.STOREFRONT_CHANNEL_SLUG])
    _create_content(stored_files)
    DemoDataLoad.objects.create(product_count=len(data.PRODUCTS))
    return DemoLoadResult(created=True, producers=len(producers), products=len(data.PRODUCTS), variants=variant_count)


def _create_categories() -> dict[str, Category]:
    # The catalogue has no category service yet; the demo saves the rows through the same validated save.
    categories: dict[str, Category] = {}
    siblings: dict[str | None, int] = {}
    for spec in data.CATEGORIES:
        order = siblings[spec.parent] = siblings.get(spec.parent, -1) + 1
        name_en, description_en = data.CATEGORY_ENGLISH.get(spec.slug, ("", ""))
        categories[spec.slug] = validated_save(
            Category(
                slug=spec.slug,
                name=spec.name,
                description=spec.description,
                parent=categories[spec.parent] if spec.parent else None,
                sort_order=order,
                name_en=name_en,
                description_en=description_en,
            )
        )
    return categories


def _create_gift_sets(categories, channels, manager, stored_files: list[str], *, first_barcode: int) -> int:
    """The programme's gift sets, made of demo products' first variants, sold by the programme's own seller record;
    returns how many variants (one per set) were made."""
    spec = data.GIFT_SET_SELLER
    seller = create_producer(
        name=spec.name,
        legal_form=spec.legal_form,
        tax_code=identifiers.tax_code(len(data.PRODUCERS) + 1, spec.legal_form),
        contact_name=spec.contact_name,
        story=spec.story,
        street_address=spec.street_address,
        ward=spec.ward,
        province=data.PROVINCE,
        legacy_address=spec.legacy_address,
        commission_rate=0,
    )
    category = categories["hop-qua"]
    for number, set_spec in enumerate(data.GIFT_SETS):
        product = catalogue.create_product(
            producer=seller,
            category=category,
            name=set_spec.name,
            description=set_spec.description,
            origin_place="Quảng Nam",
            status=Product.Status.PUBLISHED,
            is_featured=True,
            is_gift_set=True,
            name_en=set_spec.name_en,
        )
        variant = catalogue.create_variant(
            product=product,
            sku=identifiers.sku(len(data.PRODUCTS) + number + 1, 1),
            name="Hộp",
            barcode=identifiers.ean13(first_barcode + number),
        )
        _set_prices(variant, set_spec.price, channels)
        for order, (name, units) in enumerate(set_spec.parts):
            part = ProductVariant.objects.filter(product__name=name).order_by("sort_order", "pk").first()
            catalogue.add_gift_set_component(
                gift_set=product, component=part, quantity=units, user=manager, sort_order=order
            )
        picture = images.render_product_image(
            name=set_spec.name, producer_name="Quà tặng xứ Quảng", group_slug="thuc-pham", motif="box"
        )
        stored_files.append(_add_picture(product, picture).image.name)
    return len(data.GIFT_SETS)


def _create_producers() -> dict:
    producers = {}
    for number, spec in enumerate(data.PRODUCERS, start=1):
        producers[spec.key] = create_producer(
            name=spec.name,
            legal_form=spec.legal_form,
            tax_code=identifiers.tax_code(number, spec.legal_form),
            contact_name=spec.contact_name,
            phone=identifiers.phone(number),
            email=identifiers.producer_email(spec.key),
            story=spec.story,
            street_address=spec.street_address,
            ward=spec.ward,
            province=data.PROVINCE,
            legacy_address=spec.legacy_address,
        )
    return producers


def _create_startups(producers: dict) -> None:
    for spec in data.STARTUPS:
        create_startup_profile(
            producer=producers[spec.producer],
            project_name=spec.project_name,
            founded_year=spec.founded_year,
            status=spec.status,
            founders_story=spec.founders_story,
            innovation=spec.innovation,
            support_received=spec.support_received,
            support_decision_number=(
                identifiers.rural_industry_decision_number(2, spec.support_decision_date)
                if spec.support_decision_date
                else ""
            ),
            support_decision_date=spec.support_decision_date,
        )


def _add_rural_industry_recognitions(producers: dict) -> None:
    products = {product.name: product for product in Product.objects.filter(producer__in=producers.values())}
    spec_of_producer = {producers[spec.key].pk: spec for spec in data.PRODUCERS}
    for spec in data.RURAL_INDUSTRY:
        product = products[spec.product]
        producer_spec = spec_of_producer[product.producer_id]
        catalogue.add_rural_industry_recognition(
            product=product,
            level=spec.level,
            year=spec.year,
            group=spec.group,
            decision_number=identifiers.rural_industry_decision_number(spec.level, spec.decision_date),
            decision_date=spec.decision_date,
            authority=identifiers.rural_industry_authority(spec.level, spec.decision_date, producer_spec.legacy_area),
            expires_on=spec.expires_on,
        )


def _create_accounts(producers: dict) -> dict:
    kiosks = {warehouse.slug: warehouse for warehouse in Warehouse.objects.filter(slug__in=locations.KIOSKS)}
    return {
        spec.email: create_user(
            email=spec.email,
            password=data.DEMO_PASSWORD,
            role=spec.role,
            producer=producers[spec.producer] if spec.producer else None,
            kiosk=kiosks[spec.kiosk] if spec.kiosk else None,
            first_name=spec.first_name,
            last_name=spec.last_name,
        )
        for spec in data.DEMO_ACCOUNTS
    }


def _channels() -> dict[str, Channel]:
    slugs = (settings.STOREFRONT_CHANNEL_SLUG, *identifiers.KIOSK_PRICE_PERCENT)
    return {channel.slug: channel for channel in Channel.objects.filter(slug__in=slugs)}


def _origin_place(producer_spec: data.ProducerSpec) -> str:
    # Short enough for a product card; the old district stays because certificates and shoppers still use it.
    return f"{producer_spec.ward}, Đà Nẵng ({producer_spec.legacy_area} cũ, Quảng Nam)"


def _create_product(spec: data.ProductSpec, producer, category: Category) -> Product:
    producer_spec = next(p for p in data.PRODUCERS if p.key == spec.producer)
    name_en, description_en = data.PRODUCT_ENGLISH.get(spec.name, ("", ""))
    return catalogue.create_product(
        producer=producer,
        category=category,
        name=spec.name,
        description=spec.description,
        ingredients=spec.ingredients,
        net_quantity=spec.net_quantity,
        shelf_life=spec.shelf_life,
        origin_place=_origin_place(producer_spec),
        status=Product.Status.PUBLISHED,
        is_featured=spec.featured,
        name_en=name_en,
        description_en=description_en,
    )


def _set_prices(variant, online_price: int, channels: dict[str, Channel]) -> None:
    catalogue.set_variant_price(
        variant=variant, channel=channels[settings.STOREFRONT_CHANNEL_SLUG], price_amount=online_price
    )
    for kiosk_slug in identifiers.KIOSK_PRICE_PERCENT:
        catalogue.set_variant_price(
            variant=variant,
            channel=channels[kiosk_slug],
            price_amount=identifiers.kiosk_price(online_price, kiosk_slug),
        )


def _picture_of(spec: data.ProductSpec, categories: dict[str, Category]) -> dict:
    """What images.render_product_image draws for a product (plain values: it runs in another thread)."""
    subgroup = categories[spec.category]
    category_spec = next(c for c in data.CATEGORIES if c.slug == spec.category)
    return {
        "name": spec.name,
        "producer_name": next(p.name for p in data.PRODUCERS if p.key == spec.producer),
        "group_slug": (subgroup.parent or subgroup).slug,
        "motif": spec.motif or category_spec.motif,
    }


def _add_picture(product: Product, picture: bytes):
    upload = SimpleUploadedFile(f"{product.slug}.jpg", picture, content_type="image/jpeg")
    return catalogue.add_product_media(product=product, uploaded_file=upload, alt=product.name)


def _create_transfer_account(channel: Channel) -> BankTransferAccount:
    """A demo account so shoppers can try paying by VietQR; a manager replaces it with the real one in the admin."""
    return validated_save(
        BankTransferAccount(
            channel=channel,
            bank_bin=data.DEMO_TRANSFER_ACCOUNT["bank_bin"],
            bank_name=data.DEMO_TRANSFER_ACCOUNT["bank_name"],
            account_number=data.DEMO_TRANSFER_ACCOUNT["account_number"],
            account_holder=data.DEMO_TRANSFER_ACCOUNT["account_holder"],
        )
    )


def _quantity_range(price: int) -> tuple[int, int]:
    """Shelf quantities scale down with price: a shop holds dozens of fish sauce bottles, a few ginseng roots."""
    if price >= 1_000_000:
        return 2, 6
    if price >= 200_000:
        return 4, 15
    return 12, 48


def _receive_stock(producers: dict, variants_by_producer: dict[str, list[tuple]], *, manager) -> None:
    """One delivery note per producer and location, as goods really arrive; quantities are seeded by SKU."""
    warehouses = {warehouse.slug: warehouse for warehouse in Warehouse.objects.filter(slug__in=PHYSICAL_LOCATIONS)}
    for producer_number, (producer_key, rows) in enumerate(variants_by_producer.items(), start=1):
        lines_by_location: dict[str, list[tuple]] = {slug: [] for slug in PHYSICAL_LOCATIONS}
        for variant, price, spec in rows:
            chooser = random.Random(variant.sku)
            low, high = _quantity_range(price)
            if spec.stocked_online:
                lines_by_location[locations.FULFILMENT_HCM].append((variant, 2 * chooser.randint(low, high)))
            for kiosk_slug in locations.KIOSKS:
                if chooser.randrange(100) < KIOSK_RANGE_PERCENT:
                    lines_by_location[kiosk_slug].append((variant, chooser.randint(low, high)))
        for slug, lines in lines_by_location.items():
            if lines:
                receive_goods(
                    warehouse=warehouses[slug],
                    producer=producers[producer_key],
                    lines=lines,
                    user=manager,
                    reference=f"DEMO-{slug.upper()}-{producer_number:02d}",
                    note="Nhập hàng mẫu khi khởi tạo dữ liệu demo",
                )
                for variant, _quantity in lines:
                    # Each place asks to be told when an item it stocks runs low, so the alert list has content.
                    set_low_stock_threshold(
                        warehouse=warehouses[slug], variant=variant, minimum_quantity=LOW_STOCK_LEVEL, user=manager
                    )


def _create_content(stored_files: list[str]) -> None:
    """The collections (with real demo products), the content pages and the header and footer menus; what a
    database already has (by slug) is kept as it is."""
    existing = {collection.slug: collection for collection in Collection.objects.all()}
    collections = {
        spec.slug: existing.get(spec.slug) or _create_collection(spec, position, stored_files)
        for position, spec in enumerate(content_data.COLLECTIONS)
    }
    page_types = {page_type.slug: page_type for page_type in PageType.objects.all()}
    for slug, name in content_data.PAGE_TYPES.items():
        if slug not in page_types:
            page_types[slug] = content.create_page_type(name=name, slug=slug)
    pages = {page.slug: page for page in Page.objects.all()}
    for spec in content_data.PAGES:
        if spec.slug in pages:
            continue
        page = content.create_page(
            page_type=page_types[spec.page_type],
            title=spec.title,
            slug=spec.slug,
            content=spec.content,
            seo_description=spec.seo_description,
            is_published=True,
        )
        content.set_page_translation(page=page, language_code="en", title=spec.title_en, content=spec.content_en)
        pages[spec.slug] = page
    categories = {category.slug: category for category in Category.objects.all()}
    targets = {"page": pages, "collection": collections, "category": categories}
    menus = set(Menu.objects.values_list("slug", flat=True))
    for slug, (name, items) in content_data.MENUS.items():
        if slug not in menus:
            _create_menu_items(content.create_menu(name=name, slug=slug), items, None, targets)


def _create_collection(spec: content_data.CollectionSpec, position: int, stored_files: list[str]):
    products = {product.name: product for product in Product.objects.filter(name__in=spec.products)}
    first = products[spec.products[0]]
    picture = images.render_product_image(
        name=spec.name,
        producer_name="Xứ Quảng Market",
        group_slug=(first.category.parent or first.category).slug,
        motif="jar",
    )
    collection = catalogue.create_collection(
        name=spec.name,
        slug=spec.slug,
        description=spec.description,
        seo_description=spec.seo_description,
        background_image=SimpleUploadedFile(f"{spec.slug}.jpg", picture, content_type="image/jpeg"),
        background_image_alt=spec.name,
        sort_order=position,
    )
    stored_files.append(collection.background_image.name)
    for name in spec.products:
        catalogue.add_product_to_collection(collection=collection, product=products[name])
    for channel in Channel.objects.all():
        catalogue.set_collection_channel_listing(collection=collection, channel=channel, is_published=True)
    catalogue.set_collection_translation(
        collection=collection, language_code="en", name=spec.name_en, description=spec.description_en
    )
    return collection


def _create_menu_items(menu, specs, parent, targets: dict) -> None:
    for position, spec in enumerate(specs):
        links = {kind: targets[kind][getattr(spec, kind)] for kind in targets if getattr(spec, kind)}
        item = content.create_menu_item(
            menu=menu, parent=parent, name=spec.name, url=spec.url, sort_order=position, **links
        )
        content.set_menu_item_translation(item=item, language_code="en", name=spec.name_en)
        _create_menu_items(menu, spec.children, item, targets)
