"""The write path for producers (OCOP "chủ thể")."""

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from marketplace.catalogue import services as catalogue
from marketplace.catalogue.models import ProductRevision
from marketplace.catalogue.services import reindex_products
from marketplace.core.errors import DomainError
from marketplace.core.slugs import unique_slug
from marketplace.core.text import nfc, text_block
from marketplace.core.validation import validated_save
from marketplace.producers import statements, tasks
from marketplace.producers.models import Producer, SettlementLine, SettlementRun, StartupProfile, StatementExport
from marketplace.producers.selectors import is_member

# Free text that may span several lines keeps its line breaks; every other text field is folded to one line.
_MULTILINE_FIELDS = {"story", "founders_story", "innovation", "support_received"}


def _normalised(field_name: str, value):
    if not isinstance(value, str):
        return value
    return text_block(value) if field_name in _MULTILINE_FIELDS else nfc(value)


@transaction.atomic
def create_producer(**fields) -> Producer:
    """Create a producer from model field values; the slug comes from the name unless given."""
    values = {name: _normalised(name, value) for name, value in fields.items()}
    if not values.get("slug"):
        values["slug"] = unique_slug(Producer, values.get("name", ""), fallback="chu-the")
    return validated_save(Producer(**values))


@transaction.atomic
def update_producer(*, producer: Producer, **fields) -> Producer:
    """A manager changes a producer's record; renaming it refreshes the search keys of its products, which
    hold the producer's name."""
    producer = Producer.objects.select_for_update().get(pk=producer.pk)
    old_name = producer.name
    for name, value in fields.items():
        setattr(producer, name, _normalised(name, value))
    validated_save(producer)
    if producer.name != old_name:
        reindex_products(producer.products.all())
    return producer


# What a producer's member may change about their own producer; the rest (name, tax code, commission) is the
# programme's business.
PROFILE_FIELDS = ("contact_name", "phone", "email", "street_address", "story")


@transaction.atomic
def update_producer_profile(*, producer, user, **fields) -> Producer:
    """A member (or a manager) updates the producer's contact details and story."""
    if not (getattr(user, "is_manager", False) or getattr(user, "producer_id", None) == producer.pk):
        raise DomainError(_("Bạn không quản lý hồ sơ của chủ thể này."), code="not_member")
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise DomainError(_("Không sửa được trường này."), code="not_editable", field=sorted(unknown)[0])
    producer = Producer.objects.select_for_update().get(pk=producer.pk)
    for name, value in fields.items():
        setattr(producer, name, _normalised(name, value))
    return validated_save(producer)


def _may_see_statements(user, producer) -> bool:
    return user.is_authenticated and (user.is_manager or (is_member(user) and user.producer_id == producer.pk))


@transaction.atomic
def request_statement_export(*, producer, month: datetime.date, file_format: str, user) -> StatementExport:
    """Ask for a month's statement as a PDF or XLSX file; a worker makes it (see build_statement_export).

    The producer's own members and the managers may ask. The job is deferred in this transaction.
    """
    if not _may_see_statements(user, producer):
        raise DomainError(_("Bạn không xem được bảng kê của chủ thể này."), code="not_member")
    if file_format not in StatementExport.FileFormat.values:
        raise DomainError(_("Định dạng tệp không hợp lệ."), code="invalid", field="file_format")
    export = validated_save(
        StatementExport(producer=producer, month=month.replace(day=1), file_format=file_format, requested_by=user)
    )
    tasks.build_statement_export.defer(export_id=export.pk, language=translation.get_language() or "vi")
    return export


RENDERERS = {StatementExport.FileFormat.PDF: statements.as_pdf, StatementExport.FileFormat.XLSX: statements.as_xlsx}


