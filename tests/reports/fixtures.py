"""Fixtures of the reports tests and the dashboard's browser test: a small programme whose figures are worked
out by hand in the tests (see `book`'s docstring).

Everything is written through the services (checkout, orders, POS, stock, catalogue); only the day an online
order was placed is moved afterwards, since checkout always stamps "now".
"""

import datetime
import hashlib
import hmac
import json
import uuid
from dataclasses import dataclass

import pytest
from django.utils import timezone

from inventory import locations
from inventory.models import Warehouse
from inventory.pos.services import PaymentInput, ReturnLineInput, record_return, record_sale
from inventory.services import receive_goods, set_low_stock_threshold
from marketplace.accounts.services import create_user
from marketplace.catalogue.models import Category, Product
from marketplace.catalogue.services import add_ocop_certificate, create_product, create_variant, set_variant_price
from marketplace.channels.models import Channel
from marketplace.checkout.services import add_to_checkout, complete_checkout, create_checkout
from marketplace.orders.models import Order
from marketplace.orders.services import cancel_order, fulfill_order
from marketplace.payments.models import BankTransferAccount, PaymentMethod
from marketplace.payments.services import handle_bank_notification
from marketplace.producers.services import create_producer
from tests.checkout.fixtures import fill_details, standard_delivery  # noqa: F401 (fixtures)
from tests.pos.builders import cash, line

PASSWORD = "Mat-khau-dai-2026"
BANK_SECRET = "bi-mat-ngan-hang"


def local(year, month, day, hour=10):
    return datetime.datetime(year, month, day, hour, tzinfo=timezone.get_default_timezone())


def pay(method, amount):
    return PaymentInput(client_uuid=uuid.uuid4(), method=method, amount=amount, reference=f"POS-{method}-{amount}")


@dataclass
class Book:
    hoi_an_channel: Channel
    tam_ky_channel: Channel
    online: Channel
    fish_sauce: Product
    ginseng_tea: Product
    producer_a: object
    producer_b: object
    food: Category
    drinks: Category
    vietqr_order: Order
    cod_order: Order
    canceled_order: Order


@pytest.fixture
def manager(db):
    return create_user(email="quanly@xuquang.vn", password=PASSWORD, role="manager", first_name="Minh")


