"""The write path of the catalogue: products, variants, prices per channel, photos and OCOP certificates."""

import copy

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.catalogue import images, tasks
from marketplace.catalogue.models import (
    Category,
    Product,
    ProductEvent,
    ProductMedia,
    ProductRevision,
    ProductVariant,
    Thumbnail,
)
from marketplace.channels.models import Channel, ProductChannelListing, ProductVariantChannelListing
from marketplace.core.errors import DomainError
from marketplace.core.persist import domain_error_from, text_block, unique_slug, validated_save
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
    created_by=None,
) -> Product:
    """Create a product; created_by (the person, when there is one) opens its history."""
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
    validated_save(product, exclude=["search_vector"])
    record_event(
        product=product,
        user=created_by,
        kind=ProductEvent.Kind.CREATED,
        changes={_field_label(Product, "name"): [None, name]},
    )
    return product


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
def delete_product_media(*, media) -> None:
    """Remove a photo, its thumbnails and their files; the files go only once the deletion is committed."""
    storage = media.image.storage
    names = [media.image.name, *media.thumbnails.values_list("image", flat=True)]
    media.delete()
    transaction.on_commit(lambda: [storage.delete(name) for name in names if name])


@transaction.atomic
def add_ocop_certificate(
    *,
    product,
    stars,
    score,
    decision_number,
    decision_date,
    authority,
    batch_year=None,
    document=None,
    is_published=True,
) -> OcopCertificate:
    """Record an OCOP recognition; `document` (a scanned PDF or image) is checked by its content.

    is_published=False keeps it from shoppers until a manager approves it with the product or its change.
    """
    certificate = OcopCertificate(
        product=product,
        stars=stars,
        score=score,
        decision_number=nfc(decision_number),
        decision_date=decision_date,
        authority=nfc(authority),
        batch_year=batch_year,
        is_published=is_published,
    )
    if document is not None:
        extension = validate_certificate_document(document)
        certificate.document.save(f"scan.{extension}", document, save=False)
    try:
        return validated_save(certificate)
    except DomainError:
        if certificate.document:
            certificate.document.delete(save=False)
        raise


PDF_MAGIC = b"%PDF-"


def validate_certificate_document(uploaded_file) -> str:
    """A certificate scan is a PDF (by its first bytes) or a photo our image checks accept; the name proves nothing.

    Returns the file extension the content calls for: the stored name never takes the uploader's extension, so
    a file cannot be served back as HTML or script.
    """
    if uploaded_file.size is not None and uploaded_file.size > images.MAX_FILE_BYTES:
        raise DomainError(_("Tệp quá lớn: tối đa 10 MB."), code="document_too_large", field="document")
    uploaded_file.seek(0)
    head = uploaded_file.read(len(PDF_MAGIC))
    uploaded_file.seek(0)
    if head == PDF_MAGIC:
        return "pdf"
    try:
        image = images.validate(uploaded_file)
    except DomainError as error:
        raise DomainError(
            _("Bản scan phải là tệp PDF hoặc ảnh JPEG, PNG, WebP."), code="invalid_document", field="document"
        ) from error
    finally:
        uploaded_file.seek(0)
    return images.ALLOWED_FORMATS[image.format]


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


# ---------------------------------------------------------------------------------------------------------------
# The producers' edits and their review.
#
# A product not yet live (draft, rejected) is edited in place: shoppers cannot see it. Once live, an edit becomes
# a proposal in the product's open ProductRevision and the published rows stay as they are until a manager
# approves. New photos and certificates always wait unpublished for the next approval. Every write leaves a
# ProductEvent with the values it changed.

EDITABLE_PRODUCT_FIELDS = (
    "category",
    "name",
    "description",
    "ingredients",
    "net_quantity",
    "shelf_life",
    "origin_place",
)
EDITABLE_VARIANT_FIELDS = ("name", "barcode", "weight_grams")
_MULTILINE_PRODUCT_FIELDS = {"description", "ingredients"}


def record_event(*, product, user, kind, changes=None, comment="") -> ProductEvent:
    return ProductEvent.objects.create(product=product, user=user, kind=kind, changes=changes or {}, comment=comment)


