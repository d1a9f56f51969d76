import logging

from django.conf import settings
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request):
    """Alive: the process answers requests. Touches nothing else, so a database outage does not restart it."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request):
    """Ready for traffic: 200 when every check in settings.XQ_READINESS_CHECKS passes, 503 naming those that fail."""
    checks = {}
    for path in settings.XQ_READINESS_CHECKS:
        name = path.rsplit(".", 1)[-1]
        try:
            import_string(path)()
        except Exception as error:  # any failure means not ready; the log keeps the cause, one line a probe
            logger.warning("Readiness check %s failed: %r", name, error)
            checks[name] = "down"
        else:
            checks[name] = "up"
    ready = all(state == "up" for state in checks.values())
    return JsonResponse({"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503)


@require_safe
def favicon(request):
    """Browsers and crawlers ask for /favicon.ico whatever the pages' <link rel="icon"> says: send them to the same
    logo (its hashed static address in production) instead of logging a 404 for every new visitor."""
    return HttpResponsePermanentRedirect(static("storefront/img/logo.svg"))
