"""record_sale: totals, VAT, payments, the stock ledger, replays, variance alerts and refusals."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone

from inventory import locations
from inventory.models import Stock, StockMovement
from inventory.pos.models import DiscountLimit, KioskProfile, Sale, SaleLine, SalePayment, StockVarianceAlert
from inventory.pos.services import PaymentInput, record_sale
from inventory.selectors import fixed_place
from marketplace.catalogue.models import ProductVariant
from marketplace.catalogue.services import create_product, create_variant
from marketplace.core.errors import DomainError
from tests.pos.builders import cash, line

LOCAL = datetime.timezone(datetime.timedelta(hours=7))


def balance(variant, place):
    return Stock.objects.get(product_variant=variant, warehouse=place).quantity


def test_cash_sale_records_totals_receipt_and_ledger(hoi_an, customer, staff_hoi_an, fish_sauce, sesame_oil, stocked):
    sale = record_sale(
        kiosk=hoi_an,
        staff=staff_hoi_an,
        client_uuid=uuid.uuid4(),
        lines=[line(fish_sauce, 2), line(sesame_oil, 1)],
        payments=[cash(300_000)],
        created_at=datetime.datetime(2026, 11, 26, 9, 30, tzinfo=LOCAL),
    )
    assert sale.receipt_number == "HA-000001"
    assert sale.subtotal_amount == 2 * 85_000 + 120_000 == sale.total_amount
    assert sale.change_amount == 10_000 and sale.paid_amount == 300_000
    # 8 % until the end of 2026, VAT included in the price, rounded once per line.
    assert sale.vat_rate_percent == Decimal("8.00")
    assert sale.vat_amount == round(170_000 * 8 / 108) + round(120_000 * 8 / 108) == 12_593 + 8_889
    payment = sale.payments.get()
    assert (payment.method, payment.amount, payment.tendered, payment.change) == ("cash", 290_000, 300_000, 10_000)
    movements = StockMovement.objects.filter(reference="HA-000001").order_by("pk")
    assert [(m.product_variant_id, m.quantity, m.source_id, m.destination_id, m.reason) for m in movements] == [
        (fish_sauce.pk, 2, hoi_an.pk, customer.pk, "sale"),
        (sesame_oil.pk, 1, hoi_an.pk, customer.pk, "sale"),
    ]
    assert balance(fish_sauce, hoi_an) == 8
    assert balance(sesame_oil, hoi_an) == 9
    assert not StockVarianceAlert.objects.exists()
    assert len(sale.lookup_code) == 10


def test_receipt_numbers_are_sequential_per_kiosk(hoi_an, tam_ky, staff_hoi_an, staff_tam_ky, fish_sauce, stocked):
    numbers = [
        record_sale(
            kiosk=kiosk, staff=staff, client_uuid=uuid.uuid4(), lines=[line(fish_sauce)], payments=[cash(85_000)]
        ).receipt_number
        for kiosk, staff in ((hoi_an, staff_hoi_an), (tam_ky, staff_tam_ky), (hoi_an, staff_hoi_an))
    ]
    assert numbers == ["HA-000001", "TK-000001", "HA-000002"]
    assert KioskProfile.objects.get(kiosk=hoi_an).last_receipt_number == 2


def test_a_sale_dated_before_the_first_vat_rate_is_refused(hoi_an, staff_hoi_an, fish_sauce, stocked):
    # marketplace.taxes knows rates from 01/07/2025; a receipt with a guessed rate would be worse than none.
    with pytest.raises(DomainError) as refused:
        record_sale(
            kiosk=hoi_an,
            staff=staff_hoi_an,
            client_uuid=uuid.uuid4(),
            lines=[line(fish_sauce)],
            payments=[cash(85_000)],
            created_at=datetime.datetime(2025, 6, 30, 23, 59, tzinfo=LOCAL),
        )
    assert refused.value.code == "no_vat_rate"
    assert not Sale.objects.exists()
    assert KioskProfile.objects.get(kiosk=hoi_an).last_receipt_number == 0


def test_vat_rate_follows_the_day_of_sale(hoi_an, staff_hoi_an, fish_sauce, stocked):
    def sale_at(moment):
        return record_sale(
            kiosk=hoi_an,
            staff=staff_hoi_an,
            client_uuid=uuid.uuid4(),
            lines=[line(fish_sauce)],
            payments=[cash(85_000)],
            created_at=moment,
        )

    # 23:59 local on 31/12/2026 is still the 8 % period; one minute later the 10 % one (and 16:59 UTC).
    last_reduced = sale_at(datetime.datetime(2026, 12, 31, 23, 59, tzinfo=LOCAL))
    first_full = sale_at(datetime.datetime(2027, 1, 1, 0, 0, tzinfo=LOCAL))
    assert (last_reduced.vat_rate_percent, last_reduced.vat_amount) == (Decimal(8), round(85_000 * 8 / 108))
    assert (first_full.vat_rate_percent, first_full.vat_amount) == (Decimal(10), round(85_000 * 10 / 110))


def test_split_payment_card_vietqr_and_cash(hoi_an, staff_hoi_an, fish_sauce, sesame_oil, stocked):
    sale = record_sale(
        kiosk=hoi_an,
        staff=staff_hoi_an,
        client_uuid=uuid.uuid4(),
        lines=[line(fish_sauce, 2), line(sesame_oil)],
        payments=[
            PaymentInput(client_uuid=uuid.uuid4(), method="card", amount=100_000, reference="POS-7781"),
            PaymentInput(client_uuid=uuid.uuid4(), method="vietqr", amount=150_000),
            cash(50_000),
        ],
    )
    by_method = {p.method: (p.amount, p.tendered, p.change, p.terminal_reference) for p in sale.payments.all()}
    assert by_method == {
        "card": (100_000, 100_000, 0, "POS-7781"),
        "vietqr": (150_000, 150_000, 0, ""),
        "cash": (40_000, 50_000, 10_000, ""),
    }
    assert sale.change_amount == 10_000


@pytest.mark.parametrize(
    ("payments", "code"),
    [
        (lambda: [cash(84_999)], "insufficient_payment"),
        (lambda: [], "insufficient_payment"),
        (lambda: [PaymentInput(client_uuid=uuid.uuid4(), method="card", amount=85_000)], "required"),
        (lambda: [PaymentInput(client_uuid=uuid.uuid4(), method="vietqr", amount=90_000)], "overpaid"),
        (lambda: [cash(50_000), cash(50_000)], "invalid"),
        (lambda: [PaymentInput(client_uuid=uuid.uuid4(), method="bitcoin", amount=85_000)], "invalid"),
    ],
)
def test_bad_payments_are_refused_and_nothing_is_written(hoi_an, staff_hoi_an, fish_sauce, stocked, payments, code):
    with pytest.raises(DomainError) as refused:
        record_sale(
            kiosk=hoi_an, staff=staff_hoi_an, client_uuid=uuid.uuid4(), lines=[line(fish_sauce)], payments=payments()
        )
    assert refused.value.code == code
    assert not Sale.objects.exists()
    assert balance(fish_sauce, hoi_an) == 10
    assert KioskProfile.objects.get(kiosk=hoi_an).last_receipt_number == 0


def test_replaying_a_sale_records_it_once(hoi_an, staff_hoi_an, fish_sauce, sesame_oil, stocked):
    client_uuid = uuid.uuid4()
    lines = [line(fish_sauce, 2), line(sesame_oil)]
    payments = [cash(300_000)]
    sales = [
        record_sale(kiosk=hoi_an, staff=staff_hoi_an, client_uuid=client_uuid, lines=lines, payments=payments)
        for _attempt in range(3)
    ]
    assert len({sale.pk for sale in sales}) == 1
    assert Sale.objects.count() == 1
    assert SaleLine.objects.count() == 2
    assert SalePayment.objects.count() == 1
    assert StockMovement.objects.filter(reason="sale").count() == 2
    assert balance(fish_sauce, hoi_an) == 8
    assert KioskProfile.objects.get(kiosk=hoi_an).last_receipt_number == 1


def test_replays_in_another_order_keep_each_sale_once(hoi_an, staff_hoi_an, fish_sauce, sesame_oil, stocked):
    """An offline till sends A, B, C; the network drops answers; it resends C, A, B, A."""
    sales = {
        name: {"client_uuid": uuid.uuid4(), "lines": [line(variant, quantity)], "payments": [cash(500_000)]}
        for name, variant, quantity in (("A", fish_sauce, 1), ("B", sesame_oil, 2), ("C", fish_sauce, 3))
    }
    recorded = {}
    for name in "ABCCABA":
        sale = record_sale(kiosk=hoi_an, staff=staff_hoi_an, **sales[name])
        assert recorded.setdefault(name, sale.pk) == sale.pk
    assert Sale.objects.count() == 3
    assert sorted(Sale.objects.values_list("receipt_number", flat=True)) == ["HA-000001", "HA-000002", "HA-000003"]
    assert StockMovement.objects.filter(reason="sale").count() == 3
    assert balance(fish_sauce, hoi_an) == 10 - 1 - 3
    assert balance(sesame_oil, hoi_an) == 10 - 2


def test_a_sale_uuid_from_another_kiosk_is_refused(hoi_an, tam_ky, staff_hoi_an, staff_tam_ky, fish_sauce, stocked):
    client_uuid = uuid.uuid4()
    record_sale(
        kiosk=hoi_an, staff=staff_hoi_an, client_uuid=client_uuid, lines=[line(fish_sauce)], payments=[cash(85_000)]
    )
    with pytest.raises(DomainError) as refused:
        record_sale(
            kiosk=tam_ky, staff=staff_tam_ky, client_uuid=client_uuid, lines=[line(fish_sauce)], payments=[cash(85_000)]
        )
    assert refused.value.code == "wrong_kiosk"


def test_a_line_uuid_reused_by_another_sale_is_refused_whole(hoi_an, staff_hoi_an, fish_sauce, stocked):
    first = line(fish_sauce)
    record_sale(kiosk=hoi_an, staff=staff_hoi_an, client_uuid=uuid.uuid4(), lines=[first], payments=[cash(85_000)])
    with pytest.raises(DomainError) as refused:
        record_sale(kiosk=hoi_an, staff=staff_hoi_an, client_uuid=uuid.uuid4(), lines=[first], payments=[cash(85_000)])
    assert refused.value.code == "duplicate_uuid"
    assert Sale.objects.count() == 1
    assert balance(fish_sauce, hoi_an) == 9
    assert KioskProfile.objects.get(kiosk=hoi_an).last_receipt_number == 1


def test_selling_more_than_the_books_hold_goes_negative_and_raises_one_alert(
    hoi_an, staff_hoi_an, fish_sauce, sesame_oil, stocked
):
    first = record_sale(
        kiosk=hoi_an,
        staff=staff_hoi_an,
        client_uuid=uuid.uuid4(),
        lines=[line(fish_sauce, 12)],
        payments=[cash(1_020_000)],
    )
    assert balance(fish_sauce, hoi_an) == -2
    alert = StockVarianceAlert.objects.get()
    assert (alert.kiosk_id, alert.variant_id, alert.sale_id, alert.balance) == (hoi_an.pk, fish_sauce.pk, first.pk, -2)
    # A second sale of the same item keeps the one open alert; an item still in stock raises none.
    record_sale(
        kiosk=hoi_an,
        staff=staff_hoi_an,
        client_uuid=uuid.uuid4(),
        lines=[line(fish_sauce), line(sesame_oil)],
        payments=[cash(205_000)],
    )
    assert balance(fish_sauce, hoi_an) == -3
    assert StockVarianceAlert.objects.count() == 1


def test_selling_an_item_never_received_is_not_refused(hoi_an, staff_hoi_an, fish_sauce):
    sale = record_sale(
        kiosk=hoi_an, staff=staff_hoi_an, client_uuid=uuid.uuid4(), lines=[line(fish_sauce)], payments=[cash(85_000)]
    )
    assert sale.pk
    assert balance(fish_sauce, hoi_an) == -1
    assert StockVarianceAlert.objects.filter(variant=fish_sauce, balance=-1).exists()


def test_discounts_within_the_limit_round_once_per_line(hoi_an, staff_hoi_an, fish_sauce, sesame_oil, stocked):
    # The global cap from the data migration is 10 %: 5 % on a line then 5 % on the sale compounds to 9.75 %.
    sale = record_sale(
        kiosk=hoi_an,
        staff=staff_hoi_an,
        client_uuid=uuid.uuid4(),
        lines=[line(fish_sauce, 1, discount_percent=Decimal("5")), line(sesame_oil, 1)],
        payments=[cash(200_000)],
        discount=5,
    )
    fish, oil = sale.lines.order_by("pk")
    # 85.000 − 4.250 = 80.750; − 5 % = 4.037,5 → 4.038 (half up); line total 76.712.
    assert (fish.discount_amount, fish.total_amount) == (4_250 + 4_038, 76_712)
    assert (oil.discount_amount, oil.total_amount) == (6_000, 114_000)
    assert sale.discount_amount == 4_250 + 4_038 + 6_000
    assert sale.total_amount == 76_712 + 114_000
    assert sale.vat_amount == fish.vat_amount + oil.vat_amount == round(76_712 * 8 / 108) + round(114_000 * 8 / 108)


@pytest.mark.parametrize(("line_percent", "sale_percent"), [(11, 0), (0, Decimal("10.5")), (6, 5)])
def test_discounts_beyond_the_limit_are_refused(hoi_an, staff_hoi_an, fish_sauce, stocked, line_percent, sale_percent):
    with pytest.raises(DomainError) as refused:
        record_sale(
            kiosk=hoi_an,
            staff=staff_hoi_an,
            client_uuid=uuid.uuid4(),
            lines=[line(fish_sauce, discount_percent=line_percent)],
            payments=[cash(85_000)],
            discount=sale_percent,
        )
    assert refused.value.code == "discount_too_large"
    assert not Sale.objects.exists()


def test_a_kiosk_limit_overrides_the_global_one(hoi_an, tam_ky, staff_hoi_an, staff_tam_ky, fish_sauce, stocked):
    DiscountLimit.objects.create(kiosk=hoi_an, max_percent=20)
    sale = record_sale(
        kiosk=hoi_an,
        staff=staff_hoi_an,
        client_uuid=uuid.uuid4(),
        lines=[line(fish_sauce, discount_percent=20)],
        payments=[cash(68_000)],
    )
    assert sale.total_amount == 68_000
    with pytest.raises(DomainError):
        record_sale(
            kiosk=tam_ky,
            staff=staff_tam_ky,
            client_uuid=uuid.uuid4(),
            lines=[line(fish_sauce, discount_percent=20)],
            payments=[cash(68_000)],
        )


def test_staff_of_another_kiosk_cannot_sell_here(hoi_an, staff_tam_ky, fish_sauce, stocked):
    with pytest.raises(DomainError) as refused:
        record_sale(
            kiosk=hoi_an,
            staff=staff_tam_ky,
            client_uuid=uuid.uuid4(),
            lines=[line(fish_sauce)],
            payments=[cash(85_000)],
        )
    assert refused.value.code == "wrong_kiosk"
    assert not Sale.objects.exists()


def test_staff_of_another_kiosk_cannot_replay_its_sales(hoi_an, staff_hoi_an, staff_tam_ky, fish_sauce, stocked):
    sale = record_sale(
        kiosk=hoi_an, staff=staff_hoi_an, client_uuid=uuid.uuid4(), lines=[line(fish_sauce)], payments=[cash(85_000)]
    )
    with pytest.raises(DomainError) as refused:
        record_sale(kiosk=hoi_an, staff=staff_tam_ky, client_uuid=sale.client_uuid, lines=[], payments=[])
    assert refused.value.code == "wrong_kiosk"


def test_a_manager_may_sell_at_any_kiosk(hoi_an, manager, fish_sauce, stocked):
    sale = record_sale(
        kiosk=hoi_an, staff=manager, client_uuid=uuid.uuid4(), lines=[line(fish_sauce)], payments=[cash(85_000)]
    )
    assert sale.staff == manager


def test_an_item_without_a_kiosk_price_is_refused(hoi_an, staff_hoi_an, producer, category):
    product = create_product(producer=producer, category=category, name="Bánh tráng Hải An")
    unpriced = create_variant(product=product, sku="HA-BT-01")
    with pytest.raises(DomainError) as refused:
        record_sale(
            kiosk=hoi_an, staff=staff_hoi_an, client_uuid=uuid.uuid4(), lines=[line(unpriced)], payments=[cash(1)]
        )
    assert refused.value.code == "not_priced"


def test_a_sale_below_zero_costs_one_statement_more_for_its_alert(
    hoi_an, staff_hoi_an, fish_sauce, stocked, django_assert_num_queries
):
    fixed_place(locations.CUSTOMER)
    with django_assert_num_queries(2 + 2 + 1):
        sale = record_sale(
            kiosk=hoi_an,
            staff=staff_hoi_an,
            client_uuid=uuid.uuid4(),
            lines=[line(fish_sauce, 11)],
            payments=[cash(1_000_000)],
        )
    assert balance(fish_sauce, hoi_an) == -1
    assert StockVarianceAlert.objects.get().sale_id == sale.pk


def test_an_untracked_item_is_sold_without_a_movement(
    hoi_an, staff_hoi_an, fish_sauce, sesame_oil, stocked, django_assert_num_queries
):
    ProductVariant.objects.filter(pk=fish_sauce.pk).update(track_inventory=False)
    with django_assert_num_queries(2 + 2):
        sale = record_sale(
            kiosk=hoi_an,
            staff=staff_hoi_an,
            client_uuid=uuid.uuid4(),
            lines=[line(fish_sauce, 2)],
            payments=[cash(200_000)],
        )
    assert SaleLine.objects.get(sale=sale).quantity == 2
    assert SalePayment.objects.get(sale=sale).change == 200_000 - sale.total_amount == 30_000
    assert not StockMovement.objects.filter(reference=sale.receipt_number).exists()
    assert balance(fish_sauce, hoi_an) == 10
    # A replay of it is the stored sale, written once.
    again = record_sale(
        kiosk=hoi_an,
        staff=staff_hoi_an,
        client_uuid=sale.client_uuid,
        lines=[line(fish_sauce, 2)],
        payments=[cash(200_000)],
    )
    assert (again.pk, Sale.objects.count(), SaleLine.objects.count()) == (sale.pk, 1, 1)


def test_sale_time_defaults_to_now(hoi_an, staff_hoi_an, fish_sauce, stocked):
    before = timezone.now()
    sale = record_sale(
        kiosk=hoi_an, staff=staff_hoi_an, client_uuid=uuid.uuid4(), lines=[line(fish_sauce)], payments=[cash(85_000)]
    )
    assert before <= sale.created_at <= timezone.now()


def test_query_count_of_a_three_line_sale(
    hoi_an, staff_hoi_an, fish_sauce, sesame_oil, stocked, django_assert_num_queries
):
    lines = [line(fish_sauce), line(sesame_oil, 2), line(fish_sauce, 3)]
    fixed_place(locations.CUSTOMER)  # read once per process: the first sale after start-up pays one query more
    # Two statements whatever the sale's size: the receipt counter (update and lock) with the prices, discount cap
    # and VAT rate; then the sale (joining the open session), its lines, its payments and the stock (the kiosk's
    # balances locked, checked and changed, and the movements); plus the test's SAVEPOINT and RELEASE.
    with django_assert_num_queries(2 + 2):
        record_sale(kiosk=hoi_an, staff=staff_hoi_an, client_uuid=uuid.uuid4(), lines=lines, payments=[cash(600_000)])
    assert Stock.objects.get(warehouse=hoi_an, product_variant=fish_sauce).quantity == 10 - 4
    # A replay is one query: the lookup by client UUID.
    replayed = Sale.objects.get().client_uuid
    with django_assert_num_queries(1):
        record_sale(kiosk=hoi_an, staff=staff_hoi_an, client_uuid=replayed, lines=[], payments=[])
