"""The till's pages and JSON endpoints. Each view checks who may act where, then calls a selector or a service.

Kiosk pages answer 403 to staff of another kiosk; sales, receipts and cash sessions of another kiosk answer 404
(they are looked up only among what the user may see).
"""

import datetime
import uuid

import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from inventory.models import Warehouse
from inventory.pos import selectors, services
from inventory.pos.line_rows import LINE_ROWS, lines_from_rows, posted_rows
from inventory.pos.models import CashMovement, CashSession, KioskProfile, Sale, SalePayment
from inventory.pos.payloads import parse_sale
from inventory.selectors import places_for, till_kiosk
from inventory.services import receive_goods
from marketplace.core.error_views import answers_json, domain_error_json
from marketplace.core.errors import DomainError
from marketplace.core.numbers import parse_vnd, parse_whole_number
from marketplace.core.validation import refuse_nul
from marketplace.payments.vietqr import build_payload
from marketplace.producers.models import Producer

pos_login_required = login_required(login_url=reverse_lazy("pos:login"))


class LoginView(auth_views.LoginView):
    template_name = "pos/login.html"
    redirect_authenticated_user = True
    next_page = reverse_lazy("pos:home")


def _kiosk(request, slug: str) -> Warehouse:
    kiosk = get_object_or_404(
        Warehouse.objects.select_related("pos_profile"),
        slug=slug,
        kind=Warehouse.Kind.KIOSK,
        pos_profile__isnull=False,
    )
    return _allowed(request, kiosk)


def _allowed(request, kiosk: Warehouse) -> Warehouse:
    if not selectors.may_act_at(request.user, kiosk.pk):
        raise PermissionDenied(_("Bạn không làm việc tại ki-ốt này."))
    return kiosk


@pos_login_required
def home(request):
    """Kiosk staff land straight on their till; a manager picks a kiosk."""
    kiosks = list(selectors.kiosks_for(request.user))
    if not kiosks:
        raise PermissionDenied(_("Tài khoản này không làm việc tại ki-ốt nào."))
    if len(kiosks) == 1:
        return redirect("pos:till", slug=kiosks[0].slug)
    return render(request, "pos/home.html", {"kiosks": kiosks, "places": places_for(request.user)})


@pos_login_required
@never_cache
def till(request, slug):
    kiosk = _kiosk(request, slug)
    profile = kiosk.pos_profile
    max_discount = selectors.max_discount_percent(kiosk.pk)
    limit = format(max_discount.normalize(), "f")
    return render(
        request,
        "pos/till.html",
        {
            "kiosk": kiosk,
            "profile": profile,
            "session": selectors.open_cash_session(kiosk.pk),
            "max_discount": max_discount,
            "till_config": {
                "kiosk": kiosk.slug,
                "searchUrl": reverse("pos:search", args=[kiosk.slug]),
                "saleUrl": reverse("pos:record_sale", args=[kiosk.slug]),
                "catalogueUrl": reverse("pos:catalogue", args=[kiosk.slug]),
                "serviceWorkerUrl": reverse("pos:service_worker"),
                "scope": reverse("pos:home"),
                "vietqrUrl": reverse("pos:vietqr", args=[kiosk.slug]) if profile.bank_account else "",
                "maxDiscount": limit,
                "favourites": selectors.kiosk_favourites(kiosk.pk),
                "receiptPrefix": profile.receipt_prefix,
                "kioskName": kiosk.name,
                "language": get_language() or "vi",
                "text": {
                    **_till_text(),
                    # The very words the server refuses a sale with at "Hoàn tất" (services._discount_too_large).
                    "discountTooLarge": _("Chiết khấu vượt mức cho phép (%(limit)s %%).") % {"limit": limit},
                },
            },
        },
    )


