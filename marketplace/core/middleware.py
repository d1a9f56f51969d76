from django.conf import settings
from django.utils import translation


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