def build_statement_export(export_id: int, language: str = "vi") -> StatementExport:
    """Render the asked-for statement, in the asker's language, into the export's file and mark it ready.

    Should rendering fail, the export is marked failed (the page says so) and the error reaches the job, which
    managers see in the admin.
    """
    export = StatementExport.objects.select_related("producer").get(pk=export_id)
    if export.status == StatementExport.Status.READY:
        return export
    try:
        with translation.override(language):
            content = RENDERERS[export.file_format](statements.consignment_statement(export.producer, export.month))
        export.file.save(f"bang-ke.{export.file_format}", ContentFile(content), save=False)
    except Exception:
        StatementExport.objects.filter(pk=export.pk).update(status=StatementExport.Status.FAILED)
        raise
    export.status = StatementExport.Status.READY
    export.finished_at = timezone.now()
    export.save(update_fields=["file", "status", "finished_at"])
    return export


# Startup projects. Managers create and edit the profile (the admin); a producer's members propose changes to
# it, which wait in the same review queue as product changes (a ProductRevision whose subject is the profile).

STARTUP_MANAGER_FIELDS = (*StartupProfile.PROPOSABLE_FIELDS, "status")


def _startup_values(fields: dict, allowed) -> dict:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise DomainError(_("Không sửa được trường này."), code="not_editable", field=sorted(unknown)[0])
    return {name: _normalised(name, value) for name, value in fields.items()}


@transaction.atomic
def create_startup_profile(*, producer, **fields) -> StartupProfile:
    """A manager marks a producer as a startup project; its products then answer to "khởi nghiệp" in search."""
    values = _startup_values(fields, STARTUP_MANAGER_FIELDS)
    profile = validated_save(StartupProfile(producer=producer, **values))
    reindex_products(producer.products.all())
    return profile


@transaction.atomic
def update_startup_profile(*, profile, **fields) -> StartupProfile:
    """A manager's edit of a startup profile, the project status included (only managers set it)."""
    values = _startup_values(fields, {"producer", *STARTUP_MANAGER_FIELDS})
    profile = StartupProfile.objects.select_for_update().get(pk=profile.pk)
    old_producer = profile.producer_id
    for name, value in values.items():
        setattr(profile, name, value)
    validated_save(profile)
    if profile.producer_id != old_producer:
        reindex_products(Producer.objects.get(pk=old_producer).products.all())
        reindex_products(profile.producer.products.all())
    return profile


@transaction.atomic
def delete_startup_profile(*, profile) -> None:
    producer = profile.producer
    profile.delete()
    reindex_products(producer.products.all())


def _require_startup_member(profile, user) -> None:
    if getattr(user, "producer_id", None) != profile.producer_id:
        raise DomainError(_("Bạn không quản lý hồ sơ của chủ thể này."), code="not_member")


def open_startup_revision(profile, *, lock=False) -> ProductRevision | None:
    revisions = ProductRevision.objects.filter(startup_profile=profile, status__in=ProductRevision.OPEN_STATUSES)
    return (revisions.select_for_update() if lock else revisions).first()


@transaction.atomic
def propose_startup_profile_change(*, profile, user, **fields) -> ProductRevision:
    """A member's proposed change to their startup profile: kept in the open revision until a manager approves.

    The project status is not among the fields a member may propose: a producer cannot make itself a flagship.
    """
    _require_startup_member(profile, user)
    values = _startup_values(fields, StartupProfile.PROPOSABLE_FIELDS)
    profile = StartupProfile.objects.select_for_update().get(pk=profile.pk)
    catalogue.checked_copy(profile, values)
    revision = open_startup_revision(profile, lock=True)
    if revision is not None and revision.status == ProductRevision.Status.SUBMITTED:
        raise DomainError(_("Hồ sơ đang chờ duyệt: hãy chờ kết quả rồi sửa tiếp."), code="in_review")
    if revision is None:
        revision = ProductRevision.objects.create(startup_profile=profile, created_by=user)
    as_json = {name: value.isoformat() if hasattr(value, "isoformat") else value for name, value in values.items()}
    current = {
        name: value.isoformat() if hasattr(value, "isoformat") else value
        for name, value in ((name, getattr(profile, name)) for name in as_json)
    }
    catalogue.propose(revision, "startup_profile", None, as_json, current)
    return revision


