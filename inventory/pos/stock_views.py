"""Stock pages of the POS area: transfers between places (and, below, counts and low-stock alerts).

Kiosk staff see their own kiosk's pages only; managers open the same pages for any physical place (the
fulfilment warehouse included). A place a user may not act at answers 403; a document of such a place 404.
Every write goes through inventory.services.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from inventory import selectors as stock_selectors
from inventory import services as stock_services
from inventory.models import StockTransfer, Warehouse
from inventory.pos import selectors, services
from inventory.pos.line_rows import LINE_ROWS, lines_from_rows, posted_rows
from inventory.pos.views import pos_login_required
from marketplace.core.error_views import answers_json
from marketplace.core.errors import DomainError
from marketplace.core.numbers import parse_whole_number


def _place(request, slug: str) -> Warehouse:
    place = get_object_or_404(Warehouse, slug=slug, kind__in=Warehouse.PHYSICAL_KINDS, is_active=True)
    if not stock_selectors.may_act_at(request.user, place.pk):
        raise PermissionDenied(_("Bạn không làm việc tại địa điểm này."))
    return place


def _page_context(place: Warehouse, **extra) -> dict:
    # The POS header shows the till's links only for a kiosk (the fulfilment warehouse has no till).
    return {"place": place, "kiosk": place if place.kind == Warehouse.Kind.KIOSK else None, **extra}


@answers_json
@pos_login_required
@require_GET
def lookup(request):
    """The item behind a scanned code, for the goods-in and transfer forms to name it at once.

    The same lookup (selectors.variants_by_code) as the forms' post, so what is shown is what will be accepted.
    Anyone who may act at some place may ask.
    """
    if not stock_selectors.places_for(request.user).exists():
        raise PermissionDenied(_("Bạn không làm việc tại địa điểm nào."))
    code = request.GET.get("code", "").strip()[:64]
    # A NUL cannot be in any code (nor reach PostgreSQL, which refuses it).
    variant = selectors.variants_by_code([code]).get(code) if code and "\x00" not in code else None
    if variant is None:
        return JsonResponse({"found": False})
    return JsonResponse({"found": True, "sku": variant.sku, "name": str(variant)})


@pos_login_required
def transfers(request, slug):
    """Transfers leaving and reaching a place, and the form to ship a new one from it."""
    place = _place(request, slug)
    error, rows = None, [("", "")] * LINE_ROWS
    destinations = Warehouse.objects.filter(kind__in=Warehouse.PHYSICAL_KINDS, is_active=True).exclude(pk=place.pk)
    if request.method == "POST":
        rows = posted_rows(request.POST)
        try:
            destination_id = parse_whole_number(request.POST.get("destination"))
            destination = destinations.filter(pk=destination_id).first() if destination_id else None
            if destination is None:
                raise DomainError(_("Chọn nơi nhận hàng."), code="required", field="destination")
            transfer = stock_services.ship_transfer(
                origin=place,
                destination=destination,
                lines=lines_from_rows(rows),
                user=request.user,
                note=request.POST.get("note", ""),
            )
        except DomainError as refused:
            error = refused
        else:
            messages.success(request, _("Đã gửi phiếu %(number)s.") % {"number": transfer.number})
            return redirect("pos:transfer", pk=transfer.pk)
    context = _page_context(
        place,
        error=error,
        rows=rows,
        destinations=destinations.order_by("pk"),
        selected_destination=request.POST.get("destination", ""),
        incoming=stock_selectors.transfers_of(place, incoming=True),
        outgoing=stock_selectors.transfers_of(place, incoming=False),
    )
    return render(request, "pos/transfers.html", context, status=400 if error else 200)


@pos_login_required
def transfer(request, pk):
    """One transfer; at its destination, while in transit, the form to receive it line by line."""
    document = get_object_or_404(
        stock_selectors.visible_transfers(request.user).select_related("origin", "destination", "shipped_by"), pk=pk
    )
    lines = list(document.lines.select_related("product_variant__product"))
    may_receive = document.status == StockTransfer.Status.SHIPPED and stock_selectors.may_act_at(
        request.user, document.destination_id
    )
    error = None
    if request.method == "POST":
        if not may_receive:
            raise PermissionDenied(_("Chỉ nơi nhận mới nhận được phiếu này."))
        try:
            received = {line.pk: _whole(request.POST.get(f"received_{line.pk}", "")) for line in lines}
            stock_services.receive_transfer(
                transfer=document, received=received, user=request.user, reason_note=request.POST.get("reason", "")
            )
        except DomainError as refused:
            error = refused
        else:
            messages.success(request, _("Đã nhận phiếu %(number)s.") % {"number": document.number})
            return redirect("pos:transfer", pk=document.pk)
    at_destination = stock_selectors.may_act_at(request.user, document.destination_id)
    place = document.destination if at_destination else document.origin
    context = _page_context(place, document=document, lines=lines, may_receive=may_receive, error=error)
    return render(request, "pos/transfer.html", context, status=400 if error else 200)


def _whole(raw: str) -> int:
    quantity = parse_whole_number(raw)
    if quantity is None:
        raise DomainError(_("Nhập số lượng bằng chữ số."), code="invalid", field="received")
    return quantity


@pos_login_required
def counts(request, slug):
    """The place's counts, and the button that starts one."""
    place = _place(request, slug)
    error = None
    if request.method == "POST":
        try:
            count = stock_services.start_stock_count(warehouse=place, user=request.user)
        except DomainError as refused:
            error = refused
        else:
            return redirect("pos:count", pk=count.pk)
    documents = list(stock_selectors.visible_counts(request.user).filter(warehouse=place)[:30])
    context = _page_context(place, documents=documents, error=error)
    return render(request, "pos/counts.html", context, status=400 if error else 200)


