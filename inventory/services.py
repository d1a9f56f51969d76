"""The stock actions: receiving goods, adjustments, transfers between places, counts, low-stock alerts.

Each writes its movements with `inventory.ledger.move_stocks` (one batch per document: every Stock row locked in
one statement, all balances changed in it, one INSERT for the movements); receiving goods and
adjusting stock are movements from or to a virtual location. Physical locations (the fulfilment warehouse and
the kiosks) keep a cached balance in a Stock row; virtual locations (supplier, customer, loss, transit) keep
none — what is in transit is read from the movements into and out of the transit location
(inventory.selectors.in_transit_quantity).
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from inventory import locations, selectors
from inventory.ledger import MAX_MOVE_QUANTITY, Move, check_quantity, check_text, move_stock, move_stocks
from inventory.models import (
    DocumentSequence,
    LowStockDigest,
    LowStockThreshold,
    Stock,
    StockCount,
    StockCountLine,
    StockMovement,
    StockTransfer,
    StockTransferLine,
    Warehouse,
)
from marketplace.accounts.models import User
from marketplace.catalogue.models import ProductVariant
from marketplace.core.errors import DomainError
from marketplace.core.numbers import check_whole_number, is_whole_number
from marketplace.orders.models import OrderLineGiftSetPart


def receive_goods(
    *, warehouse: Warehouse, producer, lines: list[tuple], user=None, reference: str = "", note: str = ""
) -> list[StockMovement]:
    """Receive goods delivered by `producer` into a physical location: one movement per line, all or none.

    Every variant must belong to one of the producer's products: a delivery note names one supplier.
    """
    if not warehouse.is_physical:
        raise DomainError(_("Chỉ nhận hàng vào kho thực hoặc ki-ốt."), code="invalid", field="warehouse")
    if not lines:
        raise DomainError(_("Phiếu nhập phải có ít nhất một dòng hàng."), code="required", field="lines")
    variant_ids = {variant.pk for variant, _quantity in lines}
    own = dict(
        ProductVariant.objects.filter(pk__in=variant_ids, product__producer_id=producer.pk).values_list(
            "pk", "product__is_gift_set"
        )
    )
    for variant, _quantity in lines:
        if own.get(variant.pk):
            # A set is made of its parts, when it sells or when a kiosk assembles boxes ahead; its parts are what
            # producers deliver.
            message = _("Hộp quà %(sku)s được đóng từ các sản phẩm trong hộp: hãy nhập từng sản phẩm.")
            raise DomainError(
                message % {"sku": variant.sku},
                code="gift_set",
                field="lines",
            )
        if variant.pk not in own:
            raise DomainError(
                _("Sản phẩm %(sku)s không thuộc chủ thể %(producer)s.") % {"sku": variant.sku, "producer": producer},
                code="wrong_producer",
                field="lines",
            )
    for _variant, quantity in lines:
        check_quantity(quantity)
    supplier = selectors.fixed_place(locations.SUPPLIER)
    # One batch: every Stock row locked in one statement in a fixed order, all balances in it, one INSERT.
    movements, _balances = move_stocks(
        [Move(variant, supplier, warehouse, quantity, note) for variant, quantity in lines],
        reason=StockMovement.Reason.RECEIPT,
        user=user,
        reference=reference,
        producer=producer,
    )
    return movements


def adjust_stock(*, warehouse: Warehouse, variant, quantity_delta: int, reason_note: str, user=None) -> StockMovement:
    """Correct a balance found wrong (breakage, spoilage, a miscount): goods come from or go to the loss location.

    The reason is required: every adjustment must be explainable later.
    """
    if not warehouse.is_physical:
        raise DomainError(_("Chỉ điều chỉnh tồn tại kho thực hoặc ki-ốt."), code="invalid", field="warehouse")
    if not is_whole_number(quantity_delta) or quantity_delta == 0:
        raise DomainError(_("Số lượng điều chỉnh phải là số nguyên khác 0."), code="invalid", field="quantity_delta")
    reason_note = check_text(
        reason_note, field="reason_note", max_length=StockMovement._meta.get_field("note").max_length
    )
    if not reason_note:
        raise DomainError(_("Vui lòng nhập lý do điều chỉnh."), code="required", field="reason_note")
    quantity = check_quantity(abs(quantity_delta), field="quantity_delta")
    loss = selectors.fixed_place(locations.LOSS)
    source, destination = (loss, warehouse) if quantity_delta > 0 else (warehouse, loss)
    return move_stock(
        variant=variant,
        source=source,
        destination=destination,
        quantity=quantity,
        reason=StockMovement.Reason.ADJUSTMENT,
        user=user,
        note=reason_note,
    )


def next_document_number(prefix: str, place: Warehouse) -> str:
    """The next number of the place's series of `prefix` documents, e.g. "CK-HA-0007". Call inside the document's
    transaction: the series row stays locked until it ends, and a rollback gives the number back (no gaps, no reuse).
    """
    series = f"{prefix}-{locations.DOCUMENT_CODES.get(place.slug, place.pk)}"
    table = DocumentSequence._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (series, last_number) VALUES (%s, 1) "
            f"ON CONFLICT (series) DO UPDATE SET last_number = {table}.last_number + 1 RETURNING last_number",
            [series],
        )
        (number,) = cursor.fetchone()
    return f"{series}-{number:04d}"


def _require_rights(user, place: Warehouse, *, field: str) -> None:
    """Kiosk staff act at their own kiosk only: the pages check too, but the rule lives with the write."""
    if user is None or not selectors.may_act_at(user, place.pk):
        raise DomainError(
            _("Bạn không được thao tác tồn kho tại %(place)s.") % {"place": place.name}, code="forbidden", field=field
        )


def _check_lines(lines: list[tuple]) -> list[tuple]:
    """(variant, quantity) pairs: at least one, each variant once, whole positive quantities."""
    if not lines:
        raise DomainError(_("Phiếu phải có ít nhất một dòng hàng."), code="required", field="lines")
    seen = set()
    for variant, quantity in lines:
        if variant.pk in seen:
            raise DomainError(
                _("Sản phẩm %(sku)s có hai dòng: gộp lại thành một.") % {"sku": variant.sku},
                code="duplicate",
                field="lines",
            )
        seen.add(variant.pk)
        if variant.product.is_gift_set:
            # Boxes assembled ahead stay at their kiosk (only a kiosk keeps them; docs/gift-sets.md).
            raise DomainError(
                _("Hộp quà %(sku)s không chuyển kho: hãy tháo hộp rồi chuyển từng sản phẩm.") % {"sku": variant.sku},
                code="gift_set",
                field="lines",
            )
        check_quantity(quantity)
    return lines


TRANSFER_PREFIX = "CK"


def ship_transfer(
    *, origin: Warehouse, destination: Warehouse, lines: list[tuple], user, note: str = ""
) -> StockTransfer:
    """Send goods from `origin` towards `destination`: each line moves from the origin into transit, all or none.

    The transfer document takes the next number of the origin's series. Kiosk staff ship from their own kiosk only.
    """
    _require_rights(user, origin, field="origin")
    for place, field in ((origin, "origin"), (destination, "destination")):
        if not place.is_physical:
            raise DomainError(_("Chỉ điều chuyển giữa các kho thực và ki-ốt."), code="invalid", field=field)
    if origin.pk == destination.pk:
        raise DomainError(_("Nơi đi và nơi đến phải khác nhau."), code="invalid", field="destination")
    lines = _check_lines(lines)
    note = check_text(note, field="note", max_length=StockTransfer._meta.get_field("note").max_length)
    transit = selectors.fixed_place(locations.TRANSIT)
    with transaction.atomic():
        transfer = StockTransfer.objects.create(
            number=next_document_number(TRANSFER_PREFIX, origin),
            origin=origin,
            destination=destination,
            note=note,
            shipped_by=user,
            shipped_at=timezone.now(),
        )
        StockTransferLine.objects.bulk_create(
            StockTransferLine(transfer=transfer, product_variant=variant, quantity_shipped=quantity)
            for variant, quantity in lines
        )
        move_stocks(
            [Move(variant, origin, transit, quantity, note) for variant, quantity in lines],
            reason=StockMovement.Reason.TRANSFER,
            user=user,
            reference=transfer.number,
        )
    return transfer


def receive_transfer(
    *, transfer: StockTransfer, received: dict[int, int], user, reason_note: str = ""
) -> StockTransfer:
    """Take delivery of a shipped transfer at its destination; `received` maps each line's id to the quantity counted.

    What arrived moves from transit to the destination. A shortfall goes from transit to the loss location and an
    excess comes from it, both with `reason_note` (required when the counts differ), so transit empties exactly.
    Kiosk staff receive at their own kiosk only; a transfer is received once.
    """
    destination = transfer.destination
    _require_rights(user, destination, field="destination")
    reason_note = check_text(
        reason_note, field="reason_note", max_length=StockTransfer._meta.get_field("discrepancy_reason").max_length
    )
    transit = selectors.fixed_place(locations.TRANSIT)
    loss = selectors.fixed_place(locations.LOSS)
    with transaction.atomic():
        # The document row first: two people receiving the same transfer queue here and the second is refused.
        locked = StockTransfer.objects.select_for_update().get(pk=transfer.pk)
        if locked.status != StockTransfer.Status.SHIPPED:
            raise DomainError(
                _("Phiếu %(number)s đã được nhận.") % {"number": locked.number}, code="already_received", field=None
            )
        lines = list(locked.lines.select_related("product_variant"))
        if set(received) != {line.pk for line in lines}:
            raise DomainError(_("Nhập số lượng nhận cho mọi dòng của phiếu."), code="required", field="received")
        for line in lines:
            line.quantity_received = check_whole_number(
                received[line.pk], field="received", message=_("Số lượng nhận phải là số nguyên không âm."), minimum=0
            )
        if any(line.discrepancy for line in lines) and not reason_note:
            raise DomainError(
                _("Số nhận khác số gửi: vui lòng nhập lý do chênh lệch."), code="required", field="reason_note"
            )
        moves = [
            Move(line.product_variant, source, target, quantity, note)
            for line in lines
            for source, target, quantity, note in (
                (transit, destination, min(line.quantity_received, line.quantity_shipped), ""),
                (transit, loss, -line.discrepancy, reason_note),
                (loss, destination, line.discrepancy, reason_note),
            )
            if quantity > 0
        ]
        if moves:
            move_stocks(moves, reason=StockMovement.Reason.TRANSFER, user=user, reference=locked.number)
        _record_received(lines)
        locked.status = StockTransfer.Status.RECEIVED
        locked.received_by = user
        locked.received_at = timezone.now()
        locked.discrepancy_reason = reason_note
        locked.save(update_fields=["status", "received_by", "received_at", "discrepancy_reason"])
    return locked


def _record_received(lines: list[StockTransferLine]) -> None:
    """quantity_received of every line in one UPDATE (bulk_update's CASE per row costs ~100 ms for 50 lines)."""
    meta = StockTransferLine._meta
    quote = connection.ops.quote_name
    values = ", ".join(["(%s::bigint, %s::integer)"] * len(lines))
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE {table} SET {received} = v.received FROM (VALUES {values}) AS v (id, received) "  # noqa: S608
            "WHERE {table}.{pk} = v.id".format(
                table=quote(meta.db_table),
                received=quote(meta.get_field("quantity_received").column),
                pk=quote(meta.pk.column),
                values=values,
            ),
            [value for line in lines for value in (line.pk, line.quantity_received)],
        )


