from django.contrib.auth.views import LogoutView
from django.urls import path

from inventory.pos import stock_views, views

app_name = "pos"
urlpatterns = [
    path("", views.home, name="home"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", LogoutView.as_view(next_page="pos:login"), name="logout"),
    path("hoa-don/<int:pk>/", views.receipt, name="receipt"),
    path("tra-cuu/<str:code>/", views.receipt_lookup, name="receipt_lookup"),
    path("ca/<int:pk>/", views.cash_session_detail, name="cash_session_detail"),
    path("chuyen-kho/<int:pk>/", stock_views.transfer, name="transfer"),
    path("kiem-ke/<int:pk>/", stock_views.count, name="count"),
    path("sap-het/", stock_views.low_stock, name="low_stock"),
    path("ma-hang/", stock_views.lookup, name="lookup"),
    path("<slug:slug>/", views.till, name="till"),
    path("<slug:slug>/tim/", views.search, name="search"),
    path("<slug:slug>/danh-muc/", views.catalogue, name="catalogue"),
    path("<slug:slug>/ban/", views.record_sale, name="record_sale"),
    path("<slug:slug>/vietqr/", views.vietqr_image, name="vietqr"),
    path("<slug:slug>/ca/", views.cash_session, name="cash_session"),
    path("<slug:slug>/bao-cao-z/", views.z_report, name="z_report"),
    path("<slug:slug>/nhap-hang/", views.goods_receipt, name="goods_receipt"),
    path("<slug:slug>/chuyen-kho/", stock_views.transfers, name="transfers"),
    path("<slug:slug>/kiem-ke/", stock_views.counts, name="counts"),
    path("<slug:slug>/hop-qua/", stock_views.gift_sets, name="gift_sets"),
]
