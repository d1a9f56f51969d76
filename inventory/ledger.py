"""The stock ledger's one write: a movement between two locations, recorded with both balances.

Only inventory's own modules import this (inventory.services, inventory.allocation, inventory.pos.services);
every other app changes stock through their public functions. `make lint` checks that (see
docs/architecture.md).

Concurrency: the Stock rows a batch of movements touches are locked with one SELECT … FOR UPDATE in primary-key
order (inventory.allocation locks in the same order), so two batches over the same rows wait for each other
instead of deadlocking, and the check against the balance reads a value no one else can change before the
transaction ends. A batch costs two statements whatever its size: the balances (locked, checked and changed, or
created, all or none) and one INSERT of the movements.
"""

from dataclasses import dataclass

from django.db import connection, transaction
from django.utils.translation import gettext as _

from inventory.models import StockMovement, Warehouse
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


@dataclass(frozen=True)
class Move:
    """One line of a batch for move_stocks: `quantity` of `variant` from `source` to `destination`."""

    variant: object
    source: Warehouse
    destination: Warehouse
    quantity: int
    note: str = ""


# One statement locks every Stock row of the batch in primary-key order, checks them all, and then changes all of
# them or none: balances move by the summed deltas, missing rows are created with their delta (kiosk rows may go
# negative), and a row that would fall below what online orders hold blocks the whole batch. It answers one row per
# (place, variant) of the batch with the balance found under the lock and whether the change was applied.
_APPLY_DELTAS_SQL = """
WITH d (warehouse_id, variant_id, delta, allow_negative) AS (VALUES {values}),
locked AS (
    SELECT s.id, s.warehouse_id, s.product_variant_id, s.quantity, s.quantity_allocated, s.allow_negative
    FROM inventory_stock s
    JOIN d ON s.warehouse_id = d.warehouse_id AND s.product_variant_id = d.variant_id
    ORDER BY s.id
    FOR UPDATE OF s
),
bad AS (
    SELECT 1 FROM d
    LEFT JOIN locked l ON l.warehouse_id = d.warehouse_id AND l.product_variant_id = d.variant_id
    WHERE CASE WHEN l.id IS NULL THEN d.delta < 0 AND NOT d.allow_negative
               ELSE NOT l.allow_negative AND l.quantity + d.delta < l.quantity_allocated END
),
moved AS (
    UPDATE inventory_stock s SET quantity = s.quantity + d.delta
    FROM locked l JOIN d ON l.warehouse_id = d.warehouse_id AND l.product_variant_id = d.variant_id
    WHERE s.id = l.id AND NOT EXISTS (SELECT 1 FROM bad)
    RETURNING s.id
),
created AS (
    INSERT INTO inventory_stock (warehouse_id, product_variant_id, quantity, quantity_allocated, allow_negative)
    SELECT d.warehouse_id, d.variant_id, d.delta, 0, d.allow_negative FROM d
    WHERE NOT EXISTS (SELECT 1 FROM bad) AND NOT EXISTS (
        SELECT 1 FROM locked l WHERE l.warehouse_id = d.warehouse_id AND l.product_variant_id = d.variant_id
    )
    ORDER BY d.warehouse_id, d.variant_id
    ON CONFLICT (warehouse_id, product_variant_id) DO NOTHING
    RETURNING warehouse_id, product_variant_id
)
SELECT d.warehouse_id, d.variant_id, l.quantity, l.quantity_allocated, d.delta,
       (m.id IS NOT NULL OR c.warehouse_id IS NOT NULL) AS applied
FROM d
LEFT JOIN locked l ON l.warehouse_id = d.warehouse_id AND l.product_variant_id = d.variant_id
LEFT JOIN moved m ON m.id = l.id
LEFT JOIN created c ON c.warehouse_id = d.warehouse_id AND c.product_variant_id = d.variant_id
"""


@dataclass(frozen=True)
class Balance:
    """A Stock row as a batch left it: `before` is the balance found under the lock (None: the row was new)."""

    warehouse_id: int
    variant_id: int
    before: int | None
    allocated: int
    delta: int

    @property
    def after(self) -> int:
        return (self.before or 0) + self.delta


def _apply_deltas(deltas: dict[tuple[int, int], int], kinds: dict[int, str]) -> tuple[list[Balance], list[Balance]]:
    """Run _APPLY_DELTAS_SQL; (applied, refused): refused rows are those short of stock (then nothing was applied),
    or those another transaction created between our snapshot and our insert (then the caller retries)."""
    keys = sorted(deltas)
    values = ", ".join(["(%s::integer, %s::integer, %s::integer, %s::boolean)"] * len(keys))
    params = []
    for warehouse_id, variant_id in keys:
        allow_negative = kinds[warehouse_id] == Warehouse.Kind.KIOSK
        params += [warehouse_id, variant_id, deltas[warehouse_id, variant_id], allow_negative]
    with connection.cursor() as cursor:
        cursor.execute(_APPLY_DELTAS_SQL.format(values=values), params)
        rows = cursor.fetchall()
    applied, refused = [], []
    for warehouse_id, variant_id, before, allocated, delta, was_applied in rows:
        balance = Balance(warehouse_id, variant_id, before, allocated or 0, delta)
        (applied if was_applied else refused).append(balance)
    return applied, refused


