"""Background jobs of the reports app: long dashboard exports made outside the request."""

from procrastinate.contrib.django import app

from marketplace.core.jobs import FILES_QUEUE
from marketplace.reports import services


@app.task(queue=FILES_QUEUE)
def build_report_export(*, export_id: int, language: str) -> None:
    services.build_report_export(export_id, language)
