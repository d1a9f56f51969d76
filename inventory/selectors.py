"""Reads of the stock ledger that need care: availability per channel, balances per place, ledger checks."""

from typing import NamedTuple

from django.db import connection
from django.db.models import F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from inventory import locations
from inventory.models import (
    LowStockThreshold,
    Reservation,
    Stock,
    StockCount,
    StockMovement,
    StockTransfer,
    Warehouse,
)
from marketplace.catalogue.models import GiftSetComponent
from marketplace.channels.models import ProductVariantChannelListing
from marketplace.core.errors import DomainError


def may_act_at(user, warehouse_id: int) -> bool:
    """Kiosk staff act at their own kiosk only; managers at every place."""
    if not user.is_authenticated:
        return False
    return user.is_manager or (user.role == user.Role.KIOSK_STAFF and user.kiosk_id == warehouse_id)


def places_for(user) -> QuerySet[Warehouse]:
    """The active physical places a user may ship from, receive at or count: a manager's all, staff their kiosk."""
    places = Warehouse.objects.filter(kind__in=Warehouse.PHYSICAL_KINDS, is_active=True).order_by("pk")
    if not user.is_authenticated:
        return places.none()
    if user.is_manager:
        return places
    if user.role == user.Role.KIOSK_STAFF:
        return places.filter(pk=user.kiosk_id)
    return places.none()


def visible_transfers(user) -> QuerySet[StockTransfer]:
    """Transfers leaving or reaching a place the user works at; any other is answered 404."""
    if user.is_authenticated and user.is_manager:
        return StockTransfer.objects.all()
    places = places_for(user)
    return StockTransfer.objects.filter(Q(origin__in=places) | Q(destination__in=places))


def visible_counts(user) -> QuerySet[StockCount]:
    """Counts of the places the user works at; any other is answered 404."""
    return StockCount.objects.filter(warehouse__in=places_for(user))


def transfers_of(place: Warehouse, *, incoming: bool, limit: int = 30) -> list[StockTransfer]:
    """The latest transfers reaching (incoming) or leaving a place, those still in transit first."""
    transfers = StockTransfer.objects.filter(**{"destination" if incoming else "origin": place})
    return list(transfers.select_related("origin", "destination").order_by("-status", "-shipped_at", "-pk")[:limit])


def stock_by_location(variant) -> list[Stock]:
    """The variant's balance at every active physical location, in location order, zero where nothing was ever kept.

    Locations without a Stock row get an unsaved Stock with zero quantities, so a page can show all five places.
    """
    places = Warehouse.objects.filter(kind__in=Warehouse.PHYSICAL_KINDS, is_active=True).order_by("pk")
    stocks = {stock.warehouse_id: stock for stock in Stock.objects.filter(product_variant=variant)}
    result = []
    for place in places:
        stock = stocks.get(place.pk) or Stock(warehouse=place, product_variant=variant)
        stock.warehouse = place
        result.append(stock)
    return result


def in_transit_quantity(variant) -> int:
    """What of the variant has left one place for another and not yet arrived.

    Transit is a virtual location with no Stock row: its content is what went in minus what came out.
    """
    totals = StockMovement.objects.filter(product_variant=variant).aggregate(
        into=Coalesce(Sum("quantity", filter=Q(destination__slug=locations.TRANSIT)), 0),
        out_of=Coalesce(Sum("quantity", filter=Q(source__slug=locations.TRANSIT)), 0),
    )
    return totals["into"] - totals["out_of"]


# What one place can still sell of a variant: on hand less allocated, never below zero, so a kiosk gone negative
# does not eat into another place's stock.
SELLABLE_AT_PLACE = Greatest(F("quantity") - F("quantity_allocated"), Value(0))


def channel_warehouse_ids(*, channel=None, channel_slug: str | None = None) -> QuerySet:
    """Ids of the places a channel sells from: its active physical warehouses, the ones allocation takes from.

    An uncorrelated subquery, so a listing can use it inside its own subqueries without a join per row.
    """
    places = Warehouse.objects.filter(is_active=True, kind__in=Warehouse.PHYSICAL_KINDS)
    places = places.filter(channels=channel) if channel is not None else places.filter(channels__slug=channel_slug)
    return places.values("pk")


