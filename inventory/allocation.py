"""Stock held for online orders: reserve while a shopper reviews their checkout, allocate when the order is
placed, release on cancel, ship on fulfilment.

An allocation raises Stock.quantity_allocated at a warehouse that serves the order's channel; what a channel
can still sell is quantity − quantity_allocated over its warehouses (inventory.selectors).

Never overselling rests on two guards, either of which alone would do:
- the Stock rows of every variant in the order are locked (SELECT … FOR UPDATE, in primary-key order, the same
  order inventory.ledger.move_stock uses, so concurrent orders and movements queue instead of deadlocking)
  before the available quantity is read;
- the write itself is a conditional UPDATE that only succeeds while quantity − quantity_allocated ≥ n.
Saleor 3.24 with default settings read availability without either and placed 50 orders for 10 units.
"""

from collections import defaultdict

from django.db import connection, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from inventory import locations
from inventory.ledger import move_stock
from inventory.models import Allocation, Reservation, Stock, StockMovement
from inventory.selectors import channel_warehouse_ids, fixed_place, recorded_gift_set_parts, stocked_parts_of
from marketplace.core.errors import DomainError
from marketplace.orders.models import OrderLineGiftSetPart


def _locked_channel_stocks(variant_ids, channel, *, checkout_token=None) -> dict[int, list[Stock]]:
    """The Stock rows of the variants at the channel's active warehouses, locked, most available first.

    Each row's `free` is what may be taken now: its available quantity less what other checkouts hold in
    reservations still running (the checkout named by `checkout_token` may use its own).
    """
    rows = (
        Stock.objects.select_for_update(of=("self",))
        .select_related("warehouse")
        .filter(product_variant_id__in=variant_ids, warehouse_id__in=channel_warehouse_ids(channel=channel))
        .order_by("pk")
    )
    rows = list(rows)
    held = (
        Reservation.objects.filter(stock__in=rows, reserved_until__gt=timezone.now())
        .exclude(checkout_line__checkout_id=checkout_token)
        .values("stock_id")
        .annotate(total=Sum("quantity_reserved"))
        .values_list("stock_id", "total")
    )
    held = dict(held)
    by_variant = defaultdict(list)
    for stock in rows:
        stock.free = stock.quantity_available - held.get(stock.pk, 0)
        by_variant[stock.product_variant_id].append(stock)
    for stocks in by_variant.values():
        # Serve a line from as few places as possible: the fullest first.
        stocks.sort(key=lambda stock: (-stock.free, stock.pk))
    return by_variant


def _shortage(product_name: str, wanted: int, found: int) -> DomainError:
    return DomainError(
        _("Hết hàng: %(product)s chỉ còn %(available)d, không đủ %(quantity)d bạn đặt.")
        % {"product": product_name, "available": found, "quantity": wanted}
        if found
        else _("Hết hàng: %(product)s đã được mua hết.") % {"product": product_name},
        code="insufficient_stock",
        field="lines",
    )


def _claim_all(allocations: list[Allocation]) -> None:
    """Raise quantity_allocated of every stock row the allocations take from, in one UPDATE. The rows are locked
    and `free` was computed under the lock, so every row has room; the guard in the statement is the database's
    own word on it (quantity ≥ allocated, as the table's check constraint says)."""
    taken: dict[int, int] = defaultdict(int)
    for allocation in allocations:
        taken[allocation.stock.pk] += allocation.quantity_allocated
    if not taken:
        return
    values = ", ".join(["(%s::bigint, %s::integer)"] * len(taken))
    params = [value for pk in sorted(taken) for value in (pk, taken[pk])]
    with connection.cursor() as cursor:
        cursor.execute(
            f"""UPDATE inventory_stock s SET quantity_allocated = s.quantity_allocated + t.quantity
            FROM (VALUES {values}) AS t (id, quantity)
            WHERE s.id = t.id AND s.quantity >= s.quantity_allocated + t.quantity
            RETURNING s.id""",  # noqa: S608 - placeholders only
            params,
        )
        claimed = {row[0] for row in cursor.fetchall()}
    for allocation in allocations:
        if allocation.stock.pk not in claimed:
            line = allocation.order_line
            raise _shortage(line.product_name, line.quantity, 0)


