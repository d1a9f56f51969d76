"""Product editing: products, variants, prices per channel, categories and OCOP certificates, as managers and
imports write them (the producers' own edits go through catalogue.services.review)."""

from django.db import models, transaction
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import PdfReadError, PdfStreamError

from marketplace.catalogue import images
from marketplace.catalogue.models import (
    Category,
    ListedProduct,
    Product,
    ProductEvent,
    ProductVariant,
)
from marketplace.channels.models import ProductChannelListing, ProductVariantChannelListing
from marketplace.core.errors import DomainError
from marketplace.core.maintenance import vacuum_analyze
from marketplace.core.numbers import is_whole_number
from marketplace.core.slugs import unique_slug
from marketplace.core.text import nfc, text_block
from marketplace.core.validation import validated_save
from marketplace.producers.models import OcopCertificate, RuralIndustryRecognition


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
    is_gift_set=False,
    slug=None,
    created_by=None,
    **texts,
) -> Product:
    """Create a product; created_by (the person, when there is one) opens its history. `texts` are the English and
    SEO texts (TRANSLATED_PRODUCT_FIELDS), all optional."""
    texts = product_values(texts, TRANSLATED_PRODUCT_FIELDS)
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
        is_gift_set=is_gift_set,
        **texts,
    )
    # search_vector is computed by PostgreSQL; there is nothing to validate in it before the row exists.
    validated_save(product, exclude=["search_vector"])
    record_event(
        product=product,
        user=created_by,
        kind=ProductEvent.Kind.CREATED,
        changes={field_label(Product, "name"): [None, name]},
    )
    return product


@transaction.atomic
def create_variant(
    *,
    product,
    sku,
    name="",
    barcode="",
    weight_grams=None,
    track_inventory=True,
    quantity_limit_per_customer=None,
    sort_order=0,
    name_en="",
) -> ProductVariant:
    variant = ProductVariant(
        product=product,
        sku=nfc(sku),
        name=nfc(name),
        name_en=nfc(name_en),
        barcode=nfc(barcode),
        weight_grams=weight_grams,
        track_inventory=track_inventory,
        quantity_limit_per_customer=quantity_limit_per_customer,
        sort_order=sort_order,
    )
    return validated_save(variant)


# A variant's fields a manager sets in the admin; producers change name, barcode and weight through review.
MANAGER_VARIANT_FIELDS = (
    "product",
    "sku",
    "name",
    "barcode",
    "weight_grams",
    "track_inventory",
    "quantity_limit_per_customer",
    "sort_order",
    "name_en",
)


def variant_label(sku: str, name: str) -> str:
    """How the history names a variant's field: "SKU – field"."""
    return f"{sku} – {field_label(ProductVariant, name)}"


@transaction.atomic
def edit_variant(*, variant, user, **fields) -> ProductVariant:
    """A manager's edit of a variant (the admin): written at once, with its history entry on the product."""
    _require_direct_edit_rights(user)
    unknown = set(fields) - set(MANAGER_VARIANT_FIELDS)
    if unknown:
        raise DomainError(_("Không sửa được trường này."), code="not_editable", field=sorted(unknown)[0])
    variant = ProductVariant.objects.select_for_update().get(pk=variant.pk)
    changes = {}
    for name, value in fields.items():
        value = nfc(value) if isinstance(value, str) else value
        if getattr(variant, name) != value:
            changes[variant_label(variant.sku, name)] = [
                shown_in_history(getattr(variant, name)),
                shown_in_history(value),
            ]
        setattr(variant, name, value)
    validated_save(variant)
    record_changes(product=variant.product, user=user, kind=ProductEvent.Kind.EDITED, changes=changes)
    return variant


@transaction.atomic
def delete_variant(*, variant) -> None:
    """Remove a pack size that was never stocked or sold: the ledger, the till and counts protect the others (the
    database refuses), and orders keep their own copy of what was sold."""
    variant.delete()


