"""`manage.py restore BACKUP_FOLDER --database NAME --media-root DIR`: a backup into a new database on the
configured server and an empty media folder; prints the restored row counts. Then point DATABASE_URL and
XQ_VAR_DIR at them, and check the stock ledger (`check_stock_ledger`) before serving."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from marketplace.core.backups import restore_backup
from marketplace.core.errors import DomainError


class Command(BaseCommand):
    help = _("Khôi phục một bản sao lưu vào một cơ sở dữ liệu mới và một thư mục ảnh trống.")

    def add_arguments(self, parser):
        parser.add_argument("folder", help=_("thư mục của bản sao lưu"))
        parser.add_argument("--database", required=True, help=_("tên cơ sở dữ liệu mới"))
        parser.add_argument("--media-root", required=True, help=_("thư mục ảnh mới (trống)"))

    def handle(self, *args, folder, database, media_root, **options):
        try:
            counts = restore_backup(Path(folder), database=database, media_root=Path(media_root))
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(self.style.SUCCESS(_("Đã khôi phục vào cơ sở dữ liệu %(name)s.") % {"name": database}))
        for label, count in counts.items():
            self.stdout.write(f"  {label}: {count}")
