"""Short ways to write till input in tests."""

import uuid

from inventory.pos.services import LineInput, PaymentInput


def line(variant, quantity=1, discount_percent=0):
    return LineInput(
        client_uuid=uuid.uuid4(), variant_id=variant.pk, quantity=quantity, discount_percent=discount_percent
    )


def cash(amount):
    return PaymentInput(client_uuid=uuid.uuid4(), method="cash", amount=amount)