@pytest.fixture
def book(db, manager, fill_details, settings):  # noqa: F811 (a fixture)
    """Two products, two kiosks and the online shop around the VAT change on 2027-01-01.

    Nước mắm Cửa Khe (producer A, Thực phẩm › Nước chấm, 4★): 110.000 ₫ at Hội An, 120.000 ₫ online.
    Trà sâm Ngọc Linh (producer B, Đồ uống, 5★): 250.000 ₫ at Hội An, Tam Kỳ and online.

    S0 22/12/2026 Hội An: 1 nước mắm, cash 110.000 (VAT 8 %: 8.148)
    S1 31/12/2026 Hội An: 2 nước mắm, cash 220.000 (VAT 8 %: 16.296)
    S2 01/01/2027 Hội An: 1 nước mắm + 1 trà, cash 200.000 + card 160.000 = split 360.000
       (VAT 10 %: 10.000 + 22.727 = 32.727)
    R1 02/01/2027 Hội An: 1 nước mắm of S1 back, refund 110.000 (VAT inside at S1's 8 %: 8.148)
    S3 02/01/2027 Tam Kỳ: 3 trà, VietQR 750.000 (VAT 10 %: 68.182) — Tam Kỳ held 2: balance −1
    O1 01/01/2027 online: 2 nước mắm, COD, 240.000 (placed at today's 8 %: 17.778), shipped, not paid
    O2 02/01/2027 online: 1 trà, COD, cancelled — not a sale
    O3 03/01/2027 online: 1 trà, VietQR, waiting for the transfer, 250.000 (8 %: 18.519)
    """
    online = Channel.objects.get(slug=settings.STOREFRONT_CHANNEL_SLUG)
    hoi_an = Warehouse.objects.get(slug=locations.KIOSK_HOI_AN)
    tam_ky = Warehouse.objects.get(slug=locations.KIOSK_TAM_KY)
    hcm = Warehouse.objects.get(slug=locations.FULFILMENT_HCM)
    hoi_an_channel = Channel.objects.get(slug=locations.KIOSK_HOI_AN)
    tam_ky_channel = Channel.objects.get(slug=locations.KIOSK_TAM_KY)
    producer_a = create_producer(name="HTX Cửa Khe", legal_form="cooperative", tax_code="4000111111")
    producer_b = create_producer(name="Cty Sâm Ngọc Linh", legal_form="company", tax_code="4000222222")
    food = Category.objects.create(name="Thực phẩm", slug="thuc-pham")
    sauces = Category.objects.create(name="Nước chấm", slug="nuoc-cham", parent=food)
    drinks = Category.objects.create(name="Đồ uống", slug="do-uong")
    fish_sauce = create_product(
        producer=producer_a, category=sauces, name="Nước mắm Cửa Khe", status=Product.Status.PUBLISHED
    )
    tea = create_product(
        producer=producer_b, category=drinks, name="Trà sâm Ngọc Linh", status=Product.Status.PUBLISHED
    )
    create_product(producer=producer_b, category=drinks, name="Rượu sâm", status=Product.Status.IN_REVIEW)
    add_ocop_certificate(
        product=fish_sauce,
        stars=4,
        score=75,
        decision_number="12/QĐ-UBND",
        decision_date=datetime.date(2025, 3, 1),
        authority="UBND tỉnh Quảng Nam",
    )
    add_ocop_certificate(
        product=tea,
        stars=5,
        score=92,
        decision_number="34/QĐ-UBND",
        decision_date=datetime.date(2025, 3, 1),
        authority="UBND tỉnh Quảng Nam",
    )
    sauce_bottle = create_variant(product=fish_sauce, sku="CK-NM-500", name="Chai 500 ml")
    tea_box = create_variant(product=tea, sku="NL-TRA-20", name="Hộp 20 gói")
    set_variant_price(variant=sauce_bottle, channel=hoi_an_channel, price_amount=110_000)
    set_variant_price(variant=sauce_bottle, channel=online, price_amount=120_000)
    for channel in (hoi_an_channel, tam_ky_channel, online):
        set_variant_price(variant=tea_box, channel=channel, price_amount=250_000)
    receive_goods(warehouse=hoi_an, producer=producer_a, lines=[(sauce_bottle, 10)])
    receive_goods(warehouse=hoi_an, producer=producer_b, lines=[(tea_box, 5)])
    receive_goods(warehouse=tam_ky, producer=producer_b, lines=[(tea_box, 2)])
    receive_goods(warehouse=hcm, producer=producer_a, lines=[(sauce_bottle, 10)])
    receive_goods(warehouse=hcm, producer=producer_b, lines=[(tea_box, 5)])
    set_low_stock_threshold(warehouse=hoi_an, variant=tea_box, minimum_quantity=5, user=manager)

    lan = create_user(email="lan@xuquang.vn", password=PASSWORD, role="kiosk_staff", kiosk=hoi_an)
    binh = create_user(email="binh@xuquang.vn", password=PASSWORD, role="kiosk_staff", kiosk=tam_ky)

    def sale(kiosk, staff, lines, payments, when):
        return record_sale(
            kiosk=kiosk, staff=staff, client_uuid=uuid.uuid4(), lines=lines, payments=payments, created_at=when
        )

    sale(hoi_an, lan, [line(sauce_bottle, 1)], [cash(110_000)], local(2026, 12, 22))
    s1 = sale(hoi_an, lan, [line(sauce_bottle, 2)], [cash(220_000)], local(2026, 12, 31))
    sale(
        hoi_an,
        lan,
        [line(sauce_bottle, 1), line(tea_box, 1)],
        [pay("cash", 200_000), pay("card", 160_000)],
        local(2027, 1, 1),
    )
    record_return(
        sale=s1,
        staff=lan,
        client_uuid=uuid.uuid4(),
        lines=[ReturnLineInput(sale_line_id=s1.lines.get().pk, quantity=1)],
        reason="Chai bị nứt",
        created_at=local(2027, 1, 2),
    )
    sale(tam_ky, binh, [line(tea_box, 3)], [pay("vietqr", 750_000)], local(2027, 1, 2, 15))

    BankTransferAccount.objects.create(
        channel=online,
        bank_bin="970436",
        bank_name="Vietcombank",
        account_number="1234567890",
        account_holder="CONG TY XU QUANG",
    )

    def order(lines, method, when):
        checkout = create_checkout(channel=online)
        for variant, quantity in lines:
            add_to_checkout(checkout, variant=variant, quantity=quantity)
        fill_details(checkout)
        placed = complete_checkout(checkout, payment_method=method)
        Order.objects.filter(pk=placed.pk).update(created_at=when)
        placed.refresh_from_db()
        return placed

    cod_order = order([(sauce_bottle, 2)], PaymentMethod.CASH_ON_DELIVERY, local(2027, 1, 1, 12))
    fulfill_order(cod_order)
    canceled = order([(tea_box, 1)], PaymentMethod.CASH_ON_DELIVERY, local(2027, 1, 2, 12))
    cancel_order(canceled)
    vietqr_order = order([(tea_box, 1)], PaymentMethod.VIETQR, local(2027, 1, 3, 12))

    settings.BANK_WEBHOOK_SECRET = BANK_SECRET
    body = json.dumps({"id": "FT-LA-1", "amount": 99_000, "description": "chuyen tien khong ro"}).encode()
    handle_bank_notification(body, hmac.new(BANK_SECRET.encode(), body, hashlib.sha256).hexdigest())

    return Book(
        hoi_an_channel,
        tam_ky_channel,
        online,
        fish_sauce,
        tea,
        producer_a,
        producer_b,
        food,
        drinks,
        vietqr_order,
        cod_order,
        canceled,
    )
