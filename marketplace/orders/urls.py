from django.urls import path

from marketplace.orders import views

app_name = "orders"
urlpatterns = [path("don-hang/<uuid:token>/", views.detail, name="detail")]
