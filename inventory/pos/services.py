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
import secrets
import uuid
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, connection, models, transaction
from django.db.models import F, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from inventory import locations
from inventory import selectors as inventory_selectors
from inventory.ledger import Move, move_stocks
from inventory.models import StockCount, StockMovement, Warehouse
from inventory.pos import selectors
from inventory.pos.models import (
    CashMovement,
    CashSession,
    DiscountLimit,
    KioskProfile,
    Sale,
    SaleLine,
    SalePayment,
    SaleReturn,
    SaleReturnLine,
    StockVarianceAlert,
)
from inventory.services import post_stock_count, record_counted_quantity
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
    meta = instance._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    values = [f.get_db_prep_save(f.pre_save(instance, add=True), connection) for f in fields]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {table} ({columns}) VALUES ({params}) ON CONFLICT ({key}) DO NOTHING RETURNING {pk}".format(
        table=quote(meta.db_table),
        columns=", ".join(quote(f.column) for f in fields),
        params=", ".join(["%s"] * len(fields)),
        key=quote(meta.get_field("client_uuid").column),
        pk=quote(meta.pk.column),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
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


def _price_lines(lines: list[LineInput], *, prices: dict, sale_discount: Decimal, vat_rate: Decimal, limit: Decimal):
    """SaleLine objects (unsaved) with every amount worked out by the rounding rule of this module."""
    priced = []
    for index, line in enumerate(lines):
        listing = prices.get(line.variant_id)
        if listing is None:
            raise DomainError(
                _("Mặt hàng này chưa có giá bán tại ki-ốt."), code="not_priced", field=f"lines.{index}.variant_id"
            )
        # The cap applies to what the customer actually gets off the line: both discounts compounded.
        combined = 100 - (100 - line.discount_percent) * (100 - sale_discount) / 100
        if combined > limit:
            raise _discount_too_large(limit, field=f"lines.{index}.discount_percent")
        gross = listing.price_amount * line.quantity
        line_discount = round_vnd(Decimal(gross) * line.discount_percent / 100)
        sale_share = round_vnd(Decimal(gross - line_discount) * sale_discount / 100)
        total = gross - line_discount - sale_share
        variant = listing.variant
        priced.append(
            SaleLine(
                client_uuid=line.client_uuid,
                variant=variant,
                product_name=f"{variant.product.name} – {variant.name}" if variant.name else variant.product.name,
                sku=variant.sku,
                quantity=line.quantity,
                unit_price=listing.price_amount,
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
    pays nothing for replays.
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
        profile = _next_receipt_number(kiosk)
        context = _sale_context(kiosk, profile, {line.variant_id for line in lines}, timezone.localdate(created_at))
        if sale_discount > context.limit:
            raise _discount_too_large(context.limit, field="discount")
        sale_lines = _price_lines(
            lines, prices=context.prices, sale_discount=sale_discount, vat_rate=context.vat_rate, limit=context.limit
        )
        total = sum(line.total_amount for line in sale_lines)
        sale_payments, change = _settle_payments(payments, total)
        sale = _numbered_sale(
            kiosk,
            profile,
            sale_lines,
            staff=staff,
            client_uuid=client_uuid,
            cash_session_id=context.cash_session_id,
            sale_discount=sale_discount,
            vat_rate=context.vat_rate,
            change=change,
            created_at=created_at,
        )
        for row in (*sale_lines, *sale_payments):
            row.sale = sale
        SaleLine.objects.bulk_create(sale_lines)
        SalePayment.objects.bulk_create(sale_payments)
        _hand_goods_to_customer(sale, sale_lines, staff=staff)
    return sale


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
class _ReceiptCounter:
    pk: int
    channel_id: int
    receipt_prefix: str
    number: int


def _next_receipt_number(kiosk: Warehouse) -> _ReceiptCounter:
    """Take the kiosk's next receipt number: the profile row is the receipt counter, and holding its lock serialises
    the sales of one kiosk and orders them with the closing of its cash session (close_cash_session takes it too)."""
    meta = KioskProfile._meta
    quote = connection.ops.quote_name
    counter = quote(meta.get_field("last_receipt_number").column)
    sql = (
        "UPDATE {table} SET {counter} = {counter} + 1 WHERE {kiosk} = %s RETURNING {pk}, {channel}, {prefix}, {counter}"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql.format(
                table=quote(meta.db_table),
                counter=counter,
                kiosk=quote(meta.get_field("kiosk").column),
                pk=quote(meta.pk.column),
                channel=quote(meta.get_field("channel").column),
                prefix=quote(meta.get_field("receipt_prefix").column),
            ),
            [kiosk.pk],
        )
        row = cursor.fetchone()
    if row is None:
        raise DomainError(
            _("Ki-ốt %(kiosk)s chưa được thiết lập máy bán hàng.") % {"kiosk": kiosk.name}, code="not_configured"
        )
    return _ReceiptCounter(*row)


@dataclass(frozen=True)
class _SaleContext:
    prices: dict  # variant id → ProductVariantChannelListing, variant and product joined
    limit: Decimal
    vat_rate: Decimal
    cash_session_id: int | None


def _sale_context(kiosk: Warehouse, profile: _ReceiptCounter, variant_ids: set[int], day) -> _SaleContext:
    """Everything a sale reads, in one statement: the lines' prices in the kiosk's channel, each carrying the
    discount cap, the VAT rate of the day and the open cash session. Read after the receipt counter's lock, so a
    session closed meanwhile is seen closed."""
    listings = list(
        ProductVariantChannelListing.objects.filter(channel_id=profile.channel_id, variant_id__in=variant_ids)
        .select_related("variant__product")
        .annotate(
            **selectors.discount_cap_subqueries(kiosk.pk),
            vat_rate=vat_rate_subquery(day),
            open_session_id=Subquery(selectors.open_cash_sessions(kiosk.pk).values("pk")[:1]),
        )
    )
    if not listings:
        # Nothing the till sent is priced here: _price_lines refuses the first line; the cap and rate as usual.
        return _SaleContext({}, selectors.max_discount_percent(kiosk.pk), vat_rate_on(day), None)
    first = listings[0]
    if first.vat_rate is None:
        vat_rate_on(day)  # raises the "no VAT rate for this day" error
    return _SaleContext(
        prices={listing.variant_id: listing for listing in listings},
        limit=selectors.discount_cap(first.kiosk_cap, first.global_cap),
        vat_rate=first.vat_rate,
        cash_session_id=first.open_session_id,
    )


def _numbered_sale(
    kiosk: Warehouse,
    profile: _ReceiptCounter,
    sale_lines,
    *,
    staff,
    client_uuid,
    cash_session_id,
    sale_discount,
    vat_rate,
    change,
    created_at,
) -> Sale:
    """Insert the sale with the kiosk's next receipt number (raises _AlreadyRecorded for a replay that raced)."""
    subtotal = sum(line.gross_amount for line in sale_lines)
    total = sum(line.total_amount for line in sale_lines)
    number = profile.number
    sale = Sale(
        kiosk=kiosk,
        channel_id=profile.channel_id,
        staff=staff,
        cash_session_id=cash_session_id,
        client_uuid=client_uuid,
        receipt_number=f"{profile.receipt_prefix}-{number:06d}",
        lookup_code="".join(secrets.choice(LOOKUP_ALPHABET) for _i in range(LOOKUP_LENGTH)),
        subtotal_amount=subtotal,
        discount_amount=subtotal - total,
        total_amount=total,
        vat_rate_percent=vat_rate,
        vat_amount=sum(line.vat_amount for line in sale_lines),
        sale_discount_percent=sale_discount,
        paid_amount=total + change,
        change_amount=change,
        created_at=created_at,
    )
    if not _insert_unless_exists(sale):
        raise _AlreadyRecorded
    return sale


def _hand_goods_to_customer(sale: Sale, sale_lines, *, staff) -> None:
    """The tracked items move from the kiosk to the virtual customer (a gift set's parts for a set: one more
    query, for its parts); a shelf taken below zero raises an alert."""
    customer = inventory_selectors.fixed_place(locations.CUSTOMER)
    moves = [
        Move(variant, sale.kiosk, customer, quantity)
        for variant, quantity in inventory_selectors.stocked_parts((line.variant, line.quantity) for line in sale_lines)
    ]
    if not moves:
        return
    _movements, balances = move_stocks(
        moves, reason=StockMovement.Reason.SALE, user=staff, reference=sale.receipt_number
    )
    alerts = [
        StockVarianceAlert(kiosk_id=sale.kiosk_id, variant_id=row.variant_id, sale=sale, balance=row.after)
        for row in balances
        if row.warehouse_id == sale.kiosk_id and row.after < 0
    ]
    if alerts:
        # One open alert per item: an item already below zero keeps the alert it has.
        StockVarianceAlert.objects.bulk_create(alerts, ignore_conflicts=True)


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
    moves = [
        Move(variant, customer, sale.kiosk, quantity)
        for variant, quantity in inventory_selectors.stocked_parts(
            (row.sale_line.variant, row.quantity) for row in return_lines
        )
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
