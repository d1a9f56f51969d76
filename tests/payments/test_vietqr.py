"""VietQR payloads, checked against the published example in DOMAIN.md."""

import pytest

from marketplace.payments.vietqr import ascii_purpose, build_payload, crc16_ccitt_false, order_transfer_payload

PUBLISHED = (
    "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA530370454061200005802VN"
    "62170813ung ho lu lut6304C15C"
)


def test_the_published_example_is_reproduced_exactly():
    payload = build_payload(bank_bin="970415", account_number="0011001932418", amount=120_000, purpose="ung ho lu lut")
    assert payload == PUBLISHED


def test_crc_is_ccitt_false():
    assert crc16_ccitt_false(b"123456789") == 0x29B1  # the catalogue check value of CRC-16/CCITT-FALSE
    assert f"{crc16_ccitt_false(PUBLISHED[:-4].encode()):04X}" == PUBLISHED[-4:]


def test_purpose_loses_its_diacritics():
    assert ascii_purpose("Thanh toán đơn #1001") == "Thanh toan don 1001"
    assert ascii_purpose("Thanh toán đơn #1001 – Đà Nẵng") == "Thanh toan don 1001 Da Na"  # cut at 25


def test_without_amount_the_qr_is_static():
    payload = build_payload(bank_bin="970436", account_number="1234567890")
    assert payload.startswith("000201010211")
    assert "54" not in payload[payload.index("5303704") + 7 : payload.index("5802VN")]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"bank_bin": "97043", "account_number": "1"},
        {"bank_bin": "970436", "account_number": "12-34"},
        {"bank_bin": "970436", "account_number": "1", "amount": 0},
    ],
)
def test_bad_input_is_refused(kwargs):
    with pytest.raises(ValueError):
        build_payload(**kwargs)


@pytest.mark.django_db
def test_an_orders_qr_carries_its_total_and_number(place_order, variant):
    order = place_order([(variant, 2)])
    payload = order_transfer_payload(order, bank_bin="970436", account_number="1234567890")
    assert "5406270000" in payload
    assert f"01{len(f'DH{order.number}'):02d}DH{order.number}" in payload
    assert f"{crc16_ccitt_false(payload[:-4].encode()):04X}" == payload[-4:]
