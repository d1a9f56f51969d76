"""The write path of the kiosk till: sales, returns and cash sessions.

Rounding rule (one place, one rule): every amount computed on a sale line — its discount, its share of a
whole-sale discount, the VAT it contains — is rounded half up to the whole đồng (marketplace.core.money.round_vnd)
on that line; the sale's totals are plain sums of its lines and are never rounded again.

Replays: a till may send the same sale many times (offline queue, retry after a lost answer). The sale row is
written with INSERT … ON CONFLICT (client_uuid) DO NOTHING; when nothing is inserted the whole transaction is
undone and the sale already stored is returned, so lines, payments, stock movements and the receipt counter are
touched once whatever the number and order of retries.
"""

import datetime
import functools
import secrets
import uuid
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import DEFAULT_DB_ALIAS, IntegrityError, connection, connections, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from inventory import locations
from inventory import selectors as inventory_selectors
from inventory.ledger import Move, Preceding, move_stocks, move_stocks_after, prepared_cursor
from inventory.models import StockCount, StockMovement, Warehouse
from inventory.pos import selectors
from inventory.pos.models import (
    CashMovement,
    CashSession,
    DiscountLimit,
    KioskProfile,
    Sale,
    SaleLine,
    SaleLineGiftSetPart,
    SalePayment,
    SaleReturn,
    SaleReturnLine,
    StockVarianceAlert,
)
from inventory.services import post_stock_count, record_counted_quantity
from marketplace.catalogue.models import Product, ProductVariant
from marketplace.channels.models import ProductVariantChannelListing
from marketplace.core.errors import DomainError
from marketplace.core.money import format_vnd, round_vnd, vat_included
from marketplace.core.numbers import check_whole_number
from marketplace.core.text import nfc
from marketplace.taxes.selectors import vat_rate_on, vat_rate_subquery

# Receipt lookup codes: unambiguous capitals and digits (no 0/O, 1/I), short enough to type from paper.
LOOKUP_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
LOOKUP_LENGTH = 10
MAX_LINES = 200
MAX_AMOUNT = 10_000_000_000  # ten billion đồng: far above any kiosk sale, far below the integer columns


@dataclass(frozen=True)
class LineInput:
    client_uuid: uuid.UUID
    variant_id: int
    quantity: int
    discount_percent: Decimal = Decimal(0)


@dataclass(frozen=True)
class PaymentInput:
    """For cash, `amount` is what the customer handed over; the change is worked out by record_sale."""

    client_uuid: uuid.UUID
    method: str
    amount: int
    reference: str = ""


@dataclass(frozen=True)
class ReturnLineInput:
    sale_line_id: int
    quantity: int


class _AlreadyRecorded(Exception):
    """Raised inside the transaction to undo it when the row turned out to exist already."""


def check_may_act(staff, kiosk: Warehouse) -> None:
    if not selectors.may_act_at(staff, kiosk.pk):
        raise DomainError(_("Bạn không làm việc tại %(kiosk)s.") % {"kiosk": kiosk.name}, code="wrong_kiosk")


def _whole_number(value, *, field: str, minimum: int = 0, maximum: int = MAX_AMOUNT) -> int:
    return check_whole_number(
        value,
        field=field,
        message=_("Giá trị phải là số nguyên từ %(min)s đến %(max)s.") % {"min": minimum, "max": maximum},
        minimum=minimum,
        maximum=maximum,
    )


def _percent(value, *, field: str, limit: Decimal | None = None) -> Decimal:
    try:
        percent = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise DomainError(_("Chiết khấu phải là một số phần trăm."), code="invalid", field=field) from None
    if not percent.is_finite() or percent < 0 or percent > 100:
        raise DomainError(_("Chiết khấu phải từ 0 đến 100 %."), code="invalid", field=field)
    if limit is not None and percent > limit:
        raise _discount_too_large(limit, field=field)
    return percent


def _discount_too_large(limit: Decimal, *, field: str) -> DomainError:
    return DomainError(
        _("Chiết khấu vượt mức cho phép (%(limit)s %%).") % {"limit": format(limit.normalize(), "f")},
        code="discount_too_large",
        field=field,
    )


def _uuid(value, *, field: str) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        raise DomainError(_("Mã giao dịch của máy bán hàng không hợp lệ."), code="invalid", field=field) from None


def _insert_unless_exists(instance: models.Model) -> bool:
    """INSERT the new row … ON CONFLICT (client_uuid) DO NOTHING; True if it was inserted (pk then set).

    Django's bulk_create(ignore_conflicts=True) cannot tell which rows went in, which is the one thing a replay
    needs to know, hence this small statement.
    """
    model = type(instance)
    sql, params = _rows_sql([instance])
    sql += f" ON CONFLICT ({_column(model, 'client_uuid')}) DO NOTHING RETURNING {_column(model, model._meta.pk.name)}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return False
    instance.pk = row[0]
    instance._state.adding = False
    instance._state.db = connection.alias
    return True


