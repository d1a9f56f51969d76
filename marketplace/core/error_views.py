"""Error answers: pages in the site's language and style, JSON for the JSON endpoints, never a traceback.

Django's own handlers render 400.html, 403.html, 404.html and 500.html (storefront_theme/templates); these wrap
them to answer JSON where the caller reads JSON: views marked with @answers_json (the till's API, GraphQL) and
requests that accept JSON but not HTML.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import defaults

from marketplace.core.errors import DomainError

# While the database is away or too slow, ask the client to come back soon rather than call it a fault of the page.
RETRY_AFTER_SECONDS = 5


def answers_json(view):
    """Marks a view whose callers read JSON, so that its errors come as JSON too."""
    view.answers_json = True
    return view


def wants_json(request) -> bool:
    """JSON for views marked @answers_json (the till's API, GraphQL), for clients that sent JSON, and for those
    that accept JSON but not HTML."""
    match = getattr(request, "resolver_match", None)
    if match is not None and getattr(match.func, "answers_json", False):
        return True
    if request.content_type == "application/json":
        return True
    return request.accepts("application/json") and not request.accepts("text/html")


def json_error(code: str, message: str, status: int, field: str | None = None) -> JsonResponse:
    """The one JSON error shape of every endpoint (the till's, the card payment's, the error pages'), so one
    client-side reader shows them all."""
    return JsonResponse({"errors": [{"field": field, "code": code, "message": message}]}, status=status)


def domain_error_json(error: DomainError, status: int = 400) -> JsonResponse:
    """A service's refusal as JSON: its message next to its field, its code for a program to read."""
    return json_error(error.code, error.message, status, field=error.field)


def bad_request(request, exception):
    if wants_json(request):
        return json_error("bad_request", _("Yêu cầu không hợp lệ."), 400)
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    if wants_json(request):
        return json_error("forbidden", str(exception) or _("Bạn không có quyền làm việc này."), 403)
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    if wants_json(request):
        return json_error("not_found", _("Không tìm thấy."), 404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    """500, or 503 when the fault is the database being out of reach (called while the exception is handled)."""
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return service_unavailable(request)
    if wants_json(request):
        return json_error("server_error", _("Đã có lỗi xảy ra. Hãy thử lại sau ít phút."), 500)
    return defaults.server_error(request)


def service_unavailable(request):
    if wants_json(request):
        message = _("Hệ thống đang tạm gián đoạn kết nối cơ sở dữ liệu. Vui lòng thử lại sau ít phút.")
        response = json_error("service_unavailable", message, 503)
    else:
        # No request context: the context processors would reach for the database that is away.
        response = render(None, "503.html", status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def csrf_failure(request, reason=""):
    """A refused form (stale page, cookies blocked): say what to do instead of Django's English page."""
    message = _("Biểu mẫu đã cũ hoặc trình duyệt đang chặn cookie. Hãy tải lại trang rồi gửi lại.")
    if wants_json(request):
        return json_error("csrf", message, 403)
    return render(None, "403.html", {"exception": message}, status=403)