COUNT_PREFIX = "KK"


def start_stock_count(*, warehouse: Warehouse, user) -> StockCount:
    """Open a count at a physical place: every item the place keeps a balance for is listed with that balance.

    Count while the counter is closed, or an item sold after the start would be counted short. One open count per
    place; kiosk staff count their own kiosk only.
    """
    _require_rights(user, warehouse, field="warehouse")
    if not warehouse.is_physical:
        raise DomainError(_("Chỉ kiểm kê kho thực hoặc ki-ốt."), code="invalid", field="warehouse")
    try:
        with transaction.atomic():
            count = StockCount.objects.create(
                number=next_document_number(COUNT_PREFIX, warehouse),
                warehouse=warehouse,
                started_by=user,
                started_at=timezone.now(),
            )
            StockCountLine.objects.bulk_create(
                StockCountLine(count=count, product_variant_id=variant_id, expected_quantity=quantity)
                for variant_id, quantity in Stock.objects.filter(warehouse=warehouse)
                .order_by("product_variant__product__name", "product_variant_id")
                .values_list("product_variant_id", "quantity")
            )
    except IntegrityError as clash:
        # stock_count_one_open: someone opened a count here first (the number went back with the rollback).
        raise DomainError(
            _("%(place)s đang có một phiếu kiểm kê chưa ghi sổ.") % {"place": warehouse.name},
            code="count_open",
            field="warehouse",
        ) from clash
    return count