def _change_balances(moves: list[Move]) -> list[Balance]:
    """Change the Stock rows of the physical places of every move, all or none (see _APPLY_DELTAS_SQL)."""
    deltas: dict[tuple[int, int], int] = {}
    kinds, names = {}, {}
    for move in moves:
        for place, sign in ((move.source, -1), (move.destination, 1)):
            if place.is_physical:
                key = (place.pk, move.variant.pk)
                deltas[key] = deltas.get(key, 0) + sign * move.quantity
                kinds[place.pk], names[place.pk] = place.kind, place.name
    deltas = {key: delta for key, delta in deltas.items() if delta}
    if not deltas:
        return []
    applied, refused = _apply_deltas(deltas, kinds)
    short = [row for row in refused if row.before is not None or row.delta < 0]
    if not short and refused:
        # Another transaction created a missing row after our snapshot: undo ours (we hold their locks) and
        # run again, now that every row exists.
        if applied:
            _apply_deltas({(row.warehouse_id, row.variant_id): -row.delta for row in applied}, kinds)
        applied, refused = _apply_deltas(deltas, kinds)
        short = refused
    if short:
        row = short[0]
        raise DomainError(
            _("Không đủ hàng tại %(place)s: còn %(available)d có thể xuất, cần %(quantity)d.")
            % {
                "place": names[row.warehouse_id],
                "available": max((row.before or 0) - row.allocated, 0),
                "quantity": -row.delta,
            },
            code="insufficient_stock",
            field="quantity",
        )
    return applied


def _checked_move(move: Move, reason: str) -> Move:
    check_quantity(move.quantity)
    check_places(move.source, move.destination)
    if not move.variant.track_inventory:
        raise DomainError(
            _("Sản phẩm %(sku)s không theo dõi tồn kho.") % {"sku": move.variant.sku},
            code="not_tracked",
            field="variant",
        )
    note = check_text(move.note, field="note", max_length=StockMovement._meta.get_field("note").max_length)
    return Move(move.variant, move.source, move.destination, move.quantity, note)


def move_stocks(
    moves: list[Move], *, reason: str, user=None, reference: str = "", producer=None
) -> tuple[list[StockMovement], list[Balance]]:
    """Record a batch of movements with their balances, all or none, in two SQL statements.

    A physical source must keep at least its allocated quantity (what online orders have claimed): to ship
    allocated goods, release the allocation first in the same transaction. A kiosk is never refused: its Stock
    row allows a negative balance, because its counter never refuses goods a customer holds in hand.
    The location decides, never the caller: the fulfilment warehouse cannot go below its allocation (the online
    shop must never oversell), and the refusal is a DomainError, never an IntegrityError. The batch's Stock rows
    are locked in one statement in primary-key order, so two batches over the same rows queue, never deadlock.
    Returns the movements and the balances changed (see Balance).
    """
    if reason not in StockMovement.Reason.values:
        raise DomainError(_("Lý do chuyển kho không hợp lệ."), code="invalid", field="reason")
    reference = check_text(
        reference, field="reference", max_length=StockMovement._meta.get_field("reference").max_length
    )
    moves = [_checked_move(move, reason) for move in moves]
    created_by = user if user is not None and user.is_authenticated else None
    if not connection.in_atomic_block:
        with transaction.atomic():
            return _write(moves, reason=reason, created_by=created_by, reference=reference, producer=producer)
    # Inside the caller's transaction no savepoint is needed: the balances change all or none in one statement,
    # and the movements go in one INSERT after it.
    return _write(moves, reason=reason, created_by=created_by, reference=reference, producer=producer)


def _write(moves, *, reason, created_by, reference, producer):
    balances = _change_balances(moves)
    movements = StockMovement.objects.bulk_create(
        StockMovement(
            product_variant=move.variant,
            source=move.source,
            destination=move.destination,
            quantity=move.quantity,
            reason=reason,
            note=move.note,
            reference=reference,
            producer=producer,
            created_by=created_by,
        )
        for move in moves
    )
    return movements, balances


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
    """Move `quantity` of `variant` from `source` to `destination`: move_stocks with one move."""
    movements, _balances = move_stocks(
        [Move(variant, source, destination, quantity, note)],
        reason=reason,
        user=user,
        reference=reference,
        producer=producer,
    )
    return movements[0]