@pos_login_required
def count(request, pk):
    """Enter what was found (a scan adds one; the list sets each quantity), then post the differences."""
    document = get_object_or_404(stock_selectors.visible_counts(request.user).select_related("warehouse"), pk=pk)
    error = None
    if request.method == "POST":
        try:
            _count_action(request, document)
        except DomainError as refused:
            error = refused
        else:
            return redirect("pos:count", pk=document.pk)
    lines = list(document.lines.select_related("product_variant__product").order_by("product_variant__sku"))
    if error:
        # The refused post rolled the typed counts back: show them again rather than make staff retype them.
        for line in lines:
            typed = parse_whole_number(request.POST.get(f"counted_{line.pk}", ""))
            line.counted_quantity = line.counted_quantity if typed is None else typed
    context = _page_context(document.warehouse, document=document, lines=lines, error=error)
    return render(request, "pos/count.html", context, status=400 if error else 200)


def _count_action(request, document):
    action = request.POST.get("action")
    if action == "scan":
        code = request.POST.get("code", "").strip()
        # A NUL is in no code, and PostgreSQL refuses it: not found, like any unknown code.
        variant = selectors.variants_by_code([code]).get(code) if "\x00" not in code else None
        if variant is None:
            raise DomainError(_("Không tìm thấy mã “%(code)s”.") % {"code": code}, code="not_found", field="code")
        stock_services.record_counted_quantity(count=document, variant=variant, quantity=1, user=request.user, add=True)
    elif action in ("save", "post"):
        services.save_counted_lines(
            count=document,
            counted=_typed_counts(request, document),
            user=request.user,
            post=action == "post",
            reason=request.POST.get("reason", ""),
        )
        if action == "post":
            messages.success(request, _("Đã ghi sổ phiếu kiểm kê %(number)s.") % {"number": document.number})


def _typed_counts(request, document) -> dict:
    """The quantities typed in the count's list, by item; an empty field leaves that line as it is."""
    typed = {}
    for line in document.lines.select_related("product_variant"):
        raw = request.POST.get(f"counted_{line.pk}", "").strip()
        if raw:
            typed[line.product_variant] = _whole(raw)
    return typed


@pos_login_required
def low_stock(request):
    """Items at or below their threshold: every place for a manager, their own kiosk for staff."""
    places = stock_selectors.places_for(request.user)
    own = places.first() if not request.user.is_manager else None
    if own is None and not request.user.is_manager:
        raise PermissionDenied(_("Tài khoản này không làm việc tại kho nào."))
    context = {"items": stock_selectors.low_stock(places), "kiosk": own, "place": own}
    return render(request, "pos/low_stock.html", context)


@pos_login_required
def gift_sets(request, slug):
    """The kiosk's gift sets: the boxes assembled ahead on its shelf and what can be sold in all, with the form to
    assemble boxes from the parts on the shelf or take boxes apart (inventory.services.assemble_gift_sets). Kiosk
    staff at their own kiosk, managers at any kiosk; anyone else 403."""
    place = _place(request, slug)
    if place.kind != Warehouse.Kind.KIOSK:
        raise PermissionDenied(_("Chỉ đóng hộp quà tại ki-ốt."))
    sets = stock_selectors.gift_sets_at_kiosk(place)
    error = None
    if request.method == "POST":
        try:
            variant_id = parse_whole_number(request.POST.get("variant"))
            variant = next((row.variant for row in sets if row.variant.pk == variant_id), None)
            if variant is None:
                raise DomainError(_("Chọn hộp quà."), code="required", field="variant")
            quantity = parse_whole_number(request.POST.get("quantity"))
            if quantity is None:
                raise DomainError(_("Số lượng phải là số nguyên."), code="invalid", field="quantity")
            action = request.POST.get("action")
            if action not in ("assemble", "disassemble"):
                raise DomainError(_("Chọn đóng hộp hoặc tháo hộp."), code="invalid", field="action")
            service = (
                stock_services.assemble_gift_sets if action == "assemble" else stock_services.disassemble_gift_sets
            )
            movements = service(
                variant=variant,
                warehouse=place,
                quantity=quantity,
                user=request.user,
                note=request.POST.get("note", ""),
            )
        except DomainError as refused:
            error = refused
        else:
            messages.success(request, _("Đã ghi phiếu %(number)s.") % {"number": movements[0].reference})
            return redirect("pos:gift_sets", slug=place.slug)
    context = _page_context(place, error=error, sets=sets, posted=request.POST)
    return render(request, "pos/gift_sets.html", context, status=400 if error else 200)
