"""The HCMC channel's delivery methods. (VAT rates, first created here too, live in the taxes app.)"""

from django.db import migrations

SHIPPING_METHODS = [
    # slug, name, description, price, free from, days min, days max
    ("tieu-chuan", "Giao tiêu chuẩn", "Giao trong 2–3 ngày tại TP. Hồ Chí Minh", 30000, 500000, 2, 3),
    ("nhanh", "Giao nhanh", "Giao trong ngày nếu đặt trước 15 giờ", 55000, None, 0, 1),
]


def create_data(apps, schema_editor):
    ShippingMethod = apps.get_model("checkout", "ShippingMethod")
    Channel = apps.get_model("channels", "Channel")
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
