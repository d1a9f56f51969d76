"""Property-based: any sequence of receipts, sales, replays and returns at a kiosk keeps every invariant.

Each generated example runs in its own transaction, rolled back at the end, so examples do not see each other.
"""

import uuid
from collections import Counter

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inventory.models import Stock
from inventory.pos.models import Sale, SaleLine, SaleReturnLine
from inventory.pos.selectors import z_report
from inventory.pos.services import LineInput, PaymentInput, ReturnLineInput, record_return, record_sale
from inventory.selectors import ledger_discrepancies
from inventory.services import receive_goods
from marketplace.core.errors import DomainError

receive = st.tuples(st.just("receive"), st.integers(0, 1), st.integers(1, 6))
sell = st.tuples(
    st.just("sell"),
    st.lists(st.tuples(st.integers(0, 1), st.integers(1, 4), st.sampled_from([0, 5, 10])), min_size=1, max_size=3),
    st.sampled_from([0, 3]),
)
replay = st.tuples(st.just("replay"), st.integers(0, 20))
give_back = st.tuples(st.just("return"), st.integers(0, 20), st.integers(0, 2), st.integers(1, 3))
operations = st.lists(st.one_of(receive, sell, replay, give_back), min_size=1, max_size=12)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=operations)
def test_any_sequence_keeps_the_ledger_and_the_receipts_whole(
    operations, hoi_an, staff_hoi_an, producer, fish_sauce, sesame_oil
):
    variants = [fish_sauce, sesame_oil]
    with transaction.atomic():
        received, sold, returned = Counter(), Counter(), Counter()
        sales = []  # (sale, the arguments it was recorded with)
        for operation in operations:
            kind = operation[0]
            if kind == "receive":
                variant = variants[operation[1]]
                receive_goods(warehouse=hoi_an, producer=producer, lines=[(variant, operation[2])])
                received[variant.pk] += operation[2]
            elif kind == "sell":
                lines = [
                    LineInput(client_uuid=uuid.uuid4(), variant_id=variants[v].pk, quantity=q, discount_percent=d)
                    for v, q, d in operation[1]
                ]
                arguments = {
                    "client_uuid": uuid.uuid4(),
                    "lines": lines,
                    "payments": [PaymentInput(client_uuid=uuid.uuid4(), method="cash", amount=10_000_000)],
                    "discount": operation[2],
                }
                try:
                    sale = record_sale(kiosk=hoi_an, staff=staff_hoi_an, **arguments)
                except DomainError as refused:
                    # 10 % on a line and 3 % on the sale compound beyond the 10 % cap: refused, nothing written.
                    assert refused.code == "discount_too_large"
                    continue
                sales.append((sale, arguments))
                for line in lines:
                    sold[line.variant_id] += line.quantity
            elif kind == "replay" and sales:
                sale, arguments = sales[operation[1] % len(sales)]
                assert record_sale(kiosk=hoi_an, staff=staff_hoi_an, **arguments).pk == sale.pk
            elif kind == "return" and sales:
                sale, _arguments = sales[operation[1] % len(sales)]
                sale_lines = list(sale.lines.order_by("pk"))
                sale_line = sale_lines[operation[2] % len(sale_lines)]
                sale_line.refresh_from_db()
                left = sale_line.quantity - sale_line.quantity_returned
                try:
                    record_return(
                        sale=sale,
                        staff=staff_hoi_an,
                        client_uuid=uuid.uuid4(),
                        lines=[ReturnLineInput(sale_line_id=sale_line.pk, quantity=operation[3])],
                        reason="Thử",
                    )
                except DomainError as refused:
                    assert refused.code == "return_exceeds_sold" and operation[3] > left
                    continue
                assert operation[3] <= left
                returned[sale_line.variant_id] += operation[3]

        for variant in variants:
            stock = Stock.objects.filter(warehouse=hoi_an, product_variant=variant).first()
            expected = received[variant.pk] - sold[variant.pk] + returned[variant.pk]
            assert (stock.quantity if stock else 0) == expected
        assert ledger_discrepancies() == []
        numbers = sorted(Sale.objects.values_list("receipt_number", flat=True))
        assert numbers == [f"HA-{n:06d}" for n in range(1, len(sales) + 1)]
        for sale in Sale.objects.all():
            lines = list(sale.lines.all())
            assert sale.total_amount == sum(line.total_amount for line in lines)
            assert sale.vat_amount == sum(line.vat_amount for line in lines)
            assert sale.paid_amount == sale.total_amount + sale.change_amount
        for sale_line in SaleLine.objects.all():
            back = SaleReturnLine.objects.filter(sale_line=sale_line).aggregate(
                q=Sum("quantity"), r=Sum("refund_amount")
            )
            assert sale_line.quantity_returned == (back["q"] or 0) <= sale_line.quantity
            assert (back["r"] or 0) <= sale_line.total_amount
            if sale_line.quantity_returned == sale_line.quantity:
                assert back["r"] == sale_line.total_amount
        report = z_report(hoi_an, timezone.localdate())
        assert report.sale_count == len(sales)
        assert report.total_amount == sum(sale.total_amount for sale, _arguments in sales)
        assert report.refund_amount == (SaleReturnLine.objects.aggregate(r=Sum("refund_amount"))["r"] or 0)
        transaction.set_rollback(True)
