from django.urls import path

from marketplace.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("xuat/<slug:table>/", views.export, name="export"),
    path("tep/", views.exports, name="exports"),
    path("tep/<int:pk>/", views.download, name="download"),
]
