import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils import translation

from marketplace.core.error_views import service_unavailable

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

    Browsers get the 503 page (rendered without the database), JSON clients (the till's sale sync, GraphQL) get
    JSON they can read, so the till keeps the sale queued and retries; Retry-After tells both when to try again
    (marketplace.core.error_views.service_unavailable). The error is logged in one line: an outage must not bury
    the log in tracebacks.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.warning("Database unavailable for %s %s: %s", request.method, request.path, str(exception).strip())
        return service_unavailable(request)
