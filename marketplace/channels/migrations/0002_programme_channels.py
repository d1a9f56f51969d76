"""The HCMC online supermarket and one channel per kiosk, each linked to the stock it sells from."""

from django.db import migrations

CHANNELS = [
    # slug, name, kind, warehouse slug
    ("sieu-thi-hcm", "Siêu thị trực tuyến TP. Hồ Chí Minh", "online", "kho-hcm"),
    ("kiosk-chu-lai", "Ki-ốt sân bay Chu Lai", "kiosk", "kiosk-chu-lai"),
    ("kiosk-tam-ky", "Ki-ốt Tam Kỳ", "kiosk", "kiosk-tam-ky"),
    ("kiosk-hoi-an", "Ki-ốt Hội An", "kiosk", "kiosk-hoi-an"),
    ("kiosk-dien-ban", "Ki-ốt Điện Bàn", "kiosk", "kiosk-dien-ban"),
]


def create_channels(apps, schema_editor):
    Channel = apps.get_model("channels", "Channel")
    Warehouse = apps.get_model("inventory", "Warehouse")
    for slug, name, kind, warehouse_slug in CHANNELS:
        channel, _ = Channel.objects.update_or_create(slug=slug, defaults={"name": name, "kind": kind})
        channel.warehouses.set([Warehouse.objects.get(slug=warehouse_slug)])


class Migration(migrations.Migration):
    dependencies = [("channels", "0001_initial"), ("inventory", "0002_programme_locations")]
    operations = [migrations.RunPython(create_channels, migrations.RunPython.noop)]
