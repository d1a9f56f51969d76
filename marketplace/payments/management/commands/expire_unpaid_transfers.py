"""Run every few minutes (cron or a scheduler): transfer orders past their payment window release their stock."""

from django.core.management.base import BaseCommand

from marketplace.payments.services import expire_unpaid_transfers


class Command(BaseCommand):
    help = "Expire VietQR transfer orders whose payment window has passed, releasing the stock they hold."

    def handle(self, *args, **options):
        expired = expire_unpaid_transfers()
        for order in expired:
            self.stdout.write(f"#{order.number}")
        self.stdout.write(self.style.SUCCESS(f"{len(expired)} order(s) expired"))
