# DemoDataLoad moves here from core: the state is created over core's existing table, which is then renamed.
# A fresh database runs the same steps over the table core.0001 created.

from django.db import migrations, models


def move_content_types(apps, schema_editor):
    """Give the existing content types (and so their permissions, already granted) to the new app."""
    content_type = apps.get_model("contenttypes", "ContentType")
    for old_app, model in [("core", "demodataload")]:
        content_type.objects.filter(app_label=old_app, model=model).update(app_label="demo")


def move_content_types_back(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    for old_app, model in [("core", "demodataload")]:
        content_type.objects.filter(app_label="demo", model=model).update(app_label=old_app)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0002_demo_data_load_moved_to_demo"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="DemoDataLoad",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        ("loaded_at", models.DateTimeField(auto_now_add=True, verbose_name="nạp lúc")),
                        ("product_count", models.PositiveIntegerField(verbose_name="số sản phẩm")),
                    ],
                    options={
                        "verbose_name": "lần nạp dữ liệu mẫu",
                        "verbose_name_plural": "lần nạp dữ liệu mẫu",
                        "db_table": "core_demodataload",
                    },
                ),
            ],
        ),
        migrations.AlterModelTable(name="demodataload", table=None),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