def channel_warehouses(channel_ids) -> dict[int, list[Warehouse]]:
    """The places each channel sells from (as channel_warehouse_ids), in one statement for all the channels."""
    found: dict[int, list[Warehouse]] = {channel_id: [] for channel_id in channel_ids}
    places = Warehouse.objects.filter(is_active=True, kind__in=Warehouse.PHYSICAL_KINDS, channels__in=list(found))
    for place in places.annotate(channel_id=F("channels__pk")).order_by("pk"):
        found[place.channel_id].append(place)
    return found


# What a channel can sell of each asked variant: a plain variant, its sellable units at the channel's places; a
# gift set, the boxes assembled ahead on those places' shelves plus as many sets as its scarcest part allows over
# them (what allocation can serve, taking each part from any of them). A part whose stock is not tracked never
# limits a set.
_AVAILABLE_SQL = """
SELECT w.variant_id, COALESCE(min(
    CASE WHEN part.track_inventory THEN COALESCE(free.units, 0) / COALESCE(c.quantity, 1) END
), 0) + CASE WHEN p.is_gift_set THEN COALESCE(min(boxes.units), 0) ELSE 0 END
FROM unnest(%s::bigint[]) AS w (variant_id)
JOIN catalogue_productvariant v ON v.id = w.variant_id
JOIN catalogue_product p ON p.id = v.product_id
LEFT JOIN catalogue_giftsetcomponent c ON c.gift_set_id = v.product_id
JOIN catalogue_productvariant part ON part.id = COALESCE(c.component_id, w.variant_id)
LEFT JOIN LATERAL (
    SELECT sum(GREATEST(s.quantity - s.quantity_allocated, 0)) AS units FROM inventory_stock s
    WHERE s.product_variant_id = part.id AND s.warehouse_id IN ({places})
) free ON true
LEFT JOIN LATERAL (
    SELECT sum(GREATEST(s.quantity - s.quantity_allocated, 0)) AS units FROM inventory_stock s
    WHERE p.is_gift_set AND s.product_variant_id = v.id AND s.warehouse_id IN ({places})
) boxes ON true
GROUP BY w.variant_id, p.is_gift_set
"""


def available_quantity_for_channel(variants, channel) -> dict[int, int]:
    """Quantity that can still be sold in `channel`, per variant id; variants with no stock map to 0.

    A gift set's figure is its assembled boxes plus what its parts make (see _AVAILABLE_SQL). One query whatever
    the mix.
    """
    ids = [getattr(variant, "pk", variant) for variant in variants]
    result = dict.fromkeys(ids, 0)
    if not ids:
        return result
    places_sql, places_params = channel_warehouse_ids(channel=channel).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(_AVAILABLE_SQL.format(places=places_sql), [ids, *places_params, *places_params])
        result.update((variant_id, int(total)) for variant_id, total in cursor.fetchall())
    return result


def gift_set_parts(variant_ids) -> dict[int, list[tuple[object, int]]]:
    """The parts of the gift sets among the variant ids: set variant id → [(part variant, units per set)], in
    the set's order. Plain variants are absent. One query."""
    variant_ids = list(variant_ids)
    if not variant_ids:
        return {}
    rows = (
        GiftSetComponent.objects.filter(gift_set__variants__in=variant_ids)
        .annotate(set_variant_id=F("gift_set__variants__id"))
        .select_related("component")
        .order_by("sort_order", "pk")
    )
    parts: dict[int, list[tuple[object, int]]] = {}
    for row in rows:
        parts.setdefault(row.set_variant_id, []).append((row.component, row.quantity))
    return parts


class SoldGiftSetPart(NamedTuple):
    """A part of a gift set as a sale records it (catalogue.models.RecordedGiftSetPart)."""

    variant: object
    quantity: int  # units per set
    weight: int  # share of the set's takings, relative to the set's other parts


