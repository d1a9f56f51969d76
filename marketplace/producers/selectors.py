"""Reads of the producer portal. Every lookup of a producer's object goes through here and is scoped to the
producer of the person asking, so a guessed id of another producer's object is simply not found (404)."""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Case, F, Prefetch, Q, QuerySet, Sum, When
from django.db.models.functions import TruncDate
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from inventory import locations
from inventory.models import Stock, StockMovement, Warehouse
from marketplace.accounts.models import ProducerInvitation
from marketplace.accounts.services import INVITATION_VALIDITY
from marketplace.catalogue.models import Category, Product, ProductEvent, ProductMedia, ProductRevision, ProductVariant
from marketplace.channels.models import Channel, ProductVariantChannelListing
from marketplace.core.money import format_vnd
from marketplace.core.numbers import is_whole_number
from marketplace.orders.models import OrderLine, OrderStatus
from marketplace.producers.models import OcopCertificate, RuralIndustryRecognition, StartupProfile, StatementExport

RECENT_SALES_DAYS = 30
# Online orders placed and not yet delivered in full: their goods are sold but have not left a shelf yet.
OPEN_ORDER_STATUSES = [
    OrderStatus.UNCONFIRMED,
    OrderStatus.UNFULFILLED,
    OrderStatus.PARTIALLY_FULFILLED,
]

# A sale is stock leaving a physical place for a customer (kiosk sale or online fulfilment); a customer's return
# coming back counts against it on the day it comes back.
SOLD = Q(reason__in=[StockMovement.Reason.SALE, StockMovement.Reason.FULFILMENT])
RETURNED = Q(reason=StockMovement.Reason.RETURN)
NET_UNITS = Sum("quantity", filter=SOLD, default=0) - Sum("quantity", filter=RETURNED, default=0)
HISTORY_LENGTH = 30


class PortalStatus:
    """What a producer needs to know about a product, in the four states of the brief plus the rejected ones."""

    DRAFT = ("draft", _("Bản nháp"))
    IN_REVIEW = ("in_review", _("Chờ duyệt"))
    PUBLISHED = ("published", _("Đang bán"))
    CHANGES_WAITING = ("changes_waiting", _("Thay đổi chờ duyệt"))
    CHANGES_DRAFT = ("changes_draft", _("Thay đổi chưa gửi duyệt"))
    REJECTED = ("rejected", _("Bị từ chối – cần sửa"))


def portal_status(product: Product, revision: ProductRevision | None, has_pending: bool = False):
    if product.status == Product.Status.IN_REVIEW:
        return PortalStatus.IN_REVIEW
    if product.status == Product.Status.REJECTED:
        return PortalStatus.REJECTED
    if product.status != Product.Status.PUBLISHED:
        return PortalStatus.DRAFT
    if revision is not None and revision.status == ProductRevision.Status.SUBMITTED:
        return PortalStatus.CHANGES_WAITING
    if revision is not None and revision.review_comment:
        return PortalStatus.REJECTED
    if (revision is not None and revision.changes) or has_pending:
        return PortalStatus.CHANGES_DRAFT
    return PortalStatus.PUBLISHED


def is_member(user) -> bool:
    return user.is_authenticated and user.role == user.Role.PRODUCER and user.producer_id is not None


def _scope(user) -> Q:
    """Managers see every producer's objects; a member only their own producer's."""
    if user.is_manager:
        return Q()
    if is_member(user):
        return Q(product__producer_id=user.producer_id)
    raise Http404


def own_product(user, pk) -> Product:
    scope = Q() if user.is_manager else Q(producer_id=user.producer_id if is_member(user) else None)
    product = Product.objects.filter(scope, pk=pk).select_related("producer", "category").first()
    if product is None:
        raise Http404
    return product


def own_variant(user, product: Product, pk) -> ProductVariant:
    variant = ProductVariant.objects.filter(product=product, pk=pk).select_related("product").first()
    if variant is None:
        raise Http404
    return variant


def own_media(user, pk) -> ProductMedia:
    media = ProductMedia.all_objects.filter(_scope(user), pk=pk).select_related("product").first()
    if media is None:
        raise Http404
    return media


