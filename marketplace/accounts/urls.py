from django.urls import path

from marketplace.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.home, name="home"),
    path("dang-ky/", views.sign_up, name="sign_up"),
    path("dang-nhap/", views.SignInView.as_view(), name="login"),
    path("dang-xuat/", views.SignOutView.as_view(), name="logout"),
    path("quen-mat-khau/", views.PasswordResetView.as_view(), name="password_reset"),
    path("quen-mat-khau/da-gui/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "dat-lai-mat-khau/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("dat-lai-mat-khau/xong/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("don-hang/<int:number>/", views.order_detail, name="order"),
    path("dia-chi/", views.address_list, name="addresses"),
    path("dia-chi/them/", views.address_edit, name="address_add"),
    path("dia-chi/<int:address_id>/", views.address_edit, name="address_edit"),
    path("dia-chi/<int:address_id>/xoa/", views.address_delete, name="address_delete"),
    path("dia-chi/<int:address_id>/mac-dinh/", views.address_make_default, name="address_make_default"),
]