def gift_set_parts_to_record(variant_ids, channel_id: int) -> dict[int, list[SoldGiftSetPart]]:
    """The parts of the gift sets among the variant ids, as a sale in `channel_id` records them: set variant id →
    [SoldGiftSetPart], in the set's order. A part weighs its list price in the channel × its units per set; when a
    part of the set has no price there, every part of the set weighs its units per set. Plain variants and sets
    without parts are absent. One query, none without ids."""
    variant_ids = list(variant_ids)
    if not variant_ids:
        return {}
    price = ProductVariantChannelListing.objects.filter(variant=OuterRef("component"), channel_id=channel_id)
    rows = (
        GiftSetComponent.objects.filter(gift_set__variants__in=variant_ids)
        .annotate(set_variant_id=F("gift_set__variants__id"), price=Subquery(price.values("price_amount")[:1]))
        .select_related("component")
        .order_by("sort_order", "pk")
    )
    by_set: dict[int, list] = {}
    for row in rows:
        by_set.setdefault(row.set_variant_id, []).append(row)
    return {
        set_id: [
            SoldGiftSetPart(row.component, row.quantity, row.price * row.quantity if all_priced else row.quantity)
            for row in rows
        ]
        for set_id, rows in by_set.items()
        for all_priced in [all(row.price for row in rows)]
    }


def recorded_gift_set_parts(model, line_field: str, line_ids) -> dict[int, list]:
    """The parts recorded for sold gift set lines (`model`: a RecordedGiftSetPart keyed by `line_field`): line
    id → [its rows, variant and product loaded], in the set's order when it sold. One query."""
    parts: dict[int, list] = {}
    rows = model.objects.filter(**{f"{line_field}__in": list(line_ids)}).select_related("variant__product")
    for row in rows.order_by("pk"):
        parts.setdefault(getattr(row, f"{line_field}_id"), []).append(row)
    return parts


def empty_gift_set_error(variant, *, field: str) -> DomainError:
    """The refusal of a gift set that has no parts: such a box cannot be made, so it cannot be sold."""
    return DomainError(
        _("Hộp quà %(product)s chưa có thành phần nào nên chưa bán được.") % {"product": variant.product.name},
        code="gift_set_empty",
        field=field,
    )


def stocked_parts_of(variants, sets=None) -> dict[int, list[tuple[object, int]]]:
    """What the ledger moves per unit of each variant: variant id → [(variant moved, units per unit sold)]. A plain
    variant moves itself, a gift set its parts; a variant whose stock is not tracked moves nothing. The variants'
    products must be loaded; one query only when a gift set is among them and `sets` (gift_set_parts of them,
    when the caller has read it) is not given. A gift set without parts is refused (DomainError gift_set_empty):
    nothing would move and its takings would go to nobody."""
    variants = list(variants)
    if sets is None:
        sets = gift_set_parts({variant.pk for variant in variants if variant.product.is_gift_set})
    for variant in variants:
        if variant.product.is_gift_set and variant.pk not in sets:
            raise empty_gift_set_error(variant, field="lines")
    return {
        variant.pk: [
            (part, units)
            for part, units in (sets.get(variant.pk, []) if variant.product.is_gift_set else [(variant, 1)])
            if part.track_inventory
        ]
        for variant in variants
    }


def stocked_parts(items, sets=None) -> list[tuple[object, int]]:
    """What the ledger moves for (variant, quantity) pairs (see stocked_parts_of): (variant moved, quantity)."""
    items = list(items)
    parts = stocked_parts_of((variant for variant, _quantity in items), sets)
    return [(part, quantity * units) for variant, quantity in items for part, units in parts[variant.pk]]


def locked_balances(warehouse_id: int, variant_ids) -> dict[int, int]:
    """What is on the shelf less what online orders hold, per variant id, of the variants' Stock rows at one place,
    locked FOR UPDATE in primary-key order (the order inventory.ledger.move_stocks locks in, so a batch written
    after this in the same transaction never deadlocks with another). Call inside a transaction; one query."""
    rows = (
        Stock.objects.select_for_update()
        .filter(warehouse_id=warehouse_id, product_variant_id__in=list(variant_ids))
        .order_by("pk")
        .values_list("product_variant_id", "quantity", "quantity_allocated")
    )
    return {variant_id: quantity - allocated for variant_id, quantity, allocated in rows}