def own_statement_export(user, pk) -> StatementExport:
    """A ready statement file of the member's own producer (any producer's for a manager); else 404."""
    scope = Q() if user.is_manager else Q(producer_id=user.producer_id if is_member(user) else None)
    export = StatementExport.objects.filter(scope, pk=pk, status=StatementExport.Status.READY).first()
    if export is None:
        raise Http404
    return export


def statement_exports(producer, month: datetime.date) -> QuerySet[StatementExport]:
    """The files asked for of a producer's month, newest first, for the statement page."""
    return StatementExport.objects.filter(producer=producer, month=month).order_by("-requested_at")[:10]


def own_certificate(user, pk, model=OcopCertificate):
    """A recognition (OCOP certificate by default, or of `model`) of the member's own products; any for a manager."""
    certificate = model.all_objects.filter(_scope(user), pk=pk).select_related("product").first()
    if certificate is None:
        raise Http404
    return certificate


@dataclass
class ProductRow:
    product: Product
    status: tuple
    comment: str
    stock: list[tuple[str, int]] = field(default_factory=list)
    in_transit: int = 0
    sold_recently: int = 0
    on_order: int = 0  # units in open online orders, not yet delivered
    photo: int | None = None  # the first photo's id, for its preview thumbnail


def product_rows(producer) -> list[ProductRow]:
    """The portal's product list: photo, status, stock per physical place, units sold (net) in the last 30 days
    and units waiting in open online orders.

    Eight queries whatever the number of products.
    """
    products = list(
        Product.objects.filter(producer=producer)
        .select_related("category")
        .prefetch_related(
            Prefetch(
                "revisions",
                queryset=ProductRevision.objects.filter(status__in=ProductRevision.OPEN_STATUSES),
                to_attr="open_revisions",
            )
        )
        .order_by("-updated_at")
    )
    pending = set(
        ProductMedia.all_objects.filter(product__producer=producer, is_published=False).values_list(
            "product_id", flat=True
        )
    )
    stock = defaultdict(list)
    for product_id, place, quantity in (
        Stock.objects.filter(product_variant__product__producer=producer, warehouse__kind__in=Warehouse.PHYSICAL_KINDS)
        .values("product_variant__product_id", "warehouse__name", "warehouse_id")
        .annotate(total=Sum("quantity"))
        .order_by("warehouse_id")
        .values_list("product_variant__product_id", "warehouse__name", "total")
    ):
        stock[product_id].append((place, quantity))
    # Goods between two places (a transfer shipped, not yet received) sit in the virtual transit location.
    into_transit, out_of_transit = Q(destination__slug=locations.TRANSIT), Q(source__slug=locations.TRANSIT)
    in_transit = dict(
        StockMovement.objects.filter(into_transit | out_of_transit, product_variant__product__producer=producer)
        .values("product_variant__product_id")
        .annotate(
            total=Sum("quantity", filter=into_transit, default=0) - Sum("quantity", filter=out_of_transit, default=0)
        )
        .values_list("product_variant__product_id", "total")
    )
    since = timezone.now() - datetime.timedelta(days=RECENT_SALES_DAYS)
    sold = dict(
        StockMovement.objects.filter(
            SOLD | RETURNED, product_variant__product__producer=producer, created_at__gte=since
        )
        .values("product_variant__product_id")
        .annotate(total=NET_UNITS)
        .values_list("product_variant__product_id", "total")
    )
    on_order = dict(
        OrderLine.objects.filter(variant__product__producer=producer, order__status__in=OPEN_ORDER_STATUSES)
        .values("variant__product_id")
        .annotate(units=Sum(F("quantity") - F("quantity_fulfilled")))
        .values_list("variant__product_id", "units")
    )
    photos = {}
    # The producer's own first photo, also while it waits for review (the portal's preview shows it to them).
    for product_id, media_id in (
        ProductMedia.all_objects.filter(product__producer=producer)
        .order_by("-sort_order", "-pk")
        .values_list("product_id", "pk")
    ):
        photos[product_id] = media_id  # the last one seen is the first in (sort_order, pk) order
    rows = []
    for product in products:
        revision = product.open_revisions[0] if product.open_revisions else None
        rows.append(
            ProductRow(
                product=product,
                status=portal_status(product, revision, product.pk in pending),
                comment=revision.review_comment if revision else "",
                stock=stock.get(product.pk, []),
                in_transit=in_transit.get(product.pk, 0),
                sold_recently=sold.get(product.pk, 0),
                on_order=on_order.get(product.pk, 0),
                photo=photos.get(product.pk),
            )
        )
    return rows


