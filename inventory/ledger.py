"""The stock ledger's one write: a movement between two locations, recorded with both balances.

Only inventory's own modules import this (inventory.services, inventory.allocation, inventory.pos.services);
every other app changes stock through their public functions. `make lint` checks that (see
docs/architecture.md).

Concurrency: the Stock rows a movement touches are locked with SELECT … FOR UPDATE in primary-key order, so
two movements over the same pair of locations wait for each other instead of deadlocking, and the check
against the balance reads a value no one else can change before the transaction ends.
"""

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from inventory.models import Stock, StockMovement, Warehouse
from marketplace.core.errors import DomainError
from marketplace.core.numbers import check_whole_number
from marketplace.core.text import nfc

# A sanity bound on one movement: far above any real delivery of OCOP goods, far below the integer columns.
MAX_MOVE_QUANTITY = 1_000_000


def check_text(value: str, *, field: str, max_length: int) -> str:
    value = nfc(value)
    if len(value) > max_length:
        raise DomainError(
            _("Nội dung quá dài (tối đa %(max)d ký tự).") % {"max": max_length}, code="too_long", field=field
        )
    return value


def check_quantity(quantity, *, field: str = "quantity") -> int:
    """How much one movement may carry: at least one unit, at most MAX_MOVE_QUANTITY."""
    check_whole_number(quantity, field=field, message=_("Số lượng phải là số nguyên."))
    if quantity <= 0:
        raise DomainError(_("Số lượng phải lớn hơn 0."), code="invalid", field=field)
    if quantity > MAX_MOVE_QUANTITY:
        raise DomainError(
            _("Số lượng vượt quá giới hạn %(max)d cho một lần chuyển.") % {"max": MAX_MOVE_QUANTITY},
            code="invalid",
            field=field,
        )
    return quantity


def check_places(source: Warehouse, destination: Warehouse) -> None:
    if source.pk == destination.pk:
        raise DomainError(_("Nơi đi và nơi đến phải khác nhau."), code="invalid", field="destination")
    if not (source.is_physical or destination.is_physical) and Warehouse.Kind.TRANSIT not in (
        source.kind,
        destination.kind,
    ):
        # Between two virtual places (say supplier → customer) nothing would be counted anywhere.
        raise DomainError(
            _("Phiếu chuyển kho phải đi qua một kho thực hoặc hàng đang vận chuyển."), code="invalid", field="source"
        )
    for place, field in ((source, "source"), (destination, "destination")):
        if place.is_physical and not place.is_active:
            raise DomainError(
                _("Kho %(name)s đã ngừng hoạt động.") % {"name": place.name}, code="inactive_location", field=field
            )


def locked_stocks(variant_ids, places: list[Warehouse]) -> dict[tuple[int, int], Stock]:
    """The Stock rows of every variant at every physical place, created if missing, locked in primary-key order.

    Keyed by (warehouse id, variant id). Every transaction that holds several Stock rows takes them in this one
    order (inventory.allocation does too), so two of them wanting the same rows queue instead of deadlocking.
    """
    variant_ids = sorted(set(variant_ids))
    warehouse_ids = sorted({place.pk for place in places})
    if not warehouse_ids or not variant_ids:
        return {}

    def lock():
        rows = Stock.objects.select_for_update().filter(
            product_variant_id__in=variant_ids, warehouse_id__in=warehouse_ids
        )
        return {(stock.warehouse_id, stock.product_variant_id): stock for stock in rows.order_by("pk")}

    stocks = lock()
    if len(stocks) < len(warehouse_ids) * len(variant_ids):
        kinds = {place.pk: place.kind for place in places}
        # ON CONFLICT DO NOTHING: a concurrent movement may create the same row first; then we wait for it.
        # The rows go in sorted, so two transactions creating the same new rows take them in the same order.
        Stock.objects.bulk_create(
            [
                Stock(
                    warehouse_id=warehouse_id,
                    product_variant_id=variant_id,
                    # A kiosk never refuses goods a customer holds in hand, so its balance may go negative.
                    allow_negative=kinds[warehouse_id] == Warehouse.Kind.KIOSK,
                )
                for variant_id in variant_ids
                for warehouse_id in warehouse_ids
                if (warehouse_id, variant_id) not in stocks
            ],
            ignore_conflicts=True,
        )
        stocks = lock()
    return stocks


def move_stock(
    *,
    variant,
    source: Warehouse,
    destination: Warehouse,
    quantity: int,
    reason: str,
    user=None,
    reference: str = "",
    note: str = "",
    producer=None,
) -> StockMovement:
    """Move `quantity` of `variant` from `source` to `destination`, recording the movement and both balances.

    A physical source must keep at least its allocated quantity (what online orders have claimed): to ship
    allocated goods, release the allocation first in the same transaction. A kiosk is never refused: its Stock
    row allows a negative balance, because its counter never refuses goods a customer holds in hand.
    The location decides, never the caller: the fulfilment warehouse cannot go below its allocation (the online
    shop must never oversell), and the refusal is a DomainError, never an IntegrityError.
    """
    quantity = check_quantity(quantity)
    check_places(source, destination)
    if reason not in StockMovement.Reason.values:
        raise DomainError(_("Lý do chuyển kho không hợp lệ."), code="invalid", field="reason")
    if not variant.track_inventory:
        raise DomainError(
            _("Sản phẩm %(sku)s không theo dõi tồn kho.") % {"sku": variant.sku}, code="not_tracked", field="variant"
        )
    note = check_text(note, field="note", max_length=StockMovement._meta.get_field("note").max_length)
    reference = check_text(
        reference, field="reference", max_length=StockMovement._meta.get_field("reference").max_length
    )

    with transaction.atomic():
        stocks = locked_stocks([variant.pk], [place for place in (source, destination) if place.is_physical])
        source_stock = stocks.get((source.pk, variant.pk))
        if source_stock is not None:
            remaining = source_stock.quantity - quantity
            if remaining < source_stock.quantity_allocated and not source_stock.allow_negative:
                raise DomainError(
                    _("Không đủ hàng tại %(place)s: còn %(available)d có thể xuất, cần %(quantity)d.")
                    % {
                        "place": source.name,
                        "available": max(source_stock.quantity_available, 0),
                        "quantity": quantity,
                    },
                    code="insufficient_stock",
                    field="quantity",
                )
        movement = StockMovement.objects.create(
            product_variant=variant,
            source=source,
            destination=destination,
            quantity=quantity,
            reason=reason,
            note=note,
            reference=reference,
            producer=producer,
            created_by=user if user is not None and user.is_authenticated else None,
        )
        for place, delta in ((source, -quantity), (destination, quantity)):
            stock = stocks.get((place.pk, variant.pk))
            if stock is not None:
                Stock.objects.filter(pk=stock.pk).update(quantity=F("quantity") + delta)
    return movement