def validate_price_amount(price_amount) -> None:
    """A price is a whole, non-negative number of đồng."""
    if not is_whole_number(price_amount):
        raise DomainError(_("Giá phải là một số nguyên đồng."), code="invalid_price", field="price_amount")
    if price_amount < 0:
        raise DomainError(_("Giá bán không được âm."), code="negative_price", field="price_amount")
    if price_amount == 0:
        # Nothing is given away: 0 ₫ is a forgotten price, which would sell the goods for nothing.
        raise DomainError(_("Giá bán phải lớn hơn 0 ₫."), code="zero_price", field="price_amount")


def list_product_in_channel(*, product, channel) -> ProductChannelListing:
    """Make sure the product has a listing in the channel (published by default); an existing one is kept."""
    listing, _created = ProductChannelListing.objects.get_or_create(product=product, channel=channel)
    return listing


# set_variant_price leaves the cost price as it is unless given one.
KEEP = object()


@transaction.atomic
def set_variant_price(*, variant, channel, price_amount: int, cost_price_amount=KEEP) -> ProductVariantChannelListing:
    """Set the variant's price in a channel (and its cost price, when given), and list its product there."""
    validate_price_amount(price_amount)
    values = {"price_amount": price_amount}
    if cost_price_amount is not KEEP:
        if cost_price_amount is not None and not is_whole_number(cost_price_amount, minimum=0):
            raise DomainError(
                _("Giá vốn phải là số nguyên đồng không âm."), code="invalid_price", field="cost_price_amount"
            )
        values["cost_price_amount"] = cost_price_amount
    list_product_in_channel(product=variant.product, channel=channel)
    listing, _created = ProductVariantChannelListing.objects.update_or_create(
        variant=variant, channel=channel, defaults=values
    )
    return listing


@transaction.atomic
def remove_variant_price(*, variant, channel) -> None:
    """The variant is no longer sold in the channel (no price, no sale); orders keep the prices they were sold at."""
    ProductVariantChannelListing.objects.filter(variant=variant, channel=channel).delete()


@transaction.atomic
def create_category(*, name, parent=None, description="", sort_order=0, slug=None, **more) -> Category:
    """Create an OCOP group or subgroup; `more` are its optional texts and image (CATEGORY_EXTRA_FIELDS)."""
    unknown = set(more) - set(CATEGORY_EXTRA_FIELDS)
    if unknown:
        raise DomainError(_("Không sửa được trường này."), code="not_editable", field=sorted(unknown)[0])
    name = nfc(name)
    category = Category(
        name=name,
        slug=nfc(slug) if slug else unique_slug(Category, name, fallback="nhom"),
        parent=parent,
        description=text_block(description),
        sort_order=sort_order,
        **{key: _category_text(key, value) for key, value in more.items()},
    )
    return validated_save(category)


# A category's optional texts (English, search engines) and background image.
CATEGORY_EXTRA_FIELDS = (
    "name_en",
    "description_en",
    "seo_title",
    "seo_description",
    "background_image",
    "background_image_alt",
)


def _category_text(name: str, value):
    if not isinstance(value, str):
        return value
    return text_block(value) if name in ("description", "description_en") else nfc(value)


# Products whose search keys are rewritten per UPDATE statement when a producer or category is renamed.
REINDEX_BATCH_SIZE = 500


def vacuum_listed_products() -> None:
    """Every hour (catalogue.tasks): the listings' table vacuumed and analysed. Its triggers rewrite a product's row
    on every price or listing write; without statistics the planner guesses one row per group and checks stock and
    certificates product by product (a filtered group's count 57 ms instead of 7 ms), and pages not all-visible
    make its covering index visit the table for every row (docs/performance.md, "Storefront pages")."""
    vacuum_analyze(ListedProduct)


def reindex_products(products) -> int:
    """Recompute the stored search keys of `products` (a queryset), for instance after their producer or
    category was renamed: the keys hold those names, so a search for the new name must find the products.
    Returns how many products were rewritten."""
    count = 0
    batch = []
    products = products.select_related("producer__startup_profile", "category").order_by("pk")
    for product in products.iterator(chunk_size=REINDEX_BATCH_SIZE):
        product.refresh_search_keys()
        batch.append(product)
        if len(batch) == REINDEX_BATCH_SIZE:
            count += Product.objects.bulk_update(batch, ["search_tone", "search_plain"])
            batch = []
    if batch:
        count += Product.objects.bulk_update(batch, ["search_tone", "search_plain"])
    return count