@dataclass
class VariantView:
    variant: ProductVariant
    proposed: dict  # field → proposed value, for live products with a waiting change
    prices: list  # (channel, live price or None, proposed price or None)


@dataclass
class PhotoView:
    media: ProductMedia
    alt: str
    sort_order: int
    to_delete: bool


@dataclass
class CardPreview:
    """How the storefront's product card will look once the producer's current values are approved."""

    name: str
    photo: "PhotoView | None"
    price_from: int | None
    stars: int | None
    place: str


@dataclass
class Workspace:
    product: Product
    revision: ProductRevision | None
    status: tuple
    proposed: dict  # the product's field values as the producer last set them (live values under proposals)
    variants: list[VariantView]
    photos: list[PhotoView]
    certificates: list[OcopCertificate]
    events: list[ProductEvent]
    channels: list[Channel]
    card: CardPreview | None = None
    rural_industry: list[RuralIndustryRecognition] = field(default_factory=list)


def product_workspace(product: Product) -> Workspace:
    """Everything the product's portal page shows, with the proposals of an open revision laid over live values."""
    revision = ProductRevision.objects.filter(product=product, status__in=ProductRevision.OPEN_STATUSES).first()
    changes = revision.changes if revision else {}
    channels = list(Channel.objects.order_by("pk"))
    variants = list(product.variants.all())
    listed = {
        (listing.variant_id, listing.channel_id): listing.price_amount
        for listing in ProductVariantChannelListing.objects.filter(variant__product=product)
    }
    variant_views = [
        VariantView(
            variant=variant,
            proposed=changes.get("variants", {}).get(str(variant.pk), {}),
            prices=[
                (
                    channel,
                    listed.get((variant.pk, channel.pk)),
                    changes.get("prices", {}).get(str(variant.pk), {}).get(str(channel.pk)),
                )
                for channel in channels
            ],
        )
        for variant in variants
    ]
    media_changes, deleted = changes.get("media", {}), set(changes.get("delete_media", []))
    photos = sorted(
        (
            PhotoView(
                media=media,
                alt=media_changes.get(str(media.pk), {}).get("alt", media.alt),
                sort_order=media_changes.get(str(media.pk), {}).get("sort_order", media.sort_order),
                to_delete=media.pk in deleted,
            )
            for media in ProductMedia.all_objects.filter(product=product)
        ),
        key=lambda photo: (photo.sort_order, photo.media.pk),
    )
    certificates = list(OcopCertificate.all_objects.filter(product=product).order_by("-decision_date", "-pk"))
    rural_industry = list(
        RuralIndustryRecognition.all_objects.filter(product=product).order_by("-decision_date", "-pk")
    )
    proposed_fields = changes.get("product", {})
    proposed = {
        name: proposed_fields.get(name, getattr(product, "category_id" if name == "category" else name))
        for name in ("category", "name", "description", "ingredients", "net_quantity", "shelf_life", "origin_place")
    }
    has_pending = any(not photo.media.is_published for photo in photos) or any(
        not recognition.is_published for recognition in (*certificates, *rural_industry)
    )
    card = _card_preview(product, proposed, variant_views, photos, certificates)
    return Workspace(
        card=card,
        product=product,
        revision=revision,
        status=portal_status(product, revision, has_pending),
        proposed=proposed,
        variants=variant_views,
        photos=photos,
        certificates=certificates,
        rural_industry=rural_industry,
        events=readable_history(list(product.events.select_related("user")[:HISTORY_LENGTH]), variants),
        channels=channels,
    )


@dataclass
class HistoryLine:
    label: str
    before: object
    after: object


def _in_each_language(text_of) -> set[str]:
    # A history entry keeps its labels in the language of the person who made the change.
    found = set()
    for language in ("vi", "en"):
        with translation.override(language):
            found.add(str(text_of()))
    return found


