"""Values the demo derives from its tables: codes a real register would hold, kiosk prices, certificate issuers.

Every code is deterministic (the same demo on every machine) and recognisably fake: tax codes start with 99, a
province number no Vietnamese tax office uses; barcodes use one GS1 Vietnam company number set aside for the demo.
"""

import datetime

from inventory import locations
from marketplace.catalogue.validators import ean13_check_digit

# 893 is GS1 Vietnam; 0099 stands for a company number reserved here for demo items, then a 5-digit item number.
DEMO_BARCODE_PREFIX = "8930099"

# Kiosk prices differ a little from the online shop: the airport and the old town are dearer, the two kiosks in
# the producing towns a little cheaper. Percent of the HCMC price.
KIOSK_PRICE_PERCENT = {
    locations.KIOSK_CHU_LAI: 108,
    locations.KIOSK_TAM_KY: 97,
    locations.KIOSK_HOI_AN: 105,
    locations.KIOSK_DIEN_BAN: 97,
}

# Since the merger of 1 July 2025 the province is part of Đà Nẵng; 5★ is recognised at the central level, by the
# ministry in charge of agriculture (renamed on 1 March 2025).
PROVINCE_MERGER = datetime.date(2025, 7, 1)
MINISTRY_RENAMED = datetime.date(2025, 3, 1)


def ean13(sequence: int) -> str:
    """The demo barcode number `sequence` (1–99999), with its GS1 check digit."""
    first_twelve = f"{DEMO_BARCODE_PREFIX}{sequence:05d}"
    if len(first_twelve) != 12:
        raise ValueError(f"demo barcode sequence out of range: {sequence}")
    return first_twelve + str(ean13_check_digit(first_twelve))


def sku(product_number: int, variant_number: int) -> str:
    return f"XQ-{product_number:03d}-{variant_number}"


def tax_code(producer_number: int, legal_form: str) -> str:
    """10 digits for an organisation; a household business uses its owner's 12-digit personal number."""
    if legal_form == "household":
        return f"99{producer_number:010d}"
    return f"99{producer_number:08d}"


def phone(producer_number: int) -> str:
    return f"0900{producer_number:06d}"


def producer_email(producer_key: str) -> str:
    return f"{producer_key}@demo.xuquang.vn"


def kiosk_price(online_price: int, kiosk_slug: str) -> int:
    """The kiosk's price: a fixed percentage of the online price, rounded half up to a whole thousand đồng."""
    scaled = online_price * KIOSK_PRICE_PERCENT[kiosk_slug]
    return (scaled + 50_000) // 100_000 * 1000


def certificate_authority(stars: int, decision_date: datetime.date) -> str:
    if stars == 5:
        if decision_date < MINISTRY_RENAMED:
            return "Bộ Nông nghiệp và Phát triển nông thôn"
        return "Bộ Nông nghiệp và Môi trường"
    if decision_date < PROVINCE_MERGER:
        return "UBND tỉnh Quảng Nam"
    return "UBND thành phố Đà Nẵng"


def decision_number(stars: int, decision_date: datetime.date) -> str:
    """A plausible decision number: one decision per signing date recognises a whole batch of products."""
    number = decision_date.toordinal() * 37 % 3900 + 100
    if stars < 5:
        return f"{number}/QĐ-UBND"
    return f"{number}/QĐ-BNN-VPĐP" if decision_date < MINISTRY_RENAMED else f"{number}/QĐ-BNNMT"


def rural_industry_authority(level: int, decision_date: datetime.date, district: str) -> str:
    """Who decides a rural-industry recognition: the district (before the reform), the province, or the ministry."""
    if level == 1:
        return f"UBND {district}"
    if level == 2:
        return "UBND tỉnh Quảng Nam" if decision_date < PROVINCE_MERGER else "UBND thành phố Đà Nẵng"
    return "Bộ Công Thương"


def rural_industry_decision_number(level: int, decision_date: datetime.date) -> str:
    number = decision_date.toordinal() * 53 % 3900 + 100
    return f"{number}/QĐ-BCT" if level >= 3 else f"{number}/QĐ-UBND"