def _take(lines, parts, stocks, *, quantity_of, hold, product_name) -> list:
    """Hold what each line needs (`parts`: stocked_parts_of its variants) from the locked rows (`stocks`, by
    variant), fullest place first; a gift set's line holds its parts. The rows' `free` goes down as lines take
    from them, so a set and one of its parts in the same cart cannot together take more than is there. Raises the
    shortage of the first line not covered."""
    held = []
    for line in sorted(lines, key=lambda line: (line.variant_id, line.pk)):
        for part, units in parts[line.variant_id]:
            remaining = quantity_of(line) * units
            for stock in stocks.get(part.pk, []):
                take = min(remaining, stock.free)
                if take <= 0:
                    continue
                stock.free -= take
                held.append(hold(line, stock, take))
                remaining -= take
                if remaining == 0:
                    break
            if remaining:
                # The line's units (sets, for a set) this part still covers.
                covered = quantity_of(line) - (remaining + units - 1) // units
                raise _shortage(product_name(line), quantity_of(line), covered)
    return held


def _part_ids(parts: dict) -> set[int]:
    return {part.pk for variant_parts in parts.values() for part, _units in variant_parts}


def allocate(order_lines, *, channel, checkout_token=None, sets=None) -> list[Allocation]:
    """Hold stock for every line of an order from the warehouses of `channel`, all lines or none.

    Units other checkouts have reserved are not taken; those of the checkout the order comes from
    (`checkout_token`) are. A gift set's line holds its parts (Allocation rows of the set's line on the parts'
    Stock rows; `sets`: the sets' parts as the order recorded them, see stocked_parts_of). Raises
    DomainError(code="insufficient_stock", field="lines") naming the first product that
    cannot be covered; nothing is then held (the caller's transaction, or this one, rolls back).
    """
    tracked = [line for line in order_lines if line.variant is not None and line.variant.track_inventory]
    if not tracked:
        return []
    # No savepoint when the caller already holds a transaction (placing an order): a refusal rolls it all back.
    with transaction.atomic(savepoint=False):
        parts = stocked_parts_of((line.variant for line in tracked), sets)
        stocks = _locked_channel_stocks(_part_ids(parts), channel, checkout_token=checkout_token)
        allocations = _take(
            tracked,
            parts,
            stocks,
            quantity_of=lambda line: line.quantity,
            hold=lambda line, stock, take: Allocation(order_line=line, stock=stock, quantity_allocated=take),
            product_name=lambda line: line.product_name,
        )
        _claim_all(allocations)
        return Allocation.objects.bulk_create(allocations)


def reserve(checkout_lines, *, channel, checkout_token, until) -> list[Reservation]:
    """Reserve the checkout's lines until `until`, replacing its earlier reservations, all lines or none.

    Taken under the same Stock row locks as allocations, so two shoppers cannot reserve the same last unit.
    """
    tracked = [line for line in checkout_lines if line.variant.track_inventory]
    with transaction.atomic():
        release_reservations(checkout_token=checkout_token)
        parts = stocked_parts_of(line.variant for line in tracked)
        stocks = _locked_channel_stocks(_part_ids(parts), channel, checkout_token=checkout_token)
        reservations = _take(
            tracked,
            parts,
            stocks,
            quantity_of=lambda line: line.quantity,
            hold=lambda line, stock, take: Reservation(
                checkout_line=line, stock=stock, quantity_reserved=take, reserved_until=until
            ),
            product_name=lambda line: line.variant.product.name,
        )
        return Reservation.objects.bulk_create(reservations)


def release_reservations(*, checkout_token) -> None:
    """Drop whatever the checkout holds: its cart changed, so the summary will reserve again."""
    Reservation.objects.filter(checkout_line__checkout_id=checkout_token).delete()


def _locked_allocations(order_lines) -> list[Allocation]:
    line_ids = [line.pk for line in order_lines]
    allocations = list(
        Allocation.objects.filter(order_line_id__in=line_ids, quantity_allocated__gt=0).select_related("stock")
    )
    # Lock the Stock rows in primary-key order, as allocate and move_stock do.
    stock_ids = sorted({allocation.stock_id for allocation in allocations})
    locked = {stock.pk: stock for stock in Stock.objects.select_for_update().filter(pk__in=stock_ids).order_by("pk")}
    for allocation in allocations:
        allocation.stock = locked[allocation.stock_id]
    return allocations


