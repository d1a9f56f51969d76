"""A large synthetic Quảng Nam catalogue for benchmarks, written fast.

This is a benchmark fixture loader, not a face of the application: to write tens of thousands of products in
minutes it deliberately bypasses the services (create_product, set_variant_price, receive_goods, …), which
validate and lock one row at a time. It writes with bulk_create and, for the two largest tables (Stock and
StockMovement), with PostgreSQL COPY. What the services would have guaranteed is kept by construction:
- Product.search_tone/search_plain are computed from Product.search_text() (bulk_create skips save());
- OcopCertificate.expires_on is decision date + CERTIFICATE_VALIDITY (bulk_create skips save());
- every Stock balance is written in the same transaction as the one receipt movement from the virtual supplier
  location that explains it, so the stock ledger check (`manage.py check_stock_ledger`) passes afterwards;
- kiosk Stock rows allow a negative balance, as inventory.services creates them.
All randomness comes from one seeded generator, so a given seed and size give the same catalogue.
"""

import datetime
import io
import random
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from tqdm import tqdm

from bench import wordlists
from inventory import locations
from inventory.models import Stock, StockMovement, Warehouse
from marketplace.catalogue.models import Category, Product, ProductMedia, ProductVariant
from marketplace.catalogue.validators import ean13_check_digit
from marketplace.channels.models import Channel, ProductChannelListing, ProductVariantChannelListing
from marketplace.core.text import plain_key, tone_key
from marketplace.producers.models import CERTIFICATE_VALIDITY, OcopCertificate, Producer

PRODUCTS_PER_PRODUCER = 40
MAX_VARIANTS_PER_PRODUCT = min(len(sizes) for kinds in wordlists.PRODUCT_KINDS.values() for _, sizes, _ in kinds)
# GS1 prefix of Vietnam; the generator numbers its barcodes from here so they never meet the demo data's.
BARCODE_PREFIX = "893"
BARCODE_FIRST_SERIAL = 900_000_000
MEDIA_FOLDER = "bench"
IMAGE_SIZE = 800
FONT_PATH = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
MOVEMENT_REFERENCE = "BENCH-NHAP"

# Shares of the catalogue: (probability) of each trait, kept together so the mix is easy to read and change.
SHARE_PUBLISHED = 0.96
SHARE_FEATURED = 0.02
SHARE_CERTIFIED = 0.45
SHARE_RECERTIFIED = 0.15  # of the certified: an earlier, now expired certificate as well
SHARE_SECOND_PHOTO = 0.5
SHARE_OUT_OF_STOCK_HCM = 0.12
SHARE_NOT_AT_KIOSK = 0.35
# Decision dates are spread over these years; with 36 months of validity, those before late 2023 have expired.
FIRST_DECISION = datetime.date(2020, 1, 1)
LAST_DECISION = datetime.date(2026, 10, 31)
PROVINCE_REFORM = datetime.date(2025, 7, 1)


@dataclass
class Summary:
    """What one run wrote."""

    categories: int = 0
    producers: int = 0
    products: int = 0
    variants: int = 0
    certificates: int = 0
    media: int = 0
    stocks: int = 0
    movements: int = 0
    images: list[str] = field(default_factory=list)


@dataclass
class _Context:
    """Rows every batch refers to, read or created once per run."""

    rng: random.Random
    variants_per_product: int
    leaf_categories: dict[str, Category]
    images: dict[str, tuple[str, int, int]]  # subgroup slug -> (storage name, width, height)
    producers: list[Producer]
    producer_profiles: dict[int, tuple[str, str]]  # producer id -> (subgroup slug, brand)
    channel: Channel
    supplier: Warehouse
    physical: list[Warehouse]
    now: datetime.datetime


def ean13(serial: int) -> str:
    """A valid EAN-13 from a serial number: Vietnam's prefix, nine digits, the GS1 check digit."""
    first_twelve = f"{BARCODE_PREFIX}{serial:09d}"
    return first_twelve + str(ean13_check_digit(first_twelve))


def _slug(text: str, serial: int) -> str:
    return f"{slugify(plain_key(text))[:200]}-{serial}"


def ensure_categories() -> dict[str, Category]:
    """The OCOP groups and subgroups, created if missing; returns the subgroups (which hold products) by slug."""
    leaves = {}
    for order, (slug, name, subgroups) in enumerate(wordlists.OCOP_GROUPS):
        group, _created = Category.objects.get_or_create(slug=slug, defaults={"name": name, "sort_order": order})
        for sub_order, (sub_slug, sub_name) in enumerate(subgroups):
            leaves[sub_slug], _created = Category.objects.get_or_create(
                slug=sub_slug, defaults={"name": sub_name, "parent": group, "sort_order": sub_order}
            )
    return leaves