def _till_text() -> dict:
    """The few messages the till's JavaScript shows, translated here like every other string."""
    return {
        "quantity": _("Số lượng"),
        "discount": _("Chiết khấu %"),
        "remove": _("Xoá dòng"),
        "notFound": _("Không tìm thấy “%s”. Kiểm tra mã vạch hoặc gõ tên hàng."),
        "confirmClear": _("Huỷ hoá đơn đang bán?"),
        "notEnough": _("Khách còn thiếu %s."),
        "cardReference": _("Nhập mã giao dịch trên máy quẹt thẻ."),
        "qrAlt": _("Mã VietQR thanh toán %s"),
        "offline": _("Mất kết nối mạng — vẫn bán được."),
        "syncing": _("Đang đồng bộ hoá đơn."),
        "signedOut": _("Phiên đăng nhập đã hết: đăng nhập lại để đồng bộ hoá đơn."),
        "waiting": _("%s hoá đơn chờ đồng bộ"),
        # A sale kept offline that the server refused (say an item no longer priced): a manager must look at it.
        "refused": _("%s hoá đơn bị máy chủ từ chối, báo quản lý"),
        "discountRange": _("Chiết khấu phải từ 0 đến 100 %."),
        "noStock": _("Ki-ốt không còn hàng này (tồn %s) — vẫn bán được, nhớ báo quản lý."),
        "favourites": pgettext("till group", "Bán chạy"),
        "all": pgettext("till group", "Tất cả"),
        "noPhoto": _("Chưa có ảnh"),
        "provisional": _("Số tạm"),
        "synced": _("Đã đồng bộ %s"),
        "finalReceipt": _("Xem hoá đơn chính thức"),
        "provisionalWas": _("(số tạm %s)"),
        "dismiss": pgettext("dismiss a notice", "Đóng"),
    }


@answers_json
@pos_login_required
@require_GET
def search(request, slug):
    kiosk = _kiosk(request, slug)
    query = request.GET.get("q", "").replace("\x00", "")  # no name or code holds a NUL; PostgreSQL refuses one
    items = selectors.find_variants_for_till(channel_id=kiosk.pos_profile.channel_id, query=query, kiosk_id=kiosk.pk)
    return JsonResponse({"items": items})


@require_GET
def service_worker(request):
    """The till's service worker, served under /pos/ so that it may control the till pages (its scope)."""
    script = finders.find("pos/sw.js")
    with open(script, encoding="utf-8") as source:
        response = HttpResponse(source.read(), content_type="text/javascript")
    response["Service-Worker-Allowed"] = reverse("pos:home")
    response["Cache-Control"] = "no-cache"
    return response


@answers_json
@pos_login_required
@require_GET
def catalogue(request, slug):
    """Everything the till can sell, kept by the browser for selling offline."""
    kiosk = _kiosk(request, slug)
    return JsonResponse({"items": selectors.till_catalogue(kiosk.pos_profile.channel_id, kiosk.pk)})


@answers_json
@pos_login_required
@require_POST
def record_sale(request, slug):
    """One sale per request, live or from the offline queue; a replay answers with the stored sale."""
    kiosk = till_kiosk(slug)  # read once per process: a sale costs no look-up of its kiosk
    if kiosk is None:
        raise Http404
    _allowed(request, kiosk)
    try:
        sale = services.record_sale(kiosk=kiosk, staff=request.user, **parse_sale(request.body))
    except DomainError as error:
        return domain_error_json(error, status=403 if error.code == "wrong_kiosk" else 400)
    return JsonResponse(
        {
            "client_uuid": str(sale.client_uuid),
            "receipt_number": sale.receipt_number,
            "total": sale.total_amount,
            "change": sale.change_amount,
            "receipt_url": reverse("pos:receipt", args=[sale.pk]),
        }
    )


@pos_login_required
@require_GET
def vietqr_image(request, slug):
    """The VietQR code for an exact amount, as SVG for the customer to scan from the till's screen."""
    kiosk = _kiosk(request, slug)
    profile = kiosk.pos_profile
    amount = parse_whole_number(request.GET.get("amount", "")) or 0
    if not profile.bank_account or not 0 < amount <= services.MAX_AMOUNT:
        return HttpResponse(status=400)
    text = build_payload(
        bank_bin=profile.bank_bin,
        account_number=profile.bank_account,
        amount=amount,
        purpose=f"{profile.receipt_prefix} ban le",
    )
    return HttpResponse(_qr_svg(text), content_type="image/svg+xml")


def _qr_svg(text: str) -> str:
    return segno.make(text, error="m").svg_inline(scale=6, border=2)