@transaction.atomic
def submit_startup_profile_change(*, profile, user) -> ProductRevision:
    """Send the proposed change of a startup profile to the managers' review queue."""
    _require_startup_member(profile, user)
    revision = open_startup_revision(profile, lock=True)
    if revision is None or not revision.changes:
        raise DomainError(_("Chưa có thay đổi nào để gửi duyệt."), code="nothing_to_submit")
    if revision.status == ProductRevision.Status.SUBMITTED:
        raise DomainError(_("Hồ sơ đang chờ duyệt: hãy chờ kết quả rồi sửa tiếp."), code="in_review")
    revision.status = ProductRevision.Status.SUBMITTED
    revision.submitted_at = timezone.now()
    revision.save(update_fields=["status", "submitted_at"])
    return revision


def _proposed_values(changes: dict) -> dict:
    """The proposals of a revision that a member may make, as model values (dates from their JSON text).

    Anything else in the JSON (the status, a field that does not exist) is dropped: only what
    PROPOSABLE_FIELDS names can reach the profile through a review.
    """
    proposed = changes.get("startup_profile", {})
    values = {name: proposed[name] for name in StartupProfile.PROPOSABLE_FIELDS if name in proposed}
    if values.get("support_decision_date"):
        values["support_decision_date"] = datetime.date.fromisoformat(values["support_decision_date"])
    return values


@transaction.atomic
def approve_revision(*, revision, user, comment="") -> ProductRevision:
    """Approve a submitted revision from the review queue: a product's (catalogue) or a startup profile's."""
    if revision.startup_profile_id is None:
        return catalogue.approve_revision(revision=revision, user=user, comment=comment)
    catalogue.require_reviewer(user)
    profile = StartupProfile.objects.select_for_update().get(pk=revision.startup_profile_id)
    revision = catalogue.locked_submitted(revision)
    for name, value in _proposed_values(revision.changes).items():
        setattr(profile, name, value)
    validated_save(profile)
    return catalogue.close_review(revision, user=user, approved=True, comment=comment)


@transaction.atomic
def reject_revision(*, revision, user, comment) -> ProductRevision:
    """Send a submitted revision back with the reason: a product's (catalogue) or a startup profile's."""
    if revision.startup_profile_id is None:
        return catalogue.reject_revision(revision=revision, user=user, comment=comment)
    catalogue.require_reviewer(user)
    comment = catalogue.rejection_comment(comment)
    StartupProfile.objects.select_for_update().get(pk=revision.startup_profile_id)
    revision = catalogue.locked_submitted(revision)
    return catalogue.close_review(revision, user=user, approved=False, comment=comment)


# --- Settlement runs -------------------------------------------------------------------------------------------


def _manager_only(user) -> None:
    if not getattr(user, "is_manager", False):
        raise DomainError(_("Chỉ quản lý chương trình được quyết toán."), code="not_manager")


def _settlement_lines(run: SettlementRun) -> list[SettlementLine]:
    """The run's lines from the statement arithmetic (statements.compute_statements), one producer at a time:
    the month's own figures, then one line per earlier locked month that changed since it was settled."""
    lines = []
    for statement in statements.compute_statements(run.month, Producer.objects.order_by("pk")).values():
        if not (statement.producer.is_active or statement.lines or statement.adjustments):
            continue  # a producer no longer in the programme, with nothing in this month
        lines.append(
            SettlementLine(
                run=run,
                producer=statement.producer,
                period=run.month,
                kiosk_units=sum(line.kiosk_units for line in statement.lines),
                units_by_kiosk=statement.kiosks,
                online_units=sum(line.online_units for line in statement.lines),
                returned_units=sum(line.returned_units for line in statement.lines),
                revenue=statement.sales_revenue,
                vat_amount=sum(line.vat for line in statement.lines),
                commission_rate=statement.commission_rate,
                commission=statement.sales_commission,
                payable=statement.sales_revenue - statement.sales_commission,
                items=[line.as_item() for line in statement.lines],
            )
        )
        lines.extend(
            SettlementLine(
                run=run,
                producer=statement.producer,
                period=adjustment.period,
                kiosk_units=adjustment.kiosk_units,
                online_units=adjustment.online_units,
                returned_units=adjustment.returned_units,
                revenue=adjustment.revenue,
                vat_amount=adjustment.vat,
                commission_rate=statement.commission_rate,
                commission=adjustment.commission,
                payable=adjustment.payable,
            )
            for adjustment in statement.adjustments
        )
    return lines