def _unique_uuids(values: list[uuid.UUID], *, field: str) -> None:
    if len(set(values)) != len(values):
        raise DomainError(_("Một mã giao dịch xuất hiện hai lần."), code="duplicate_uuid", field=field)


def _price_lines(
    lines: list[LineInput], *, prices: dict[int, "_Price"], sale_discount: Decimal, vat_rate: Decimal, limit: Decimal
):
    """SaleLine objects (unsaved) with every amount worked out by the rounding rule of this module."""
    priced = []
    for index, line in enumerate(lines):
        price = prices.get(line.variant_id)
        if price is None:
            raise DomainError(
                _("Mặt hàng này chưa có giá bán tại ki-ốt."), code="not_priced", field=f"lines.{index}.variant_id"
            )
        # The cap applies to what the customer actually gets off the line: both discounts compounded.
        combined = 100 - (100 - line.discount_percent) * (100 - sale_discount) / 100
        if combined > limit:
            raise _discount_too_large(limit, field=f"lines.{index}.discount_percent")
        gross = price.amount * line.quantity
        line_discount = round_vnd(Decimal(gross) * line.discount_percent / 100)
        sale_share = round_vnd(Decimal(gross - line_discount) * sale_discount / 100)
        total = gross - line_discount - sale_share
        variant = price.variant
        priced.append(
            SaleLine(
                client_uuid=line.client_uuid,
                variant=variant,
                product_name=f"{price.product_name} – {variant.name}" if variant.name else price.product_name,
                sku=variant.sku,
                quantity=line.quantity,
                unit_price=price.amount,
                discount_percent=line.discount_percent,
                discount_amount=line_discount + sale_share,
                total_amount=total,
                vat_rate_percent=vat_rate,
                vat_amount=vat_included(total, vat_rate),
            )
        )
    return priced


def _settle_payments(payments: list[PaymentInput], total: int) -> tuple[list[SalePayment], int]:
    """SalePayment objects (unsaved) and the change. Card and VietQR are taken at their exact amount; cash covers
    the rest and gives change. At most one cash payment, so the change belongs to one of them."""
    settled, non_cash, cash = [], 0, None
    for index, payment in enumerate(payments):
        field = f"payments.{index}"
        if payment.method not in SalePayment.Method.values:
            raise DomainError(_("Hình thức thanh toán không hợp lệ."), code="invalid", field=f"{field}.method")
        amount = _whole_number(payment.amount, field=f"{field}.amount", minimum=1)
        reference = nfc(payment.reference)[:64]
        if payment.method == SalePayment.Method.CARD and not reference:
            raise DomainError(_("Nhập mã giao dịch trên máy quẹt thẻ."), code="required", field=f"{field}.reference")
        row = SalePayment(
            client_uuid=payment.client_uuid,
            method=payment.method,
            amount=amount,
            tendered=amount,
            change=0,
            terminal_reference=reference,
        )
        if payment.method == SalePayment.Method.CASH:
            if cash is not None:
                raise DomainError(_("Chỉ nhập tiền mặt một lần."), code="invalid", field=f"{field}.method")
            cash = row
        else:
            non_cash += amount
        settled.append(row)
    if non_cash > total:
        raise DomainError(_("Thẻ và VietQR không được vượt quá số tiền phải trả."), code="overpaid", field="payments")
    due_in_cash = total - non_cash
    tendered = cash.tendered if cash is not None else 0
    if tendered < due_in_cash:
        raise DomainError(
            _("Khách còn thiếu %(missing)s.") % {"missing": format_vnd(due_in_cash - tendered)},
            code="insufficient_payment",
            field="payments",
        )
    change = tendered - due_in_cash
    if cash is not None:
        cash.amount, cash.change = due_in_cash, change
    return settled, change


def record_sale(
    *,
    kiosk: Warehouse,
    staff,
    client_uuid,
    lines: list[LineInput],
    payments: list[PaymentInput],
    discount=0,
    created_at: datetime.datetime | None = None,
) -> Sale:
    """Record a kiosk sale once, with its receipt number, payments and stock movements, in one transaction.

    `discount` is a whole-sale discount in percent, on top of each line's own discount_percent; together they
    may not exceed the kiosk's cap (selectors.max_discount_percent). The stock leaves the kiosk for the virtual
    customer location even if the books say it is not there: the goods are on the counter. A balance that goes
    below zero opens a StockVarianceAlert. Sending the same client_uuid again returns the stored sale.

    Eight statements for a sale of any size: the receipt counter (locks the kiosk's profile), prices with the
    discount cap, VAT rate and open cash session, the sale, its lines, its payments, the kiosk's balances (one
    locking statement) and the movements. A replay is found by the sale's INSERT … ON CONFLICT, so a new sale
    pays nothing for replays. A receipt holding a gift set reads its parts and locks the kiosk's rows of its items
    (the boxes assembled ahead go first, see _boxes_first): two statements more.
    """
    check_may_act(staff, kiosk)
    client_uuid = _uuid(client_uuid, field="client_uuid")
    try:
        return _record_new_sale(
            kiosk=kiosk,
            staff=staff,
            client_uuid=client_uuid,
            lines=lines,
            payments=payments,
            discount=discount,
            created_at=created_at or timezone.now(),
        )
    except _AlreadyRecorded:
        return _replayed(Sale.objects.get(client_uuid=client_uuid), kiosk)
    except DomainError:
        # A replay gets the stored sale even if the same request would be refused today (a cap lowered since).
        existing = Sale.objects.filter(client_uuid=client_uuid).first()
        if existing is not None:
            return _replayed(existing, kiosk)
        raise
    except IntegrityError as error:
        # A line or payment UUID already used by another sale: the till is confused, nothing was written.
        raise DomainError(
            _("Máy bán hàng gửi một mã giao dịch đã dùng cho hoá đơn khác."), code="duplicate_uuid"
        ) from error


