from django.contrib import admin
from django.urls import include, path

from marketplace.core.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("pos/", include("inventory.pos.urls")),
    path("thumbnail/", include("marketplace.catalogue.urls")),
    path("", include("marketplace.checkout.urls")),
    path("", include("marketplace.orders.urls")),
    path("", include("marketplace.payments.urls")),
    path("", include("storefront_theme.urls")),
]