def _field_label(model, name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def _variant_label(sku: str, name: str) -> str:
    return f"{sku} – {_field_label(ProductVariant, name)}"


def _price_label(sku: str, channel_name: str) -> str:
    return _("%(sku)s – giá tại %(channel)s") % {"sku": sku, "channel": channel_name}


def _photo_label(media_id, name: str) -> str:
    return _("ảnh %(id)s – %(field)s") % {"id": media_id, "field": _field_label(ProductMedia, name)}


def summary_of(changes: dict) -> dict:
    """A revision's proposals as history entries: readable label → [None, proposed value]."""
    skus = dict(
        ProductVariant.objects.filter(
            pk__in=[int(pk) for pk in {*changes.get("variants", {}), *changes.get("prices", {})}]
        ).values_list("pk", "sku")
    )
    channel_names = dict(Channel.objects.values_list("pk", "name"))
    summary = {_field_label(Product, name): [None, value] for name, value in changes.get("product", {}).items()}
    for pk, values in changes.get("variants", {}).items():
        summary.update({_variant_label(skus[int(pk)], name): [None, value] for name, value in values.items()})
    for pk, prices in changes.get("prices", {}).items():
        for channel_pk, amount in prices.items():
            summary[_price_label(skus[int(pk)], channel_names[int(channel_pk)])] = [None, amount]
    for pk, values in changes.get("media", {}).items():
        summary.update({_photo_label(pk, name): [None, value] for name, value in values.items()})
    for pk in changes.get("delete_media", []):
        summary[_("gỡ ảnh %(id)s") % {"id": pk}] = [pk, None]
    return summary


def _shown(value):
    """A value as the history shows it: model instances by name, the rest as JSON allows."""
    if isinstance(value, Category):
        return value.name
    return value


def _lock(product) -> Product:
    """The product's row, locked: one edit or review of a product at a time."""
    return Product.objects.select_for_update().get(pk=product.pk)


def open_revision(product, *, lock=False) -> ProductRevision | None:
    revisions = ProductRevision.objects.filter(product=product, status__in=ProductRevision.OPEN_STATUSES)
    return (revisions.select_for_update() if lock else revisions).first()


def _refuse_while_in_review(product, revision) -> None:
    if product.status == Product.Status.IN_REVIEW or (
        revision is not None and revision.status == ProductRevision.Status.SUBMITTED
    ):
        raise DomainError(_("Sản phẩm đang chờ duyệt: hãy chờ kết quả rồi sửa tiếp."), code="in_review", field=None)


def _editing(product, user):
    """Lock the product for an edit and say where the edit goes: (product, draft revision or None if in place)."""
    product = _lock(product)
    revision = open_revision(product, lock=True)
    _refuse_while_in_review(product, revision)
    if product.status != Product.Status.PUBLISHED:
        return product, None
    if revision is None:
        revision = ProductRevision.objects.create(product=product, created_by=user)
    return product, revision


def _propose(revision, section: str, key: str | None, values: dict, current: dict) -> dict:
    """Merge proposed values into the revision; values equal to what is live are dropped. Returns old → new."""
    changes = revision.changes
    target = changes.setdefault(section, {})
    if key is not None:
        target = target.setdefault(key, {})
    diff = {}
    for name, value in values.items():
        before = target.get(name, current[name])
        if value == current[name]:
            target.pop(name, None)
        else:
            target[name] = value
        if value != before:
            diff[name] = [before, value]
    if key is not None and not target:
        changes[section].pop(key)
    if not changes[section]:
        changes.pop(section)
    revision.save(update_fields=["changes"])
    return diff


def _checked_copy(instance, values: dict, *, exclude=()):
    """The instance with the values set, validated like a save (but not saved): proposals obey the same rules."""
    candidate = copy.copy(instance)
    for name, value in values.items():
        setattr(candidate, name, value)
    try:
        candidate.full_clean(exclude=list(exclude))
    except ValidationError as error:
        raise domain_error_from(error) from error
    return candidate


def _product_values(fields: dict) -> dict:
    unknown = set(fields) - set(EDITABLE_PRODUCT_FIELDS)
    if unknown:
        raise DomainError(_("Không sửa được trường này."), code="not_editable", field=sorted(unknown)[0])
    return {
        name: (text_block(value) if name in _MULTILINE_PRODUCT_FIELDS else nfc(value))
        if isinstance(value, str)
        else value
        for name, value in fields.items()
    }


@transaction.atomic
def update_product(*, product, user, **fields) -> Product:
    """Change a product's details: in place while it is not live, as a proposal for review once it is."""
    values = _product_values(fields)
    product, revision = _editing(product, user)
    _checked_copy(product, values, exclude=["search_vector"])
    if revision is None:
        diff = {
            name: [_shown(getattr(product, name)), _shown(value)]
            for name, value in values.items()
            if getattr(product, name) != value
        }
        for name, value in values.items():
            setattr(product, name, value)
        validated_save(product, exclude=["search_vector"])
        kind = ProductEvent.Kind.EDITED
    else:
        # JSON holds the group by its id.
        as_json = {name: (value.pk if isinstance(value, Category) else value) for name, value in values.items()}
        current = {name: getattr(product, "category_id" if name == "category" else name) for name in as_json}
        diff = _propose(revision, "product", None, as_json, current)
        kind = ProductEvent.Kind.PROPOSED
    if diff:
        record_event(
            product=product,
            user=user,
            kind=kind,
            changes={_field_label(Product, name): [_shown(old), _shown(new)] for name, (old, new) in diff.items()},
        )
    return product


@transaction.atomic
def add_variant(*, product, user, sku, name="", barcode="", weight_grams=None) -> ProductVariant:
    """A new pack size. On a live product it stays unsold until its price is approved (no price, no sale)."""
    product, _revision = _editing(product, user)
    variant = create_variant(product=product, sku=sku, name=name, barcode=barcode, weight_grams=weight_grams)
    record_event(
        product=product,
        user=user,
        kind=ProductEvent.Kind.EDITED,
        changes={_("quy cách"): [None, variant.sku], _variant_label(variant.sku, "barcode"): [None, variant.barcode]},
    )
    return variant


@transaction.atomic
def update_variant(*, variant, user, **fields) -> ProductVariant:
    unknown = set(fields) - set(EDITABLE_VARIANT_FIELDS)
    if unknown:
        raise DomainError(_("Không sửa được trường này."), code="not_editable", field=sorted(unknown)[0])
    values = {name: nfc(value) if isinstance(value, str) else value for name, value in fields.items()}
    product, revision = _editing(variant.product, user)
    variant = ProductVariant.objects.select_for_update().get(pk=variant.pk)
    _checked_copy(variant, values)
    if revision is None:
        diff = {
            name: [getattr(variant, name), value] for name, value in values.items() if getattr(variant, name) != value
        }
        for name, value in values.items():
            setattr(variant, name, value)
        validated_save(variant)
        kind = ProductEvent.Kind.EDITED
    else:
        current = {name: getattr(variant, name) for name in values}
        diff = _propose(revision, "variants", str(variant.pk), values, current)
        kind = ProductEvent.Kind.PROPOSED
    if diff:
        record_event(
            product=product,
            user=user,
            kind=kind,
            changes={_variant_label(variant.sku, name): change for name, change in diff.items()},
        )
    return variant


@transaction.atomic
def change_variant_price(*, variant, channel, price_amount: int, user) -> None:
    """A producer's new price for a channel: at once while the product is not live, after review once it is."""
    validate_price_amount(price_amount)
    product, revision = _editing(variant.product, user)
    current = (
        ProductVariantChannelListing.objects.filter(variant=variant, channel=channel)
        .values_list("price_amount", flat=True)
        .first()
    )
    if revision is None:
        set_variant_price(variant=variant, channel=channel, price_amount=price_amount)
        diff = {} if current == price_amount else {"price": [current, price_amount]}
        kind = ProductEvent.Kind.EDITED
    else:
        diff = _propose(
            revision, "prices", str(variant.pk), {str(channel.pk): price_amount}, {str(channel.pk): current}
        )
        diff = {"price": diff[str(channel.pk)]} if diff else {}
        kind = ProductEvent.Kind.PROPOSED
    if diff:
        record_event(
            product=product,
            user=user,
            kind=kind,
            changes={_price_label(variant.sku, channel.name): change for change in diff.values()},
        )


@transaction.atomic
def upload_product_photo(*, product, user, uploaded_file, alt="") -> ProductMedia:
    """A producer's photo: stored and checked now, shown to shoppers after the next approval."""
    product, _revision = _editing(product, user)
    media = add_product_media(product=product, uploaded_file=uploaded_file, alt=alt, is_published=False)
    record_event(product=product, user=user, kind=ProductEvent.Kind.PHOTO_ADDED, changes={_("ảnh"): [None, media.pk]})
    return media


@transaction.atomic
def arrange_product_photos(*, product, user, photos: list[tuple[int, str]]) -> None:
    """Set the photos' order (the list's order) and alt texts; for live photos of a live product, as a proposal."""
    product, revision = _editing(product, user)
    by_id = {media.pk: media for media in ProductMedia.all_objects.filter(product=product).select_for_update()}
    if {media_id for media_id, _alt in photos} - set(by_id):
        raise DomainError(_("Ảnh không thuộc sản phẩm này."), code="not_found", field="photos")
    diff = {}
    for position, (media_id, alt) in enumerate(photos):
        media, values = by_id[media_id], {"alt": nfc(alt), "sort_order": position}
        if revision is None or not media.is_published:
            changed = {
                name: [getattr(media, name), value] for name, value in values.items() if getattr(media, name) != value
            }
            if changed:
                for name, value in values.items():
                    setattr(media, name, value)
                validated_save(media)
        else:
            current = {name: getattr(media, name) for name in values}
            changed = _propose(revision, "media", str(media.pk), values, current)
        diff.update({_photo_label(media_id, name): change for name, change in changed.items()})
    if diff:
        kind = ProductEvent.Kind.EDITED if revision is None else ProductEvent.Kind.PROPOSED
        record_event(product=product, user=user, kind=kind, changes=diff)


@transaction.atomic
def remove_product_photo(*, media, user) -> None:
    """Delete a photo; a live photo of a live product stays until the removal is approved."""
    product, revision = _editing(media.product, user)
    if revision is None or not media.is_published:
        delete_product_media(media=media)
        kind = ProductEvent.Kind.PHOTO_REMOVED
    else:
        pending = revision.changes.setdefault("delete_media", [])
        if media.pk not in pending:
            pending.append(media.pk)
        revision.save(update_fields=["changes"])
        kind = ProductEvent.Kind.PROPOSED
    record_event(product=product, user=user, kind=kind, changes={_("ảnh"): [media.pk, None]})


@transaction.atomic
def submit_certificate(*, product, user, **fields) -> OcopCertificate:
    """A producer's OCOP certificate, with its scan: kept from shoppers until a manager approves it."""
    product, _revision = _editing(product, user)
    certificate = add_ocop_certificate(product=product, is_published=False, **fields)
    record_event(
        product=product,
        user=user,
        kind=ProductEvent.Kind.CERTIFICATE_ADDED,
        changes={_("chứng nhận OCOP"): [None, f"{certificate.stars}★ {certificate.decision_number}"]},
    )
    return certificate


@transaction.atomic
def remove_pending_certificate(*, certificate, user) -> None:
    """Withdraw a certificate not yet approved (a typing mistake, a wrong scan); approved ones stay with managers."""
    product, _revision = _editing(certificate.product, user)
    certificate = OcopCertificate.all_objects.select_for_update().get(pk=certificate.pk)
    if certificate.is_published:
        raise DomainError(_("Chứng nhận đã duyệt chỉ quản lý chương trình mới gỡ được."), code="certificate_published")
    storage, name = certificate.document.storage, certificate.document.name
    label = f"{certificate.stars}★ {certificate.decision_number}"
    certificate.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))
    record_event(
        product=product, user=user, kind=ProductEvent.Kind.EDITED, changes={_("chứng nhận OCOP"): [label, None]}
    )


