"""The HCMC fulfilment warehouse, the four kiosks at their post-2025 addresses, and the virtual locations."""

from django.db import migrations

DA_NANG = "Thành phố Đà Nẵng"
LOCATIONS = [
    # slug, name, kind, street, ward, ward code, province, legacy address
    (
        "kho-hcm",
        "Kho giao hàng TP. Hồ Chí Minh",
        "fulfilment",
        "12 Đường Nguyễn Văn Trỗi",
        "Phường Phú Nhuận",
        "",
        "Thành phố Hồ Chí Minh",
        "12 Nguyễn Văn Trỗi, Phường 15, Quận Phú Nhuận, TP. Hồ Chí Minh",
    ),
    (
        "kiosk-chu-lai",
        "Ki-ốt sân bay Chu Lai",
        "kiosk",
        "Nhà ga hành khách, Cảng hàng không Chu Lai",
        "Xã Núi Thành",
        "20965",
        DA_NANG,
        "Cảng hàng không Chu Lai, xã Tam Nghĩa, huyện Núi Thành, tỉnh Quảng Nam",
    ),
    (
        "kiosk-tam-ky",
        "Ki-ốt Tam Kỳ",
        "kiosk",
        "Công viên 24 Tháng 3, đường Hùng Vương",
        "Phường Tam Kỳ",
        "20341",
        DA_NANG,
        "Đường Hùng Vương, phường An Mỹ, thành phố Tam Kỳ, tỉnh Quảng Nam",
    ),
    (
        "kiosk-hoi-an",
        "Ki-ốt Hội An",
        "kiosk",
        "Đường Trần Hưng Đạo",
        "Phường Hội An",
        "20410",
        DA_NANG,
        "Đường Trần Hưng Đạo, phường Minh An, thành phố Hội An, tỉnh Quảng Nam",
    ),
    (
        "kiosk-dien-ban",
        "Ki-ốt Điện Bàn",
        "kiosk",
        "Quốc lộ 1A",
        "Phường Điện Bàn",
        "20551",
        DA_NANG,
        "Quốc lộ 1A, phường Vĩnh Điện, thị xã Điện Bàn, tỉnh Quảng Nam",
    ),
    ("nha-cung-cap", "Chủ thể OCOP (nhà cung cấp)", "supplier", "", "", "", "", ""),
    ("khach-hang", "Khách hàng", "customer", "", "", "", "", ""),
    ("hao-hut", "Hao hụt và điều chỉnh", "loss", "", "", "", "", ""),
    ("dang-van-chuyen", "Hàng đang vận chuyển", "transit", "", "", "", "", ""),
]


def create_locations(apps, schema_editor):
    Warehouse = apps.get_model("inventory", "Warehouse")
    for slug, name, kind, street, ward, ward_code, province, legacy in LOCATIONS:
        Warehouse.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "kind": kind,
                "street_address": street,
                "ward": ward,
                "ward_code": ward_code,
                "province": province,
                "legacy_address": legacy,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("inventory", "0001_initial")]
    operations = [migrations.RunPython(create_locations, migrations.RunPython.noop)]
