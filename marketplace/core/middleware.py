import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils import translation
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


class VietnameseFirstLocaleMiddleware:
    """Vietnamese unless the person chose another language with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so a shopper in Ho Chi Minh City
    whose phone is set to English would land on English pages and prices written "₫150,000". The programme
    speaks Vietnamese first: only an explicit choice (the language cookie set by /i18n/setlang/) changes it.
    Responses therefore vary by that cookie, never by Accept-Language, which keeps cached thumbnails and pages
    from being split per browser language.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        translation.activate(chosen if chosen in self.supported else settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response


class DatabaseUnavailableMiddleware:
    """A database that is down, or a statement or row lock past its time limit, answers 503 — never a bare 500.

    Browsers get a short page (503.html, no database needed to render it); JSON clients (the till's sale sync,
    GraphQL) get JSON they can read, with a Vietnamese message, so the till keeps the sale queued and retries.
    Retry-After tells both when to try again. The error is logged in one line: an outage must not bury the log in
    tracebacks.
    """

    RETRY_AFTER_SECONDS = 5

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.warning("Database unavailable for %s %s: %s", request.method, request.path, str(exception).strip())
        message = _("Hệ thống đang tạm gián đoạn kết nối cơ sở dữ liệu. Vui lòng thử lại sau ít phút.")
        if wants_json(request):
            body = {"errors": [{"field": None, "code": "service_unavailable", "message": str(message)}]}
            response = JsonResponse(body, status=503)
        else:
            page = loader.render_to_string("503.html", {"message": message})
            response = HttpResponse(page, status=503)
        response["Retry-After"] = str(self.RETRY_AFTER_SECONDS)
        return response


def wants_json(request) -> bool:
    """JSON for the API (GraphQL), for clients that sent JSON (the till) and for those that ask for JSON first."""
    if request.path.startswith("/graphql"):
        return True
    if request.content_type == "application/json":
        return True
    return request.accepts("application/json") and not request.accepts("text/html")