def _record_new_sale(*, kiosk, staff, client_uuid, lines, payments, discount, created_at) -> Sale:
    lines, payments = _checked_sale_lines(lines), _checked_payments(payments)
    sale_discount = _percent(discount, field="discount")
    with transaction.atomic():
        context = _numbered_sale_context(kiosk, {line.variant_id for line in lines}, timezone.localdate(created_at))
        if sale_discount > context.limit:
            raise _discount_too_large(context.limit, field="discount")
        sale_lines = _price_lines(
            lines, prices=context.prices, sale_discount=sale_discount, vat_rate=context.vat_rate, limit=context.limit
        )
        set_parts = _gift_set_parts_of(sale_lines, context.channel_id)
        total = sum(line.total_amount for line in sale_lines)
        sale_payments, change = _settle_payments(payments, total)
        sale = _numbered_sale(
            kiosk,
            context,
            sale_lines,
            staff=staff,
            client_uuid=client_uuid,
            sale_discount=sale_discount,
            change=change,
            created_at=created_at,
        )
        _write_sale(sale, sale_lines, sale_payments, set_parts, staff=staff)
    return sale


def _gift_set_parts_of(sale_lines: list[SaleLine], channel_id: int) -> dict:
    """The parts of the gift sets on the receipt as the sale records them (inventory.selectors.
    gift_set_parts_to_record; a query only when there is one). A set without parts cannot be on the counter, since
    such a box is never made: its line is refused."""
    set_variant_ids = {line.variant.pk for line in sale_lines if line.variant.product.is_gift_set}
    parts = inventory_selectors.gift_set_parts_to_record(set_variant_ids, channel_id)
    for index, line in enumerate(sale_lines):
        if line.variant.product.is_gift_set and line.variant.pk not in parts:
            raise inventory_selectors.empty_gift_set_error(line.variant, field=f"lines.{index}.variant_id")
    return parts


def _checked_sale_lines(lines: list[LineInput]) -> list[LineInput]:
    """The till's lines with whole quantities, unique UUIDs and discounts from 0 to 100 % (the kiosk's cap is
    checked with the prices, in _price_lines)."""
    if not lines:
        raise DomainError(_("Hoá đơn chưa có mặt hàng nào."), code="required", field="lines")
    if len(lines) > MAX_LINES:
        raise DomainError(_("Hoá đơn có quá nhiều dòng."), code="invalid", field="lines")
    for index, line in enumerate(lines):
        _whole_number(line.quantity, field=f"lines.{index}.quantity", minimum=1, maximum=100_000)
    line_uuids = [_uuid(line.client_uuid, field="lines") for line in lines]
    _unique_uuids(line_uuids, field="lines")
    return [
        LineInput(
            client_uuid=line_uuids[index],
            variant_id=line.variant_id,
            quantity=line.quantity,
            discount_percent=_percent(line.discount_percent, field=f"lines.{index}.discount_percent"),
        )
        for index, line in enumerate(lines)
    ]


def _checked_payments(payments: list[PaymentInput]) -> list[PaymentInput]:
    payment_uuids = [_uuid(payment.client_uuid, field="payments") for payment in payments]
    _unique_uuids(payment_uuids, field="payments")
    return [
        PaymentInput(client_uuid=payment_uuids[index], method=p.method, amount=p.amount, reference=p.reference)
        for index, p in enumerate(payments)
    ]


@dataclass(frozen=True)
class _Price:
    """A line's item as the sale reads it: the variant (id, name, SKU, whether tracked, its product and whether
    that is a gift set), its product's name, and its price in the kiosk's channel."""

    variant: ProductVariant
    product_name: str
    amount: int


@dataclass(frozen=True)
class _SaleContext:
    receipt_prefix: str
    number: int  # the sale's receipt number, taken
    channel_id: int
    prices: dict[int, _Price]  # by variant id
    limit: Decimal
    vat_rate: Decimal