def _image_bytes(title: str, colour: tuple[int, int, int]) -> bytes:
    from PIL import Image, ImageDraw, ImageFont  # imported here: only a run that creates images needs Pillow

    image = Image.new("RGB", (IMAGE_SIZE, IMAGE_SIZE), colour)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT_PATH), 56) if FONT_PATH.exists() else ImageFont.load_default(56)
    draw.rounded_rectangle((60, 60, IMAGE_SIZE - 60, IMAGE_SIZE - 60), radius=40, outline="white", width=8)
    words, lines = title.split(), [""]
    for word in words:  # wrap the title to the frame
        candidate = f"{lines[-1]} {word}".strip()
        if draw.textlength(candidate, font=font) > IMAGE_SIZE - 200 and lines[-1]:
            lines.append(word)
        else:
            lines[-1] = candidate
    draw.multiline_text(
        (IMAGE_SIZE / 2, IMAGE_SIZE / 2), "\n".join(lines), font=font, fill="white", anchor="mm", align="center"
    )
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def ensure_images(leaf_categories: dict[str, Category]) -> dict[str, tuple[str, int, int]]:
    """One shared photo per subgroup in the media storage, drawn once; every product of the group points at it."""
    images = {}
    for index, (slug, category) in enumerate(sorted(leaf_categories.items())):
        name = f"{MEDIA_FOLDER}/{slug}.jpg"
        if not default_storage.exists(name):
            hue = random.Random(slug).randrange(40, 160)
            colour = (hue + (index * 37) % 90, 90 + (index * 53) % 80, 60 + (index * 71) % 120)
            default_storage.save(name, ContentFile(_image_bytes(category.name, colour)))
        images[slug] = (name, IMAGE_SIZE, IMAGE_SIZE)
    return images


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def create_producers(rng: random.Random, count: int) -> tuple[list[Producer], dict[int, tuple[str, str]]]:
    """`count` producers with distinct names, each specialised in one subgroup and based in one place."""
    forms = wordlists.LEGAL_FORMS
    producers, profiles, seen = [], [], set()
    serial = 0
    while len(producers) < count:
        legal_form, prefix, _weight = rng.choices(forms, weights=[form[2] for form in forms])[0]
        brand = " ".join(rng.sample(wordlists.GIVEN_NAMES, 2))
        place, ward = rng.choice(wordlists.PLACES)
        subgroup = _weighted(rng, wordlists.SUBGROUP_WEIGHTS)
        name = f"{prefix} {brand}" if legal_form != "cooperative" else f"{prefix} {brand} {place}"
        if name in seen:
            continue
        seen.add(name)
        serial += 1
        person = f"{rng.choice(wordlists.FAMILY_NAMES)} {rng.choice(wordlists.GIVEN_NAMES)}"
        # Organisations carry a 10-digit tax code (40… in Quảng Nam); households their owner's 12-digit ID.
        tax_code = f"0492{serial:08d}" if legal_form == "household" else f"40{serial:08d}"
        producers.append(
            Producer(
                name=name,
                slug=_slug(name, serial),
                legal_form=legal_form,
                tax_code=tax_code,
                contact_name=person,
                phone=f"09{rng.randrange(10**8):08d}",
                email=f"lienhe{serial}@{slugify(plain_key(brand))}.vn",
                story=(
                    f"{name} làm sản phẩm của vùng {place} theo cách của làng nghề, "
                    f"từ nguyên liệu do bà con địa phương trồng và thu hái."
                ),
                street_address=f"Thôn {rng.randrange(1, 12)}",
                ward=ward,
                province="Thành phố Đà Nẵng",
                legacy_address=f"{place}, tỉnh Quảng Nam",
            )
        )
        profiles.append((subgroup, brand if rng.random() < 0.5 else place))
    producers = Producer.objects.bulk_create(producers)
    return producers, {producer.pk: profile for producer, profile in zip(producers, profiles, strict=True)}


def _certificate(rng: random.Random, product: Product, decision_date: datetime.date, serial: int) -> OcopCertificate:
    """A recognition signed on `decision_date` by the authority of the time for its star level."""
    stars = rng.choices([3, 4, 5], weights=[55, 38, 7])[0]
    low, high = OcopCertificate.SCORE_BANDS[stars]
    # Tenths of a point within the band; the 5★ band ends at 100 itself.
    score = min(rng.randrange(low * 10, high * 10 + 10), 1000) / 10
    after_reform = decision_date >= PROVINCE_REFORM
    if stars == 5:
        authority = wordlists.AUTHORITY_CENTRAL_AFTER if after_reform else wordlists.AUTHORITY_CENTRAL_BEFORE
        decision_number = f"{serial}/QĐ-BNN"
    else:
        authority = wordlists.AUTHORITY_PROVINCE_AFTER if after_reform else wordlists.AUTHORITY_PROVINCE_BEFORE
        decision_number = f"{serial}/QĐ-UBND"
    return OcopCertificate(
        product=product,
        stars=stars,
        score=f"{score:.2f}",
        decision_number=decision_number,
        decision_date=decision_date,
        authority=authority,
        batch_year=decision_date.year,
        expires_on=decision_date + CERTIFICATE_VALIDITY,
    )


