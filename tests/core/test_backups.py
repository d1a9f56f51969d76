"""Backups are tested by restoring them: orders, stock movements and photos come back, and the ledger adds up.

The data is committed (transaction=True) because pg_dump reads it from its own connection.
"""

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from psycopg import sql

from inventory.models import StockMovement
from inventory.services import adjust_stock
from marketplace.catalogue.models import ProductMedia
from marketplace.catalogue.services import add_product_media
from marketplace.core.backups import DUMP_NAME, MEDIA_NAME, find_pg_tool, read_manifest
from marketplace.orders.models import Order
from tests.catalogue.imagefiles import encoded, two_tone
from tests.servers import database_url_of_this_test

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BASE_DIR = Path(__file__).resolve().parents[2]


def _params(dbname):
    params = connection.settings_dict
    return {
        "dbname": dbname,
        "user": params["USER"] or None,
        "password": params["PASSWORD"] or None,
        "host": params["HOST"] or params["OPTIONS"].get("host"),  # the embedded server: a socket folder
        "port": params["PORT"] or None,
    }


@pytest.fixture
def restored_name():
    """A database name of this run's own; dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restored"
    yield name
    with psycopg.connect(**_params(connection.settings_dict["NAME"]), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture
def shop(settings, tmp_path, variant, fulfilment, place_order):
    """An order holding stock, two stock movements (goods received, a loss) and a photo on disk."""
    settings.MEDIA_ROOT = tmp_path / "media"
    photo = SimpleUploadedFile("anh.jpg", encoded(two_tone(), "JPEG"), content_type="image/jpeg")
    media = add_product_media(product=variant.product, uploaded_file=photo)
    order = place_order([(variant, 2)])
    adjust_stock(warehouse=fulfilment, variant=variant, quantity_delta=-1, reason_note="Vỡ chai")
    return {"order": order, "media": media}


def _count(dbname, table):
    with psycopg.connect(**_params(dbname)) as conn:
        return conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))).fetchone()[0]


def test_a_backup_restores_into_a_fresh_database_with_every_order_movement_and_photo(shop, tmp_path, restored_name):
    call_command("backup", "--to", str(tmp_path / "backups"))
    (folder,) = (tmp_path / "backups").iterdir()
    manifest = read_manifest(folder)
    assert manifest["row_counts"]["orders"] == 1
    assert manifest["pg_dump"]["major"] == manifest["server_major"]

    restored_media = tmp_path / "restored-media"
    call_command("restore", str(folder), "--database", restored_name, "--media-root", str(restored_media))

    assert _count(restored_name, "orders_order") == Order.objects.count() == 1
    assert _count(restored_name, "inventory_stockmovement") == StockMovement.objects.count() == 2
    assert _count(restored_name, "catalogue_productmedia") == ProductMedia.all_objects.count() == 1
    with psycopg.connect(**_params(restored_name)) as conn:
        number, total = conn.execute("SELECT number, total_amount FROM orders_order").fetchone()
        (image_name,) = conn.execute("SELECT image FROM catalogue_productmedia").fetchone()
    assert (number, total) == (shop["order"].number, shop["order"].total_amount)
    original = Path(settings.MEDIA_ROOT) / shop["media"].image.name
    assert (restored_media / image_name).read_bytes() == original.read_bytes()

    # The ledger check runs against the restored database, as it would after a real restore.
    checked = subprocess.run(
        [sys.executable, "manage.py", "check_stock_ledger"],
        cwd=BASE_DIR,
        env={**os.environ, "DATABASE_URL": database_url_of_this_test(restored_name)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert checked.returncode == 0, checked.stderr
    assert "Sổ kho khớp" in checked.stdout


def test_a_restore_refuses_an_existing_database_or_a_damaged_backup(shop, tmp_path):
    call_command("backup", "--to", str(tmp_path / "backups"))
    (folder,) = (tmp_path / "backups").iterdir()

    with pytest.raises(CommandError, match="đã có"):
        call_command("restore", str(folder), "--database", connection.settings_dict["NAME"], "--media-root", "x")

    with (folder / MEDIA_NAME).open("ab") as damaged:
        damaged.write(b"\0")
    with pytest.raises(CommandError, match="bị thiếu hoặc hỏng"):
        call_command("restore", str(folder), "--database", "unused", "--media-root", str(tmp_path / "m"))
    assert (folder / DUMP_NAME).stat().st_size > 0


def test_the_dump_tools_match_the_server_version():
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        server_major = int(cursor.fetchone()[0]) // 10000

    tool = find_pg_tool("pg_dump", server_major)

    assert tool.major == server_major
    assert tool.path.is_file()
