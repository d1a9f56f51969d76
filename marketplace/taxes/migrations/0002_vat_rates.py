from datetime import date
from decimal import Decimal

from django.db import migrations

RATES = [
    (date(2025, 7, 1), Decimal("8"), "Nghị quyết 204/2025/QH15: giảm thuế GTGT từ 10 % xuống 8 % đến hết 31/12/2026"),
    (date(2027, 1, 1), Decimal("10"), "Luật Thuế GTGT 2024: thuế suất 10 % khi hết thời hạn giảm"),
]


def create_rates(apps, schema_editor):
    VatRate = apps.get_model("taxes", "VatRate")
    for valid_from, rate, basis in RATES:
        VatRate.objects.update_or_create(valid_from=valid_from, defaults={"rate_percent": rate, "legal_basis": basis})


class Migration(migrations.Migration):
    dependencies = [("taxes", "0001_initial")]
    operations = [migrations.RunPython(create_rates, migrations.RunPython.noop)]
