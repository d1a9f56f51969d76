"""The ledger is append-only in the database: a trigger refuses UPDATE and DELETE of movements."""

import pytest
from django.db import IntegrityError, transaction

from inventory.models import StockMovement
from inventory.services import receive_goods


@pytest.fixture
def movement(producer, variant, fulfilment):
    return receive_goods(warehouse=fulfilment, producer=producer, lines=[(variant, 5)])[0]


def test_saving_a_changed_movement_is_refused(movement):
    movement.quantity = 50
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        movement.save()
    assert StockMovement.objects.get(pk=movement.pk).quantity == 5


def test_queryset_update_is_refused(movement):
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        StockMovement.objects.filter(pk=movement.pk).update(note="sửa lén")
    assert StockMovement.objects.get(pk=movement.pk).note == ""


def test_delete_is_refused(movement):
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        movement.delete()
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        StockMovement.objects.all().delete()
    assert StockMovement.objects.filter(pk=movement.pk).exists()
