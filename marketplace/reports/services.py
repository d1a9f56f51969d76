"""Writes of the reports app: a table asked for as a file, and the job that makes the file."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from marketplace.core.errors import DomainError
from marketplace.core.validation import validated_save
from marketplace.reports import tables, tasks
from marketplace.reports.models import ReportExport
from marketplace.reports.selectors import Filters


@transaction.atomic
def request_report_export(*, user, table: str, filters: Filters, file_format: str) -> ReportExport:
    """Ask for a dashboard table as a CSV or XLSX file; a worker makes it (see build_report_export). Managers only."""
    if not (user.is_authenticated and user.is_manager):
        raise DomainError(_("Chỉ quản lý chương trình được xuất báo cáo."), code="not_manager")
    if table not in tables.BUILDERS:
        raise DomainError(_("Không có bảng báo cáo này."), code="invalid", field="table")
    if file_format not in ReportExport.FileFormat.values:
        raise DomainError(_("Định dạng tệp không hợp lệ."), code="invalid", field="file_format")
    export = validated_save(
        ReportExport(table=table, filters=filters.as_json(), file_format=file_format, requested_by=user)
    )
    tasks.build_report_export.defer(export_id=export.pk, language=translation.get_language() or "vi")
    return export


def _progress(export: ReportExport, percent: int) -> None:
    ReportExport.objects.filter(pk=export.pk).update(progress=percent)


def build_report_export(export_id: int, language: str = "vi") -> ReportExport:
    """Read the table, render it in the asker's language and mark the export ready, noting progress on the way.

    Should it fail, the export is marked failed (the page says so) and the error reaches the job.
    """
    export = ReportExport.objects.get(pk=export_id)
    if export.status == ReportExport.Status.READY:
        return export
    try:
        _progress(export, 10)
        with translation.override(language):
            table = tables.build_table(export.table, Filters.from_json(export.filters))
            _progress(export, 60)
            render, _content_type = tables.RENDERERS[export.file_format]
            content = render(table)
        export.file.save(f"{export.table}.{export.file_format}", ContentFile(content), save=False)
    except Exception:
        ReportExport.objects.filter(pk=export.pk).update(status=ReportExport.Status.FAILED)
        raise
    export.status = ReportExport.Status.READY
    export.progress = 100
    export.finished_at = timezone.now()
    export.save(update_fields=["file", "status", "progress", "finished_at"])
    return export
