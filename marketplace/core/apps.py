from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from procrastinate.contrib.django.apps import ProcrastinateConfig


class CoreConfig(AppConfig):
    name = "marketplace.core"
    label = "core"


class BackgroundJobsConfig(ProcrastinateConfig):
    """procrastinate, named in Vietnamese in the admin (its own app has no translatable names)."""

    verbose_name = _("Việc chạy nền")

    def ready(self):
        super().ready()
        # The job table is procrastinate's and unmanaged: its names are not in any migration's state that
        # matters, so naming it here changes only what the admin shows.
        job = self.get_model("ProcrastinateJob")
        job._meta.verbose_name = _("việc chạy nền")
        job._meta.verbose_name_plural = _("việc chạy nền")


class SignInThrottlingConfig(AxesAppConfig):
    """django-axes, named in Vietnamese in the admin."""

    verbose_name = _("Chống dò mật khẩu")
