"""The till's pages and endpoints: who lands where, who is refused where, and what the JSON sale endpoint does."""

import json
import uuid

import pytest
import segno
from django.db import connection
from django.urls import reverse

from inventory.models import Stock, StockMovement
from inventory.pos.models import Sale
from inventory.pos.services import open_cash_session, record_sale
from marketplace.accounts.models import User
from marketplace.payments.vietqr import build_payload
from tests.pos.builders import cash, line


def sale_payload(variant, quantity=1, tendered=100_000, **extra):
    return {
        "client_uuid": str(uuid.uuid4()),
        "lines": [{"client_uuid": str(uuid.uuid4()), "variant_id": variant.pk, "quantity": quantity}],
        "payments": [{"client_uuid": str(uuid.uuid4()), "method": "cash", "amount": tendered}],
        **extra,
    }


def post_json(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


@pytest.fixture
def hoi_an_sale(hoi_an, staff_hoi_an, fish_sauce, sesame_oil, stocked):
    return record_sale(
        kiosk=hoi_an,
        staff=staff_hoi_an,
        client_uuid=uuid.uuid4(),
        lines=[line(fish_sauce, 2), line(sesame_oil)],
        payments=[cash(300_000)],
    )


def test_anonymous_visitors_are_sent_to_the_pos_login(client):
    response = client.get(reverse("pos:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("pos:login"))


def test_kiosk_staff_sign_in_and_land_on_their_own_till(client, staff_hoi_an):
    response = client.post(reverse("pos:login"), {"username": "lan.hoian", "password": "mat-khau-123"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("pos:till", args=["kiosk-hoi-an"])
    assert "Ki-ốt Hội An" in response.content.decode()


def test_a_wrong_password_is_said_in_vietnamese(client, staff_hoi_an):
    response = client.post(reverse("pos:login"), {"username": "lan.hoian", "password": "sai"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


def test_a_manager_chooses_among_all_kiosks(client, manager):
    client.force_login(manager)
    page = client.get(reverse("pos:home")).content.decode()
    for name in ("Ki-ốt sân bay Chu Lai", "Ki-ốt Tam Kỳ", "Ki-ốt Hội An", "Ki-ốt Điện Bàn"):
        assert name in page


def test_a_shopper_has_no_till(client, db):
    shopper = User.objects.create_user(username="khach", email="khach@xuquang.test", password="x")
    client.force_login(shopper)
    assert client.get(reverse("pos:home")).status_code == 403
    assert client.get(reverse("pos:till", args=["kiosk-hoi-an"])).status_code == 403


def test_tam_ky_staff_are_refused_on_every_hoi_an_path(
    client, hoi_an, staff_hoi_an, staff_tam_ky, hoi_an_sale, fish_sauce
):
    session = open_cash_session(kiosk=hoi_an, staff=staff_hoi_an, opening_float=0)
    client.force_login(staff_tam_ky)
    forbidden = {
        "till": client.get(reverse("pos:till", args=["kiosk-hoi-an"])),
        "search": client.get(reverse("pos:search", args=["kiosk-hoi-an"]), {"q": "nuoc"}),
        "catalogue": client.get(reverse("pos:catalogue", args=["kiosk-hoi-an"])),
        "sale": post_json(client, reverse("pos:record_sale", args=["kiosk-hoi-an"]), sale_payload(fish_sauce)),
        "vietqr": client.get(reverse("pos:vietqr", args=["kiosk-hoi-an"]), {"amount": 1000}),
        "session": client.get(reverse("pos:cash_session", args=["kiosk-hoi-an"])),
        "session_close": client.post(
            reverse("pos:cash_session", args=["kiosk-hoi-an"]), {"action": "close", "counted_cash": "0"}
        ),
        "z_report": client.get(reverse("pos:z_report", args=["kiosk-hoi-an"])),
    }
    assert {name: response.status_code for name, response in forbidden.items()} == dict.fromkeys(forbidden, 403)
    hidden = {
        "receipt": client.get(reverse("pos:receipt", args=[hoi_an_sale.pk])),
        "session_detail": client.get(reverse("pos:cash_session_detail", args=[session.pk])),
    }
    assert {name: response.status_code for name, response in hidden.items()} == dict.fromkeys(hidden, 404)
    session.refresh_from_db()
    assert session.is_open
    assert Sale.objects.count() == 1
    # Their own till works.
    assert client.get(reverse("pos:till", args=["kiosk-tam-ky"])).status_code == 200


def test_the_till_page_carries_its_configuration(client, staff_hoi_an):
    client.force_login(staff_hoi_an)
    response = client.get(reverse("pos:till", args=["kiosk-hoi-an"]))
    page = response.content.decode()
    assert 'id="scan"' in page and "autofocus" in page
    config = json.loads(page.split('id="till-config" type="application/json">')[1].split("</script>")[0])
    assert config["saleUrl"] == reverse("pos:record_sale", args=["kiosk-hoi-an"])
    assert config["maxDiscount"] == "10"
    assert "Chưa mở ca thu ngân" in page


def test_the_tills_pay_button_says_pay_in_english_and_its_dialog_payment(client, staff_hoi_an, settings):
    # One Vietnamese word, "Thanh toán", two English ones: a context keeps the button's apart.
    client.force_login(staff_hoi_an)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("pos:till", args=["kiosk-hoi-an"])).content.decode()
    assert "disabled>Pay <kbd>Enter</kbd></button>" in page
    assert '<h2 id="pay-title">Payment:' in page


def test_search_finds_by_barcode_and_by_name_without_diacritics(client, staff_hoi_an, fish_sauce, sesame_oil):
    client.force_login(staff_hoi_an)
    url = reverse("pos:search", args=["kiosk-hoi-an"])
    by_code = client.get(url, {"q": "8930000000026"}).json()["items"]
    assert [item["sku"] for item in by_code] == ["BT-DM-250"]
    by_name = client.get(url, {"q": "nuoc mam"}).json()["items"]
    assert [(item["sku"], item["price"]) for item in by_name] == [("CT-NM-500", 85_000)]
    assert by_name[0]["name"] == "Nước mắm làng Bích Họa – Chai 500 ml"
    assert client.get(url, {"q": "dau me den"}).json()["items"][0]["sku"] == "BT-DM-250"
    assert client.get(url, {"q": "khong co"}).json()["items"] == []


def test_search_query_count(client, staff_hoi_an, fish_sauce, sesame_oil, django_assert_num_queries):
    client.force_login(staff_hoi_an)
    url = reverse("pos:search", args=["kiosk-hoi-an"])
    client.get(url, {"q": "x"})  # warm the session
    # session with its user (one statement), kiosk with its profile, the listings by exact code, their photos, their
    # stock at the kiosk: a scan stops there.
    with django_assert_num_queries(5):
        client.get(url, {"q": "8930000000019"})
    # A name looks for an exact code first, then the priced variants of the products matching the words (ranked in
    # Python by till_rank), then their photos and stock.
    with django_assert_num_queries(6):
        client.get(url, {"q": "nuoc mam"})


def test_the_catalogue_lists_everything_priced_at_the_kiosk(client, staff_hoi_an, fish_sauce, sesame_oil):
    client.force_login(staff_hoi_an)
    items = client.get(reverse("pos:catalogue", args=["kiosk-hoi-an"])).json()["items"]
    assert {(item["barcode"], item["price"]) for item in items} == {
        ("8930000000019", 85_000),
        ("8930000000026", 120_000),
    }


def test_a_sale_posted_three_times_is_recorded_once(client, hoi_an, staff_hoi_an, fish_sauce, stocked):
    client.force_login(staff_hoi_an)
    payload = sale_payload(fish_sauce, 1, 100_000, created_at="2026-11-26T10:15:00+07:00")
    url = reverse("pos:record_sale", args=["kiosk-hoi-an"])
    answers = [post_json(client, url, payload) for _attempt in range(3)]
    assert [answer.status_code for answer in answers] == [200, 200, 200]
    bodies = [answer.json() for answer in answers]
    assert bodies[0] == bodies[1] == bodies[2]
    assert bodies[0]["receipt_number"] == "HA-000001"
    assert (bodies[0]["total"], bodies[0]["change"]) == (85_000, 15_000)
    sale = Sale.objects.get()
    assert sale.created_at.isoformat() == "2026-11-26T03:15:00+00:00"


def test_a_three_line_sale_over_http_costs_five_statements(
    client, staff_hoi_an, fish_sauce, sesame_oil, stocked, django_assert_num_queries
):
    """Issue 9: at most 10 SQL statements per kiosk sale, session and sign-in included."""
    client.force_login(staff_hoi_an)
    url = reverse("pos:record_sale", args=["kiosk-hoi-an"])
    payload = sale_payload(fish_sauce)
    payload["lines"] += [
        {"client_uuid": str(uuid.uuid4()), "variant_id": variant.pk, "quantity": 1}
        for variant in (sesame_oil, fish_sauce)
    ]
    payload["payments"][0]["amount"] = 300_000
    post_json(client, url, sale_payload(fish_sauce))  # the first sale of the process reads the kiosk and customer
    # The session with its user (one statement: marketplace/accounts/sessions.py); the transaction (here a
    # SAVEPOINT and its RELEASE, on a server BEGIN and COMMIT) around the two statements of record_sale (see
    # tests/pos/test_sales.py).
    with django_assert_num_queries(1 + 2 + 2):
        answer = post_json(client, url, payload)
    assert answer.status_code == 200, answer.content
    assert answer.json()["receipt_number"] == "HA-000002"


def _prepared_statements() -> dict[str, int]:
    """The statements prepared on this connection, each with the number of times it ran prepared."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement, generic_plans + custom_plans FROM pg_prepared_statements")
        return dict(cursor.fetchall())


def test_a_sale_reuses_its_prepared_statements_whatever_its_amounts(
    client, staff_hoi_an, fish_sauce, stocked, settings
):
    """After prepare_threshold sales on a connection, the receipt counter's statement and the sale's write run
    prepared; a sale of other amounts (here beyond a smallint, then beyond an integer) reuses them, because every
    int is bound as a bigint, and is recorded as before."""
    client.force_login(staff_hoi_an)
    url = reverse("pos:record_sale", args=["kiosk-hoi-an"])
    threshold = settings.DATABASES["default"]["OPTIONS"]["prepare_threshold"]
    for _sale in range(threshold + 1):
        assert post_json(client, url, sale_payload(fish_sauce)).status_code == 200
    prepared = _prepared_statements()
    assert any("last_receipt_number" in statement for statement in prepared)
    assert any(Sale._meta.db_table in statement and "inventory_stockmovement" in statement for statement in prepared)
    big = post_json(client, url, sale_payload(fish_sauce, 40_000, 4_000_000_000))
    assert big.status_code == 200, big.content
    after = _prepared_statements()
    assert after.keys() == prepared.keys()
    assert sum(after.values()) - sum(prepared.values()) == 2  # the two statements of the big sale, run prepared
    assert big.json()["receipt_number"] == f"HA-{threshold + 2:06d}"
    assert Stock.objects.get(warehouse__slug="kiosk-hoi-an", product_variant=fish_sauce).quantity == (
        10 - (threshold + 1) - 40_000
    )


def test_a_refused_sale_answers_with_errors_as_data(client, staff_hoi_an, fish_sauce, stocked):
    client.force_login(staff_hoi_an)
    url = reverse("pos:record_sale", args=["kiosk-hoi-an"])
    short = post_json(client, url, sale_payload(fish_sauce, 1, 50_000))
    assert short.status_code == 400
    assert short.json()["errors"][0]["code"] == "insufficient_payment"
    assert "35.000 ₫" in short.json()["errors"][0]["message"]
    garbage = client.post(url, "{not json", content_type="application/json")
    assert garbage.status_code == 400 and garbage.json()["errors"][0]["code"] == "bad_request"
    wrong_type = post_json(client, url, {**sale_payload(fish_sauce), "lines": [{"variant_id": "1"}]})
    assert wrong_type.status_code == 400
    assert not Sale.objects.exists()


@pytest.mark.parametrize(
    "hostile",
    [
        lambda payload: b"[" * 5000,
        lambda payload: json.dumps(
            {**payload, "lines": [{**payload["lines"][0], "discount_percent": "1e-9999"}]}
        ).encode(),
        lambda payload: json.dumps(
            {**payload, "payments": [{**payload["payments"][0], "method": "card", "reference": "a\x00b"}]}
        ).encode(),
        lambda payload: b"\xff\xfe",
    ],
)
def test_a_hostile_sale_body_is_refused_and_nothing_is_written(client, staff_hoi_an, fish_sauce, stocked, hostile):
    client.force_login(staff_hoi_an)
    url = reverse("pos:record_sale", args=["kiosk-hoi-an"])
    answer = client.post(url, hostile(sale_payload(fish_sauce, 1, 85_000)), content_type="application/json")
    assert answer.status_code == 400 and answer.json()["errors"]
    assert not Sale.objects.exists()


def test_a_till_clock_ahead_cannot_date_a_sale_in_the_future(client, staff_hoi_an, fish_sauce, stocked):
    client.force_login(staff_hoi_an)
    payload = sale_payload(fish_sauce, created_at="2031-01-01T00:00:00+07:00")
    assert post_json(client, reverse("pos:record_sale", args=["kiosk-hoi-an"]), payload).status_code == 200
    assert Sale.objects.get().created_at.year == 2026


def test_the_receipt_carries_what_a_cash_register_receipt_needs(client, staff_hoi_an, hoi_an_sale):
    client.force_login(staff_hoi_an)
    page = client.get(reverse("pos:receipt", args=[hoi_an_sale.pk])).content.decode()
    for expected in (
        "Công ty CP Xứ Quảng Market – Ki-ốt Hội An",
        "Đường Trần Hưng Đạo, Phường Hội An, Thành phố Đà Nẵng",
        "4001234567",
        "HA-000001",
        "Nước mắm làng Bích Họa – Chai 500 ml",
        "2 × 85.000 ₫",
        "290.000 ₫",
        "Thuế GTGT 8 % (đã gồm trong giá)",
        f"{hoi_an_sale.vat_amount:,} ₫".replace(",", "."),
        "Tiền thừa trả khách",
        hoi_an_sale.lookup_code,
        "<svg",
    ):
        assert expected in page, expected


def test_the_receipt_is_public_only_through_its_lookup_code(client, hoi_an_sale):
    response = client.get(reverse("pos:receipt_lookup", args=[hoi_an_sale.lookup_code]))
    assert response.status_code == 200
    assert hoi_an_sale.receipt_number in response.content.decode()
    assert "Ghi phiếu trả hàng" not in response.content.decode()  # the staff's return form
    assert response["X-Robots-Tag"] == "noindex"
    assert client.get(reverse("pos:receipt_lookup", args=["AAAAAAAAAA"])).status_code == 404
    assert client.get(reverse("pos:receipt", args=[hoi_an_sale.pk])).status_code == 302  # to the login


def test_receipt_query_count(client, staff_hoi_an, hoi_an_sale, django_assert_num_queries):
    client.force_login(staff_hoi_an)
    url = reverse("pos:receipt", args=[hoi_an_sale.pk])
    client.get(url)
    # session with its user, sale with staff and kiosk, profile, lines, payments, returns (none: no prefetch follows).
    with django_assert_num_queries(6):
        client.get(url)


def test_vietqr_image_for_an_exact_amount(client, staff_hoi_an):
    client.force_login(staff_hoi_an)
    url = reverse("pos:vietqr", args=["kiosk-hoi-an"])
    response = client.get(url, {"amount": "290000"})
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    # The payments app's payload: the kiosk's account, the exact amount, the receipt series in the purpose.
    expected = build_payload(bank_bin="970436", account_number="1234567890", amount=290_000, purpose="HA ban le")
    assert response.content.decode() == segno.make(expected, error="m").svg_inline(scale=6, border=2)
    assert client.get(url, {"amount": "-5"}).status_code == 400


def test_cash_session_pages_open_move_and_close(client, hoi_an, staff_hoi_an, fish_sauce, stocked):
    client.force_login(staff_hoi_an)
    url = reverse("pos:cash_session", args=["kiosk-hoi-an"])
    assert client.post(url, {"action": "open", "opening_float": "500.000"}).status_code == 302
    post_json(client, reverse("pos:record_sale", args=["kiosk-hoi-an"]), sale_payload(fish_sauce, 1, 100_000))
    refused = client.post(url, {"action": "move", "kind": "out", "amount": "20000", "reason": ""})
    assert refused.status_code == 400 and "Vui lòng nhập lý do" in refused.content.decode()
    client.post(url, {"action": "move", "kind": "out", "amount": "20000", "reason": "Mua túi giấy"})
    page = client.get(url).content.decode()
    assert "565.000 ₫" in page  # 500.000 + 85.000 − 20.000
    closed = client.post(url, {"action": "close", "counted_cash": "560000", "note": "Thiếu 5 nghìn"}, follow=True)
    page = closed.content.decode()
    assert "−5.000 ₫" in page or "-5.000 ₫" in page
    assert "Thiếu 5 nghìn" in page


def test_z_report_page_with_the_open_variance_alerts(client, hoi_an, staff_hoi_an, hoi_an_sale, fish_sauce):
    record_sale(
        kiosk=hoi_an,
        staff=staff_hoi_an,
        client_uuid=uuid.uuid4(),
        lines=[line(fish_sauce, 9)],
        payments=[cash(765_000)],
    )
    client.force_login(staff_hoi_an)
    page = client.get(reverse("pos:z_report", args=["kiosk-hoi-an"])).content.decode()
    assert "1.055.000 ₫" in page  # 290.000 + 765.000
    assert "CT-NM-500" in page and "BT-DM-250" in page
    assert "Cảnh báo lệch tồn đang mở" in page
    assert ">-1<" in page  # 10 received, 2 + 9 sold
    assert reverse("pos:receipt", args=[hoi_an_sale.pk]) in page and "HA-000002" in page
    assert '<th scope="col" class="num">Thu</th>' in page and "Thứ 5" not in page  # money taken, not Thursday


def test_z_report_page_query_count(client, staff_hoi_an, hoi_an_sale, django_assert_num_queries):
    client.force_login(staff_hoi_an)
    url = reverse("pos:z_report", args=["kiosk-hoi-an"])
    client.get(url)
    # session with its user, kiosk, the report's 7 reads, alerts, the day's receipts.
    with django_assert_num_queries(11):
        client.get(url)


def test_goods_are_returned_from_the_receipt_page_once(client, staff_hoi_an, hoi_an_sale, fish_sauce):
    client.force_login(staff_hoi_an)
    url = reverse("pos:receipt", args=[hoi_an_sale.pk])
    page = client.get(url).content.decode()
    return_uuid = page.split('name="client_uuid" value="')[1].split('"')[0]
    fish = hoi_an_sale.lines.get(variant=fish_sauce)
    form = {"client_uuid": return_uuid, f"return_{fish.pk}": "1", "refund_method": "cash", "reason": "Chai móp"}
    assert client.post(url, form).status_code == 302
    assert client.post(url, form).status_code == 302  # the same form sent again
    fish.refresh_from_db()
    assert fish.quantity_returned == 1
    assert hoi_an_sale.returns.count() == 1
    assert "Chai móp" in client.get(url).content.decode()
    too_many = client.post(url, {**form, "client_uuid": str(uuid.uuid4()), f"return_{fish.pk}": "2"})
    assert too_many.status_code == 400
    assert "không thể trả thêm" in too_many.content.decode()


def test_tam_ky_staff_cannot_post_a_return_on_a_hoi_an_sale(client, staff_tam_ky, hoi_an_sale):
    client.force_login(staff_tam_ky)
    line_id = hoi_an_sale.lines.first().pk
    form = {"client_uuid": str(uuid.uuid4()), f"return_{line_id}": "1", "refund_method": "cash", "reason": "x"}
    assert client.post(reverse("pos:receipt", args=[hoi_an_sale.pk]), form).status_code == 404
    assert not hoi_an_sale.returns.exists()


def test_the_service_worker_is_served_for_the_pos_scope(client):
    response = client.get(reverse("pos:service_worker"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/pos/"
    assert b"caches.match" in response.content


def test_kiosk_staff_receive_a_delivery_through_the_ledger(
    client, hoi_an, staff_hoi_an, producer, fish_sauce, sesame_oil
):
    client.force_login(staff_hoi_an)
    url = reverse("pos:goods_receipt", args=["kiosk-hoi-an"])
    assert client.get(url).status_code == 200
    form = {"producer": producer.pk, "reference": "GH-0042", "code_0": "8930000000019", "quantity_0": "12"}
    response = client.post(url, {**form, "code_1": "BT-DM-250", "quantity_1": "5"}, follow=True)
    assert "Đã nhập 2 dòng hàng" in response.content.decode()
    assert Stock.objects.get(warehouse=hoi_an, product_variant=fish_sauce).quantity == 12
    movement = StockMovement.objects.get(product_variant=sesame_oil)
    assert (movement.reason, movement.reference, movement.producer_id, movement.quantity) == (
        "receipt",
        "GH-0042",
        producer.pk,
        5,
    )
    unknown = client.post(url, {**form, "code_1": "0000000000000", "quantity_1": "1"})
    assert unknown.status_code == 400 and "Không tìm thấy mã" in unknown.content.decode()
    assert StockMovement.objects.count() == 2


def test_tam_ky_staff_cannot_receive_goods_at_hoi_an(client, staff_tam_ky, producer, fish_sauce):
    client.force_login(staff_tam_ky)
    url = reverse("pos:goods_receipt", args=["kiosk-hoi-an"])
    form = {"producer": producer.pk, "code_0": "8930000000019", "quantity_0": "12"}
    assert client.get(url).status_code == 403
    assert client.post(url, form).status_code == 403


def test_an_offline_queue_replayed_with_duplicates_and_out_of_order_records_each_sale_once(
    client, hoi_an, staff_hoi_an, fish_sauce, stocked
):
    """Five sales kept offline, synced by a till that lost answers: every sale arrives 1–3 times, in shuffled
    order. Each is stored once with the time it was made; receipt numbers follow arrival; stock moves once each.
    """
    client.force_login(staff_hoi_an)
    url = reverse("pos:record_sale", args=["kiosk-hoi-an"])
    queue = [sale_payload(fish_sauce, 1, 100_000, created_at=f"2026-11-26T{8 + i:02d}:00:00+07:00") for i in range(5)]
    deliveries = [queue[i] for i in (3, 0, 3, 4, 1, 0, 2, 4, 3, 1)]
    answers = [post_json(client, url, payload) for payload in deliveries]
    assert {answer.status_code for answer in answers} == {200}
    by_uuid = {}
    for payload, answer in zip(deliveries, answers, strict=True):
        by_uuid.setdefault(payload["client_uuid"], set()).add(answer.json()["receipt_number"])
    assert all(len(numbers) == 1 for numbers in by_uuid.values())  # a replay answers with the stored sale
    first_arrivals = list(dict.fromkeys(payload["client_uuid"] for payload in deliveries))
    assert [by_uuid[u].pop() for u in first_arrivals] == [f"HA-{n:06d}" for n in range(1, 6)]
    sales = {str(sale.client_uuid): sale for sale in Sale.objects.all()}
    assert len(sales) == 5
    for i, payload in enumerate(queue):
        assert sales[payload["client_uuid"]].created_at.hour == (8 + i - 7) % 24  # stored in UTC
    assert StockMovement.objects.filter(reason="sale").count() == 5
    assert Stock.objects.get(warehouse=hoi_an, product_variant=fish_sauce).quantity == 5