def _numbered_sale_context(kiosk: Warehouse, variant_ids: set[int], day) -> _SaleContext:
    """Take the kiosk's next receipt number and read everything the sale is priced with, in one statement.

    The profile row is the receipt counter: its UPDATE … RETURNING locks it until the sale's transaction ends,
    which serialises the sales of one kiosk and orders them with the closing of its cash session
    (close_cash_session takes it first too). The same statement reads the lines' prices in the profile's channel,
    the discount cap and the VAT rate of the day; the open cash session is read by the sale's INSERT, after this
    lock (see _write_sale), so a session closed meanwhile is seen closed.
    """
    sql, params = _sale_context_sql(kiosk.pk, day)
    with prepared_cursor() as cursor:
        # An id beyond the key's range names no item (the line is refused as not priced), not a database error.
        cursor.execute(sql, [*params, sorted(pk for pk in variant_ids if 0 < pk < 2**63)])
        rows = cursor.fetchall()
    if not rows:
        raise DomainError(
            _("Ki-ốt %(kiosk)s chưa được thiết lập máy bán hàng.") % {"kiosk": kiosk.name}, code="not_configured"
        )
    prefix, number, channel_id, kiosk_cap, global_cap, vat_rate = rows[0][:6]
    if vat_rate is None:
        vat_rate_on(day)  # raises the "no VAT rate for this day" error
    # The product goes with the variant (whether it is a gift set decides what the ledger moves, see
    # inventory.selectors.stocked_parts_of) so that nothing is read again per line.
    prices = {
        variant_id: _Price(
            ProductVariant(
                pk=variant_id,
                name=variant_name,
                sku=sku,
                track_inventory=tracked,
                product=Product(pk=product_id, name=product_name, is_gift_set=is_gift_set),
            ),
            product_name,
            price,
        )
        for *_taken, variant_id, variant_name, sku, tracked, product_id, product_name, is_gift_set, price in rows
        if variant_id is not None
    }
    return _SaleContext(prefix, number, channel_id, prices, selectors.discount_cap(kiosk_cap, global_cap), vat_rate)


@functools.lru_cache(maxsize=256)
def _sale_context_sql(kiosk_id: int, day) -> tuple[str, tuple]:
    """The statement of _numbered_sale_context for one kiosk and day, and its parameters but the last (the lines'
    variant ids). Compiled once per process: building it with the ORM costs more CPU than running it; the values
    it reads (prices, caps, rates) are read by each run."""
    counter, channel = _column(KioskProfile, "last_receipt_number"), _column(KioskProfile, "channel")
    rules_sql, rules_params = (
        KioskProfile.objects.filter(kiosk_id=kiosk_id)
        .annotate(**selectors.discount_cap_subqueries(kiosk_id), vat_rate=vat_rate_subquery(day))
        .values_list("kiosk_cap", "global_cap", "vat_rate")
        .query.sql_with_params()
    )
    prices_sql, prices_params = ProductVariantChannelListing.objects.values_list(
        "channel_id",
        "variant_id",
        "variant__name",
        "variant__sku",
        "variant__track_inventory",
        "variant__product_id",
        "variant__product__name",
        "variant__product__is_gift_set",
        "price_amount",
    ).query.sql_with_params()
    sql = f"""
        WITH counter AS (
            UPDATE {connection.ops.quote_name(KioskProfile._meta.db_table)} SET {counter} = {counter} + 1
            WHERE {_column(KioskProfile, "kiosk")} = %s
            RETURNING {_column(KioskProfile, "receipt_prefix")}, {counter}, {channel}
        )
        SELECT counter.*, rules.*, priced.variant_id, priced.variant_name, priced.sku, priced.track_inventory,
               priced.product_id, priced.product_name, priced.is_gift_set, priced.price
        FROM counter
        CROSS JOIN ({rules_sql}) AS rules (kiosk_cap, global_cap, vat_rate)
        LEFT JOIN ({prices_sql}) AS priced (
            channel_id, variant_id, variant_name, sku, track_inventory, product_id, product_name, is_gift_set, price
        ) ON priced.channel_id = counter.{channel} AND priced.variant_id = ANY(%s::bigint[])
    """
    return sql, (kiosk_id, *rules_params, *prices_params)


def _numbered_sale(
    kiosk: Warehouse,
    context: _SaleContext,
    sale_lines,
    *,
    staff,
    client_uuid,
    sale_discount,
    change,
    created_at,
) -> Sale:
    """The sale (unsaved) with the kiosk's next receipt number and its totals."""
    subtotal = sum(line.gross_amount for line in sale_lines)
    total = sum(line.total_amount for line in sale_lines)
    return Sale(
        kiosk=kiosk,
        channel_id=context.channel_id,
        staff=staff,
        client_uuid=client_uuid,
        receipt_number=f"{context.receipt_prefix}-{context.number:06d}",
        lookup_code="".join(secrets.choice(LOOKUP_ALPHABET) for _i in range(LOOKUP_LENGTH)),
        subtotal_amount=subtotal,
        discount_amount=subtotal - total,
        total_amount=total,
        vat_rate_percent=context.vat_rate,
        vat_amount=sum(line.vat_amount for line in sale_lines),
        sale_discount_percent=sale_discount,
        paid_amount=total + change,
        change_amount=change,
        created_at=created_at,
    )


