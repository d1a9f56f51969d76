"""First requests for the same thumbnail arriving together render it once and all get the same row.

Committed for real (transaction=True): the row lock that queues them only matters between transactions.
"""

import pytest

from marketplace.catalogue.models import Thumbnail
from marketplace.catalogue.services import add_product_media, get_or_create_thumbnail
from tests.catalogue.imagefiles import encoded, two_tone, upload
from tests.concurrency import run_together

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
THREADS = 8


def test_concurrent_first_requests_make_one_thumbnail(published_product, media_root):
    media = add_product_media(product=published_product, uploaded_file=upload(encoded(two_tone(2000, 1000), "JPEG")))
    outcomes = run_together(
        lambda _index: get_or_create_thumbnail(media_id=media.pk, size=1024, image_format="webp").pk, THREADS
    )

    assert Thumbnail.objects.count() == 1
    assert outcomes == [Thumbnail.objects.get().pk] * THREADS
    assert len(list((media_root / "thumbnails" / str(media.pk)).iterdir())) == 1
