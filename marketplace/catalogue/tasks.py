"""Background jobs of the catalogue: a new photo's thumbnails are rendered before any shopper asks for them."""

from procrastinate.contrib.django import app

from marketplace.catalogue import services
from marketplace.core.jobs import FILES_QUEUE


@app.task(queue=FILES_QUEUE)
def render_thumbnails(*, media_id: int) -> int:
    return len(services.render_thumbnails(media_id=media_id))