def _write_sale(
    sale: Sale, sale_lines: list[SaleLine], sale_payments: list[SalePayment], set_parts: dict, *, staff
) -> None:
    """Write the sale, its lines, its payments and its stock movements in one statement (inventory.ledger's batch
    with the sale's rows written ahead of it, see ledger.Preceding).

    The sale joins the kiosk's open cash session as found by this statement (after the receipt counter's lock).
    Its row goes in with INSERT … ON CONFLICT (client_uuid) DO NOTHING: when it was there already (a replay that
    raced), nothing else is written and _AlreadyRecorded undoes the transaction. The tracked items move from the
    kiosk to the virtual customer even below zero (the goods are on the counter); a balance taken below zero opens
    a StockVarianceAlert (one statement more).
    """
    sale_sql, sale_params = _rows_sql([sale], substitute={"cash_session": _open_session_sql(sale.kiosk_id)})
    lines_sql, lines_params = _rows_sql(sale_lines, parent="sale")
    ctes = [
        f"new_sale AS ({sale_sql} ON CONFLICT ({_column(Sale, 'client_uuid')}) DO NOTHING "
        f"RETURNING {_column(Sale, 'id')}, {_column(Sale, 'cash_session')})",
        f"new_sale_lines AS ({lines_sql})",
    ]
    params = [*sale_params, *lines_params]
    if set_parts:
        # What each set line is made of is recorded with it (returns and statements read it): the lines' INSERT
        # answers their ids, which the parts' INSERT finds by the lines' UUIDs.
        ctes[-1] = (
            f"new_sale_lines AS ({lines_sql} RETURNING {_column(SaleLine, 'id')}, {_column(SaleLine, 'client_uuid')})"
        )
        parts_sql, parts_params = _recorded_parts_sql(sale_lines, set_parts)
        ctes.append(f"new_sale_set_parts AS ({parts_sql})")
        params += parts_params
    if sale_payments:
        payments_sql, payments_params = _rows_sql(sale_payments, parent="sale")
        ctes.append(f"new_sale_payments AS ({payments_sql})")
        params += payments_params
    preceding = Preceding(
        ctes=",\n".join(ctes),
        params=params,
        condition="EXISTS (SELECT 1 FROM new_sale)",
        answer=f"(SELECT ARRAY[{_column(Sale, 'id')}, {_column(Sale, 'cash_session')}] FROM new_sale)",
    )
    customer = inventory_selectors.fixed_place(locations.CUSTOMER)
    boxes, items = _boxes_first(sale, sale_lines, set_parts)
    moves = [Move(variant, sale.kiosk, customer, quantity) for variant, quantity in boxes] + [
        Move(variant, sale.kiosk, customer, quantity)
        for variant, quantity in inventory_selectors.stocked_parts(
            items, {set_id: [(part.variant, part.quantity) for part in parts] for set_id, parts in set_parts.items()}
        )
    ]
    answer, _movements, balances = move_stocks_after(
        preceding, moves, reason=StockMovement.Reason.SALE, user=staff, reference=sale.receipt_number
    )
    if answer is None:
        raise _AlreadyRecorded
    sale.pk, sale.cash_session_id = answer
    sale._state.adding, sale._state.db = False, connection.alias
    alerts = [
        StockVarianceAlert(kiosk_id=sale.kiosk_id, variant_id=row.variant_id, sale=sale, balance=row.after)
        for row in balances
        if row.warehouse_id == sale.kiosk_id and row.after < 0
    ]
    if alerts:
        # One open alert per item: an item already below zero keeps the alert it has.
        StockVarianceAlert.objects.bulk_create(alerts, ignore_conflicts=True)


def _boxes_first(sale: Sale, sale_lines: list[SaleLine], set_parts: dict) -> tuple[list, list]:
    """What the receipt takes off the shelf: (boxes assembled ahead, (variant, quantity) made of parts or plain).

    A gift set's line takes the boxes assembled ahead at the kiosk first and makes the rest of its parts. Without a
    set on the receipt nothing is read; with one, the kiosk's rows of every item on it (sets and their parts) are
    locked in primary-key order first (one statement), so two tills cannot both take the last box."""
    if not set_parts:
        return [], [(line.variant, line.quantity) for line in sale_lines]
    variant_ids = {line.variant.pk for line in sale_lines}
    variant_ids |= {part.variant.pk for parts in set_parts.values() for part in parts}
    shelf = inventory_selectors.locked_balances(sale.kiosk_id, variant_ids)
    boxes, items = [], []
    for line in sale_lines:
        taken = 0
        if line.variant.product.is_gift_set:
            taken = min(max(shelf.get(line.variant.pk, 0), 0), line.quantity)
            shelf[line.variant.pk] = shelf.get(line.variant.pk, 0) - taken
        if taken:
            boxes.append((line.variant, taken))
        if line.quantity > taken:
            items.append((line.variant, line.quantity - taken))
    return boxes, items


