"""The VAT rates consumer prices include, and the HCMC channel's delivery methods."""

import datetime
from decimal import Decimal

from django.db import migrations

VAT_RATES = [
    (datetime.date(2024, 1, 1), Decimal("10"), "Luật Thuế GTGT: thuế suất 10 %"),
    (datetime.date(2025, 7, 1), Decimal("8"), "Giảm 2 % thuế GTGT từ 01/07/2025 đến 31/12/2026"),
    (datetime.date(2027, 1, 1), Decimal("10"), "Hết thời hạn giảm thuế GTGT"),
]

SHIPPING_METHODS = [
    # slug, name, description, price, free from, days min, days max
    ("tieu-chuan", "Giao tiêu chuẩn", "Giao trong 2–3 ngày tại TP. Hồ Chí Minh", 30000, 500000, 2, 3),
    ("nhanh", "Giao nhanh", "Giao trong ngày nếu đặt trước 15 giờ", 55000, None, 0, 1),
]


def create_data(apps, schema_editor):
    VatRate = apps.get_model("checkout", "VatRate")
    ShippingMethod = apps.get_model("checkout", "ShippingMethod")
    Channel = apps.get_model("channels", "Channel")
    for valid_from, rate, basis in VAT_RATES:
        VatRate.objects.update_or_create(valid_from=valid_from, defaults={"rate_percent": rate, "legal_basis": basis})
    channel = Channel.objects.get(slug="sieu-thi-hcm")
    for order, (slug, name, description, price, free_from, days_min, days_max) in enumerate(SHIPPING_METHODS):
        ShippingMethod.objects.update_or_create(
            channel=channel,
            slug=slug,
            defaults={
                "name": name,
                "description": description,
                "price_amount": price,
                "free_shipping_threshold_amount": free_from,
                "minimum_delivery_days": days_min,
                "maximum_delivery_days": days_max,
                "sort_order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("checkout", "0001_initial"), ("channels", "0002_programme_channels")]
    operations = [migrations.RunPython(create_data, migrations.RunPython.noop)]