def has_pending_uploads(product) -> bool:
    return (
        ProductMedia.all_objects.filter(product=product, is_published=False).exists()
        or OcopCertificate.all_objects.filter(product=product, is_published=False).exists()
    )


@transaction.atomic
def submit_for_review(*, product, user) -> ProductRevision:
    """Send a new product, or the proposed change to a live one, to the managers' review queue."""
    product = _lock(product)
    revision = open_revision(product, lock=True)
    _refuse_while_in_review(product, revision)
    live = product.status == Product.Status.PUBLISHED
    if live and not (revision and revision.changes) and not has_pending_uploads(product):
        raise DomainError(_("Chưa có thay đổi nào để gửi duyệt."), code="nothing_to_submit")
    if not live and not product.variants.exists():
        raise DomainError(
            _("Hãy thêm ít nhất một quy cách (có giá bán) trước khi gửi duyệt."), code="no_variant", field=None
        )
    if revision is None:
        revision = ProductRevision(product=product, created_by=user)
    revision.status = ProductRevision.Status.SUBMITTED
    revision.submitted_at = timezone.now()
    revision.save()
    if not live:
        product.status = Product.Status.IN_REVIEW
        product.save(update_fields=["status", "updated_at"])
    record_event(product=product, user=user, kind=ProductEvent.Kind.SUBMITTED, changes=summary_of(revision.changes))
    return revision


