"""The write path for accounts: one function creates a user of any role with the links that role needs."""

import datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import PasswordResetTokenGenerator, default_token_generator
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from marketplace.accounts import tasks
from marketplace.accounts.models import Address, ProducerInvitation, new_api_token_key
from marketplace.core import addresses
from marketplace.core.errors import DomainError
from marketplace.core.models import LanguageCode
from marketplace.core.text import nfc
from marketplace.core.validation import validated_save

MANAGER_GROUP_NAME = "Quản lý chương trình"

# The apps whose data a programme manager looks after in the admin.
MANAGER_APP_LABELS = (
    "accounts",
    "producers",
    "catalogue",
    "content",
    "channels",
    "inventory",
    "pos",
    "taxes",
    "checkout",
    "orders",
    "payments",
    # Background jobs (read-only in the admin, with retry and cancel actions), failed ones included.
    "procrastinate",
    # Sign-in lockouts (django-axes): managers see them and lift them.
    "axes",
)
# The stock ledger is append-only (a trigger refuses UPDATE and DELETE): offering those permissions would only
# lead to database errors.
MANAGER_EXCLUDED_PERMISSIONS = ("change_stockmovement", "delete_stockmovement")


def sync_manager_group() -> Group:
    """The managers' group, holding every permission of the programme's apps.

    Run again after adding an app or a model so its new permissions reach the managers.
    """
    group, _created = Group.objects.get_or_create(name=MANAGER_GROUP_NAME)
    permissions = Permission.objects.filter(content_type__app_label__in=MANAGER_APP_LABELS).exclude(
        codename__in=MANAGER_EXCLUDED_PERMISSIONS
    )
    group.permissions.set(permissions)
    return group


@transaction.atomic
def create_user(
    *,
    email: str,
    password: str,
    role: str,
    producer=None,
    kiosk=None,
    first_name: str = "",
    last_name: str = "",
    is_staff: bool = False,
):
    """Create an account; the e-mail address is the login. Managers get the admin and the managers' group.

    A producer member must name their producer and kiosk staff their kiosk; no other role may have either.
    """
    User = get_user_model()
    email = _normalised_email(email)
    _check_role_links(role, producer=producer, kiosk=kiosk)
    _check_email_free(email)

    is_manager = role == User.Role.MANAGER
    user = User(
        username=email,
        email=email,
        role=role,
        producer=producer,
        kiosk=kiosk,
        first_name=nfc(first_name),
        last_name=nfc(last_name),
        is_staff=is_staff or is_manager,
    )
    _check_password(password, user)
    user.set_password(password)
    validated_save(user)
    if is_manager:
        user.groups.add(sync_manager_group())
    return user


def _check_email_free(email: str) -> None:
    if get_user_model().objects.filter(email__iexact=email).exists():
        raise DomainError(_("Email này đã được dùng cho một tài khoản khác."), code="email_taken", field="email")


def _check_password(password: str, user) -> None:
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise DomainError(" ".join(error.messages), code="weak_password", field="password") from error


def _normalised_email(email: str) -> str:
    return get_user_model().objects.normalize_email(nfc(email)).lower()


def _check_role_links(role: str, *, producer, kiosk) -> None:
    """A producer member belongs to exactly one producer and kiosk staff to one kiosk; no other role to either."""
    User = get_user_model()
    if role not in User.Role.values:
        raise DomainError(_("Vai trò không hợp lệ."), code="invalid_role", field="role")
    if (role == User.Role.PRODUCER) != (producer is not None):
        raise DomainError(
            _("Chỉ thành viên chủ thể OCOP mới gắn với một chủ thể, và phải gắn với đúng một chủ thể."),
            code="producer_mismatch",
            field="producer",
        )
    if (role == User.Role.KIOSK_STAFF) != (kiosk is not None):
        raise DomainError(
            _("Chỉ nhân viên ki-ốt mới gắn với một ki-ốt, và phải gắn với đúng một ki-ốt."),
            code="kiosk_mismatch",
            field="kiosk",
        )
    if kiosk is not None and kiosk.kind != kiosk.Kind.KIOSK:
        raise DomainError(_("Địa điểm này không phải là ki-ốt."), code="not_a_kiosk", field="kiosk")


