"""Shared fixtures. The locations and channels come from data migrations, so every test database has them.

The online-shopping fixtures (a producer's stocked variant, a filled checkout, a placed order) serve the
accounts, checkout, orders and payments tests alike; a folder's own conftest may still override a name.
"""

pytest_plugins = ["tests.checkout.fixtures", "tests.payments.stripe_stand_in"]
