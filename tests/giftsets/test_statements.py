"""Each producer's share of gift set sales in its consignment statement, worked out by hand (docs/gift-sets.md).

The month: at the Hội An kiosk two boxes (2 × 280.000 ₫) and one bottle of fish sauce (85.000 ₫) sold, one box came
back (refund 280.000 ₫); online two boxes (2 × 350.000 ₫) shipped and one of them was sent back (refund 350.000 ₫,
taken back by a manager, online return). VAT 8 %, included in every price.

Kiosk list prices × units per box: tea 90.000, fish sauce 2 × 85.000 = 170.000, rice paper 30.000 (290.000).
Online: tea 95.000, fish sauce 2 × 120.000 = 240.000, rice paper 45.000 (380.000).

Kiosk sales 560.000: tea ⌊560.000·90/290⌋ = 173.793, rice paper ⌊…·30/290⌋ = 57.931, fish sauce 328.275 + the
  1 đồng left = 328.276. VAT 41.481 (560.000·8/108): 12.873, 4.291, fish sauce 24.316 + 1 = 24.317.
Kiosk return −280.000: tea −86.896, rice paper −28.965, fish sauce −(164.137 + 2) = −164.139.
  VAT −20.741: −6.436, −2.145, fish sauce −(12.158 + 2) = −12.160.
Online 700.000: tea 175.000, rice paper ⌊700.000·45/380⌋ = 82.894, fish sauce 442.105 + 1 = 442.106.
  VAT 51.852: 12.963, 6.140, fish sauce 32.748 + 1 = 32.749.
Online return −350.000, shared by the online weights the order line recorded: tea ⌊350.000·95/380⌋ = −87.500,
  rice paper ⌊350.000·45/380⌋ = −41.447 (41.447,4), fish sauce ⌊350.000·240/380⌋ = 221.052 + the 1 đồng left
  = −221.053. VAT −25.926 (350.000·8/108 = 25.925,9): tea −6.481, rice paper −3.070, fish sauce −(16.374 + 1)
  = −16.375.

Totals: tea 261.897 − 87.500 = 174.397 revenue, commission 10 % = 17.440 (17.439,7), payable 156.957.
Fish sauce 85.000 + 606.243 − 221.053 = 470.190, commission 15 % = 70.529 (70.528,5), payable 399.661.
Rice paper 111.860 − 41.447 = 70.413, commission 20 % = 14.083 (14.082,6), payable 56.330. The shares add up to
the boxes' takings: 174.397 + 385.190 + 70.413 = 630.000 = 560.000 − 280.000 + 700.000 − 350.000.
"""

import uuid

import pytest
from django.utils import timezone

from inventory.pos.services import ReturnLineInput, record_return, record_sale
from marketplace.orders.services import fulfill_order
from marketplace.payments.services import return_order
from marketplace.producers.statements import compute_statements, split_set_amount
from tests.pos.builders import cash, line

pytestmark = pytest.mark.django_db


@pytest.fixture
def month_of_sales(gift_set, parts, stocked, hoi_an, staff_hoi_an, place_order, manager):
    sale = record_sale(
        kiosk=hoi_an,
        staff=staff_hoi_an,
        client_uuid=uuid.uuid4(),
        lines=[line(gift_set, 2), line(parts["fish"], 1)],
        payments=[cash(645_000)],
    )
    set_line = sale.lines.get(variant=gift_set)
    record_return(
        sale=sale,
        staff=staff_hoi_an,
        client_uuid=uuid.uuid4(),
        lines=[ReturnLineInput(sale_line_id=set_line.pk, quantity=1)],
        reason="Khách đổi ý",
    )
    order = place_order([(gift_set, 2)])
    fulfill_order(order)
    return_order(order, lines={order.lines.get(): 1}, restock=True, reason="Hộp móp", user=manager)
    return timezone.localdate().replace(day=1)


def test_each_producer_is_paid_its_share_of_the_sets(month_of_sales, producers, django_assert_num_queries):
    chosen = [producers[name] for name in ("tea", "fish", "paper", "programme")]
    # With no locked month: the locked months, the four grouped sales queries (kiosk sales and returns, online
    # parcels and returns), and two for the sets (the parts recorded with kiosk and with online lines).
    with django_assert_num_queries(5 + 2):
        statements = compute_statements(month_of_sales, chosen)
    tea, fish, paper, programme = (statements[producer.pk] for producer in chosen)

    share = {line.sku: line for line in fish.lines}
    assert set(share) == {"CT-NM", "QT-TET/CT-NM"}
    in_sets = share["QT-TET/CT-NM"]
    assert (in_sets.kiosk_units, in_sets.returned_units, in_sets.online_units) == (4, 2 + 2, 4)
    assert in_sets.revenue == 328_276 - 164_139 + 442_106 - 221_053
    assert in_sets.vat == 24_317 - 12_160 + 32_749 - 16_375
    assert in_sets.kiosks == {"Ki-ốt Hội An": 4} or list(in_sets.kiosks.values()) == [4]
    assert in_sets.variant_name.endswith("trong Hộp quà Tết xứ Quảng")
    assert (fish.revenue, fish.commission, fish.payable) == (470_190, 70_529, 399_661)

    assert [line.sku for line in tea.lines] == ["QT-TET/CLC-TRA"]
    assert (tea.revenue, tea.vat, tea.commission, tea.payable) == (
        174_397,
        12_873 - 6_436 + 12_963 - 6_481,
        17_440,
        156_957,
    )
    assert (paper.revenue, paper.vat, paper.commission, paper.payable) == (
        70_413,
        4_291 - 2_145 + 6_140 - 3_070,
        14_083,
        56_330,
    )
    # The programme sold the boxes but made none of what is in them: nothing of theirs is owed to it.
    assert programme.lines == [] and programme.revenue == 0
    assert tea.revenue + in_sets.revenue + paper.revenue == 2 * 280_000 - 280_000 + 2 * 350_000 - 350_000


def test_one_producers_statement_shows_the_same_share_as_the_whole_run(month_of_sales, producers):
    alone = compute_statements(month_of_sales, [producers["paper"]])[producers["paper"].pk]
    everyone = compute_statements(month_of_sales, list(producers.values()))[producers["paper"].pk]
    assert [line.as_item() for line in alone.lines] == [line.as_item() for line in everyone.lines]
    assert alone.payable == everyone.payable == 56_330


@pytest.mark.parametrize(
    ("amount", "weights", "shares"),
    [
        (560_000, [90_000, 170_000, 30_000], [173_793, 328_276, 57_931]),
        (-280_000, [90_000, 170_000, 30_000], [-86_896, -164_139, -28_965]),
        (700_000, [95_000, 240_000, 45_000], [175_000, 442_106, 82_894]),
        (10, [1, 1, 1], [4, 3, 3]),  # equal shares: the first takes the đồng left
        (0, [5, 7], [0, 0]),
        (1, [1_000_000, 1], [1, 0]),
    ],
)
def test_the_split_adds_up_to_the_dong(amount, weights, shares):
    assert split_set_amount(amount, weights) == shares
    assert sum(shares) == amount