def _recorded_parts_sql(sale_lines: list[SaleLine], set_parts: dict) -> tuple[str, list]:
    """INSERT of the SaleLineGiftSetPart rows of the receipt's set lines, within _write_sale's statement."""
    cells, params = [], []
    for line in sale_lines:
        for part in set_parts.get(line.variant.pk, []) if line.variant.product.is_gift_set else []:
            cells.append("(%s::uuid, %s::bigint, %s::integer, %s::bigint)")
            params += [str(line.client_uuid), part.variant.pk, part.quantity, part.weight]
    columns = ", ".join(_column(SaleLineGiftSetPart, name) for name in ("sale_line", "variant", "quantity", "weight"))
    table = connection.ops.quote_name(SaleLineGiftSetPart._meta.db_table)
    line_id, line_uuid = _column(SaleLine, "id"), _column(SaleLine, "client_uuid")
    return (
        f"INSERT INTO {table} ({columns}) SELECT new_sale_lines.{line_id}, v.variant_id, v.quantity, v.weight "
        f"FROM (VALUES {', '.join(cells)}) AS v (line_uuid, variant_id, quantity, weight) "
        f"JOIN new_sale_lines ON new_sale_lines.{line_uuid} = v.line_uuid",
        params,
    )


@functools.lru_cache(maxsize=64)
def _open_session_sql(kiosk_id: int) -> tuple[str, list]:
    """The kiosk's open cash session as a scalar subquery, compiled once per process."""
    sql, params = selectors.open_cash_sessions(kiosk_id).values("pk")[:1].query.sql_with_params()
    return f"({sql})", list(params)


@functools.lru_cache(maxsize=128)
def _column(model, name: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(name).column)


def _rows_sql(rows: list[models.Model], *, parent: str | None = None, substitute=None) -> tuple[str, list]:
    """INSERT of new model rows as SQL (every concrete field but the key). With `parent` (a foreign key's name),
    that field takes the id of the row the new_sale expression of the same statement inserted, and nothing is
    inserted if it inserted none. `substitute` gives a field an SQL expression with its parameters instead."""
    substitute = substitute or {}
    insert = _insert_template(type(rows[0]), parent)
    # The connection itself, not django.db.connection: each attribute read through that proxy looks the
    # connection up again, and get_db_prep_save reads several per value (7 % of a sale's CPU).
    database = connections[DEFAULT_DB_ALIAS]
    params, tuples = [], []
    for ordinal, row in enumerate(rows):
        cells = ["%s::integer"]
        params.append(ordinal)
        for field, cast in insert.fields:
            if field.name in substitute:
                expression, expression_params = substitute[field.name]
                cells.append(expression)
                params += expression_params
            else:
                cells.append(cast)
                params.append(field.get_db_prep_save(field.pre_save(row, add=True), database))
        tuples.append(f"({', '.join(cells)})")
    return insert.sql.format(values=", ".join(tuples)), params


@dataclass(frozen=True)
class _InsertTemplate:
    fields: list[tuple[models.Field, str]]  # the fields written, each with its typed placeholder
    sql: str  # the INSERT, with {values} for the rows' tuples


@functools.lru_cache(maxsize=32)
def _insert_template(model, parent: str | None) -> _InsertTemplate:
    """What _rows_sql writes for a model, compiled once per process. The column's own type decides lengths and
    scales, as for any INSERT: the cast names the base type only."""
    fields = [
        (field, f"%s::{field.cast_db_type(connection).split('(')[0]}")
        for field in model._meta.concrete_fields
        if not field.primary_key and field.name != parent
    ]
    columns = [connection.ops.quote_name(field.column) for field, _cast in fields]
    source = f"(VALUES {{values}}) AS v (ordinal, {', '.join(columns)})"
    selected = [f"v.{column}" for column in columns]
    if parent is not None:
        columns.insert(0, _column(model, parent))
        selected.insert(0, f"new_sale.{_column(Sale, 'id')}")
        source += " CROSS JOIN new_sale"
    table = connection.ops.quote_name(model._meta.db_table)
    return _InsertTemplate(
        fields,
        f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(selected)} FROM {source} ORDER BY v.ordinal",
    )


def _locked_open_session(kiosk: Warehouse) -> CashSession | None:
    """The kiosk's open cash session, locked until the caller's transaction ends.

    close_cash_session locks the same row before it adds up the drawer, so a sale or refund is either counted
    in the session it joined or, if the session closed while it waited, joins none.
    """
    return CashSession.objects.select_for_update().filter(kiosk=kiosk, closed_at__isnull=True).first()


def _replayed(sale: Sale, kiosk: Warehouse) -> Sale:
    if sale.kiosk_id != kiosk.pk:
        raise DomainError(_("Mã giao dịch này thuộc về ki-ốt khác."), code="wrong_kiosk", field="client_uuid")
    return sale