def _random_date(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randrange((last - first).days + 1))


def _build_products(ctx: _Context, first_serial: int, count: int) -> list[tuple[Product, str, tuple]]:
    """Unsaved products with the kind each was made from (for its variants and photo)."""
    rng = ctx.rng
    built = []
    for serial in range(first_serial, first_serial + count):
        producer = rng.choice(ctx.producers)
        subgroup, brand = ctx.producer_profiles[producer.pk]
        kind = rng.choice(wordlists.PRODUCT_KINDS[subgroup])
        qualifier = rng.choice(wordlists.QUALIFIERS) if rng.random() < 0.6 else ""
        name = " ".join(part for part in (kind[0], qualifier, brand) if part)
        place = producer.legacy_address.removesuffix(", tỉnh Quảng Nam")
        product = Product(
            producer=producer,
            category=ctx.leaf_categories[subgroup],
            name=name,
            slug=_slug(name, serial),
            description=(
                f"{name} của {producer.name}, làm tại {place}. Sản phẩm OCOP xứ Quảng, "
                f"đóng gói tại cơ sở và giao đến Thành phố Hồ Chí Minh."
            ),
            net_quantity=kind[1][0][0],
            shelf_life="12 tháng kể từ ngày sản xuất",
            origin_place=f"{place}, Quảng Nam",
            status=Product.Status.PUBLISHED if rng.random() < SHARE_PUBLISHED else Product.Status.DRAFT,
            is_featured=rng.random() < SHARE_FEATURED,
        )
        # bulk_create does not call save(), which is where the model computes its search keys.
        text = product.search_text()
        product.search_tone = tone_key(text)
        product.search_plain = plain_key(text)
        built.append((product, subgroup, kind))
    return built