def _figures(lines) -> list[tuple]:
    columns = ("producer_id", "period", "kiosk_units", "online_units", "returned_units", "revenue", "vat_amount")
    return sorted(
        tuple(getattr(line, name) for name in columns)
        + (line.commission, line.payable, line.items, line.units_by_kiosk)
        for line in lines
    )


@transaction.atomic
def create_settlement_run(*, month: datetime.date, user) -> SettlementRun:
    """A manager opens the settlement of a month as a draft, with a line for every producer.

    Runs follow one another month by month: the earlier run must be locked first, and the new month is the one
    after it (the first run may be of any month).
    """
    _manager_only(user)
    month = month.replace(day=1)
    # Two managers opening runs at once: the database keeps one draft (settlement_run_one_draft) and one run a
    # month; the checks below give the reasons in words.
    if SettlementRun.objects.filter(month=month).exists():
        raise DomainError(_("Tháng %(month)s đã có kỳ quyết toán.") % {"month": f"{month:%m/%Y}"}, code="run_exists")
    if SettlementRun.objects.filter(status=SettlementRun.Status.DRAFT).exists():
        raise DomainError(_("Hãy khoá kỳ quyết toán đang mở trước khi lập kỳ mới."), code="draft_open", field="month")
    latest = SettlementRun.objects.order_by("-month").values_list("month", flat=True).first()
    following = None if latest is None else (latest + datetime.timedelta(days=31)).replace(day=1)
    if following is not None and month != following:
        # A skipped month would never be settled; an earlier one would miss the adjustments already carried.
        raise DomainError(
            _("Kỳ quyết toán tiếp theo là tháng %(month)s.") % {"month": f"{following:%m/%Y}"},
            code="not_next_month",
            field="month",
        )
    run = validated_save(SettlementRun(month=month, created_by=user))
    SettlementLine.objects.bulk_create(_settlement_lines(run))
    return run


@transaction.atomic
def recompute_settlement_run(*, run: SettlementRun, user) -> SettlementRun:
    """A draft's lines computed again from the records as they are now (after a late sync, before review)."""
    _manager_only(user)
    run = SettlementRun.objects.select_for_update().get(pk=run.pk)
    if run.is_locked:
        raise DomainError(_("Kỳ %(month)s đã khoá, không tính lại được.") % {"month": run}, code="run_locked")
    run.lines.all().delete()
    SettlementLine.objects.bulk_create(_settlement_lines(run))
    return run


@transaction.atomic
def lock_settlement_run(*, run: SettlementRun, user) -> SettlementRun:
    """A manager locks the reviewed run: from now on the database refuses any change to it or its lines.

    The figures are computed once more; when they differ from the reviewed ones (a sale synced in the meantime),
    nothing is locked and the manager recomputes and reviews again.
    """
    _manager_only(user)
    run = SettlementRun.objects.select_for_update().get(pk=run.pk)
    if run.is_locked:
        raise DomainError(_("Kỳ %(month)s đã khoá.") % {"month": run}, code="run_locked")
    if _figures(run.lines.all()) != _figures(_settlement_lines(run)):
        raise DomainError(
            _("Số liệu tháng %(month)s đã thay đổi từ lúc lập kỳ: hãy tính lại và xem lại trước khi khoá.")
            % {"month": run},
            code="figures_changed",
        )
    run.status = SettlementRun.Status.LOCKED
    run.locked_at = timezone.now()
    run.locked_by = user
    run.save(update_fields=["status", "locked_at", "locked_by"])
    return run
