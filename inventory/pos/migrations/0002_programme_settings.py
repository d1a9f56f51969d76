"""One till profile per kiosk (receipt series, seller on the receipt) and the default discount cap.

Seller details are placeholders for the operator's real registration; a manager corrects them in the admin.
"""

from django.db import migrations

KIOSKS = [
    # warehouse/channel slug, receipt prefix
    ("kiosk-chu-lai", "CL"),
    ("kiosk-tam-ky", "TK"),
    ("kiosk-hoi-an", "HA"),
    ("kiosk-dien-ban", "DB"),
]
SELLER_NAME = "Công ty CP Xứ Quảng Market"
SELLER_TAX_CODE = "4001234567"
DEFAULT_MAX_DISCOUNT_PERCENT = 10


def create_settings(apps, schema_editor):
    KioskProfile = apps.get_model("pos", "KioskProfile")
    DiscountLimit = apps.get_model("pos", "DiscountLimit")
    Warehouse = apps.get_model("inventory", "Warehouse")
    Channel = apps.get_model("channels", "Channel")
    for slug, prefix in KIOSKS:
        kiosk = Warehouse.objects.get(slug=slug)
        address = ", ".join(part for part in (kiosk.street_address, kiosk.ward, kiosk.province) if part)
        KioskProfile.objects.get_or_create(
            kiosk=kiosk,
            defaults={
                "channel": Channel.objects.get(slug=slug),
                "receipt_prefix": prefix,
                "seller_name": f"{SELLER_NAME} – {kiosk.name}",
                "seller_tax_code": SELLER_TAX_CODE,
                "seller_address": address,
                "seller_phone": kiosk.phone,
            },
        )
    DiscountLimit.objects.get_or_create(kiosk=None, defaults={"max_percent": DEFAULT_MAX_DISCOUNT_PERCENT})


class Migration(migrations.Migration):
    dependencies = [("pos", "0001_initial"), ("channels", "0002_programme_channels")]
    operations = [migrations.RunPython(create_settings, migrations.RunPython.noop)]