def sync_role_group(user) -> None:
    """The managers' group follows the role: a manager is in it, anyone else is not."""
    if user.role == user.Role.MANAGER:
        user.groups.add(sync_manager_group())
    else:
        user.groups.remove(*user.groups.filter(name=MANAGER_GROUP_NAME))


@transaction.atomic
def update_account(*, user, **fields):
    """A manager's edit of an account (the admin): the role keeps its links and the managers' group follows it.

    Passwords change through Django's own password page.
    """
    User = get_user_model()
    user = User.objects.select_for_update().get(pk=user.pk)
    for name, value in fields.items():
        if name == "email":
            value = _normalised_email(value)
        elif isinstance(value, str):
            value = nfc(value)
        setattr(user, name, value)
    _check_role_links(user.role, producer=user.producer, kiosk=user.kiosk)
    if user.role == User.Role.MANAGER:
        user.is_staff = True
    validated_save(user)
    sync_role_group(user)
    return user


# An invitation link is signed with the project's secret key under its own salt and works for this long.
INVITATION_SALT = "xuquang.accounts.producer-invitation"
INVITATION_VALIDITY = datetime.timedelta(days=7)


def invitation_token(invitation: ProducerInvitation) -> str:
    """The signed, timestamped token of an invitation link; it names the invitation and its e-mail address."""
    return signing.TimestampSigner(salt=INVITATION_SALT).sign_object({"id": invitation.pk, "email": invitation.email})


@transaction.atomic
def invite_producer_member(*, producer, email: str, invited_by, site_url: str | None = None) -> ProducerInvitation:
    """Invite a person to the producer's portal and e-mail them a single-use link to set their password.

    site_url is the root the link starts with (a view passes the address it was reached at; by default
    XQ_SITE_URL). The e-mail is a job deferred in this transaction: it leaves only once the invitation is committed.
    """
    User = get_user_model()
    if not getattr(invited_by, "is_manager", False):
        raise DomainError(_("Chỉ quản lý chương trình mới được mời thành viên."), code="not_manager")
    email = User.objects.normalize_email(nfc(email)).lower()
    if User.objects.filter(email__iexact=email).exists():
        raise DomainError(_("Email này đã được dùng cho một tài khoản khác."), code="email_taken", field="email")
    invitation = validated_save(ProducerInvitation(producer=producer, email=email, invited_by=invited_by))
    tasks.send_invitation_email.defer(invitation_id=invitation.pk, site_url=site_url or settings.XQ_SITE_URL)
    return invitation


