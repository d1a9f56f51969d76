"""Load the demo tables through the same services every other face uses, in one transaction.

A DemoDataLoad row written last marks a complete load: a second call finds it and does nothing. A PostgreSQL
advisory lock makes two loads started together run one after the other, so the second sees the first's marker.
Photos are files, outside the transaction: if the load fails, the files it stored are deleted again.
"""

import random
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
from marketplace.catalogue.models import Category, Product
from marketplace.channels.models import Channel
from marketplace.core.validation import validated_save
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
    """Load the whole demo, or nothing if it is already there. Returns what was created."""
    stored_files: list[str] = []
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])
            if DemoDataLoad.objects.exists():
                return DemoLoadResult(created=False)
            return _load(stored_files)
    except BaseException:
        _delete_files(stored_files)
        raise


def _delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


def _load(stored_files: list[str]) -> DemoLoadResult:
    categories = _create_categories()
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
        media = _add_picture(product, spec, categories)
        stored_files.append(media.image.name)
    _add_rural_industry_recognitions(producers)
    manager = next(user for user in users.values() if user.role == user.Role.MANAGER)
    _receive_stock(producers, variants_by_producer, manager=manager)
    _create_transfer_account(channels[settings.STOREFRONT_CHANNEL_SLUG])
    DemoDataLoad.objects.create(product_count=len(data.PRODUCTS))
    return DemoLoadResult(created=True, producers=len(producers), products=len(data.PRODUCTS), variants=variant_count)


def _create_categories() -> dict[str, Category]:
    # The catalogue has no category service yet; the demo saves the rows through the same validated save.
    categories: dict[str, Category] = {}
    siblings: dict[str | None, int] = {}
    for spec in data.CATEGORIES:
        order = siblings[spec.parent] = siblings.get(spec.parent, -1) + 1
        categories[spec.slug] = validated_save(
            Category(
                slug=spec.slug,
                name=spec.name,
                description=spec.description,
                parent=categories[spec.parent] if spec.parent else None,
                sort_order=order,
            )
        )
    return categories


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


def _add_picture(product: Product, spec: data.ProductSpec, categories: dict[str, Category]):
    subgroup = categories[spec.category]
    category_spec = next(c for c in data.CATEGORIES if c.slug == spec.category)
    picture = images.render_product_image(
        name=product.name,
        producer_name=product.producer.name,
        group_slug=(subgroup.parent or subgroup).slug,
        motif=spec.motif or category_spec.motif,
    )
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
