from inventory.pos.vietqr import crc16_ccitt_false, payload

# A published dynamic example (bank BIN 970415, 120.000 ₫, purpose "ung ho lu lut"), its CRC checked independently.
PUBLISHED = (
    "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA530370454061200005802VN"
    "62170813ung ho lu lut6304C15C"
)


def test_crc_of_the_standard_check_string():
    assert crc16_ccitt_false(b"123456789") == 0x29B1


def test_payload_matches_the_published_example():
    assert payload(bank_bin="970415", account="0011001932418", amount=120_000, purpose="ung ho lu lut") == PUBLISHED


def test_purpose_loses_its_diacritics_and_the_bill_number_is_kept():
    text = payload(bank_bin="970436", account="123", amount=85_000, purpose="Ki-ốt Hội An", bill_number="HA-000001")
    assert "0109HA-000001" in text
    assert "0812ki ot hoi an" in text
    assert text.endswith(f"{crc16_ccitt_false(text[:-4].encode()):04X}")
