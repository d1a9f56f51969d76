"""Collections: curated sets of products ("Quà tặng xứ Quảng", "Đặc sản Tết", "OCOP 5 sao"), their place in each
channel, their products in the manager's order, their background image and their English text."""

from django.db import transaction

from marketplace.catalogue import images
from marketplace.catalogue.models import Collection, CollectionChannelListing, CollectionProduct, CollectionTranslation
from marketplace.core import richtext
from marketplace.core.errors import DomainError
from marketplace.core.slugs import unique_slug
from marketplace.core.text import nfc
from marketplace.core.validation import validated_save

COLLECTION_FIELDS = (
    "name",
    "slug",
    "description",
    "seo_title",
    "seo_description",
    "background_image_alt",
    "sort_order",
)
COLLECTION_TRANSLATION_FIELDS = ("name", "description", "seo_title", "seo_description")


def _clean(name: str, value):
    if not isinstance(value, str):
        return value
    return richtext.clean_source(value) if name == "description" else nfc(value)


def _store_background_image(collection: Collection, uploaded_file) -> str | None:
    """Store a checked, cleaned copy of the upload as the collection's background; returns the file it replaces."""
    cleaned = images.clean(uploaded_file)
    old_name = collection.background_image.name or None
    collection.background_image.save(f"{collection.slug}.{cleaned.extension}", cleaned.content, save=False)
    return old_name


@transaction.atomic
def create_collection(
    *,
    name,
    slug=None,
    description="",
    seo_title="",
    seo_description="",
    background_image=None,
    background_image_alt="",
    sort_order=0,
) -> Collection:
    """A new collection, visible in no channel until listed there (set_collection_channel_listing)."""
    name = nfc(name)
    collection = Collection(
        name=name,
        slug=nfc(slug) if slug else unique_slug(Collection, name, fallback="bo-suu-tap"),
        description=richtext.clean_source(description),
        seo_title=nfc(seo_title),
        seo_description=nfc(seo_description),
        background_image_alt=nfc(background_image_alt),
        sort_order=sort_order,
    )
    if background_image:
        _store_background_image(collection, background_image)
    try:
        validated_save(collection)
    except DomainError:
        if collection.background_image:
            collection.background_image.delete(save=False)
        raise
    return collection


@transaction.atomic
def update_collection(*, collection, **fields) -> Collection:
    """Change a collection's text, order or background image (background_image: a new upload, or None/False to
    remove it). The replaced file is deleted once the change is committed."""
    collection = Collection.objects.select_for_update().get(pk=collection.pk)
    unknown = set(fields) - {*COLLECTION_FIELDS, "background_image"}
    if unknown:
        raise TypeError(f"update_collection() got unexpected fields: {sorted(unknown)}")
    old_file = None
    if "background_image" in fields:
        upload = fields.pop("background_image")
        if upload:
            old_file = _store_background_image(collection, upload)
        elif collection.background_image:
            old_file, collection.background_image = collection.background_image.name, None
    for name, value in fields.items():
        setattr(collection, name, _clean(name, value))
    validated_save(collection)
    if old_file and old_file != collection.background_image.name:
        storage = collection.background_image.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    return collection


@transaction.atomic
def delete_collection(*, collection) -> None:
    """Remove a collection (its products stay; menu items pointing at it go with it)."""
    name = collection.background_image.name
    storage = collection.background_image.storage
    collection.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def add_product_to_collection(*, collection, product, sort_order=None) -> CollectionProduct:
    """Put a product in a collection, last unless a place is given; a product already there is refused."""
    Collection.objects.select_for_update().get(pk=collection.pk)  # one writer at a time computes "last"
    if sort_order is None:
        last = (
            CollectionProduct.objects.filter(collection=collection)
            .order_by("-sort_order")
            .values_list("sort_order", flat=True)
            .first()
        )
        sort_order = 0 if last is None else last + 1
    return validated_save(CollectionProduct(collection=collection, product=product, sort_order=sort_order))


@transaction.atomic
def update_collection_entry(*, entry, **fields) -> CollectionProduct:
    """Move a product within its collection (sort_order) or swap it for another (product)."""
    unknown = set(fields) - {"product", "sort_order"}
    if unknown:
        raise TypeError(f"update_collection_entry() got unexpected fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(entry, name, value)
    return validated_save(entry)


@transaction.atomic
def remove_product_from_collection(*, entry) -> None:
    entry.delete()


@transaction.atomic
def set_collection_channel_listing(*, collection, channel, is_published=True, published_at=None):
    """Show (or hide) a collection in a channel, from a moment when given."""
    listings = CollectionChannelListing.objects.select_for_update()
    listing = listings.filter(collection=collection, channel=channel).first()
    listing = listing or CollectionChannelListing(collection=collection, channel=channel)
    listing.is_published = is_published
    listing.published_at = published_at
    return validated_save(listing)


@transaction.atomic
def remove_collection_channel_listing(*, listing) -> None:
    listing.delete()


@transaction.atomic
def set_collection_translation(*, collection, language_code, **fields) -> CollectionTranslation:
    """The collection's text in another language; fields left out keep their stored value."""
    translation = (
        CollectionTranslation.objects.select_for_update()
        .filter(collection=collection, language_code=language_code)
        .first()
    ) or CollectionTranslation(collection=collection, language_code=language_code)
    for name in COLLECTION_TRANSLATION_FIELDS:
        if name in fields:
            setattr(translation, name, _clean(name, fields[name]))
    return validated_save(translation)


@transaction.atomic
def remove_collection_translation(*, translation) -> None:
    translation.delete()