def _require_manager(user) -> None:
    if not getattr(user, "is_manager", False):
        raise DomainError(_("Chỉ quản lý chương trình mới được duyệt sản phẩm."), code="not_manager")


def _submitted(revision) -> tuple[Product, ProductRevision]:
    """Lock the product, then the revision (the edits' order, so the two never wait on each other crosswise)."""
    product = _lock(revision.product)
    revision = ProductRevision.objects.select_for_update().get(pk=revision.pk)
    if revision.status != ProductRevision.Status.SUBMITTED:
        raise DomainError(_("Đề xuất này không còn chờ duyệt."), code="not_submitted")
    return product, revision


def _apply(product, changes: dict) -> None:
    """Write an approved revision's proposals onto the live rows (inside the approval's transaction)."""
    fields = dict(changes.get("product", {}))
    if "category" in fields:
        fields["category"] = Category.objects.get(pk=fields["category"])
    for name, value in fields.items():
        setattr(product, name, value)
    validated_save(product, exclude=["search_vector"])
    variants = ProductVariant.objects.select_for_update().in_bulk([int(pk) for pk in changes.get("variants", {})])
    for pk, values in changes.get("variants", {}).items():
        variant = variants[int(pk)]
        for name, value in values.items():
            setattr(variant, name, value)
        validated_save(variant)
    channels = Channel.objects.in_bulk()
    for variant_pk, prices in changes.get("prices", {}).items():
        variant = ProductVariant.objects.get(pk=int(variant_pk), product=product)
        for channel_pk, amount in prices.items():
            set_variant_price(variant=variant, channel=channels[int(channel_pk)], price_amount=amount)
    photos = ProductMedia.all_objects.filter(product=product).in_bulk()
    for pk, values in changes.get("media", {}).items():
        if int(pk) in photos:
            ProductMedia.all_objects.filter(pk=int(pk)).update(**values)
    for pk in changes.get("delete_media", []):
        if pk in photos:
            delete_product_media(media=photos[pk])
    ProductMedia.all_objects.filter(product=product, is_published=False).update(is_published=True)
    OcopCertificate.all_objects.filter(product=product, is_published=False).update(is_published=True)


