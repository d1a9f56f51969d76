"""The write path of the catalogue: products, variants, prices per channel, photos and OCOP certificates."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from marketplace.catalogue import images
from marketplace.catalogue.models import Product, ProductMedia, ProductVariant, Thumbnail
from marketplace.channels.models import ProductChannelListing, ProductVariantChannelListing
from marketplace.core.errors import DomainError
from marketplace.core.persist import text_block, unique_slug, validated_save
from marketplace.core.text import nfc
from marketplace.producers.models import OcopCertificate


@transaction.atomic
def create_product(
    *,
    producer,
    category,
    name,
    description="",
    ingredients="",
    net_quantity="",
    shelf_life="",
    origin_place="",
    status=Product.Status.DRAFT,
    is_featured=False,
    slug=None,
) -> Product:
    name = nfc(name)
    product = Product(
        producer=producer,
        category=category,
        name=name,
        slug=nfc(slug) if slug else unique_slug(Product, name, fallback="san-pham"),
        description=text_block(description),
        ingredients=text_block(ingredients),
        net_quantity=nfc(net_quantity),
        shelf_life=nfc(shelf_life),
        origin_place=nfc(origin_place),
        status=status,
        is_featured=is_featured,
    )
    # search_vector is computed by PostgreSQL; there is nothing to validate in it before the row exists.
    return validated_save(product, exclude=["search_vector"])


@transaction.atomic
def create_variant(*, product, sku, name="", barcode="", weight_grams=None) -> ProductVariant:
    variant = ProductVariant(
        product=product,
        sku=nfc(sku),
        name=nfc(name),
        barcode=nfc(barcode),
        weight_grams=weight_grams,
    )
    return validated_save(variant)


def validate_price_amount(price_amount) -> None:
    """A price is a whole, non-negative number of đồng."""
    # bool is an int in Python; a price of True đồng is a bug in the caller, not a price.
    if isinstance(price_amount, bool) or not isinstance(price_amount, int):
        raise DomainError(_("Giá phải là một số nguyên đồng."), code="invalid_price", field="price_amount")
    if price_amount < 0:
        raise DomainError(_("Giá bán không được âm."), code="negative_price", field="price_amount")


def list_product_in_channel(*, product, channel) -> ProductChannelListing:
    """Make sure the product has a listing in the channel (published by default); an existing one is kept."""
    listing, _created = ProductChannelListing.objects.get_or_create(product=product, channel=channel)
    return listing


@transaction.atomic
def set_variant_price(*, variant, channel, price_amount: int) -> ProductVariantChannelListing:
    """Set the variant's price in a channel, and list its product there if it is not yet."""
    validate_price_amount(price_amount)
    list_product_in_channel(product=variant.product, channel=channel)
    listing, _created = ProductVariantChannelListing.objects.update_or_create(
        variant=variant, channel=channel, defaults={"price_amount": price_amount}
    )
    return listing


@transaction.atomic
def add_product_media(*, product, uploaded_file, alt="") -> ProductMedia:
    """Store a checked, upright, metadata-free copy of the upload as the product's next photo."""
    cleaned = images.clean(uploaded_file)
    last = product.media.order_by("-sort_order").values_list("sort_order", flat=True).first()
    media = ProductMedia(product=product, alt=nfc(alt), sort_order=0 if last is None else last + 1)
    media.image.save(f"{product.slug}.{cleaned.extension}", cleaned.content, save=False)
    try:
        return validated_save(media)
    except DomainError:
        media.image.delete(save=False)
        raise


@transaction.atomic
def delete_product_media(*, media) -> None:
    """Remove a photo, its thumbnails and their files; the files go only once the deletion is committed."""
    storage = media.image.storage
    names = [media.image.name, *media.thumbnails.values_list("image", flat=True)]
    media.delete()
    transaction.on_commit(lambda: [storage.delete(name) for name in names if name])


@transaction.atomic
def add_ocop_certificate(
    *, product, stars, score, decision_number, decision_date, authority, batch_year=None
) -> OcopCertificate:
    certificate = OcopCertificate(
        product=product,
        stars=stars,
        score=score,
        decision_number=nfc(decision_number),
        decision_date=decision_date,
        authority=nfc(authority),
        batch_year=batch_year,
    )
    return validated_save(certificate)


def get_or_create_thumbnail(*, media_id: int, size: int, image_format: str) -> Thumbnail:
    """The cached thumbnail of a photo at a fixed size and format, rendered on first request.

    Raises ProductMedia.DoesNotExist for an unknown photo. Concurrent first requests for the same photo queue on
    a lock of its row, so one renders and the others find its result; the unique constraint on
    (media, size, format) stays the last guard should a writer skip the lock.
    """
    existing = Thumbnail.objects.filter(media_id=media_id, size=size, format=image_format).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        media = ProductMedia.objects.select_for_update().only("pk", "image").get(pk=media_id)
        existing = Thumbnail.objects.filter(media=media, size=size, format=image_format).first()
        if existing is not None:
            return existing
        with media.image.open("rb") as source:
            content = images.render_thumbnail(source, size, image_format)
        thumbnail = Thumbnail(media=media, size=size, format=image_format)
        thumbnail.image.save(f"{media.pk}/{content.name}", content, save=False)
        try:
            with transaction.atomic():
                thumbnail.save()
        except IntegrityError:
            thumbnail.image.delete(save=False)
            return Thumbnail.objects.get(media=media, size=size, format=image_format)
    return thumbnail
