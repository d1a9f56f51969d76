from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt

from marketplace.core.error_views import answers_json
from marketplace.core.views import favicon, healthz, readyz
from marketplace.graphql.views import SchemaView
from marketplace.reports.views import admin_index

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("favicon.ico", favicon, name="favicon"),
    path("i18n/", include("django.conf.urls.i18n")),
    # A manager lands on the dashboard after signing in to the admin; its pages live beside the admin's own.
    path("admin/", admin_index, name="admin_landing"),
    path("admin/tong-quan/", include("marketplace.reports.urls")),
    path("admin/", admin.site.urls),
    # Queries only so far: nothing to forge. Mutations that act on a session must bring CSRF back.
    # GraphiQL (the in-browser editor, from our own static files) only on a developer's machine (DEBUG).
    path("graphql/", answers_json(csrf_exempt(SchemaView.as_view())), name="graphql"),
    path("pos/", include("inventory.pos.urls")),
    path("thumbnail/", include("marketplace.catalogue.urls")),
    path("tai-khoan/", include("marketplace.accounts.urls")),
    path("", include("marketplace.checkout.urls")),
    path("", include("marketplace.orders.urls")),
    path("", include("marketplace.payments.urls")),
    path("nha-san-xuat/", include("marketplace.producers.urls")),
    path("", include("storefront_theme.urls")),
]

handler400 = "marketplace.core.error_views.bad_request"
handler403 = "marketplace.core.error_views.permission_denied"
handler404 = "marketplace.core.error_views.page_not_found"
handler500 = "marketplace.core.error_views.server_error"