def _receipt_context(request, sale: Sale) -> dict:
    lookup_url = request.build_absolute_uri(reverse("pos:receipt_lookup", args=[sale.lookup_code]))
    return {
        "sale": sale,
        "profile": KioskProfile.objects.get(kiosk_id=sale.kiosk_id),
        "lines": list(sale.lines.all()),
        "payments": list(sale.payments.all()),
        "lookup_url": lookup_url,
        "lookup_qr": _qr_svg(lookup_url),
    }


@pos_login_required
def receipt(request, pk):
    """The receipt as staff see it: printable, with the goods already returned and a form to take more back.

    The return form carries a UUID made when the page was shown, so a double click or a resent form records
    the return once.
    """
    sale = get_object_or_404(selectors.visible_sales(request.user).select_related("staff", "kiosk"), pk=pk)
    error = None
    if request.method == "POST":
        lines = []
        for sale_line in sale.lines.all():
            raw = request.POST.get(f"return_{sale_line.pk}", "0").strip() or "0"
            if raw != "0":
                # Anything but a typed whole number becomes -1, which record_return refuses with its message.
                quantity = parse_whole_number(raw)
                lines.append(
                    services.ReturnLineInput(sale_line_id=sale_line.pk, quantity=-1 if quantity is None else quantity)
                )
        try:
            services.record_return(
                sale=sale,
                staff=request.user,
                client_uuid=request.POST.get("client_uuid", ""),
                lines=lines,
                reason=request.POST.get("reason", ""),
                refund_method=request.POST.get("refund_method", ""),
            )
        except DomainError as refused:
            error = refused
        else:
            return redirect("pos:receipt", pk=sale.pk)
    context = {
        **_receipt_context(request, sale),
        "for_staff": True,
        "kiosk": sale.kiosk,
        "error": error,
        "return_uuid": uuid.uuid4(),
        "refund_methods": SalePayment.Method.choices,
        "returns": list(sale.returns.prefetch_related("lines__sale_line").order_by("created_at")),
    }
    return render(request, "pos/receipt.html", context, status=400 if error else 200)


def receipt_lookup(request, code):
    """The receipt a customer reaches by scanning its QR: public, found only by its unguessable lookup code."""
    if "\x00" in code:  # in no lookup code, and refused by PostgreSQL
        raise Http404
    sale = get_object_or_404(Sale.objects.select_related("staff", "kiosk"), lookup_code=code.upper())
    response = render(request, "pos/receipt.html", {**_receipt_context(request, sale), "for_staff": False})
    response["X-Robots-Tag"] = "noindex"
    return response


@pos_login_required
def cash_session(request, slug):
    """Open a shift, record cash in/out, close with the count: one page, one form per action."""
    kiosk = _kiosk(request, slug)
    session = selectors.open_cash_session(kiosk.pk)
    error = None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "open":
                services.open_cash_session(
                    kiosk=kiosk, staff=request.user, opening_float=_amount(request.POST, "opening_float")
                )
            elif action == "move" and session is not None:
                services.record_cash_movement(
                    session=session,
                    staff=request.user,
                    kind=request.POST.get("kind", ""),
                    amount=_amount(request.POST, "amount"),
                    reason=request.POST.get("reason", ""),
                )
            elif action == "close" and session is not None:
                refuse_nul(request.POST.get("note", ""), field="note")
                closed = services.close_cash_session(
                    session=session,
                    staff=request.user,
                    counted_cash=_amount(request.POST, "counted_cash"),
                    note=request.POST.get("note", ""),
                )
                return redirect("pos:cash_session_detail", pk=closed.pk)
            else:
                raise DomainError(_("Thao tác không hợp lệ."), code="invalid", field="action")
        except DomainError as refused:
            error = refused
        else:
            return redirect("pos:cash_session", slug=kiosk.slug)
    context = {
        "kiosk": kiosk,
        "session": session,
        "error": error,
        "kinds": CashMovement.Kind.choices,
        "expected": selectors.expected_cash(session) if session else None,
        "movements": list(session.cash_movements.order_by("created_at")) if session else [],
        "recent": list(CashSession.objects.filter(kiosk=kiosk, closed_at__isnull=False)[:5]),
        "denominations": DENOMINATIONS,
        "money_format": {"language": get_language() or "vi"},
    }
    return render(request, "pos/cash_session.html", context, status=400 if error else 200)