def record_return(
    *,
    sale: Sale,
    staff,
    client_uuid,
    lines: list[ReturnLineInput],
    reason: str,
    refund_method: str = SalePayment.Method.CASH,
    created_at: datetime.datetime | None = None,
) -> SaleReturn:
    """Take goods back at the kiosk that sold them and refund them; goods move customer → kiosk.

    Each returned line is locked (SELECT … FOR UPDATE) before its returned quantity is checked, so two returns
    of the same line at once cannot together exceed what was sold; the database check on quantity_returned is
    the last word. A line's refunds add up to exactly its total: the k-th unit back refunds
    round(total × returned_after / quantity) − round(total × returned_before / quantity).
    """
    client_uuid = _uuid(client_uuid, field="client_uuid")
    existing = SaleReturn.objects.filter(client_uuid=client_uuid).first()
    if existing is not None:
        if existing.sale_id != sale.pk:
            raise DomainError(_("Mã giao dịch này thuộc về hoá đơn khác."), code="duplicate_uuid")
        return existing
    kiosk = sale.kiosk
    check_may_act(staff, kiosk)
    reason = nfc(reason)[:255]
    if not reason:
        raise DomainError(_("Vui lòng nhập lý do trả hàng."), code="required", field="reason")
    if refund_method not in SalePayment.Method.values:
        raise DomainError(_("Hình thức hoàn tiền không hợp lệ."), code="invalid", field="refund_method")
    wanted = _wanted_back(lines)
    try:
        with transaction.atomic():
            return_lines = _refunded_lines(sale, wanted)
            sale_return = SaleReturn(
                sale=sale,
                client_uuid=client_uuid,
                staff=staff,
                cash_session=_locked_open_session(kiosk),
                refund_method=refund_method,
                refund_amount=sum(line.refund_amount for line in return_lines),
                reason=reason,
                created_at=created_at or timezone.now(),
            )
            if not _insert_unless_exists(sale_return):
                raise _AlreadyRecorded
            for row in return_lines:
                row.sale_return = sale_return
                SaleLine.objects.filter(pk=row.sale_line.pk).update(
                    quantity_returned=F("quantity_returned") + row.quantity
                )
            SaleReturnLine.objects.bulk_create(return_lines)
            _take_goods_back(sale, return_lines, staff=staff)
    except _AlreadyRecorded:
        return SaleReturn.objects.get(client_uuid=client_uuid)
    return sale_return


def _wanted_back(lines: list[ReturnLineInput]) -> dict[int, int]:
    """Units to take back per sale line (a line named twice adds up)."""
    if not lines:
        raise DomainError(_("Chọn ít nhất một mặt hàng trả lại."), code="required", field="lines")
    wanted: dict[int, int] = {}
    for index, line in enumerate(lines):
        quantity = _whole_number(line.quantity, field=f"lines.{index}.quantity", minimum=1, maximum=100_000)
        wanted[line.sale_line_id] = wanted.get(line.sale_line_id, 0) + quantity
    return wanted


def _refunded_lines(sale: Sale, wanted: dict[int, int]) -> list[SaleReturnLine]:
    """Lock the sold lines, check nothing goes back twice, and work out each line's refund (unsaved rows)."""
    sold = {
        line.pk: line
        for line in SaleLine.objects.select_for_update()
        .filter(sale=sale, pk__in=wanted)
        .select_related("variant__product")
        .order_by("pk")
    }
    return_lines = []
    for line_id, quantity in wanted.items():
        line = sold.get(line_id)
        if line is None:
            raise DomainError(_("Mặt hàng không thuộc hoá đơn này."), code="not_found", field="lines")
        if line.quantity_returned + quantity > line.quantity:
            raise DomainError(
                _("%(name)s: đã bán %(sold)d, đã trả %(returned)d, không thể trả thêm %(quantity)d.")
                % {
                    "name": line.product_name,
                    "sold": line.quantity,
                    "returned": line.quantity_returned,
                    "quantity": quantity,
                },
                code="return_exceeds_sold",
                field="lines",
            )
        before, after = line.quantity_returned, line.quantity_returned + quantity
        refund = round_vnd(Decimal(line.total_amount * after) / line.quantity) - round_vnd(
            Decimal(line.total_amount * before) / line.quantity
        )
        return_lines.append(SaleReturnLine(sale_line=line, quantity=quantity, refund_amount=refund))
    return return_lines


def _take_goods_back(sale: Sale, return_lines: list[SaleReturnLine], *, staff) -> None:
    """The goods come back from the customer to the kiosk; a gift set's parts come back onto the shelf."""
    customer = inventory_selectors.fixed_place(locations.CUSTOMER)
    set_lines = [row.sale_line.pk for row in return_lines if row.sale_line.variant.product.is_gift_set]
    # A set's parts are those recorded when it sold (SaleLineGiftSetPart), whatever the set is made of today.
    recorded = (
        inventory_selectors.recorded_gift_set_parts(SaleLineGiftSetPart, "sale_line", set_lines) if set_lines else {}
    )
    moves = [
        Move(part, customer, sale.kiosk, row.quantity * units)
        for row in return_lines
        for part, units in (
            [(part.variant, part.quantity) for part in recorded.get(row.sale_line.pk, [])]
            if row.sale_line.variant.product.is_gift_set
            else [(row.sale_line.variant, 1)]
        )
        if part.track_inventory
    ]
    if moves:
        move_stocks(moves, reason=StockMovement.Reason.RETURN, user=staff, reference=sale.receipt_number)


