"""`manage.py check_stock_ledger`: every cached balance must equal the sum of its movements.

Exits 0 with a one-line summary when the ledger adds up, 1 with one line per discrepancy when it does not,
so a cron job or CI step can alert on the exit status alone.
"""

import sys

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from inventory.models import Stock, Warehouse
from inventory.selectors import ledger_discrepancies
from marketplace.catalogue.models import ProductVariant


class Command(BaseCommand):
    help = _("Kiểm tra mọi số dư tồn kho bằng tổng các phiếu chuyển kho; thoát với mã 1 nếu có chênh lệch.")

    def handle(self, *args, **options):
        discrepancies = ledger_discrepancies()
        checked = Stock.objects.count()
        if not discrepancies:
            self.stdout.write(
                self.style.SUCCESS(_("Sổ kho khớp: %(count)d dòng tồn kho đã kiểm tra.") % {"count": checked})
            )
            return
        places = Warehouse.objects.in_bulk({d.warehouse_id for d in discrepancies})
        skus = dict(
            ProductVariant.objects.filter(pk__in={d.variant_id for d in discrepancies}).values_list("pk", "sku")
        )
        self.stderr.write(
            self.style.ERROR(
                _("Sổ kho lệch: %(count)d chênh lệch trên %(checked)d dòng tồn kho.")
                % {"count": len(discrepancies), "checked": checked}
            )
        )
        for d in discrepancies:
            place = places[d.warehouse_id]
            if d.balance is None:
                line = _("%(place)s – %(sku)s: có phiếu chuyển kho (tổng %(sum)d) nhưng không có dòng tồn kho.")
            elif not place.is_physical:
                line = _("%(place)s – %(sku)s: địa điểm ảo không được có dòng tồn kho (tồn %(balance)d).")
            else:
                line = _("%(place)s – %(sku)s: tồn %(balance)d, tổng phiếu chuyển kho %(sum)d.")
            self.stderr.write(
                line
                % {"place": place.name, "sku": skus[d.variant_id], "balance": d.balance or 0, "sum": d.movements_sum}
            )
        sys.exit(1)