@transaction.atomic
def update_category(*, category, **fields) -> Category:
    """Rename, move or reorder an OCOP group or subgroup; renaming it refreshes the search keys of its products."""
    category = Category.objects.select_for_update().get(pk=category.pk)
    old_name = category.name
    for name, value in fields.items():
        setattr(category, name, _category_text(name, value))
    validated_save(category)
    if category.name != old_name:
        reindex_products(category.products.all())
    return category


def _with_document(recognition, document):
    """Store a checked scan on the (unsaved) recognition; the stored name takes the extension its content calls for."""
    extension = validate_certificate_document(document)
    recognition.document.save(f"scan.{extension}", document, save=False)


def _normalised_fields(fields: dict) -> dict:
    return {name: nfc(value) if isinstance(value, str) else value for name, value in fields.items()}


@transaction.atomic
def add_recognition(model, *, product, document=None, is_published=True, **fields):
    """Record a recognition of the product: an OCOP certificate or a rural-industry recognition (`model`).

    `document` (a scanned PDF or image) is checked by its content. is_published=False keeps it from shoppers
    until a manager approves it with the product or its change.
    """
    unknown = set(fields) - set(model.EDITABLE_FIELDS)
    if unknown:
        raise DomainError(_("Không sửa được trường này."), code="not_editable", field=sorted(unknown)[0])
    recognition = model(product=product, is_published=is_published, **_normalised_fields(fields))
    if document is not None:
        _with_document(recognition, document)
    try:
        return validated_save(recognition)
    except DomainError:
        if recognition.document:
            recognition.document.delete(save=False)
        raise


@transaction.atomic
def update_recognition(*, recognition, **fields):
    """A manager's correction of a recognition. A new scan is checked by its content like the first; the file it
    replaces (or a cleared one) is deleted once the change is committed."""
    model = type(recognition)
    unknown = set(fields) - {"product", *model.EDITABLE_FIELDS}
    if unknown:
        raise DomainError(_("Không sửa được trường này."), code="not_editable", field=sorted(unknown)[0])
    recognition = model.all_objects.select_for_update().get(pk=recognition.pk)
    storage, previous = recognition.document.storage, recognition.document.name
    document = fields.pop("document", KEEP)
    for name, value in _normalised_fields(fields).items():
        setattr(recognition, name, value)
    if document is not KEEP:
        if document:
            _with_document(recognition, document)
        else:
            recognition.document = None
    try:
        validated_save(recognition)
    except DomainError:
        if document and recognition.document:
            recognition.document.delete(save=False)
        raise
    if document is not KEEP and previous:
        transaction.on_commit(lambda: storage.delete(previous))
    return recognition


@transaction.atomic
def delete_recognition(*, recognition) -> None:
    """Remove a recognition; its scan goes once the deletion is committed."""
    storage, name = recognition.document.storage, recognition.document.name
    recognition.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def add_ocop_certificate(*, product, **fields) -> OcopCertificate:
    """Record an OCOP recognition (see add_recognition)."""
    return add_recognition(OcopCertificate, product=product, **fields)


def add_rural_industry_recognition(*, product, **fields) -> RuralIndustryRecognition:
    """Record a "sản phẩm CNNT tiêu biểu" recognition (see add_recognition)."""
    return add_recognition(RuralIndustryRecognition, product=product, **fields)


# A certificate's fields a manager may set; is_published too, since managers are the reviewers.
CERTIFICATE_FIELDS = OcopCertificate.EDITABLE_FIELDS
RURAL_INDUSTRY_FIELDS = RuralIndustryRecognition.EDITABLE_FIELDS


def update_ocop_certificate(*, certificate, **fields) -> OcopCertificate:
    return update_recognition(recognition=certificate, **fields)