def _locked_open_count(count: StockCount, user) -> StockCount:
    _require_rights(user, count.warehouse, field="count")
    locked = StockCount.objects.select_for_update().select_related("warehouse").get(pk=count.pk)
    if locked.status != StockCount.Status.OPEN:
        raise DomainError(
            _("Phiếu %(number)s đã ghi sổ.") % {"number": locked.number}, code="count_posted", field="count"
        )
    return locked


def record_counted_quantity(*, count: StockCount, variant, quantity: int, user, add: bool = False) -> StockCountLine:
    """What was found of an item: `quantity` replaces the count, or with `add` (a barcode scan) adds to it.

    An item the books did not list at the place gets a line expecting zero.
    """
    check_whole_number(
        quantity,
        field="quantity",
        message=_("Số lượng đếm được phải là số nguyên không âm."),
        minimum=0,
        maximum=MAX_MOVE_QUANTITY,
    )
    if variant.product.is_gift_set and count.warehouse.kind != Warehouse.Kind.KIOSK:
        # Only a kiosk keeps boxes assembled ahead; elsewhere a set is counted as its parts.
        raise DomainError(
            _("Chỉ ki-ốt có hộp quà đóng sẵn: ở đây hãy đếm từng sản phẩm trong hộp."), code="gift_set", field="variant"
        )
    with transaction.atomic():
        _locked_open_count(count, user)
        line, _created = StockCountLine.objects.get_or_create(
            count_id=count.pk, product_variant=variant, defaults={"expected_quantity": 0}
        )
        line.counted_quantity = (line.counted_quantity or 0) + quantity if add else quantity
        line.save(update_fields=["counted_quantity"])
    return line