def send_invitation_email(invitation_id: int, site_url: str) -> None:
    """E-mail the invited person their link (signed now, valid INVITATION_VALIDITY), in Vietnamese."""
    invitation = ProducerInvitation.objects.select_related("producer").get(pk=invitation_id)
    link = site_url.rstrip("/") + reverse("portal:accept_invitation", args=[invitation_token(invitation)])
    with translation.override("vi"):
        context = {"invitation": invitation, "link": link, "valid_days": INVITATION_VALIDITY.days}
        subject = _("Lời mời tham gia cổng chủ thể Xứ Quảng Market – %(producer)s") % {
            "producer": invitation.producer.name
        }
        body = render_to_string("accounts/invitation_email.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.email])


def request_password_reset(*, users, site_url: str, language: str = "vi", redirect_url: str = "") -> None:
    """A password reset link for each of these users (those of an address asked for), each sent by a job.

    The link leads to the shop's own page, or, when a storefront of the API names its redirect_url (one of
    storefront_link's hosts), there with `email` and `token` added, for the storefront to call setPassword.
    """
    storefront = {"redirect_url": redirect_url} if redirect_url else {}
    if redirect_url:
        storefront_link(redirect_url, {}, field="redirect_url")
    for user in users:
        tasks.send_password_reset_email.defer(user_id=user.pk, site_url=site_url, language=language, **storefront)


def send_password_reset_email(user_id: int, site_url: str, language: str = "vi", redirect_url: str = "") -> None:
    """E-mail a single-use link to set a new password; its token is made now, so it is valid from this moment.

    Nothing goes to an account closed since it was asked for.
    """
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return
    token = default_token_generator.make_token(user)
    if redirect_url:
        link = storefront_link(redirect_url, {"email": user.email, "token": token}, field="redirect_url")
    else:
        path = reverse(
            "accounts:password_reset_confirm",
            kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": token},
        )
        link = site_url.rstrip("/") + path
    with translation.override(language):
        context = {"link": link}
        subject = render_to_string("accounts/email/password_reset_subject.txt", context).strip()
        body = render_to_string("accounts/email/password_reset.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


def invitation_from_token(token: str, *, lock: bool = False) -> ProducerInvitation:
    """The open invitation a link names, or a DomainError saying why the link no longer works."""
    try:
        payload = signing.TimestampSigner(salt=INVITATION_SALT).unsign_object(token, max_age=INVITATION_VALIDITY)
    except signing.SignatureExpired as error:
        raise DomainError(
            _("Liên kết mời đã hết hạn. Hãy đề nghị quản lý chương trình gửi lời mời mới."), code="invitation_expired"
        ) from error
    except signing.BadSignature as error:
        raise DomainError(
            _("Liên kết mời không hợp lệ. Hãy mở đúng liên kết trong email."), code="invitation_invalid"
        ) from error
    invitations = ProducerInvitation.objects.select_related("producer")
    if lock:
        invitations = invitations.select_for_update(of=("self",))
    invitation = invitations.filter(pk=payload.get("id"), email=payload.get("email")).first()
    if invitation is None:
        raise DomainError(_("Liên kết mời không hợp lệ. Hãy mở đúng liên kết trong email."), code="invitation_invalid")
    if invitation.accepted_at is not None:
        raise DomainError(
            _("Liên kết mời này đã được dùng. Hãy đăng nhập bằng email và mật khẩu đã đặt."), code="invitation_used"
        )
    return invitation


@transaction.atomic
def accept_invitation(*, token: str, password: str, first_name: str = "", last_name: str = ""):
    """Create the invited member's account with the password they chose; the link cannot be used again."""
    # The row lock makes two simultaneous submissions of one link create one account.
    invitation = invitation_from_token(token, lock=True)
    user = create_user(
        email=invitation.email,
        password=password,
        role=get_user_model().Role.PRODUCER,
        producer=invitation.producer,
        first_name=first_name,
        last_name=last_name,
    )
    invitation.accepted_at = timezone.now()
    invitation.user = user
    invitation.save(update_fields=["accepted_at", "user"])
    return user


# --- Shoppers: signing up and the address book -------------------------------------------------------------------


def sign_up_problems(*, email: str, full_name: str, phone: str, password: str) -> list[DomainError]:
    """Every reason sign_up_shopper would refuse these details, at once (the sign-up page shows them together
    rather than one per try). An empty value is skipped: the form says it is required."""
    User = get_user_model()
    checks = []
    if full_name:
        checks.append(lambda: addresses.required_text(full_name, field="full_name", max_length=150))
    if phone:
        checks.append(lambda: addresses.clean_phone(phone))
    if email:
        checks.append(lambda: _check_email_free(_normalised_email(email)))
    if password:
        someone = User(username=email, email=email, first_name=nfc(full_name or ""), role=User.Role.SHOPPER)
        checks.append(lambda: _check_password(password, someone))
    problems = []
    for check in checks:
        try:
            check()
        except DomainError as error:
            problems.append(error)
    return problems


@transaction.atomic
def _language(language_code: str) -> str:
    """One of the shop's languages (vi, en), else the field's error (the column's check constraint agrees)."""
    if language_code not in LanguageCode.values:
        raise DomainError(_("Cửa hàng chỉ có tiếng Việt và tiếng Anh."), code="invalid", field="language_code")
    return language_code


def sign_up_shopper(*, email: str, full_name: str, phone: str, password: str, language_code: str = "vi"):
    """A shopper's own account. The whole Vietnamese name goes in first_name (family name first, as written),
    so get_full_name() gives it back in the right order.

    The sign-up page asks for the name and the phone; the API's accountRegister may leave them empty (Saleor's
    registration has neither), and the checkout asks for the phone later.
    """
    full_name = addresses.required_text(full_name, field="full_name", max_length=150) if nfc(full_name) else ""
    phone = addresses.clean_phone(phone) if nfc(phone) else ""
    language_code = _language(language_code)
    user = create_user(email=email, password=password, role=get_user_model().Role.SHOPPER, first_name=full_name)
    user.phone = phone
    user.language_code = language_code
    user.save(update_fields=["phone", "language_code"])
    return user


def _address_fields(*, full_name: str, phone: str, street_address: str, ward_code: str) -> dict:
    """The address checks of checkout itself, so a saved address is always one checkout accepts."""
    fields = addresses.delivery_address_fields(full_name=full_name, street_address=street_address, ward_code=ward_code)
    return fields | {"phone": addresses.clean_phone(phone)}


def _lock_address_book(user) -> None:
    # One shopper's address changes run one at a time, so "only one default" never trips its constraint midway.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()


@transaction.atomic
def save_address(
    *,
    user,
    full_name: str,
    phone: str,
    street_address: str,
    ward_code: str,
    address: Address | None = None,
    make_default: bool = False,
) -> Address:
    """Add an address to the shopper's book, or change one of theirs. The first address becomes the default."""
    if address is not None and address.user_id != user.pk:
        raise DomainError(_("Không tìm thấy địa chỉ này."), code="not_found")
    _lock_address_book(user)
    address = address or Address(user=user)
    for name, value in _address_fields(
        full_name=full_name, phone=phone, street_address=street_address, ward_code=ward_code
    ).items():
        setattr(address, name, value)
    has_default = Address.objects.filter(user=user, is_default=True).exclude(pk=address.pk).exists()
    if make_default or not has_default:
        Address.objects.filter(user=user, is_default=True).exclude(pk=address.pk).update(is_default=False)
        address.is_default = True
    return validated_save(address)


@transaction.atomic
def set_default_address(*, user, address: Address) -> Address:
    if address.user_id != user.pk:
        raise DomainError(_("Không tìm thấy địa chỉ này."), code="not_found")
    _lock_address_book(user)
    Address.objects.filter(user=user, is_default=True).exclude(pk=address.pk).update(is_default=False)
    address.is_default = True
    address.save(update_fields=["is_default"])
    return address


@transaction.atomic
def delete_address(*, user, address: Address) -> None:
    """Remove an address; if it was the default, the most recent remaining one takes its place."""
    if address.user_id != user.pk:
        raise DomainError(_("Không tìm thấy địa chỉ này."), code="not_found")
    _lock_address_book(user)
    was_default = address.is_default
    address.delete()
    if was_default:
        successor = Address.objects.filter(user=user).order_by("-created_at", "-pk").first()
        if successor is not None:
            successor.is_default = True
            successor.save(update_fields=["is_default"])


# --- The API's accounts: tokens, passwords, profile, closing an account --------------------------------------------


def storefront_link(url: str, params: dict, *, field: str) -> str:
    """A link into a storefront of the API (a redirectUrl), with params added to its query string.

    Only the shop's own host and settings.XQ_STOREFRONT_HOSTS are accepted: the emails that carry these links must
    not send a shopper, with their token, anywhere a client asks."""
    parts = urlsplit(nfc(url))
    allowed = {urlsplit(settings.XQ_SITE_URL).hostname, *settings.XQ_STOREFRONT_HOSTS}
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.hostname not in allowed:
        raise DomainError(_("Địa chỉ trang của cửa hàng không được chấp nhận."), code="invalid_redirect", field=field)
    query = urlencode([*parse_qsl(parts.query, keep_blank_values=True), *params.items()])
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


@transaction.atomic
def deactivate_api_tokens(*, user) -> None:
    """Every API token the account holds stops working (its key changes); it signs in again for new ones."""
    user.api_token_key = new_api_token_key()
    user.save(update_fields=["api_token_key"])


def _set_new_password(user, password: str) -> None:
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise DomainError(" ".join(error.messages), code="weak_password", field="password") from error
    user.set_password(password)


@transaction.atomic
def change_password(*, user, old_password: str, new_password: str):
    """A signed-in shopper's new password; the old one must be given (unless the account never had one)."""
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    if user.has_usable_password() and not user.check_password(old_password or ""):
        raise DomainError(_("Mật khẩu hiện tại không đúng."), code="wrong_password", field="old_password")
    _set_new_password(user, new_password)
    user.save(update_fields=["password"])
    return user


def _account_with_token(email: str, token: str, token_generator):
    user = get_user_model().objects.filter(email__iexact=_normalised_email(email or "")).first()
    if user is None or not token_generator.check_token(user, token or ""):
        raise DomainError(
            _("Liên kết không hợp lệ hoặc đã hết hạn. Hãy yêu cầu một liên kết mới."),
            code="invalid_token",
            field="token",
        )
    return user


@transaction.atomic
def set_password_from_reset(*, email: str, token: str, password: str):
    """The new password of the account whose reset link (email and token, made by send_password_reset_email)
    is given. The link then stops working, and so does every API token the account had."""
    user = _account_with_token(email, token, default_token_generator)
    if not user.is_active:
        raise DomainError(_("Tài khoản này đã bị khoá."), code="inactive", field="email")
    _set_new_password(user, password)
    user.api_token_key = new_api_token_key()
    user.save(update_fields=["password", "api_token_key"])
    return user


class _ConfirmationTokens(PasswordResetTokenGenerator):
    """Tokens confirming an e-mail address: like reset tokens, under a salt of their own."""

    key_salt = "xuquang.accounts.confirm-account"


confirmation_tokens = _ConfirmationTokens()


@transaction.atomic
def confirm_account(*, email: str, token: str):
    """Confirm an account from the link of a confirmation email (Saleor's confirmAccount). Accounts open at
    sign-up, so this only reopens one that was waiting for its confirmation."""
    user = _account_with_token(email, token, confirmation_tokens)
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    return user


@transaction.atomic
def update_profile(
    *,
    user,
    first_name: str | None = None,
    last_name: str | None = None,
    default_address=None,
    language_code: str | None = None,
):
    """A shopper's own name (the whole Vietnamese name in first_name, as at sign-up), language (vi, en) and a new
    address that becomes their default (keyword arguments of save_address). A value left as None is not changed."""
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    if language_code is not None:
        user.language_code = _language(language_code)
    for name, value in (("first_name", first_name), ("last_name", last_name)):
        if value is not None:
            setattr(user, name, addresses.required_text(value, field=name, max_length=150) if nfc(value) else "")
    validated_save(user)
    if default_address is not None:
        save_address(user=user, make_default=True, **default_address)
    return user


# A link to close an account works for this long, once.
DELETION_SALT = "xuquang.accounts.delete-account"
DELETION_VALIDITY = datetime.timedelta(days=1)


@transaction.atomic
def request_account_deletion(*, user, redirect_url: str, language: str = "vi") -> None:
    """E-mail the shopper a link to close their account (Saleor's accountRequestDeletion); the storefront's page
    at redirect_url receives the token and calls accountDelete."""
    storefront_link(redirect_url, {}, field="redirect_url")
    if user.role != get_user_model().Role.SHOPPER or user.is_staff:
        raise DomainError(
            _("Chỉ tài khoản khách mua hàng mới tự đóng được; hãy liên hệ quản lý chương trình."), code="not_shopper"
        )
    tasks.send_account_deletion_email.defer(user_id=user.pk, redirect_url=redirect_url, language=language)


def account_deletion_token(user) -> str:
    """Names the account and its key, so the link dies with a password reset or tokensDeactivateAll too."""
    return signing.TimestampSigner(salt=DELETION_SALT).sign_object({"id": user.pk, "key": user.api_token_key})


def send_account_deletion_email(user_id: int, redirect_url: str, language: str = "vi") -> None:
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return
    link = storefront_link(redirect_url, {"token": account_deletion_token(user)}, field="redirect_url")
    with translation.override(language):
        subject = _("Xác nhận đóng tài khoản Xứ Quảng Market")
        body = render_to_string(
            "accounts/email/account_deletion.txt", {"link": link, "valid_hours": DELETION_VALIDITY.days * 24}
        )
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


@transaction.atomic
def delete_account(*, user, token: str) -> None:
    """Close the shopper's account with the link's token: the account and its address book go; its orders stay,
    with their own copy of the contact and address (Order.user becomes empty)."""
    try:
        payload = signing.TimestampSigner(salt=DELETION_SALT).unsign_object(token or "", max_age=DELETION_VALIDITY)
    except signing.BadSignature as error:
        raise DomainError(
            _("Liên kết không hợp lệ hoặc đã hết hạn. Hãy yêu cầu một liên kết mới."),
            code="invalid_token",
            field="token",
        ) from error
    user = get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    if user is None or payload.get("id") != user.pk or payload.get("key") != user.api_token_key:
        raise DomainError(
            _("Liên kết không hợp lệ hoặc đã hết hạn. Hãy yêu cầu một liên kết mới."),
            code="invalid_token",
            field="token",
        )
    user.delete()