# The Vietnamese notes in use, largest first: the closing count adds them up into the counted cash.
DENOMINATIONS = (500_000, 200_000, 100_000, 50_000, 20_000, 10_000, 5_000, 2_000, 1_000)


def _amount(data, field: str) -> int:
    """A whole đồng amount typed by a person: "150.000" and "150000" are the same."""
    amount = parse_vnd(data.get(field, ""))
    if amount is None:
        raise DomainError(_("Nhập số tiền bằng chữ số."), code="invalid", field=field)
    return amount


@pos_login_required
def goods_receipt(request, slug):
    """A producer delivers goods to the kiosk: scan each item and type its quantity (a goods received note)."""
    kiosk = _kiosk(request, slug)
    error, rows = None, [("", "")] * LINE_ROWS
    if request.method == "POST":
        rows = posted_rows(request.POST, LINE_ROWS)
        try:
            movements = _receive_from_form(kiosk, request.user, request.POST, rows)
        except DomainError as refused:
            error = refused
        else:
            messages.success(
                request,
                _("Đã nhập %(count)d dòng hàng vào %(kiosk)s.") % {"count": len(movements), "kiosk": kiosk.name},
            )
            return redirect("pos:goods_receipt", slug=kiosk.slug)
    context = {
        "kiosk": kiosk,
        "error": error,
        "rows": rows,
        "producers": Producer.objects.filter(is_active=True).order_by("name"),
        "selected_producer": request.POST.get("producer", ""),
    }
    return render(request, "pos/goods_receipt.html", context, status=400 if error else 200)


def _receive_from_form(kiosk, user, data, rows):
    """Parse the note's rows, then receive them through the stock ledger's service (all lines or none)."""
    producer_id = parse_whole_number(data.get("producer"))
    producer = Producer.objects.filter(pk=producer_id, is_active=True).first() if producer_id else None
    if producer is None:
        raise DomainError(_("Chọn chủ thể giao hàng."), code="required", field="producer")
    return receive_goods(
        warehouse=kiosk,
        producer=producer,
        lines=lines_from_rows(rows),
        user=user,
        reference=data.get("reference", ""),
        note=data.get("note", ""),
    )


@pos_login_required
def cash_session_detail(request, pk):
    session = get_object_or_404(
        selectors.visible_cash_sessions(request.user).select_related("kiosk", "opened_by", "closed_by"), pk=pk
    )
    return render(
        request,
        "pos/cash_session_detail.html",
        {"session": session, "kiosk": session.kiosk, "movements": list(session.cash_movements.order_by("created_at"))},
    )


# The days a Z report may show: a wider range has no sales and would overflow the previous/next links at year 1/9999.
REPORT_DAYS = (datetime.date(2000, 1, 1), datetime.date(2999, 12, 31))


def _report_day(raw: str) -> datetime.date:
    """The day asked for in ?day=YYYY-MM-DD; today for anything else (2026-02-30, 0000-01-01, text)."""
    try:
        day = parse_date(raw or "")
    except ValueError:  # well-formed but not a day, such as 2026-02-30
        day = None
    if day is None or not REPORT_DAYS[0] <= day <= REPORT_DAYS[1]:
        return timezone.localdate()
    return day


@pos_login_required
def z_report(request, slug):
    kiosk = _kiosk(request, slug)
    day = _report_day(request.GET.get("day", ""))
    report = selectors.z_report(kiosk, day)
    return render(
        request,
        "pos/z_report.html",
        {
            "kiosk": kiosk,
            "report": report,
            "methods": [
                (label, report.by_method.get(value, 0), report.refunds_by_method.get(value, 0))
                for value, label in SalePayment.Method.choices
            ],
            "alerts": list(selectors.open_variance_alerts(kiosk)[:50]),
            "sales": list(selectors.sales_of_day(kiosk, day)),
            "previous_day": day - datetime.timedelta(days=1),
            "next_day": day + datetime.timedelta(days=1),
        },
    )