def post_stock_count(*, count: StockCount, user, reason: str = "") -> StockCount:
    """Post a count: each counted difference moves to (short) or from (over) the loss location, in one transaction.

    Items not counted are left as they are. A reason is required when anything differs.
    """
    reason = check_text(reason, field="reason", max_length=StockCount._meta.get_field("reason").max_length)
    loss = selectors.fixed_place(locations.LOSS)
    with transaction.atomic():
        locked = _locked_open_count(count, user)
        place = locked.warehouse
        lines = [line for line in locked.lines.select_related("product_variant") if line.difference]
        if lines and not reason:
            raise DomainError(_("Có chênh lệch: vui lòng nhập lý do."), code="required", field="reason")
        if lines:
            move_stocks(
                [
                    Move(
                        line.product_variant,
                        *((loss, place) if line.difference > 0 else (place, loss)),
                        abs(line.difference),
                        reason,
                    )
                    for line in lines
                ],
                reason=StockMovement.Reason.COUNT,
                user=user,
                reference=locked.number,
            )
        locked.status = StockCount.Status.POSTED
        locked.posted_by = user
        locked.posted_at = timezone.now()
        locked.reason = reason
        locked.save(update_fields=["status", "posted_by", "posted_at", "reason"])
    return locked


def set_low_stock_threshold(*, warehouse: Warehouse, variant, minimum_quantity: int, user) -> LowStockThreshold | None:
    """Set the level at or below which an item at a place is low; 0 removes the threshold. Managers only."""
    if user is None or not user.is_authenticated or not user.is_manager:
        raise DomainError(_("Chỉ quản lý được đặt ngưỡng sắp hết hàng."), code="forbidden", field=None)
    if not warehouse.is_physical:
        raise DomainError(_("Chỉ đặt ngưỡng cho kho thực hoặc ki-ốt."), code="invalid", field="warehouse")
    check_whole_number(
        minimum_quantity,
        field="minimum_quantity",
        message=_("Mức tồn tối thiểu phải là số nguyên không âm."),
        minimum=0,
    )
    if minimum_quantity == 0:
        LowStockThreshold.objects.filter(warehouse=warehouse, product_variant=variant).delete()
        return None
    threshold, _created = LowStockThreshold.objects.update_or_create(
        warehouse=warehouse, product_variant=variant, defaults={"minimum_quantity": minimum_quantity}
    )
    return threshold


