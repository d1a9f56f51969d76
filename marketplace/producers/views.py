"""The producer portal: thin views that parse a form, call one service and render the result.

Every object is looked up through marketplace.producers.selectors, scoped to the signed-in member's producer, so
another producer's product, photo or certificate answers 404 whatever id is typed into the URL.
"""

import datetime
from functools import wraps

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import LoginView, LogoutView
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from marketplace.accounts import services as accounts
from marketplace.catalogue import images
from marketplace.catalogue import services as catalogue
from marketplace.catalogue.models import ProductRevision
from marketplace.core.errors import DomainError
from marketplace.core.forms import add_domain_error
from marketplace.core.numbers import parse_whole_number
from marketplace.producers import bulk, forms, selectors, services, statements
from marketplace.producers.models import OcopCertificate, Producer, RuralIndustryRecognition
from marketplace.producers.services import update_producer_profile

LOGIN_URL = reverse_lazy("portal:login")
STATEMENT_CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# The recognitions whose scans the portal serves, by the kind named in their URLs.
RECOGNITION_KINDS = {"ocop": OcopCertificate, "cnnt": RuralIndustryRecognition}
DOCUMENT_CONTENT_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


def _login_redirect(request):
    return redirect(f"{LOGIN_URL}?next={request.get_full_path()}")