def readable_history(events: list[ProductEvent], variants: list[ProductVariant]) -> list[ProductEvent]:
    """The product's events with `lines` a producer reads: "Ảnh mới" rather than "ảnh: 56", "85.000 ₫" rather than
    85000, "Chai 500 ml" rather than the SKU. Works on what the history stored, old entries included."""
    named = {variant.sku: variant.name or variant.sku for variant in variants}
    photo_keys = _in_each_language(lambda: gettext("ảnh"))
    variant_keys = _in_each_language(lambda: gettext("quy cách"))
    # "XQ-016-1 – giá tại Siêu thị online" → "giá tại ": what a price's label says after the SKU.
    price_words = tuple(
        words.split("\x00")[1].split("\x01")[0].lstrip(" –")
        for words in _in_each_language(
            lambda: gettext("%(sku)s – giá tại %(channel)s") % {"sku": "\x00", "channel": "\x01"}
        )
    )
    photo_field = re.compile(r"^(?:ảnh|photo) \d+ – (.+)$", re.IGNORECASE)
    photo_removed = re.compile(r"^(?:gỡ ảnh|remove photo) \d+$", re.IGNORECASE)
    for event in events:
        lines = []
        for label, change in (event.changes or {}).items():
            before, after = (change + [None, None])[:2] if isinstance(change, list) else (None, change)
            if label in photo_keys or photo_removed.match(label):
                what = gettext("Ảnh mới") if after is not None else gettext("Gỡ một ảnh")
                lines.append(HistoryLine(what, None, None))
                continue
            if match := photo_field.match(label):
                label = gettext("Ảnh – %(field)s") % {"field": match.group(1)}
            elif label in variant_keys:
                before, after = named.get(before, before), named.get(after, after)
            sku, dash, rest = label.partition(" – ")
            if dash and sku in named:
                label = f"{named[sku]} – {rest}"
                if rest.startswith(price_words):
                    before, after = (_money(v) if is_whole_number(v) else v for v in (before, after))
            lines.append(HistoryLine(label[:1].upper() + label[1:], before, after))
        event.lines = lines
    return events


def _card_preview(product, proposed, variants, photos, certificates) -> CardPreview:
    storefront = settings.STOREFRONT_CHANNEL_SLUG
    prices = [
        proposed_price if proposed_price is not None else live
        for view in variants
        for channel, live, proposed_price in view.prices
        if channel.slug == storefront and (proposed_price is not None or live is not None)
    ]
    today = timezone.localdate()
    stars = [certificate.stars for certificate in certificates if certificate.is_valid_on(today)]
    producer = product.producer
    return CardPreview(
        name=proposed["name"],
        photo=next((photo for photo in photos if not photo.to_delete), None),
        price_from=min(prices, default=None),
        stars=max(stars, default=None),
        place=proposed["origin_place"] or ", ".join(part for part in (producer.ward, producer.province) if part),
    )


def recent_invitations(limit: int = 20) -> list[ProducerInvitation]:
    """The latest invitations with whether they were accepted or have lapsed, for the managers' invitation page."""
    invitations = list(ProducerInvitation.objects.select_related("producer", "invited_by")[:limit])
    lapse = timezone.now() - INVITATION_VALIDITY
    for invitation in invitations:
        invitation.lapsed = invitation.accepted_at is None and invitation.created_at < lapse
    return invitations


def review_queue() -> QuerySet[ProductRevision]:
    """Submitted revisions (of products and of startup profiles), oldest first: the managers' work list."""
    return (
        ProductRevision.objects.filter(status=ProductRevision.Status.SUBMITTED)
        .select_related("product__producer", "startup_profile__producer", "created_by")
        .order_by("submitted_at", "pk")
    )


@dataclass
class ChangeRow:
    label: str
    live: object
    proposed: object


def _money(amount: int | None) -> str | None:
    return None if amount is None else format_vnd(amount)


def _startup_rows(revision: ProductRevision) -> list[ChangeRow]:
    profile = revision.startup_profile
    return [
        ChangeRow(str(StartupProfile._meta.get_field(name).verbose_name), getattr(profile, name), value)
        for name, value in revision.changes.get("startup_profile", {}).items()
        if name in StartupProfile.PROPOSABLE_FIELDS
    ]


def startup_profile_of(user) -> StartupProfile | None:
    """The member's producer's startup profile, with its open revision as `open_revision` (or None)."""
    profile = StartupProfile.objects.filter(producer_id=user.producer_id).select_related("producer").first()
    if profile is not None:
        profile.open_revision = ProductRevision.objects.filter(
            startup_profile=profile, status__in=ProductRevision.OPEN_STATUSES
        ).first()
    return profile


