"""By hand or from cron; the worker also runs the same service every few minutes (marketplace.payments.tasks)."""

from django.core.management.base import BaseCommand

from marketplace.payments.services import expire_unpaid_orders


class Command(BaseCommand):
    help = "Expire VietQR transfer and card orders whose payment window has passed, releasing their stock."

    def handle(self, *args, **options):
        expired = expire_unpaid_orders()
        for order in expired:
            self.stdout.write(f"#{order.number}")
        self.stdout.write(self.style.SUCCESS(f"{len(expired)} order(s) expired"))
