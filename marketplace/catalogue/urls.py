from django.urls import path

from marketplace.catalogue import views

urlpatterns = [
    path("<int:media_id>/<int:size>/", views.thumbnail, name="thumbnail"),
]