def open_cash_session(*, kiosk: Warehouse, staff, opening_float: int) -> CashSession:
    """Start a shift with the cash counted into the drawer. One open session per kiosk."""
    check_may_act(staff, kiosk)
    opening_float = _whole_number(opening_float, field="opening_float")
    try:
        with transaction.atomic():
            return CashSession.objects.create(
                kiosk=kiosk, opened_by=staff, opened_at=timezone.now(), opening_float=opening_float
            )
    except IntegrityError:
        raise DomainError(
            _("Ki-ốt đang có một ca mở. Đóng ca đó trước khi mở ca mới."), code="session_open", field="kiosk"
        ) from None


def record_cash_movement(*, session: CashSession, staff, kind: str, amount: int, reason: str) -> CashMovement:
    """Cash put into or taken out of the drawer outside a sale; the reason is required."""
    check_may_act(staff, session.kiosk)
    if kind not in CashMovement.Kind.values:
        raise DomainError(_("Loại thu chi không hợp lệ."), code="invalid", field="kind")
    amount = _whole_number(amount, field="amount", minimum=1)
    reason = nfc(reason)[:255]
    if not reason:
        raise DomainError(_("Vui lòng nhập lý do."), code="required", field="reason")
    with transaction.atomic():
        session = CashSession.objects.select_for_update().get(pk=session.pk)
        if not session.is_open:
            raise DomainError(_("Ca này đã đóng."), code="session_closed")
        return CashMovement.objects.create(session=session, kind=kind, amount=amount, reason=reason, staff=staff)


def close_cash_session(*, session: CashSession, staff, counted_cash: int, note: str = "") -> CashSession:
    """End a shift: the counted cash is compared with what the books expect, and the difference kept."""
    check_may_act(staff, session.kiosk)
    counted_cash = _whole_number(counted_cash, field="counted_cash")
    with transaction.atomic():
        # The kiosk's receipt counter first, as record_sale takes it: a sale in progress finishes (and is counted)
        # before the drawer is added up, and a sale after the close sees the session closed.
        KioskProfile.objects.select_for_update().filter(kiosk_id=session.kiosk_id).values_list("pk").first()
        session = CashSession.objects.select_for_update().get(pk=session.pk)
        if not session.is_open:
            raise DomainError(_("Ca này đã đóng."), code="session_closed")
        expected = selectors.expected_cash(session)
        session.closed_by = staff
        session.closed_at = timezone.now()
        session.expected_cash = expected
        session.counted_cash = counted_cash
        session.difference = counted_cash - expected
        session.closing_note = nfc(note)[:255]
        session.save()
    return session


def set_discount_limit(*, kiosk: Warehouse | None, max_percent, user) -> DiscountLimit:
    """A manager sets the largest discount cashiers may give at one kiosk, or everywhere (kiosk None)."""
    if not user.is_manager:
        raise DomainError(_("Chỉ quản lý được đặt giới hạn chiết khấu."), code="forbidden")
    if kiosk is not None and kiosk.kind != Warehouse.Kind.KIOSK:
        raise DomainError(_("Chỉ đặt giới hạn cho ki-ốt."), code="invalid", field="kiosk")
    max_percent = _percent(max_percent, field="max_percent", limit=Decimal(100))
    with transaction.atomic():
        limit, _created = DiscountLimit.objects.update_or_create(
            kiosk=kiosk, defaults={"max_percent": max_percent, "updated_by": user}
        )
    return limit


def resolve_variance_alerts(*, alerts, user) -> int:
    """Close open variance alerts once someone has checked the shelf (usually with a stock count)."""
    if not user.is_manager:
        raise DomainError(_("Chỉ quản lý được đóng cảnh báo lệch tồn."), code="forbidden")
    return StockVarianceAlert.objects.filter(pk__in=[alert.pk for alert in alerts], resolved_at__isnull=True).update(
        resolved_at=timezone.now()
    )


def post_count(*, count: StockCount, user, reason: str = "") -> StockCount:
    """Post a stock count (inventory.services.post_stock_count) and, in the same transaction, close the open
    variance alerts of the items it counted: the shelf has been checked and the books now say what is on it.
    """
    with transaction.atomic():
        posted = post_stock_count(count=count, user=user, reason=reason)
        counted = posted.lines.filter(counted_quantity__isnull=False).values("product_variant_id")
        StockVarianceAlert.objects.filter(
            kiosk_id=posted.warehouse_id, variant_id__in=counted, resolved_at__isnull=True
        ).update(resolved_at=timezone.now())
    return posted


def save_counted_lines(*, count: StockCount, counted: dict, user, post: bool = False, reason: str = "") -> StockCount:
    """Save what was found of each item (`counted`: variant → quantity) and, with `post`, post the count.

    One transaction: a refused quantity or a refused post (a difference without a reason, say) leaves every
    typed quantity as it was before.
    """
    with transaction.atomic():
        for variant, quantity in counted.items():
            record_counted_quantity(count=count, variant=variant, quantity=quantity, user=user)
        if post:
            return post_count(count=count, user=user, reason=reason)
    return count
