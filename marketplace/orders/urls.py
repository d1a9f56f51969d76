from django.urls import path

from marketplace.orders import views

app_name = "orders"
urlpatterns = [
    path("don-hang/<uuid:token>/", views.detail, name="detail"),
    path("don-hang/<uuid:token>/huy/", views.cancel, name="cancel"),
    path("tai-khoan/don-hang/", views.my_orders, name="list"),
]
