"""Run every few minutes (cron or a scheduler): orders whose payment never came release their stock."""

from django.core.management.base import BaseCommand

from marketplace.payments.services import expire_unpaid_transfers
from marketplace.payments.stripe_payments import card_payments_enabled, expire_unpaid_card_orders


class Command(BaseCommand):
    help = "Expire VietQR transfer and card orders whose payment window has passed, releasing their stock."

    def handle(self, *args, **options):
        expired = expire_unpaid_transfers()
        if card_payments_enabled():
            expired += expire_unpaid_card_orders()
        for order in expired:
            self.stdout.write(f"#{order.number}")
        self.stdout.write(self.style.SUCCESS(f"{len(expired)} order(s) expired"))