def delete_ocop_certificate(*, certificate) -> None:
    delete_recognition(recognition=certificate)


PDF_MAGIC = b"%PDF-"


def _whole_pdf(uploaded_file) -> bool:
    """The file parses as a PDF from header to trailer and has a page: an HTML page that only starts with
    "%PDF-" does not."""
    try:
        return len(PdfReader(uploaded_file).pages) > 0
    except (PdfReadError, PdfStreamError, ValueError, KeyError, TypeError, RecursionError):
        return False
    finally:
        uploaded_file.seek(0)


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
        if not _whole_pdf(uploaded_file):
            raise DomainError(
                _("Tệp PDF này hỏng hoặc không phải PDF thật."), code="invalid_document", field="document"
            )
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


EDITABLE_PRODUCT_FIELDS = (
    "category",
    "name",
    "description",
    "ingredients",
    "net_quantity",
    "shelf_life",
    "origin_place",
)


# The English (for the API's translations) and the search-engine texts; Vietnamese is the source. Managers write them.
TRANSLATED_PRODUCT_FIELDS = ("name_en", "description_en", "seo_title", "seo_description")

_MULTILINE_PRODUCT_FIELDS = {"description", "ingredients", "description_en"}


def record_event(*, product, user, kind, changes=None, comment="") -> ProductEvent:
    return ProductEvent.objects.create(product=product, user=user, kind=kind, changes=changes or {}, comment=comment)


def record_changes(*, product, user, kind, changes: dict) -> None:
    """A history entry for an edit that changed something; an edit that changed nothing leaves none."""
    if changes:
        record_event(product=product, user=user, kind=kind, changes=changes)


def field_label(model, name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def shown_in_history(value):
    """A value as the history shows it: model instances by name, the rest as JSON allows."""
    if isinstance(value, models.Model):
        return str(value)
    return value


def write_in_place(product, values: dict) -> dict:
    """Set the values on the product and save it; returns what changed, as the history shows it."""
    diff = {
        name: [shown_in_history(getattr(product, name)), shown_in_history(value)]
        for name, value in values.items()
        if getattr(product, name) != value
    }
    for name, value in values.items():
        setattr(product, name, value)
    validated_save(product, exclude=["search_vector"])
    return diff


def lock_product(product) -> Product:
    """The product's row, locked: one edit or review of a product at a time."""
    return Product.objects.select_for_update().get(pk=product.pk)


def product_values(fields: dict, editable=EDITABLE_PRODUCT_FIELDS) -> dict:
    unknown = set(fields) - set(editable)
    if unknown:
        raise DomainError(_("Không sửa được trường này."), code="not_editable", field=sorted(unknown)[0])
    return {
        name: (text_block(value) if name in _MULTILINE_PRODUCT_FIELDS else nfc(value))
        if isinstance(value, str)
        else value
        for name, value in fields.items()
    }


def _require_direct_edit_rights(user) -> None:
    if not getattr(user, "is_manager", False):
        raise DomainError(_("Chỉ quản lý chương trình mới sửa trực tiếp được sản phẩm."), code="not_manager")


# What a manager may change from the admin besides what producers edit; the status moves only by review.
MANAGER_PRODUCT_FIELDS = (*EDITABLE_PRODUCT_FIELDS, *TRANSLATED_PRODUCT_FIELDS, "producer", "slug", "is_featured")


@transaction.atomic
def edit_product(*, product, user, **fields) -> Product:
    """A manager's edit (the admin): written to the product at once, live or not, with its history entry.

    Managers are the reviewers, so their edit is not a proposal; a producer's open proposal stays as it is.
    """
    _require_direct_edit_rights(user)
    values = product_values(fields, MANAGER_PRODUCT_FIELDS)
    product = lock_product(product)
    diff = write_in_place(product, values)
    record_changes(
        product=product,
        user=user,
        kind=ProductEvent.Kind.EDITED,
        changes={field_label(Product, name): change for name, change in diff.items()},
    )
    return product
