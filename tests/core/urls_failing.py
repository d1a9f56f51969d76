"""The project's URLs plus one view with a bug, to see what a visitor gets from a fault in the code."""

from django.urls import path

from marketplace.urls import handler400, handler403, handler404, handler500
from marketplace.urls import urlpatterns as project_urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def broken(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [path("hong/", broken), *project_urlpatterns]
