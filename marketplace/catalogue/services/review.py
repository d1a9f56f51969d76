"""The producers' edits and their review.

A product not yet live (draft, rejected) is edited in place: shoppers cannot see it. Once live, an edit becomes a
proposal in the product's open ProductRevision and the published rows stay as they are until a manager approves.
New photos and certificates always wait unpublished for the next approval. Every write leaves a ProductEvent with
the values it changed.
"""

import copy

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.catalogue.models import (
    Category,
    Product,
    ProductEvent,
    ProductMedia,
    ProductRevision,
    ProductVariant,
)
from marketplace.catalogue.services.media import add_product_media, delete_product_media
from marketplace.catalogue.services.products import (
    add_ocop_certificate,
    create_variant,
    delete_ocop_certificate,
    field_label,
    lock_product,
    product_values,
    record_changes,
    record_event,
    set_variant_price,
    shown_in_history,
    validate_price_amount,
    variant_label,
    write_in_place,
)
from marketplace.channels.models import Channel, ProductVariantChannelListing
from marketplace.core.errors import DomainError
from marketplace.core.text import nfc, text_block
from marketplace.core.validation import checked_text, domain_error_from, validated_save
from marketplace.producers.models import OcopCertificate

EDITABLE_VARIANT_FIELDS = ("name", "barcode", "weight_grams")


def _price_label(sku: str, channel_name: str) -> str:
    return _("%(sku)s – giá tại %(channel)s") % {"sku": sku, "channel": channel_name}


def _photo_label(media_id, name: str) -> str:
    return _("ảnh %(id)s – %(field)s") % {"id": media_id, "field": field_label(ProductMedia, name)}


def summary_of(changes: dict) -> dict:
    """A revision's proposals as history entries: readable label → [None, proposed value]."""
    skus = dict(
        ProductVariant.objects.filter(
            pk__in=[int(pk) for pk in {*changes.get("variants", {}), *changes.get("prices", {})}]
        ).values_list("pk", "sku")
    )
    channel_names = dict(Channel.objects.values_list("pk", "name"))
    summary = {field_label(Product, name): [None, value] for name, value in changes.get("product", {}).items()}
    for pk, values in changes.get("variants", {}).items():
        summary.update({variant_label(skus[int(pk)], name): [None, value] for name, value in values.items()})
    for pk, prices in changes.get("prices", {}).items():
        for channel_pk, amount in prices.items():
            summary[_price_label(skus[int(pk)], channel_names[int(channel_pk)])] = [None, amount]
    for pk, values in changes.get("media", {}).items():
        summary.update({_photo_label(pk, name): [None, value] for name, value in values.items()})
    for pk in changes.get("delete_media", []):
        summary[_("gỡ ảnh %(id)s") % {"id": pk}] = [pk, None]
    return summary


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
    product = lock_product(product)
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


@transaction.atomic
def update_product(*, product, user, **fields) -> Product:
    """Change a product's details: in place while it is not live, as a proposal for review once it is."""
    values = product_values(fields)
    product, revision = _editing(product, user)
    _checked_copy(product, values, exclude=["search_vector"])
    if revision is None:
        diff = write_in_place(product, values)
        kind = ProductEvent.Kind.EDITED
    else:
        # JSON holds the group by its id.
        as_json = {name: (value.pk if isinstance(value, Category) else value) for name, value in values.items()}
        current = {name: getattr(product, "category_id" if name == "category" else name) for name in as_json}
        diff = _propose(revision, "product", None, as_json, current)
        kind = ProductEvent.Kind.PROPOSED
    record_changes(
        product=product,
        user=user,
        kind=kind,
        changes={
            field_label(Product, name): [shown_in_history(old), shown_in_history(new)]
            for name, (old, new) in diff.items()
        },
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
        changes={_("quy cách"): [None, variant.sku], variant_label(variant.sku, "barcode"): [None, variant.barcode]},
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
    record_changes(
        product=product,
        user=user,
        kind=kind,
        changes={variant_label(variant.sku, name): change for name, change in diff.items()},
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
    record_changes(
        product=product,
        user=user,
        kind=kind,
        changes={_price_label(variant.sku, channel.name): change for change in diff.values()},
    )


@transaction.atomic
def save_variant_with_prices(*, variant, user, prices=(), **fields) -> ProductVariant:
    """A producer's edit of a pack size and its prices per channel, saved together or not at all.

    `prices` is (channel, amount) pairs; a refused price leaves the variant's details as they were too.
    """
    variant = update_variant(variant=variant, user=user, **fields)
    for channel, amount in prices:
        change_variant_price(variant=variant, channel=channel, price_amount=amount, user=user)
    return variant


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
        alt = checked_text(alt, field="alt", max_length=ProductMedia._meta.get_field("alt").max_length)
        media, values = by_id[media_id], {"alt": alt, "sort_order": position}
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
    kind = ProductEvent.Kind.EDITED if revision is None else ProductEvent.Kind.PROPOSED
    record_changes(product=product, user=user, kind=kind, changes=diff)


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
    label = f"{certificate.stars}★ {certificate.decision_number}"
    delete_ocop_certificate(certificate=certificate)
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
    product = lock_product(product)
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
    product = lock_product(revision.product)
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