class KioskGiftSet(NamedTuple):
    variant: object
    boxes: int  # assembled ahead, on the kiosk's shelf
    available: int  # what the kiosk can sell: the boxes plus what the parts on its shelf make


def gift_sets_at_kiosk(kiosk: Warehouse) -> list[KioskGiftSet]:
    """The gift sets priced in the kiosk's channel, by name, with the boxes assembled on its shelf and what it can
    sell of them (available_quantity_for_channel's rule). Three queries."""
    channel = kiosk.channels.order_by("pk").first()
    if channel is None:
        return []
    variants = list(
        ProductVariantChannelListing.objects.filter(channel=channel, variant__product__is_gift_set=True)
        .select_related("variant__product")
        .order_by("variant__product__name", "variant__pk")
    )
    variants = [listing.variant for listing in variants]
    boxes = dict(
        Stock.objects.filter(warehouse=kiosk, product_variant__in=variants).values_list(
            "product_variant_id", "quantity"
        )
    )
    available = available_quantity_for_channel(variants, channel)
    return [KioskGiftSet(variant, boxes.get(variant.pk, 0), available[variant.pk]) for variant in variants]


def gift_set_availability_by_location(gift_set) -> list[tuple[Warehouse, int]]:
    """How many of the set each active physical place can sell now: the boxes assembled there (kiosks only) plus
    what its parts make (on hand less allocated). A part whose stock is not tracked never limits."""
    every_part = list(gift_set.set_components.select_related("component"))
    parts = [part for part in every_part if part.component.track_inventory]
    places = list(Warehouse.objects.filter(kind__in=Warehouse.PHYSICAL_KINDS, is_active=True).order_by("pk"))
    if not every_part:
        return [(place, 0) for place in places]
    variant_ids = [part.component_id for part in parts]
    free = {
        (row.warehouse_id, row.product_variant_id): max(row.quantity_available, 0)
        for row in Stock.objects.filter(Q(product_variant_id__in=variant_ids) | Q(product_variant__product=gift_set))
    }
    boxes: dict[int, int] = {}
    for (place_id, variant_id), units in free.items():
        if variant_id not in variant_ids:
            boxes[place_id] = boxes.get(place_id, 0) + units
    return [
        (
            place,
            boxes.get(place.pk, 0)
            + min((free.get((place.pk, part.component_id), 0) // part.quantity for part in parts), default=0),
        )
        for place in places
    ]


class Discrepancy(NamedTuple):
    """A place where the cached balance and the movements disagree. balance is None when the Stock row is missing."""

    warehouse_id: int
    variant_id: int
    balance: int | None
    movements_sum: int


def ledger_discrepancies() -> list[Discrepancy]:
    """Every balance that differs from the sum of its movements, in one SQL query.

    Reported: a Stock row whose quantity differs from (movements in − movements out) at its place; a physical
    place with movements but no Stock row (every movement creates one); a Stock row at a virtual place (they
    keep none).
    """
    movement = StockMovement._meta.db_table
    stock = Stock._meta.db_table
    warehouse = Warehouse._meta.db_table
    physical = [str(kind) for kind in Warehouse.PHYSICAL_KINDS]
    sql = f"""
        WITH entries AS (
            SELECT destination_id AS warehouse_id, product_variant_id, quantity AS delta FROM {movement}
            UNION ALL
            SELECT source_id, product_variant_id, -quantity FROM {movement}
        ),
        sums AS (
            SELECT e.warehouse_id, e.product_variant_id, SUM(e.delta) AS total
            FROM entries e JOIN {warehouse} w ON w.id = e.warehouse_id
            WHERE w.kind = ANY(%s)
            GROUP BY e.warehouse_id, e.product_variant_id
        )
        SELECT COALESCE(s.warehouse_id, m.warehouse_id), COALESCE(s.product_variant_id, m.product_variant_id),
               s.quantity, COALESCE(m.total, 0)
        FROM {stock} s
        FULL OUTER JOIN sums m ON m.warehouse_id = s.warehouse_id AND m.product_variant_id = s.product_variant_id
        LEFT JOIN {warehouse} sw ON sw.id = s.warehouse_id
        WHERE s.id IS NULL OR s.quantity <> COALESCE(m.total, 0) OR sw.kind <> ALL(%s)
        ORDER BY 1, 2
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [physical, physical])
        return [Discrepancy(*row) for row in cursor.fetchall()]


def low_stock(places) -> list[LowStockThreshold]:
    """Thresholds reached at the given places, by place then SKU, in one query.

    Each carries `available`: the balance less what online orders hold (0 where the place never kept the item);
    at or below the threshold the item is low.
    """
    balance = Stock.objects.filter(
        warehouse_id=OuterRef("warehouse_id"), product_variant_id=OuterRef("product_variant_id")
    )
    return list(
        LowStockThreshold.objects.filter(warehouse__in=places)
        .annotate(
            available=Coalesce(Subquery(balance.values(net=F("quantity") - F("quantity_allocated"))[:1]), Value(0))
        )
        .filter(available__lte=F("minimum_quantity"))
        .select_related("warehouse", "product_variant__product")
        .order_by("warehouse_id", "product_variant__sku")
    )


_FIXED_PLACES: dict[tuple[str, str], Warehouse] = {}


def fixed_place(slug: str) -> Warehouse:
    """One of the programme's fixed locations (inventory.locations), read once per process and database.

    They are created by a data migration and never renamed or removed; a flush (tests) empties the memo through
    the post_migrate signal it sends (see InventoryConfig.ready).
    """
    key = (connection.alias, slug)
    place = _FIXED_PLACES.get(key)
    if place is None:
        place = _FIXED_PLACES[key] = Warehouse.objects.get(slug=slug)
    return place


_TILLS: dict[tuple[str, str], Warehouse] = {}


def till_kiosk(slug: str) -> Warehouse | None:
    """The kiosk with a till (a POS profile) at this slug, or None; a kiosk found is kept for the process.

    For the sale endpoint, which needs only the kiosk's id, kind and name: places are created by data migrations
    and their slugs never change. Pages showing the profile's details read it afresh.
    """
    key = (connection.alias, slug)
    kiosk = _TILLS.get(key)
    if kiosk is None:
        kiosk = Warehouse.objects.filter(slug=slug, kind=Warehouse.Kind.KIOSK, pos_profile__isnull=False).first()
        if kiosk is not None:
            _TILLS[key] = kiosk
    return kiosk


def forget_fixed_places(**_kwargs) -> None:
    _FIXED_PLACES.clear()
    _TILLS.clear()


def api_stocks(variant_ids, *, channel_slug: str | None = None) -> QuerySet:
    """The stock rows of the variants at the channel's places (every active physical place without a channel),
    each with its place and `api_reserved`, the units held for shoppers' carts now: one statement."""
    places = (
        channel_warehouse_ids(channel_slug=channel_slug)
        if channel_slug
        else Warehouse.objects.filter(is_active=True, kind__in=Warehouse.PHYSICAL_KINDS).values("pk")
    )
    return (
        Stock.objects.filter(product_variant_id__in=list(variant_ids), warehouse_id__in=places)
        .select_related("warehouse")
        .annotate(api_reserved=_reserved_now())
        .order_by("warehouse__name", "pk")
    )


def stocks_at_warehouse(warehouse_id: int) -> QuerySet:
    """The stock rows of one place (Warehouse.stocks of the API), each with its variant, the variant's product and
    `api_reserved` as api_stocks gives it, in the order of the variants' SKUs."""
    return (
        Stock.objects.filter(warehouse_id=warehouse_id)
        .select_related("warehouse", "product_variant__product")
        .annotate(api_reserved=_reserved_now())
        .order_by("product_variant__sku", "pk")
    )


def _reserved_now():
    """The units of a stock row held for shoppers' carts now, as a subquery annotation (0 when none)."""
    held = (
        Reservation.objects.filter(stock=OuterRef("pk"), reserved_until__gt=timezone.now())
        .values("stock")
        .annotate(total=Sum("quantity_reserved"))
        .values("total")
    )
    return Coalesce(Subquery(held[:1]), 0)
