from tests.checkout.fixtures import (
    category,
    channel,
    fill_details,
    fulfilment,
    make_variant,
    place_order,
    producer,
    second_variant,
    standard_delivery,
    variant,
)

__all__ = [
    "category",
    "channel",
    "fill_details",
    "fulfilment",
    "make_variant",
    "place_order",
    "producer",
    "second_variant",
    "standard_delivery",
    "variant",
]
