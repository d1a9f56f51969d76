"""The catalogue version: a number raised by every write to what the storefront shows, so that anything cached
under it (storefront_theme/caching.py) is never served after a change.

It is a PostgreSQL sequence: raising it takes no lock, so catalogue writes never queue or deadlock on it. A write
raises it at once (in its own transaction, so the same transaction's next page sees it) and again when the
transaction commits: a page read between the two saw the old rows under the new number, and the second raise
leaves that behind. marketplace/catalogue/signals.py calls bump_catalogue_version on every save and delete of a
product, variant, photo, group, channel listing or price, certificate or producer; a service that writes those
rows in bulk (bulk_update, queryset.update) calls it itself.
"""

from django.db import connection, transaction

SEQUENCE = "catalogue_version"


def _bump() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(%s)", [SEQUENCE])


def bump_catalogue_version() -> None:
    _bump()
    if connection.in_atomic_block and not any(entry[1] is _bump for entry in connection.run_on_commit):
        transaction.on_commit(_bump)
