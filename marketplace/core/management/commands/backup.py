"""`manage.py backup [--to DIR]`: the database (pg_dump, custom format) and MEDIA_ROOT into a dated folder with a
manifest (marketplace.core.backups). Exits 1 with the reason when a tool fails, so a cron job can alert on it."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from marketplace.core.backups import create_backup
from marketplace.core.errors import DomainError


class Command(BaseCommand):
    help = _("Sao lưu cơ sở dữ liệu và ảnh vào một thư mục mới theo thời gian.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--to", dest="destination", default=str(settings.XQ_BACKUP_DIR), help=_("thư mục chứa các bản sao lưu")
        )

    def handle(self, *args, destination, **options):
        try:
            folder = create_backup(Path(destination))
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(self.style.SUCCESS(_("Đã sao lưu vào %(folder)s") % {"folder": folder}))
