"""First requests for the same thumbnail arriving together render it once and all get the same row.

Committed for real (transaction=True): the row lock that queues them only matters between transactions.
"""

import threading

import pytest
from django.db import connection

from marketplace.catalogue.models import Thumbnail
from marketplace.catalogue.services import add_product_media, get_or_create_thumbnail
from tests.catalogue.imagefiles import encoded, two_tone, upload

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
THREADS = 8


def test_concurrent_first_requests_make_one_thumbnail(product, media_root):
    media = add_product_media(product=product, uploaded_file=upload(encoded(two_tone(2000, 1000), "JPEG")))
    barrier = threading.Barrier(THREADS)
    outcomes = [None] * THREADS

    def request(index):
        try:
            barrier.wait()
            outcomes[index] = get_or_create_thumbnail(media_id=media.pk, size=1024, image_format="webp").pk
        except Exception as error:  # noqa: BLE001 - the outcome is the assertion's business
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=request, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert Thumbnail.objects.count() == 1
    assert outcomes == [Thumbnail.objects.get().pk] * THREADS
    assert len(list((media_root / "thumbnails" / str(media.pk)).iterdir())) == 1