def _portal_page(allowed):
    """A decorator for portal pages: who is not signed in is sent to sign in; who is but not `allowed` gets 404."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return _login_redirect(request)
            if not allowed(request.user):
                raise Http404
            return view(request, *args, **kwargs)

        return never_cache(wrapped)

    return decorator


# A producer's own pages (their sales, profile, import): members only.
member_required = _portal_page(selectors.is_member)
# Pages scoped by the selectors: a member sees their producer's objects, a manager every producer's.
member_or_manager_required = _portal_page(lambda user: selectors.is_member(user) or user.is_manager)
manager_required = _portal_page(lambda user: user.is_manager)


class PortalLoginView(LoginView):
    template_name = "portal/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return reverse("portal:dashboard")


class PortalLogoutView(LogoutView):
    next_page = reverse_lazy("portal:login")


@member_or_manager_required
def dashboard(request):
    if not selectors.is_member(request.user):
        return redirect("portal:review_queue")
    producer = request.user.producer
    rows = selectors.product_rows(producer)
    month = timezone.localdate().replace(day=1)
    context = {
        "producer": producer,
        "rows": rows,
        "month": month,
        # This month so far: what the goods sold for, and what the programme owes the producer (after commission).
        "statement": statements.consignment_statement(producer, month),
        "on_order": sum(row.on_order for row in rows),
    }
    return render(request, "portal/dashboard.html", context)


def _categories_field(form):
    # Subgroups read "Group › Subgroup" so the choice is clear on a phone's native picker.
    form.fields["category"].label_from_instance = lambda category: (
        f"{category.parent.name} › {category.name}" if category.parent_id else category.name
    )
    return form


@member_required
def product_create(request):
    form = _categories_field(forms.ProductForm(request.POST or None))
    if request.method == "POST" and form.is_valid():
        try:
            product = catalogue.create_product(
                producer=request.user.producer, created_by=request.user, **form.cleaned_data
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Đã tạo bản nháp. Thêm quy cách, giá và ảnh rồi gửi duyệt."))
            return redirect("portal:product", product.pk)
    return render(request, "portal/product_form.html", {"form": form})


@member_or_manager_required
def product_detail(request, pk):
    product = selectors.own_product(request.user, pk)
    workspace = selectors.product_workspace(product)
    form = _categories_field(forms.ProductForm(request.POST or None, initial=workspace.proposed))
    if request.method == "POST" and form.is_valid():
        try:
            catalogue.update_product(product=product, user=request.user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _saved_message(product))
            return redirect("portal:product", product.pk)
    context = {
        "workspace": workspace,
        "product": product,
        "form": form,
        "variant_form": forms.VariantForm(),
        "photo_form": forms.PhotoUploadForm(),
        "certificate_form": forms.CertificateForm(),
        "rural_industry_form": forms.RuralIndustryForm(),
    }
    return render(request, "portal/product.html", context)


def _saved_message(product) -> str:
    if product.status == product.Status.PUBLISHED:
        return _("Đã lưu thay đổi. Bản đang bán giữ nguyên cho đến khi thay đổi được duyệt: nhớ gửi duyệt.")
    return _("Đã lưu.")


def _redirect_to_section(product, section: str):
    return redirect(f"{reverse('portal:product', args=[product.pk])}#{section}")


@member_or_manager_required
def variant_create(request, pk):
    product = selectors.own_product(request.user, pk)
    form = forms.VariantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            variant = catalogue.add_variant(product=product, user=request.user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Đã thêm quy cách. Hãy đặt giá bán."))
            return redirect("portal:variant", product.pk, variant.pk)
    return render(request, "portal/variant_form.html", {"product": product, "form": form})


@member_or_manager_required
def variant_detail(request, pk, variant_pk):
    product = selectors.own_product(request.user, pk)
    variant = selectors.own_variant(request.user, product, variant_pk)
    workspace = selectors.product_workspace(product)
    view = next(item for item in workspace.variants if item.variant.pk == variant.pk)
    initial = {name: view.proposed.get(name, getattr(variant, name)) for name in catalogue.EDITABLE_VARIANT_FIELDS}
    initial.update(
        {f"price_{channel.pk}": proposed if proposed is not None else live for channel, live, proposed in view.prices}
    )
    data = request.POST or None
    form = forms.VariantForm(data, initial=initial, editing=True)
    price_form = forms.PriceForm(data, initial=initial, channels=workspace.channels)
    if request.method == "POST" and form.is_valid() and price_form.is_valid():
        try:
            catalogue.save_variant_with_prices(
                variant=variant, user=request.user, prices=price_form.prices(workspace.channels), **form.cleaned_data
            )
        except DomainError as error:
            add_domain_error(price_form if error.field == "price_amount" else form, error)
        else:
            messages.success(request, _saved_message(product))
            return _redirect_to_section(product, "quy-cach")
    context = {"product": product, "variant": variant, "view": view, "form": form, "price_form": price_form}
    return render(request, "portal/variant_form.html", context)


@member_or_manager_required
@require_POST
def photo_upload(request, pk):
    product = selectors.own_product(request.user, pk)
    form = forms.PhotoUploadForm(request.POST, request.FILES)
    if form.is_valid():
        added, refused = 0, []
        for upload in form.cleaned_data["images"]:
            try:
                catalogue.upload_product_photo(
                    product=product, user=request.user, uploaded_file=upload, alt=form.cleaned_data["alt"]
                )
                added += 1
            except DomainError as error:
                refused.append(f"{upload.name}: {error.message}")
        if added:
            messages.success(
                request, _("Đã tải lên %(count)d ảnh; ảnh hiện cho khách sau khi được duyệt.") % {"count": added}
            )
        for message in refused:
            messages.error(request, message)
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return _redirect_to_section(product, "anh")


@member_or_manager_required
@require_POST
def photos_arrange(request, pk):
    """One form for every photo: its alt text and its position (a number; photos are shown in that order)."""
    product = selectors.own_product(request.user, pk)
    photos = []
    for key, value in request.POST.items():
        if key.startswith("order_"):
            media_id = parse_whole_number(key.removeprefix("order_"))
            if media_id is None:
                raise Http404
            try:
                position = int(value)
            except ValueError:
                position = 0
            photos.append((position, media_id, request.POST.get(f"alt_{media_id}", "")))
    photos.sort()
    # "Đặt làm ảnh chính": that photo goes first, the others keep their order.
    main = parse_whole_number(request.POST.get("main", ""))
    photos.sort(key=lambda photo: photo[1] != main)
    try:
        catalogue.arrange_product_photos(
            product=product, user=request.user, photos=[(media_id, alt) for _position, media_id, alt in photos]
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _saved_message(product))
    return _redirect_to_section(product, "anh")


@member_or_manager_required
@require_POST
def photo_delete(request, media_pk):
    media = selectors.own_media(request.user, media_pk)
    try:
        catalogue.remove_product_photo(media=media, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã xoá ảnh (ảnh đang bán được gỡ khi thay đổi được duyệt)."))
    return _redirect_to_section(media.product, "anh")


@member_or_manager_required
@require_safe
def photo_preview(request, media_pk, size):
    """A photo for the portal and the review pages, published or not, to its producer and to managers only."""
    media = selectors.own_media(request.user, media_pk)
    image_format = images.negotiate_format(request.headers.get("Accept", ""))
    thumb = catalogue.get_or_create_thumbnail(
        media_id=media.pk, size=images.snap_size(size), image_format=image_format, include_unpublished=True
    )
    response = FileResponse(thumb.image.open("rb"), content_type=images.THUMBNAIL_CONTENT_TYPES[image_format])
    response["Cache-Control"] = "private, max-age=3600"
    response["Vary"] = "Accept, Cookie"
    return response


def _recognition_add(request, pk, *, form_class, model, form_name):
    """A recognition with its scan, added from the product page's form `form_name`; it waits for review."""
    product = selectors.own_product(request.user, pk)
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        try:
            catalogue.submit_certificate(product=product, user=request.user, model=model, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Đã lưu chứng nhận; chứng nhận hiện cho khách sau khi được duyệt."))
            return _redirect_to_section(product, "chung-nhan")
    workspace = selectors.product_workspace(product)
    context = {
        "workspace": workspace,
        "product": product,
        "form": _categories_field(forms.ProductForm(initial=workspace.proposed)),
        "variant_form": forms.VariantForm(),
        "photo_form": forms.PhotoUploadForm(),
        "certificate_form": forms.CertificateForm(),
        "rural_industry_form": forms.RuralIndustryForm(),
        form_name: form,
    }
    return render(request, "portal/product.html", context, status=400)


@member_or_manager_required
@require_POST
def certificate_add(request, pk):
    return _recognition_add(
        request, pk, form_class=forms.CertificateForm, model=OcopCertificate, form_name="certificate_form"
    )


@member_or_manager_required
@require_POST
def rural_industry_add(request, pk):
    return _recognition_add(
        request, pk, form_class=forms.RuralIndustryForm, model=RuralIndustryRecognition, form_name="rural_industry_form"
    )


@member_or_manager_required
@require_POST
def certificate_delete(request, certificate_pk, kind="ocop"):
    certificate = selectors.own_certificate(request.user, certificate_pk, RECOGNITION_KINDS[kind])
    try:
        catalogue.remove_pending_certificate(certificate=certificate, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã gỡ chứng nhận chưa duyệt."))
    return _redirect_to_section(certificate.product, "chung-nhan")


@member_or_manager_required
@require_safe
def certificate_document(request, certificate_pk, kind="ocop"):
    """A recognition's scan, served only to its producer and to managers (never from a public /media/ URL)."""
    certificate = selectors.own_certificate(request.user, certificate_pk, RECOGNITION_KINDS[kind])
    if not certificate.document:
        raise Http404
    extension = certificate.document.name.rsplit(".", 1)[-1].lower()
    content_type = DOCUMENT_CONTENT_TYPES.get(extension)
    # Only the types the upload check admits are shown inline; anything else (an old file) is a download.
    response = FileResponse(
        certificate.document.open("rb"),
        as_attachment=content_type is None,
        content_type=content_type or "application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@member_or_manager_required
@require_POST
def submit(request, pk):
    product = selectors.own_product(request.user, pk)
    try:
        catalogue.submit_for_review(product=product, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã gửi duyệt. Bạn sẽ thấy kết quả và nhận xét tại đây."))
    return redirect("portal:product", product.pk)


@member_required
def profile(request):
    producer = request.user.producer
    initial = {name: getattr(producer, name) for name in forms.ProfileForm.base_fields}
    form = forms.ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            update_producer_profile(producer=producer, user=request.user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Đã lưu hồ sơ chủ thể."))
            return redirect("portal:profile")
    return render(request, "portal/profile.html", {"producer": producer, "form": form})


@member_required
def startup(request):
    """The producer's startup project as the programme recorded it; members propose changes for review."""
    profile = selectors.startup_profile_of(request.user)
    if profile is None:
        return render(request, "portal/startup.html", {"profile": None})
    revision = profile.open_revision
    proposed = revision.changes.get("startup_profile", {}) if revision else {}
    initial = {name: proposed.get(name, getattr(profile, name)) for name in forms.StartupProfileForm.base_fields}
    form = forms.StartupProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and request.POST.get("action") == "submit":
        try:
            services.submit_startup_profile_change(profile=profile, user=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Đã gửi duyệt. Bạn sẽ thấy kết quả và nhận xét tại đây."))
        return redirect("portal:startup")
    if request.method == "POST" and form.is_valid():
        try:
            services.propose_startup_profile_change(profile=profile, user=request.user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, _("Đã lưu đề xuất. Hồ sơ đang hiện giữ nguyên cho đến khi được duyệt: nhớ gửi duyệt.")
            )
            return redirect("portal:startup")
    context = {
        "profile": profile,
        "revision": revision,
        "form": form,
        "rows": selectors.revision_rows(revision) if revision else [],
    }
    return render(request, "portal/startup.html", context)


@manager_required
def invite(request):
    form = forms.InvitationForm(request.POST or None, initial={"producer": request.GET.get("producer")})
    if request.method == "POST" and form.is_valid():
        try:
            invitation = accounts.invite_producer_member(
                producer=form.cleaned_data["producer"],
                email=form.cleaned_data["email"],
                invited_by=request.user,
                site_url=request.build_absolute_uri("/"),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Đã gửi lời mời tới %(email)s.") % {"email": invitation.email})
            return redirect("portal:invite")
    return render(request, "portal/invite.html", {"form": form, "invitations": selectors.recent_invitations()})


@never_cache
def accept_invitation(request, token):
    try:
        invitation = accounts.invitation_from_token(token)
    except DomainError as error:
        return render(request, "portal/invitation_refused.html", {"message": error.message}, status=400)
    form = forms.AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = accounts.accept_invitation(
                token=token,
                password=form.cleaned_data["password"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
            )
        except DomainError as error:
            if error.field is None:
                return render(request, "portal/invitation_refused.html", {"message": error.message}, status=400)
            add_domain_error(form, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Chào mừng bạn đến cổng chủ thể!"))
            return redirect("portal:dashboard")
    return render(request, "portal/accept_invitation.html", {"invitation": invitation, "form": form})


@manager_required
def review_queue(request):
    return render(request, "portal/review_queue.html", {"revisions": selectors.review_queue()})


@manager_required
def review_detail(request, revision_pk):
    revision = get_object_or_404(
        ProductRevision.objects.select_related("product__producer", "startup_profile__producer"), pk=revision_pk
    )
    form = forms.ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action")
        try:
            if action == "approve":
                services.approve_revision(revision=revision, user=request.user, comment=form.cleaned_data["comment"])
                messages.success(request, _("Đã duyệt: thay đổi đã hiện trên cửa hàng."))
            elif action == "reject":
                services.reject_revision(revision=revision, user=request.user, comment=form.cleaned_data["comment"])
                messages.success(request, _("Đã từ chối và gửi nhận xét cho chủ thể."))
            else:
                raise Http404
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return redirect("portal:review_queue")
    rows = selectors.revision_rows(revision)
    if revision.startup_profile_id is not None:
        context = {"revision": revision, "profile": revision.startup_profile, "rows": rows, "form": form}
        return render(request, "portal/review_startup.html", context)
    workspace = selectors.product_workspace(revision.product)
    context = {"revision": revision, "workspace": workspace, "rows": rows, "form": form}
    return render(request, "portal/review_detail.html", context)


def _month_from(value: str | None) -> datetime.date:
    """The month asked for as "YYYY-MM" (an <input type=month>), this local month when absent or malformed."""
    return selectors.parse_month(value) or timezone.localdate().replace(day=1)


def _neighbours(month: datetime.date) -> dict:
    """The months before and after, for the pages' ‹ › links."""
    return {
        "previous": (month - datetime.timedelta(days=1)).replace(day=1),
        "following": (month + datetime.timedelta(days=31)).replace(day=1),
    }


@member_required
def sales(request):
    month = _month_from(request.GET.get("month"))
    context = {
        "producer": request.user.producer,
        "report": selectors.sales_report(request.user.producer, month),
        **_neighbours(month),
    }
    return render(request, "portal/sales.html", context)


@member_required
def bulk_import(request):
    """Upload a CSV of products (the export's shape); the result or every row's refusal is shown here."""
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = bulk.import_products(
                producer=request.user.producer, user=request.user, uploaded_file=form.cleaned_data["file"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            if not result.errors:
                messages.success(
                    request,
                    _("Đã nhập: %(created)d quy cách mới, %(updated)d quy cách cập nhật.")
                    % {"created": result.created, "updated": result.updated},
                )
                return redirect("portal:dashboard")
    status = 400 if result is not None and result.errors else 200
    return render(request, "portal/import.html", {"form": form, "result": result}, status=status)


@member_required
@require_safe
def bulk_export(request, file_format):
    producer = request.user.producer
    if file_format == "xlsx":
        response = HttpResponse(
            bulk.export_products_xlsx(producer),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(bulk.export_products(producer), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="san-pham-{producer.slug}.{file_format}"'
    return response


def _statement_producer(request, params) -> Producer:
    """A member's own producer; a manager names the producer (?producer=<id>)."""
    if selectors.is_member(request.user):
        return request.user.producer
    producer_pk = parse_whole_number(params.get("producer"))
    if request.user.is_manager and producer_pk is not None:
        return get_object_or_404(Producer, pk=producer_pk)
    raise Http404


def _statement(request):
    return statements.consignment_statement(
        _statement_producer(request, request.GET), _month_from(request.GET.get("month"))
    )


def _statement_url(request, producer, month) -> str:
    query = f"?month={month:%Y-%m}" + ("" if selectors.is_member(request.user) else f"&producer={producer.pk}")
    return reverse("portal:statement") + query


@member_or_manager_required
def statement(request):
    report = _statement(request)
    producer_param = None if selectors.is_member(request.user) else report.producer.pk
    context = {
        "statement": report,
        "producer_param": producer_param,
        "exports": selectors.statement_exports(report.producer, report.month),
        **_neighbours(report.month),
    }
    return render(request, "portal/statement.html", context)


@member_or_manager_required
@require_POST
def statement_export_request(request):
    """Ask a worker for the month's statement file; the statement page shows it pending, then ready."""
    producer = _statement_producer(request, request.POST)
    month = _month_from(request.POST.get("month"))
    try:
        services.request_statement_export(
            producer=producer, month=month, file_format=request.POST.get("file_format", ""), user=request.user
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đang tạo tệp bảng kê; tải về khi trạng thái là “sẵn sàng”."))
    return redirect(_statement_url(request, producer, month))


@member_or_manager_required
@require_safe
def statement_export_download(request, pk):
    export = selectors.own_statement_export(request.user, pk)
    name = f"bang-ke-{export.producer.slug}-{export.month:%Y-%m}.{export.file_format}"
    response = FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=name,
        content_type=STATEMENT_CONTENT_TYPES[export.file_format],
    )
    response["Cache-Control"] = "private, no-store"
    return response


@member_or_manager_required
@require_safe
def statement_download(request, file_format):
    report = _statement(request)
    name = f"bang-ke-{report.producer.slug}-{report.month:%Y-%m}.{file_format}"
    if file_format == "pdf":
        response = HttpResponse(statements.as_pdf(report), content_type="application/pdf")
    else:
        response = HttpResponse(statements.as_xlsx(report), content_type=STATEMENT_CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
