from django.urls import path

from storefront_theme import views

app_name = "storefront"
urlpatterns = [
    path("", views.home, name="home"),
    path("nhom/<slug:slug>/", views.category, name="category"),
    path("san-pham/<slug:slug>/", views.product, name="product"),
    path("tim-kiem/", views.search_results, name="search"),
    # PLACEHOLDER (h-faces-shop), for the lead to DROP at merge: api-content's policy-page view takes this name and
    # address. It exists only so the footer's {% url 'storefront:page' … %} links resolve on this branch.
    path("trang/<slug:slug>/", views.page_placeholder, name="page"),
]
