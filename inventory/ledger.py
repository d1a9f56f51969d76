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

from dataclasses import dataclass, replace

from django.db import connection, transaction
from django.db.backends.postgresql.base import CursorDebugWrapper, ServerBindingCursor
from django.db.backends.utils import CursorWrapper
from django.utils import timezone
from django.utils.translation import gettext as _
from psycopg.types.numeric import Int8Dumper

from inventory.models import StockMovement, Warehouse
from marketplace.core.errors import DomainError
from marketplace.core.numbers import check_whole_number
from marketplace.core.text import nfc
from marketplace.core.validation import refuse_nul

# A sanity bound on one movement: far above any real delivery of OCOP goods, far below the integer columns.
MAX_MOVE_QUANTITY = 1_000_000


def check_text(value: str, *, field: str, max_length: int) -> str:
    refuse_nul(value, field=field)
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


def prepared_cursor():
    """A cursor for the few long statements run at every sale and stock document (the batch below, the sale's
    receipt counter with its prices), which PostgreSQL keeps parsed and planned on the connection once psycopg
    has seen one prepare_threshold times there (DATABASES OPTIONS in settings.py). Planning them anew cost
    PostgreSQL about 1 ms of a sale's 3 ms (docs/performance.md, "Kiosk sales over HTTP").

    Every other statement goes through Django's default cursor, which binds its values client-side and never
    prepares, so this is opt-in per statement. Values are bound server-side here: every placeholder of these
    statements names its type, and each Python int is sent as bigint (cast where the column is narrower), so
    that a statement's values never change the types psycopg keys its prepared statements by (it would
    otherwise pick smallint, integer or bigint by size). Prepared statements live in the server session, which
    Django's pool and persistent connections give to one thread at a time; behind a PgBouncer in transaction mode
    (the deployment has none) XQ_DB_PREPARE_THRESHOLD=off turns them off (docs/operations.md).
    """
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    cursor = ServerBindingCursor(connection.connection)
    cursor.adapters.register_dumper(int, Int8Dumper)
    return _LoggedPrepared(cursor, connection) if connection.queries_logged else connection.make_cursor(cursor)


class _LoggedPrepared(CursorDebugWrapper):
    """Django's query log (DEBUG, tests) for prepared_cursor: the statement with its values in it, as for any other
    statement; psycopg keeps no text of a statement it runs by its prepared name."""

    def execute(self, sql, params=None):
        with self.debug_sql(self.db.ops.compose_sql(sql, params)):
            return CursorWrapper.execute(self, sql, params)


@dataclass(frozen=True)
class Move:
    """One line of a batch for move_stocks: `quantity` of `variant` from `source` to `destination`."""

    variant: object
    source: Warehouse
    destination: Warehouse
    quantity: int
    note: str = ""


# One statement writes a whole batch: it locks every Stock row of the batch in primary-key order, checks them all,
# and then changes all of them or none: balances move by the summed deltas, missing rows are created with their
# delta (kiosk rows may go negative), a row that would fall below what online orders hold blocks the whole batch,
# and the movements are inserted only when every balance changed. It answers one row per (place, variant) of the
# batch with the balance found under the lock, whether the change was applied, and the new movements' ids.
# A caller's own writes may go ahead of the batch in the same statement (see Preceding): {condition} then gates
# every write of the batch and {answer} carries what those writes returned. The batch's rows come as one array per
# column, so the text is the same for any number of lines: psycopg keeps its parsed form (short of 4,096 characters
# and 50 values; parsing the 500 placeholders of a 50-line batch cost more than the rest of the call) and
# PostgreSQL prepares it once per connection (prepared_cursor).
_BATCH_SQL = """
WITH {preceding} d (warehouse_id, variant_id, delta, allow_negative) AS (
    SELECT * FROM unnest(%s::integer[], %s::integer[], %s::integer[], %s::boolean[])
),
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
    WHERE s.id = l.id AND NOT EXISTS (SELECT 1 FROM bad) AND {condition}
    RETURNING s.id
),
created AS (
    INSERT INTO inventory_stock (warehouse_id, product_variant_id, quantity, quantity_allocated, allow_negative)
    SELECT d.warehouse_id, d.variant_id, d.delta, 0, d.allow_negative FROM d
    WHERE NOT EXISTS (SELECT 1 FROM bad) AND {condition} AND NOT EXISTS (
        SELECT 1 FROM locked l WHERE l.warehouse_id = d.warehouse_id AND l.product_variant_id = d.variant_id
    )
    ORDER BY d.warehouse_id, d.variant_id
    ON CONFLICT (warehouse_id, product_variant_id) DO NOTHING
    RETURNING warehouse_id, product_variant_id
),
recorded AS (
    INSERT INTO inventory_stockmovement (
        product_variant_id, source_id, destination_id, quantity, note, reason, reference, producer_id,
        created_by_id, created_at
    )
    SELECT m.variant_id, m.source_id, m.destination_id, m.quantity, m.note,
           %s::varchar, %s::varchar, %s::bigint, %s::bigint, %s::timestamptz
    FROM unnest(%s::bigint[], %s::bigint[], %s::bigint[], %s::integer[], %s::varchar[])
        WITH ORDINALITY AS m (variant_id, source_id, destination_id, quantity, note, ordinal)
    WHERE %s::boolean AND {condition}
      AND (SELECT count(*) FROM moved) + (SELECT count(*) FROM created) = (SELECT count(*) FROM d)
    ORDER BY m.ordinal
    RETURNING id
)
SELECT d.warehouse_id, d.variant_id, l.quantity, l.quantity_allocated, d.delta,
       (m.id IS NOT NULL OR c.warehouse_id IS NOT NULL) AS applied,
       (SELECT array_agg(id ORDER BY id) FROM recorded) AS movement_ids,
       {condition} AS proceeded, {answer} AS answer
FROM d
LEFT JOIN locked l ON l.warehouse_id = d.warehouse_id AND l.product_variant_id = d.variant_id
LEFT JOIN moved m ON m.id = l.id
LEFT JOIN created c ON c.warehouse_id = d.warehouse_id AND c.product_variant_id = d.variant_id
"""