@transaction.atomic
def approve_revision(*, revision, user, comment="") -> ProductRevision:
    """Publish what the revision proposes (and the product itself if new) in one transaction."""
    _require_manager(user)
    product, revision = _submitted(revision)
    summary = summary_of(revision.changes)
    _apply(product, revision.changes)
    if product.status != Product.Status.PUBLISHED:
        product.status = Product.Status.PUBLISHED
        product.save(update_fields=["status", "updated_at"])
    revision.status = ProductRevision.Status.APPROVED
    revision.reviewed_by = user
    revision.reviewed_at = timezone.now()
    revision.review_comment = text_block(comment)
    revision.save()
    record_event(
        product=product,
        user=user,
        kind=ProductEvent.Kind.APPROVED,
        changes=summary,
        comment=revision.review_comment,
    )
    return revision


@transaction.atomic
def reject_revision(*, revision, user, comment) -> ProductRevision:
    """Send the revision back to the producer with the reason; nothing live changes."""
    _require_manager(user)
    comment = text_block(comment)
    if not comment:
        raise DomainError(
            _("Hãy ghi lý do từ chối để chủ thể biết cần sửa gì."), code="comment_required", field="comment"
        )
    product, revision = _submitted(revision)
    revision.status = ProductRevision.Status.DRAFT
    revision.reviewed_by = user
    revision.reviewed_at = timezone.now()
    revision.review_comment = comment
    revision.save()
    if product.status == Product.Status.IN_REVIEW:
        product.status = Product.Status.REJECTED
        product.save(update_fields=["status", "updated_at"])
    record_event(product=product, user=user, kind=ProductEvent.Kind.REJECTED, comment=comment)
    return revision
