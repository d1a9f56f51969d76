from django.urls import path

from marketplace.orders import views

app_name = "orders"
urlpatterns = [
    path("don-hang/<uuid:token>/", views.detail, name="detail"),
    path("don-hang/<uuid:token>/da-dat/", views.placed, name="placed"),
    path("don-hang/<uuid:token>/vietqr.png", views.transfer_qr, name="transfer_qr"),
    path("don-hang/<uuid:token>/huy/", views.cancel, name="cancel"),
    path("don-hang/<uuid:token>/the/", views.pay_card, name="pay_card"),
    path("don-hang/<uuid:token>/the/ket-qua/", views.card_return, name="card_return"),
    path("tai-khoan/don-hang/", views.my_orders, name="list"),
]