@dataclass(frozen=True)
class Preceding:
    """The document a batch belongs to, written in the batch's own statement (one round trip instead of several).

    `ctes` are common table expressions ("sale AS (INSERT … RETURNING …), …") with their `params`; `condition`
    is an SQL expression over them that must be true for the batch to be applied (say the document's row was
    inserted, not found already there); `answer` an SQL expression over them that the statement returns (say the
    new row's id). Neither of those two may hold a parameter.
    """

    ctes: str
    params: list
    condition: str
    answer: str


NOTHING_PRECEDES = Preceding(ctes="", params=[], condition="TRUE", answer="NULL")


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


@dataclass(frozen=True)
class _Recorded:
    """What one run of _BATCH_SQL did: balances applied and refused, the movements' ids, and the preceding writes'
    condition and answer (see Preceding)."""

    applied: list[Balance]
    refused: list[Balance]
    movement_ids: list[int]
    proceeded: bool
    answer: object


def _record(
    moves: list[Move],
    deltas: dict[tuple[int, int], int],
    kinds: dict[int, str],
    common: list,
    *,
    movements=True,
    preceding: Preceding = NOTHING_PRECEDES,
) -> _Recorded:
    """Run _BATCH_SQL. Refused rows are short of stock (then nothing was written), or were created by another
    transaction between our snapshot and our insert (the caller retries); all are refused when the preceding
    writes' condition is false."""
    keys = sorted(deltas)
    params = [
        *preceding.params,
        [warehouse_id for warehouse_id, _variant_id in keys],
        [variant_id for _warehouse_id, variant_id in keys],
        [deltas[key] for key in keys],
        [kinds[warehouse_id] == Warehouse.Kind.KIOSK for warehouse_id, _variant_id in keys],
        *common,
        [move.variant.pk for move in moves],
        [move.source.pk for move in moves],
        [move.destination.pk for move in moves],
        [move.quantity for move in moves],
        [move.note for move in moves],
        movements,
    ]
    sql = _BATCH_SQL.format(
        preceding=f"{preceding.ctes}," if preceding.ctes else "",
        condition=preceding.condition,
        answer=preceding.answer,
    )
    with prepared_cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    applied, refused = [], []
    for warehouse_id, variant_id, before, allocated, delta, was_applied, *_rest in rows:
        balance = Balance(warehouse_id, variant_id, before, allocated or 0, delta)
        (applied if was_applied else refused).append(balance)
    _warehouse, _variant, _before, _allocated, _delta, _applied, ids, proceeded, answer = rows[0]
    return _Recorded(applied, refused, ids or [], proceeded, answer)