def _release(allocation: Allocation, quantity: int) -> None:
    Stock.objects.filter(pk=allocation.stock_id).update(quantity_allocated=F("quantity_allocated") - quantity)
    allocation.stock.quantity_allocated -= quantity
    allocation.quantity_allocated -= quantity
    allocation.save(update_fields=["quantity_allocated"])


def deallocate(order_lines) -> int:
    """Release everything still held for the lines (an order canceled or expired). Returns the units released."""
    released = 0
    with transaction.atomic():
        for allocation in _locked_allocations(order_lines):
            released += allocation.quantity_allocated
            _release(allocation, allocation.quantity_allocated)
    return released


def ship_allocated(line_quantities, *, reference: str, user=None) -> list[tuple]:
    """Take `quantity` of each order line out of its allocated stock and send it to the virtual customer.

    `line_quantities` is a list of (order_line, quantity). For each allocation used, the allocation is reduced
    and the goods move through inventory.ledger.move_stock, in one transaction, so the ledger records every
    unit shipped; a gift set's line ships its parts. Returns (order_line, stock, quantity) for each part shipped;
    stock is None for a variant whose stock is not tracked and for a gift set (one entry per set line, in sets).
    """
    customer = fixed_place(locations.CUSTOMER)
    shipped = []
    with transaction.atomic():
        by_line = defaultdict(list)
        for allocation in _locked_allocations([line for line, _quantity in line_quantities]):
            by_line[allocation.order_line_id].append(allocation)
        # A set line ships the parts recorded when the order was placed, whatever the set is made of today.
        set_lines = [
            line.pk
            for line, _quantity in line_quantities
            if line.variant is not None and line.variant.track_inventory and line.variant.product.is_gift_set
        ]
        recorded = recorded_gift_set_parts(OrderLineGiftSetPart, "order_line", set_lines) if set_lines else {}
        for line, quantity in line_quantities:
            if line.variant is None or not line.variant.track_inventory:
                # Goods whose stock is not tracked (made to order) leave no movement.
                shipped.append((line, None, quantity))
                continue
            is_set = line.variant.product.is_gift_set
            parts = (
                [(part.variant, part.quantity) for part in recorded.get(line.pk, [])] if is_set else [(line.variant, 1)]
            )
            for part, units in parts:
                if not part.track_inventory:
                    continue  # a part made to order leaves no movement
                remaining = wanted = quantity * units
                allocations = [a for a in by_line[line.pk] if a.stock.product_variant_id == part.pk]
                for allocation in sorted(allocations, key=lambda allocation: allocation.stock_id):
                    take = min(remaining, allocation.quantity_allocated)
                    if take <= 0:
                        continue
                    _release(allocation, take)
                    move_stock(
                        variant=part,
                        source=allocation.stock.warehouse,
                        destination=customer,
                        quantity=take,
                        reason=StockMovement.Reason.FULFILMENT,
                        user=user,
                        reference=reference,
                    )
                    if not is_set:
                        shipped.append((line, allocation.stock, take))
                    remaining -= take
                if remaining:
                    raise DomainError(
                        _("Dòng %(sku)s chỉ còn %(held)d được giữ, không thể giao %(quantity)d.")
                        % {"sku": part.sku, "held": wanted - remaining, "quantity": wanted},
                        code="insufficient_stock",
                        field="lines",
                    )
            if is_set:
                # A set's parcel line counts sets (the statements value it); its parts left through the ledger above.
                shipped.append((line, None, quantity))
    return shipped


def delete_expired_reservations(*, now=None) -> int:
    """Remove the holds whose time has passed (a periodic job); returns how many rows went.

    An expired hold already stopped counting against the stock (inventory.allocation reads only running ones):
    this only keeps the table to the carts being reviewed now. A cart whose hold ran out reserves again on its
    summary page.
    """
    deleted, _by_model = Reservation.objects.filter(reserved_until__lte=now or timezone.now()).delete()
    return deleted
