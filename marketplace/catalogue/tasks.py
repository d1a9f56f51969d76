"""Background jobs of the catalogue: a new photo's thumbnails are rendered before any shopper asks for them; the
listings' table is kept vacuumed and analysed."""

from procrastinate.contrib.django import app

from marketplace.catalogue import services
from marketplace.core.jobs import FILES_QUEUE, PERIODIC_QUEUE


@app.task(queue=FILES_QUEUE)
def render_thumbnails(*, media_id: int) -> int:
    return len(services.render_thumbnails(media_id=media_id))


@app.periodic(cron="47 * * * *")
@app.task(queue=PERIODIC_QUEUE, queueing_lock="vacuum_listed_products")
def vacuum_listed_products(timestamp: int) -> None:
    services.vacuum_listed_products()
