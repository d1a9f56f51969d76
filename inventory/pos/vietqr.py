"""VietQR payloads: the EMVCo merchant-presented QR a customer's banking app reads to pay an exact amount.

Each field is ID (2 digits) + length (2 digits) + value; field 63 is a CRC-16/CCITT-FALSE over everything before
it, "6304" included. Only the fields a kiosk needs are written: a dynamic QR to a bank account, in VND, with the
receipt number as bill number and a purpose without diacritics (older banking apps mangle them).
"""

from marketplace.core.text import plain_key

VIETQR_GUID = "A000000727"
TO_ACCOUNT = "QRIBFTTA"


def _field(tag: str, value: str) -> str:
    if len(value) > 99:
        raise ValueError(f"VietQR field {tag} is longer than 99 characters")
    return f"{tag}{len(value):02d}{value}"


def crc16_ccitt_false(data: bytes) -> int:
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _bit in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


def payload(*, bank_bin: str, account: str, amount: int, purpose: str = "", bill_number: str = "") -> str:
    """The text to encode in the QR: pay `amount` đồng to `account` at the bank with BIN `bank_bin`."""
    merchant = _field("00", VIETQR_GUID) + _field("01", _field("00", bank_bin) + _field("01", account))
    merchant += _field("02", TO_ACCOUNT)
    additional = ""
    if bill_number:
        additional += _field("01", bill_number)
    if purpose:
        additional += _field("08", plain_key(purpose)[:50])
    body = (
        _field("00", "01")
        + _field("01", "12")
        + _field("38", merchant)
        + _field("53", "704")
        + _field("54", str(int(amount)))
        + _field("58", "VN")
        + (_field("62", additional) if additional else "")
        + "6304"
    )
    return body + f"{crc16_ccitt_false(body.encode('ascii')):04X}"
