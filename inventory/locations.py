"""The programme's fixed stock locations, created by a data migration and looked up by slug."""

FULFILMENT_HCM = "kho-hcm"
KIOSK_CHU_LAI = "kiosk-chu-lai"
KIOSK_TAM_KY = "kiosk-tam-ky"
KIOSK_HOI_AN = "kiosk-hoi-an"
KIOSK_DIEN_BAN = "kiosk-dien-ban"
SUPPLIER = "nha-cung-cap"
CUSTOMER = "khach-hang"
LOSS = "hao-hut"
TRANSIT = "dang-van-chuyen"
# Where a gift set's parts go when boxes are assembled ahead, and where the boxes come from (and back).
ASSEMBLY = "dong-hop-qua"

KIOSKS = (KIOSK_CHU_LAI, KIOSK_TAM_KY, KIOSK_HOI_AN, KIOSK_DIEN_BAN)

# Short codes in the numbers of stock documents ("CK-HA-0007"); a place added later uses its id.
DOCUMENT_CODES = {
    FULFILMENT_HCM: "HCM",
    KIOSK_CHU_LAI: "CL",
    KIOSK_TAM_KY: "TK",
    KIOSK_HOI_AN: "HA",
    KIOSK_DIEN_BAN: "DB",
}
