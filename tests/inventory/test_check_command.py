"""`manage.py check_stock_ledger` answers in Vietnamese and says through its exit status whether the ledger adds up."""

import pytest
from django.core.management import call_command
from django.db import connection

from inventory.models import Stock
from inventory.services import receive_goods


@pytest.fixture
def stocked(producer, variant, second_variant, fulfilment, kiosk):
    receive_goods(warehouse=fulfilment, producer=producer, lines=[(variant, 10), (second_variant, 5)])
    receive_goods(warehouse=kiosk, producer=producer, lines=[(variant, 2)])


def test_a_consistent_ledger_exits_zero(stocked, capsys):
    call_command("check_stock_ledger")
    assert "Sổ kho khớp: 3 dòng tồn kho đã kiểm tra." in capsys.readouterr().out


def test_an_empty_ledger_is_consistent(db, capsys):
    call_command("check_stock_ledger")
    assert "Sổ kho khớp: 0 dòng tồn kho đã kiểm tra." in capsys.readouterr().out


def test_a_tampered_balance_exits_one_and_is_listed(stocked, variant, fulfilment, capsys):
    # Stock rows are not append-only: a stray UPDATE is exactly the fault the command exists to catch.
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Stock._meta.db_table} SET quantity = quantity + 5 WHERE warehouse_id = %s"
            " AND product_variant_id = %s",
            [fulfilment.pk, variant.pk],
        )
    with pytest.raises(SystemExit) as exit_info:
        call_command("check_stock_ledger")
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert "Sổ kho lệch: 1 chênh lệch trên 3 dòng tồn kho." in err
    assert f"{fulfilment.name} – {variant.sku}: tồn 15, tổng phiếu chuyển kho 10." in err


def test_a_missing_stock_row_is_listed(stocked, variant, kiosk, capsys):
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {Stock._meta.db_table} WHERE warehouse_id = %s AND product_variant_id = %s",
            [kiosk.pk, variant.pk],
        )
    with pytest.raises(SystemExit):
        call_command("check_stock_ledger")
    assert f"{kiosk.name} – {variant.sku}: có phiếu chuyển kho (tổng 2) nhưng không có dòng tồn kho." in (
        capsys.readouterr().err
    )
