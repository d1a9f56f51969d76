"""Background jobs as a manager reads them: in Vietnamese, failed ones easy to find and to run again.

procrastinate ships an admin page in English with emoji that our fonts lack; this one keeps its actions (they
call procrastinate's own job manager) and says the rest in words.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from procrastinate.contrib.django.admin import ProcrastinateJobAdmin
from procrastinate.contrib.django.models import ProcrastinateEvent, ProcrastinateJob

# Each task by its function's name; a task missing here shows that name.
JOB_LABELS = {
    "send_invitation_email": _("Gửi email mời tham gia"),
    "send_password_reset_email": _("Gửi email đặt lại mật khẩu"),
    "send_order_email": _("Gửi email đơn hàng"),
    "render_thumbnails": _("Tạo ảnh thu nhỏ"),
    "delete_expired_reservations": _("Bỏ giữ hàng đã hết hạn"),
    "expire_unpaid_orders": _("Huỷ đơn quá hạn thanh toán"),
    "send_low_stock_digest": _("Gửi báo cáo hàng sắp hết"),
    "build_statement_export": _("Xuất bảng kê cho chủ thể"),
    "remove_old_jobs": _("Dọn việc chạy nền cũ"),
}

STATUS_LABELS = {
    "todo": _("Chờ chạy"),
    "doing": _("Đang chạy"),
    "succeeded": _("Xong"),
    "failed": _("Lỗi"),
    "cancelled": _("Đã huỷ"),
    "aborting": _("Đang dừng"),
    "aborted": _("Đã dừng"),
}

EVENT_LABELS = {
    "deferred": _("Đưa vào hàng đợi"),
    "started": _("Bắt đầu"),
    "deferred_for_retry": _("Hẹn chạy lại"),
    "failed": _("Lỗi"),
    "succeeded": _("Xong"),
    "cancelled": _("Đã huỷ"),
    "abort_requested": _("Yêu cầu dừng"),
    "aborted": _("Đã dừng"),
    "scheduled": _("Hẹn giờ"),
}


class JobEventInline(admin.TabularInline):
    model = ProcrastinateEvent
    verbose_name = _("sự kiện")
    verbose_name_plural = _("lịch sử")
    fields = ["what", "when"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["-at"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("sự kiện"))
    def what(self, event):
        return EVENT_LABELS.get(event.type, event.type)

    @admin.display(description=_("thời điểm"))
    def when(self, event):
        return event.at


class StatusFilter(admin.SimpleListFilter):
    title = _("trạng thái")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return list(STATUS_LABELS.items())

    def queryset(self, request, queryset):
        return queryset.filter(status=self.value()) if self.value() else queryset


class BackgroundJobAdmin(ProcrastinateJobAdmin):
    fields = ["pk", "task", "task_path", "state", "queue", "scheduled", "tries", "arguments"]
    list_display = ["pk", "task", "state", "queue", "scheduled", "tries"]
    list_filter = [StatusFilter]
    inlines = [JobEventInline]
    actions = ["retry", "cancel", "abort"]

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    @admin.display(description=_("tham số"))
    def arguments(self, job):
        return self.pretty_args(job)

    @admin.display(description=_("tên trong mã nguồn"))
    def task_path(self, job):
        return job.task_name

    @admin.display(description=_("việc"), ordering="task_name")
    def task(self, job):
        function_name = job.task_name.rsplit(".", 1)[-1]
        return JOB_LABELS.get(function_name, function_name)

    @admin.display(description=_("trạng thái"), ordering="status")
    def state(self, job):
        return STATUS_LABELS.get(job.status, job.status)

    @admin.display(description=_("hàng đợi"), ordering="queue_name")
    def queue(self, job):
        return job.queue_name

    @admin.display(description=_("hẹn chạy lúc"), ordering="scheduled_at")
    def scheduled(self, job):
        return job.scheduled_at

    @admin.display(description=_("số lần chạy"), ordering="attempts")
    def tries(self, job):
        return job.attempts

    @admin.action(description=_("Chạy lại (việc lỗi hoặc đang chạy dở)"))
    def retry(self, request, queryset):
        ProcrastinateJobAdmin.retry(self, request, queryset)

    @admin.action(description=_("Huỷ (việc đang chờ)"))
    def cancel(self, request, queryset):
        ProcrastinateJobAdmin.cancel(self, request, queryset)

    @admin.action(description=_("Dừng (việc đang chờ hoặc đang chạy)"))
    def abort(self, request, queryset):
        ProcrastinateJobAdmin.abort(self, request, queryset)


admin.site.unregister(ProcrastinateJob)
admin.site.register(ProcrastinateJob, BackgroundJobAdmin)