def _write(
    moves: list[Move], common: list, preceding: Preceding = NOTHING_PRECEDES
) -> tuple[list[int], list[Balance], _Recorded]:
    """Write the batch (see _BATCH_SQL): the movements' ids, the balances changed and the statement's record;
    DomainError if short. Nothing of the batch is written when the preceding writes' condition is false."""
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
        # Between virtual places only (transit and loss), or no move at all: no balance to lock, only the movements.
        recorded = _record_preceding(preceding)
        return (_insert_movements(moves, common) if recorded.proceeded else []), [], recorded
    recorded = _record(moves, deltas, kinds, common, preceding=preceding)
    if not recorded.proceeded:
        return [], [], recorded
    applied, refused = recorded.applied, recorded.refused
    short = [row for row in refused if row.before is not None or row.delta < 0]
    if refused and not short:
        # Another transaction created a missing row after our snapshot, so no movement was recorded (the preceding
        # writes were): undo our balances (we hold their locks) and run the batch again, now that every row exists.
        if applied:
            undo = {(row.warehouse_id, row.variant_id): -row.delta for row in applied}
            _record(moves, undo, kinds, common, movements=False)
        recorded = replace(_record(moves, deltas, kinds, common), answer=recorded.answer)
        applied, short = recorded.applied, recorded.refused
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
    return recorded.movement_ids, applied, recorded


def _record_preceding(preceding: Preceding) -> _Recorded:
    """The preceding writes alone, for a batch without a balance to change."""
    if preceding is NOTHING_PRECEDES:
        return _Recorded([], [], [], True, None)
    with connection.cursor() as cursor:
        cursor.execute(f"WITH {preceding.ctes} SELECT {preceding.condition}, {preceding.answer}", preceding.params)
        proceeded, answer = cursor.fetchone()
    return _Recorded([], [], [], proceeded, answer)


def _insert_movements(moves: list[Move], common: list) -> list[int]:
    return [row.pk for row in StockMovement.objects.bulk_create(_movement_rows(moves, common))]


def _movement_rows(moves: list[Move], common: list, ids=None) -> list[StockMovement]:
    """The batch's StockMovement objects; with `ids`, those the batch statement stored (saved instances)."""
    reason, reference, producer_id, created_by_id, created_at = common
    rows = [
        StockMovement(
            product_variant=move.variant,
            source=move.source,
            destination=move.destination,
            quantity=move.quantity,
            note=move.note,
            reason=reason,
            reference=reference,
            producer_id=producer_id,
            created_by_id=created_by_id,
            created_at=created_at,
        )
        for move in moves
    ]
    for row, pk in zip(rows, ids or (), strict=False):
        row.pk = pk
        row._state.adding, row._state.db = False, connection.alias
    return rows


def _checked_move(move: Move) -> Move:
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
    """Record a batch of movements with their balances, all or none, in one SQL statement (see _BATCH_SQL).

    A physical source must keep at least its allocated quantity (what online orders have claimed): to ship
    allocated goods, release the allocation first in the same transaction. A kiosk is never refused: its Stock
    row allows a negative balance, because its counter never refuses goods a customer holds in hand.
    The location decides, never the caller: the fulfilment warehouse cannot go below its allocation (the online
    shop must never oversell), and the refusal is a DomainError, never an IntegrityError. The batch's Stock rows
    are locked in one statement in primary-key order, so two batches over the same rows queue, never deadlock.
    Returns the movements (in the order of `moves`) and the balances changed (see Balance).
    """
    _answer, movements, balances = move_stocks_after(
        NOTHING_PRECEDES, moves, reason=reason, user=user, reference=reference, producer=producer
    )
    return movements, balances


def move_stocks_after(
    preceding: Preceding, moves: list[Move], *, reason: str, user=None, reference: str = "", producer=None
) -> tuple[object, list[StockMovement], list[Balance]]:
    """move_stocks with the document the batch belongs to written ahead of it in the same statement (see
    Preceding): (the preceding writes' answer, the movements, the balances changed). When their condition is
    false, nothing of the batch is written and (answer, [], []) is returned: the caller decides what that means
    (a kiosk sale already recorded, say) and undoes its transaction if it must. `moves` may be empty.
    """
    if reason not in StockMovement.Reason.values:
        raise DomainError(_("Lý do chuyển kho không hợp lệ."), code="invalid", field="reason")
    reference = check_text(
        reference, field="reference", max_length=StockMovement._meta.get_field("reference").max_length
    )
    moves = [_checked_move(move) for move in moves]
    created_by = user if user is not None and user.is_authenticated else None
    created_at = timezone.now()
    common = [reason, reference, producer.pk if producer else None, created_by.pk if created_by else None, created_at]
    if connection.in_atomic_block:
        # No savepoint needed: the statement writes everything or nothing.
        ids, balances, recorded = _write(moves, common, preceding)
    else:
        with transaction.atomic():
            ids, balances, recorded = _write(moves, common, preceding)
    if not recorded.proceeded:
        return recorded.answer, [], []
    return recorded.answer, _movement_rows(moves, common, ids), balances


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
