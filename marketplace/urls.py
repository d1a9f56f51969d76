from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt

from marketplace.core.views import healthz, readyz
from marketplace.graphql.views import SchemaView

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    # Queries only so far: nothing to forge. Mutations that act on a session must bring CSRF back.
    path("graphql/", csrf_exempt(SchemaView.as_view(graphiql=True)), name="graphql"),
    path("pos/", include("inventory.pos.urls")),
    path("thumbnail/", include("marketplace.catalogue.urls")),
    path("tai-khoan/", include("marketplace.accounts.urls")),
    path("", include("marketplace.checkout.urls")),
    path("", include("marketplace.orders.urls")),
    path("", include("marketplace.payments.urls")),
    path("nha-san-xuat/", include("marketplace.producers.urls")),
    path("", include("storefront_theme.urls")),
]
