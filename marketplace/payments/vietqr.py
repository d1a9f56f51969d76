"""VietQR payloads: the EMVCo merchant-presented QR that Vietnamese banking apps read to pre-fill a transfer.

The payload is a string of TLV fields (two-digit ID, two-digit length, value) ending with a CRC-16/CCITT-FALSE
checksum (polynomial 0x1021, initial value 0xFFFF) over everything before it, including the "6304" that
introduces it. The field layout is in ../shared/DOMAIN.md; the published example there is the test vector.
"""

import re
import unicodedata

from marketplace.core.numbers import is_whole_number

NAPAS_GUID = "A000000727"
SERVICE_TO_ACCOUNT = "QRIBFTTA"
CURRENCY_VND = "704"
COUNTRY_VN = "VN"
# Banking apps show the purpose as plain ASCII; several truncate it beyond 25 characters.
MAX_PURPOSE_LENGTH = 25


def tlv(field_id: str, value: str) -> str:
    if len(value) > 99:
        raise ValueError(f"VietQR field {field_id} is longer than 99 characters")
    return f"{field_id}{len(value):02d}{value}"


def crc16_ccitt_false(data: bytes) -> int:
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _bit in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


def ascii_purpose(text: str) -> str:
    """'Thanh toán đơn #1001' → 'Thanh toan don 1001': no diacritics (đ → d), letters, digits and spaces only."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[^A-Za-z0-9 ]+", " ", text)
    return " ".join(text.split())[:MAX_PURPOSE_LENGTH].strip()


def build_payload(
    *, bank_bin: str, account_number: str, amount: int | None = None, purpose: str = "", bill_number: str = ""
) -> str:
    """The payload for a transfer to `account_number` at the bank `bank_bin` (six digits, e.g. 970436).

    With an amount the QR is dynamic ("12": for one payment); without, static ("11"). Amounts are whole đồng.
    """
    if not re.fullmatch(r"\d{6}", bank_bin):
        raise ValueError("bank_bin must be six digits")
    if not re.fullmatch(r"[0-9A-Za-z]{1,19}", account_number):
        raise ValueError("account_number must be 1–19 letters or digits")
    if amount is not None and not is_whole_number(amount, minimum=1):
        raise ValueError("amount must be a positive whole number of đồng")
    beneficiary = tlv("00", bank_bin) + tlv("01", account_number)
    merchant = tlv("00", NAPAS_GUID) + tlv("01", beneficiary) + tlv("02", SERVICE_TO_ACCOUNT)
    parts = [
        tlv("00", "01"),
        tlv("01", "12" if amount is not None else "11"),
        tlv("38", merchant),
        tlv("53", CURRENCY_VND),
    ]
    if amount is not None:
        parts.append(tlv("54", str(amount)))
    parts.append(tlv("58", COUNTRY_VN))
    additional = (tlv("01", bill_number) if bill_number else "") + (
        tlv("08", ascii_purpose(purpose)) if purpose else ""
    )
    if additional:
        parts.append(tlv("62", additional))
    body = "".join(parts) + "6304"
    return body + f"{crc16_ccitt_false(body.encode('ascii')):04X}"


def order_transfer_payload(order, *, bank_bin: str, account_number: str) -> str:
    """The dynamic QR for paying an order by transfer: its exact total, its number in the purpose."""
    return build_payload(
        bank_bin=bank_bin,
        account_number=account_number,
        amount=order.total_amount,
        purpose=f"DH{order.number} Xu Quang Market",
        bill_number=f"DH{order.number}",
    )