def send_low_stock_digest(*, day=None) -> LowStockDigest | None:
    """Email the managers the items at or below their threshold, once per local day; None if already sent.

    The day's LowStockDigest row is written before the email goes, in the same transaction: a second run (or a
    concurrent one, which waits on the unique day) finds it and sends nothing; a failed send rolls it back so the
    next run tries again. No email goes out on a day nothing is low, but the day is still recorded.
    """
    day = day or timezone.localdate()
    managers = list(
        User.objects.filter(Q(role=User.Role.MANAGER) | Q(is_superuser=True), is_active=True)
        .exclude(email="")
        .order_by("pk")
        .values_list("email", flat=True)
    )
    with transaction.atomic():
        items = selectors.low_stock(Warehouse.objects.filter(kind__in=Warehouse.PHYSICAL_KINDS, is_active=True))
        digest, created = LowStockDigest.objects.get_or_create(
            day=day,
            defaults={
                "sent_at": timezone.now(),
                "recipient_count": len(managers) if items else 0,
                "alert_count": len(items),
            },
        )
        if not created:
            return None
        if items and managers:
            # The managers read Vietnamese whatever language the command runs under.
            with translation.override("vi"):
                context = {"day": day, "items": items}
                subject = render_to_string("inventory/email/low_stock_digest_subject.txt", context).strip()
                body = render_to_string("inventory/email/low_stock_digest.txt", context)
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, managers)
    return digest


ASSEMBLY_PREFIX = "DH"
DISASSEMBLY_PREFIX = "TH"


def assemble_gift_sets(*, variant, warehouse: Warehouse, quantity, user, note: str = "") -> list[StockMovement]:
    """Assemble `quantity` boxes of a gift set at a kiosk ahead of sale: each part leaves the kiosk's shelf for the
    assembly place (units per set × boxes) and the boxes arrive on the shelf from it, in one batch, all or none.

    Managers assemble at any kiosk, kiosk staff at their own. Only kiosks keep boxes (the database refuses a set's
    Stock row elsewhere): the online warehouse packs a box from its parts when the parcel ships. The parts must be
    on the shelf (the counter may sell below zero; assembling may not): the parts' and the set's Stock rows are
    locked first, in primary-key order, and checked under the lock. Returns the movements, numbered "DH-HA-0001".
    """
    return _assemble_or_take_apart(
        variant=variant, warehouse=warehouse, quantity=quantity, user=user, note=note, assemble=True
    )


def disassemble_gift_sets(*, variant, warehouse: Warehouse, quantity, user, note: str = "") -> list[StockMovement]:
    """Take `quantity` assembled boxes of a gift set at a kiosk apart: the boxes leave the shelf for the assembly
    place and their parts come back from it (units per set × boxes), all or none; refused when fewer boxes are on
    the shelf. Same rights and locks as assemble_gift_sets; numbered "TH-HA-0001"."""
    return _assemble_or_take_apart(
        variant=variant, warehouse=warehouse, quantity=quantity, user=user, note=note, assemble=False
    )


