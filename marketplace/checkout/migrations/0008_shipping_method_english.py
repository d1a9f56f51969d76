"""Delivery methods in English too (the API's ShippingMethod.translation), filled for the HCMC channel's two."""

from django.db import migrations, models

ENGLISH = {
    "tieu-chuan": ("Standard delivery", "Delivered within 2–3 days in Ho Chi Minh City"),
    "nhanh": ("Express delivery", "Delivered the same day when ordered before 3 pm"),
}


def fill_english(apps, schema_editor):
    ShippingMethod = apps.get_model("checkout", "ShippingMethod")
    for slug, (name_en, description_en) in ENGLISH.items():
        ShippingMethod.objects.filter(channel__slug="sieu-thi-hcm", slug=slug, name_en="").update(
            name_en=name_en, description_en=description_en
        )


class Migration(migrations.Migration):
    dependencies = [("checkout", "0007_checkout_language_code")]

    operations = [
        migrations.AddField(
            model_name="shippingmethod",
            name="name_en",
            field=models.CharField(blank=True, max_length=120, verbose_name="tên (tiếng Anh)"),
        ),
        migrations.AddField(
            model_name="shippingmethod",
            name="description_en",
            field=models.CharField(blank=True, max_length=255, verbose_name="mô tả (tiếng Anh)"),
        ),
        migrations.RunPython(fill_english, migrations.RunPython.noop),
    ]
