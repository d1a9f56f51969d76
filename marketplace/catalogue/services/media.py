"""Product photos: stored checked and cleaned, their alt text and order, and their cached thumbnails."""

from django.db import IntegrityError, transaction

from marketplace.catalogue import images, tasks
from marketplace.catalogue.models import (
    Product,
    ProductMedia,
    Thumbnail,
)
from marketplace.core.errors import DomainError
from marketplace.core.text import nfc
from marketplace.core.validation import validated_save


@transaction.atomic
def add_product_media(*, product, uploaded_file, alt="", is_published=True) -> ProductMedia:
    """Store a checked, upright, metadata-free copy of the upload as the product's next photo.

    is_published=False keeps it from shoppers until a manager approves the product or its change.
    """
    cleaned = images.clean(uploaded_file)
    last = (
        ProductMedia.all_objects.filter(product=product)
        .order_by("-sort_order")
        .values_list("sort_order", flat=True)
        .first()
    )
    media = ProductMedia(
        product=product, alt=nfc(alt), sort_order=0 if last is None else last + 1, is_published=is_published
    )
    media.image.save(f"{product.slug}.{cleaned.extension}", cleaned.content, save=False)
    try:
        validated_save(media)
    except DomainError:
        media.image.delete(save=False)
        raise
    # Rendered by a worker once the photo is committed, so no shopper waits for the first rendering.
    tasks.render_thumbnails.defer(media_id=media.pk)
    return media


@transaction.atomic
def update_product_media(*, media, alt, sort_order) -> ProductMedia:
    """A manager's change of a photo's alt text or place; the image itself never changes (see ProductMedia)."""
    media.alt = nfc(alt)
    media.sort_order = sort_order
    return validated_save(media)


@transaction.atomic
def delete_product_media(*, media) -> None:
    """Remove a photo, its thumbnails and their files; the files go only once the deletion is committed."""
    storage = media.image.storage
    names = [media.image.name, *media.thumbnails.values_list("image", flat=True)]
    media.delete()
    transaction.on_commit(lambda: [storage.delete(name) for name in names if name])


def render_thumbnails(*, media_id: int) -> list[Thumbnail]:
    """Render every size and format of a photo's thumbnails that is not there yet (a job after an upload).

    A photo deleted before the job ran has nothing to render.
    """
    formats = [images.WEBP, images.AVIF] if images.AVIF_SUPPORTED else [images.WEBP]
    try:
        return [
            get_or_create_thumbnail(media_id=media_id, size=size, image_format=image_format, include_unpublished=True)
            for size in images.THUMBNAIL_SIZES
            for image_format in formats
        ]
    except ProductMedia.DoesNotExist:
        return []


def get_or_create_thumbnail(*, media_id: int, size: int, image_format: str, include_unpublished=False) -> Thumbnail:
    """The cached thumbnail of a photo at a fixed size and format, rendered on first request.

    Raises ProductMedia.DoesNotExist for an unknown photo, or for one still waiting for review or of a product
    not published, unless include_unpublished (the portal's permission-checked preview) says otherwise.
    Concurrent first requests for the same photo queue on a lock of its row, so one renders and the others find
    its result; the unique constraint on (media, size, format) stays the last guard should a writer skip the lock.
    """
    photos = ProductMedia.all_objects
    thumbnails = Thumbnail.objects.filter(media_id=media_id, size=size, format=image_format)
    if not include_unpublished:
        # The public URL serves only what the storefront may show: approved photos of published products.
        photos = ProductMedia.objects.filter(product__status=Product.Status.PUBLISHED)
        thumbnails = thumbnails.filter(media__is_published=True, media__product__status=Product.Status.PUBLISHED)
    existing = thumbnails.first()
    if existing is not None:
        return existing
    with transaction.atomic():
        media = photos.select_for_update().only("pk", "image").get(pk=media_id)
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
