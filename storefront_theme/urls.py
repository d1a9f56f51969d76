from django.urls import path

from storefront_theme import views

app_name = "storefront"
urlpatterns = [
    path("", views.home, name="home"),
    path("nhom/<slug:slug>/", views.category, name="category"),
    path("san-pham/<slug:slug>/", views.product, name="product"),
    path("tim-kiem/", views.search_results, name="search"),
    path("trang/<slug:slug>/", views.page, name="page"),
    path("khoi-nghiep/", views.startups, name="startups"),
]
