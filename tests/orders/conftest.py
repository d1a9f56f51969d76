from tests.checkout.fixtures import category, channel, fulfilment, make_variant, producer, second_variant, variant

__all__ = ["category", "channel", "fulfilment", "make_variant", "producer", "second_variant", "variant"]