def copy_rows(model, field_names: list[str], rows) -> int:
    """Write rows (tuples in field order) to the model's table with PostgreSQL COPY; returns how many."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in field_names)
    written = 0
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)
            written += 1
    return written


def _write_batch(ctx: _Context, first_serial: int, count: int, summary: Summary) -> None:
    """One batch of products with everything that hangs off them, in one transaction."""
    rng = ctx.rng
    built = _build_products(ctx, first_serial, count)
    with transaction.atomic():
        products = Product.objects.bulk_create([product for product, _subgroup, _kind in built])
        # auto_now_add gives every row the same instant; spread creation over two years so "newest" sorts.
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {Product._meta.db_table} SET created_at = %s - (id * 7919 %% 1051200) * interval '1 minute'"
                " WHERE id = ANY(%s)",
                [ctx.now, [product.pk for product in products]],
            )

        variants, prices, listings, certificates, media = [], [], [], [], []
        for product, (_unused, subgroup, kind) in zip(products, built, strict=True):
            serial = int(product.slug.rsplit("-", 1)[1])
            _head, sizes, (price_low, price_high) = kind
            base_price = rng.randrange(price_low, price_high + 1, 1000)
            for index, (size, grams, factor) in enumerate(sizes[: ctx.variants_per_product]):
                variant = ProductVariant(
                    product=product,
                    name=size,
                    sku=f"XQB-{serial:06d}-{index + 1}",
                    barcode=ean13(BARCODE_FIRST_SERIAL + serial * MAX_VARIANTS_PER_PRODUCT + index),
                    weight_grams=grams,
                    sort_order=index,
                )
                price = round(base_price * factor / 1000) * 1000
                variants.append(variant)
                prices.append(price)
            listings.append(
                ProductChannelListing(
                    product=product,
                    channel=ctx.channel,
                    is_published=product.status == Product.Status.PUBLISHED,
                    published_at=ctx.now - datetime.timedelta(days=rng.randrange(1, 700)),
                )
            )
            if rng.random() < SHARE_CERTIFIED:
                decision = _random_date(rng, FIRST_DECISION, LAST_DECISION)
                certificates.append(_certificate(rng, product, decision, serial * 10 + 1))
                if rng.random() < SHARE_RECERTIFIED and decision.year >= 2023:
                    earlier = decision - datetime.timedelta(days=36 * 30 + rng.randrange(30, 200))
                    certificates.append(_certificate(rng, product, earlier, serial * 10 + 2))
            image_name, width, height = ctx.images[subgroup]
            for position in range(2 if rng.random() < SHARE_SECOND_PHOTO else 1):
                media.append(
                    ProductMedia(
                        product=product,
                        image=image_name,
                        width=width,
                        height=height,
                        alt=product.name,
                        sort_order=position,
                    )
                )
        variants = ProductVariant.objects.bulk_create(variants)
        ProductChannelListing.objects.bulk_create(listings)
        ProductVariantChannelListing.objects.bulk_create(
            ProductVariantChannelListing(
                variant=variant, channel=ctx.channel, price_amount=price, cost_price_amount=price * 7 // 10
            )
            for variant, price in zip(variants, prices, strict=True)
        )
        OcopCertificate.objects.bulk_create(certificates)
        ProductMedia.objects.bulk_create(media)
        summary.stocks += _write_stock(ctx, variants, summary)
        summary.products += len(products)
        summary.variants += len(variants)
        summary.certificates += len(certificates)
        summary.media += len(media)


def _write_stock(ctx: _Context, variants: list[ProductVariant], summary: Summary) -> int:
    """A receipt from the supplier location and the matching Stock balance for each variant and place it is at."""
    rng = ctx.rng
    stocks, movements = [], []
    for variant in variants:
        for place in ctx.physical:
            if place.kind == Warehouse.Kind.FULFILMENT:
                quantity = 0 if rng.random() < SHARE_OUT_OF_STOCK_HCM else rng.randrange(1, 200)
            else:
                quantity = 0 if rng.random() < SHARE_NOT_AT_KIOSK else rng.randrange(1, 40)
            if not quantity:
                continue  # never received there: no balance, no movement
            is_kiosk = place.kind == Warehouse.Kind.KIOSK
            stocks.append((place.pk, variant.pk, quantity, 0, is_kiosk))
            movements.append(
                (
                    variant.pk,
                    ctx.supplier.pk,
                    place.pk,
                    quantity,
                    StockMovement.Reason.RECEIPT.value,
                    "",
                    MOVEMENT_REFERENCE,
                    variant.product.producer_id,
                    ctx.now,
                )
            )
    copy_rows(Stock, ["warehouse", "product_variant", "quantity", "quantity_allocated", "allow_negative"], stocks)
    summary.movements += copy_rows(
        StockMovement,
        [
            "product_variant",
            "source",
            "destination",
            "quantity",
            "reason",
            "note",
            "reference",
            "producer",
            "created_at",
        ],
        movements,
    )
    return len(stocks)


def generate_catalogue(
    *,
    products: int,
    variants_per_product: int = 3,
    producers: int | None = None,
    seed: int = 2025,
    batch_size: int = 500,
    progress: bool = True,
) -> Summary:
    """Write `products` products (and `variants_per_product` variants each) into the current database.

    Producers default to one per PRODUCTS_PER_PRODUCER products (500 for 20,000). The programme's channels and
    locations must exist (they come with the migrations). Returns what was written.
    """
    if not 1 <= variants_per_product <= MAX_VARIANTS_PER_PRODUCT:
        raise ValueError(f"variants_per_product must be between 1 and {MAX_VARIANTS_PER_PRODUCT}")
    if products < 1:
        raise ValueError("products must be at least 1")
    rng = random.Random(seed)
    leaf_categories = ensure_categories()
    images = ensure_images(leaf_categories)
    producer_count = producers or max(3, products // PRODUCTS_PER_PRODUCER)
    with transaction.atomic():
        producer_rows, profiles = create_producers(rng, producer_count)
    ctx = _Context(
        rng=rng,
        variants_per_product=variants_per_product,
        leaf_categories=leaf_categories,
        images=images,
        producers=producer_rows,
        producer_profiles=profiles,
        channel=Channel.objects.get(slug=settings.STOREFRONT_CHANNEL_SLUG),
        supplier=Warehouse.objects.get(slug=locations.SUPPLIER),
        physical=list(Warehouse.objects.filter(kind__in=Warehouse.PHYSICAL_KINDS).order_by("pk")),
        now=timezone.now(),
    )
    summary = Summary(
        categories=Category.objects.count(), producers=len(producer_rows), images=[name for name, *_ in images.values()]
    )
    first_serial = Product.objects.count() + 1
    with tqdm(total=products, unit=" products", disable=not progress) as bar:
        for offset in range(0, products, batch_size):
            count = min(batch_size, products - offset)
            _write_batch(ctx, first_serial + offset, count, summary)
            bar.update(count)
    return summary
