"""Background jobs of the producer portal: statement files made outside the request."""

from procrastinate.contrib.django import app

from marketplace.core.jobs import FILES_QUEUE
from marketplace.producers import services


@app.task(queue=FILES_QUEUE)
def build_statement_export(*, export_id: int, language: str) -> None:
    services.build_statement_export(export_id, language)
