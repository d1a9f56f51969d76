from django.urls import path

from marketplace.checkout import views

app_name = "checkout"
urlpatterns = [
    path("gio-hang/", views.cart, name="cart"),
    path("gio-hang/them/", views.add, name="add"),
    path("gio-hang/san-pham/<int:variant_id>/", views.update_line, name="update_line"),
    path("thanh-toan/", views.details, name="details"),
    path("thanh-toan/xac-nhan/", views.summary, name="summary"),
]