def revision_rows(revision: ProductRevision) -> list[ChangeRow]:
    """What the reviewer compares: each proposed value beside the live one, in words a manager reads."""
    if revision.startup_profile_id is not None:
        return _startup_rows(revision)
    product, changes = revision.product, revision.changes
    rows = []
    for name, value in changes.get("product", {}).items():
        model_field = Product._meta.get_field(name)
        if name == "category":
            live, value = (
                product.category.name,
                Category.objects.filter(pk=value).values_list("name", flat=True).first(),
            )
        else:
            live = getattr(product, name)
        rows.append(ChangeRow(str(model_field.verbose_name), live, value))
    variants = ProductVariant.objects.in_bulk(
        [int(pk) for pk in {*changes.get("variants", {}), *changes.get("prices", {})}]
    )
    for pk, values in changes.get("variants", {}).items():
        variant = variants[int(pk)]
        for name, value in values.items():
            label = f"{variant.sku} – {ProductVariant._meta.get_field(name).verbose_name}"
            rows.append(ChangeRow(label, getattr(variant, name), value))
    channels = Channel.objects.in_bulk()
    live_prices = {
        (listing.variant_id, listing.channel_id): listing.price_amount
        for listing in ProductVariantChannelListing.objects.filter(variant__product=product)
    }
    for pk, prices in changes.get("prices", {}).items():
        for channel_pk, amount in prices.items():
            label = _("%(sku)s – giá tại %(channel)s") % {
                "sku": variants[int(pk)].sku,
                "channel": channels[int(channel_pk)].name,
            }
            live = live_prices.get((int(pk), int(channel_pk)))
            rows.append(ChangeRow(label, _money(live), _money(amount)))
    for pk, values in changes.get("media", {}).items():
        for name, value in values.items():
            rows.append(ChangeRow(_("Ảnh %(id)s – %(field)s") % {"id": pk, "field": name}, None, value))
    for pk in changes.get("delete_media", []):
        rows.append(ChangeRow(_("Gỡ ảnh %(id)s") % {"id": pk}, pk, None))
    return rows


@dataclass
class SalesReport:
    month: datetime.date  # the first day of the month, local time
    by_day: list  # (date, units)
    by_location: list  # (place name, units)
    by_product: list  # (product name, units)
    total: int


def parse_month(value) -> datetime.date | None:
    """ "YYYY-MM" (an <input type=month>) as the month's first day; None when malformed or out of 2000–2099."""
    try:
        year, month = (int(part) for part in str(value or "").split("-"))
        if not 2000 <= year <= 2099:
            return None
        return datetime.date(year, month, 1)
    except ValueError:
        return None


def month_bounds(month: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The month as an interval of aware datetimes in the programme's time zone (a report day is a local day)."""
    zone = timezone.get_default_timezone()
    start = datetime.datetime(month.year, month.month, 1, tzinfo=zone)
    following = datetime.datetime(month.year + month.month // 12, month.month % 12 + 1, 1, tzinfo=zone)
    return start, following


def sales_report(producer, month: datetime.date) -> SalesReport:
    """Units of the producer's goods sold in the month, by local day, by place and by product, from the ledger.

    Sales net of returns (see SOLD and RETURNED). Three queries.
    """
    start, end = month_bounds(month)
    movements = StockMovement.objects.filter(
        SOLD | RETURNED, product_variant__product__producer=producer, created_at__gte=start, created_at__lt=end
    )
    units = NET_UNITS
    # The place of a sale is where the goods left from; of a return, where they came back to.
    place = Case(When(SOLD, then=F("source__name")), default=F("destination__name"))
    by_day = list(
        movements.annotate(day=TruncDate("created_at", tzinfo=timezone.get_default_timezone()))
        .values("day")
        .annotate(units=units)
        .order_by("day")
        .values_list("day", "units")
    )
    by_location = list(
        movements.annotate(place=place)
        .values("place")
        .annotate(units=units)
        .order_by("-units", "place")
        .values_list("place", "units")
    )
    by_product = list(
        movements.values("product_variant__product__name")
        .annotate(units=units)
        .order_by("-units", "product_variant__product__name")
        .values_list("product_variant__product__name", "units")
    )
    return SalesReport(
        month=month,
        by_day=by_day,
        by_location=by_location,
        by_product=by_product,
        total=sum(units for _day, units in by_day),
    )