def _assemble_or_take_apart(*, variant, warehouse, quantity, user, note, assemble: bool) -> list[StockMovement]:
    _require_rights(user, warehouse, field="warehouse")
    check_quantity(quantity)
    if warehouse.kind != Warehouse.Kind.KIOSK or not warehouse.is_active:
        raise DomainError(
            _("Chỉ đóng hoặc tháo hộp quà tại một ki-ốt đang hoạt động."), code="kiosk_only", field="warehouse"
        )
    if variant is None or not variant.product.is_gift_set:
        raise DomainError(_("Chỉ đóng hoặc tháo được hộp quà."), code="not_gift_set", field="variant")
    note = check_text(note, field="note", max_length=StockMovement._meta.get_field("note").max_length)
    with transaction.atomic():
        parts = selectors.stocked_parts_of([variant]).get(variant.pk, [])
        for _part, units in parts:
            check_quantity(units * quantity)
        on_hand = selectors.locked_balances(warehouse.pk, {variant.pk} | {part.pk for part, _units in parts})
        if assemble:
            for part, units in parts:
                have = on_hand.get(part.pk, 0)
                if have < units * quantity:
                    raise DomainError(
                        _("Không đủ %(part)s tại %(place)s để đóng %(boxes)d hộp: còn %(have)d, cần %(need)d.")
                        % {
                            "part": part.sku,
                            "place": warehouse.name,
                            "boxes": quantity,
                            "have": max(have, 0),
                            "need": units * quantity,
                        },
                        code="insufficient_stock",
                        field="quantity",
                    )
        elif on_hand.get(variant.pk, 0) < quantity:
            raise DomainError(
                _("Tại %(place)s chỉ có %(have)d hộp đã đóng sẵn, không tháo được %(boxes)d hộp.")
                % {"place": warehouse.name, "have": max(on_hand.get(variant.pk, 0), 0), "boxes": quantity},
                code="insufficient_stock",
                field="quantity",
            )
        assembly = selectors.fixed_place(locations.ASSEMBLY)
        shelf, other = (warehouse, assembly) if assemble else (assembly, warehouse)
        moves = [Move(part, shelf, other, units * quantity, note) for part, units in parts]
        moves.append(Move(variant, other, shelf, quantity, note))
        prefix = ASSEMBLY_PREFIX if assemble else DISASSEMBLY_PREFIX
        reason = StockMovement.Reason.ASSEMBLY if assemble else StockMovement.Reason.DISASSEMBLY
        movements, _balances = move_stocks(
            moves, reason=reason, user=user, reference=next_document_number(prefix, warehouse)
        )
    return movements


def take_back_online_return(returned: list[tuple], *, restock: bool, user, reference: str) -> list[StockMovement]:
    """Goods of an online order sent back by the customer: (order line, units) pairs, one batch of movements.

    Everything comes back from the customer to the online warehouse (reason `return`, the movement the producers'
    pages count against sales). Goods that cannot be sold again (opened, damaged or spoiled food: the manager
    decides when taking them back) are then written off from there to the loss place in a second batch (reason
    `adjustment`, as any loss), so the warehouse's history shows both and its balance is unchanged. A gift set
    comes back as the parts recorded when it was ordered, whatever the set is made of today; goods whose stock is
    not tracked move nothing.
    """
    set_lines = [line.pk for line, _units in returned if line.variant is not None and line.variant.product.is_gift_set]
    recorded = selectors.recorded_gift_set_parts(OrderLineGiftSetPart, "order_line", set_lines) if set_lines else {}
    customer = selectors.fixed_place(locations.CUSTOMER)
    warehouse = selectors.fixed_place(locations.FULFILMENT_HCM)
    moves = [
        Move(part, customer, warehouse, units * per_line)
        for line, units in returned
        if line.variant is not None
        for part, per_line in (
            [(part.variant, part.quantity) for part in recorded.get(line.pk, [])]
            if line.variant.product.is_gift_set
            else [(line.variant, 1)]
        )
        if part.track_inventory
    ]
    if not moves:
        return []
    movements, _balances = move_stocks(moves, reason=StockMovement.Reason.RETURN, user=user, reference=reference)
    if not restock:
        loss = selectors.fixed_place(locations.LOSS)
        written_off, _balances = move_stocks(
            [
                Move(move.variant, warehouse, loss, move.quantity, _("Hàng trả lại không bán lại được"))
                for move in moves
            ],
            reason=StockMovement.Reason.ADJUSTMENT,
            user=user,
            reference=reference,
        )
        movements += written_off
    return movements
