"""Daily: email the managers the items at or below their low-stock threshold (once per local day)."""

from django.core.management.base import BaseCommand
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from inventory.services import send_low_stock_digest


class Command(BaseCommand):
    help = "Gửi email tổng hợp hàng sắp hết cho quản lý (mỗi ngày một lần, theo giờ Việt Nam)."

    def add_arguments(self, parser):
        parser.add_argument("--day", type=parse_date, help="YYYY-MM-DD (mặc định: hôm nay)")

    def handle(self, *args, day=None, **options):
        digest = send_low_stock_digest(day=day)
        if digest is None:
            self.stdout.write(_("Bản tin ngày này đã được gửi trước đó."))
        else:
            self.stdout.write(
                _("Ngày %(day)s: %(items)d mặt hàng sắp hết, %(people)d người nhận.")
                % {"day": f"{digest.day:%d/%m/%Y}", "items": digest.alert_count, "people": digest.recipient_count}
            )
