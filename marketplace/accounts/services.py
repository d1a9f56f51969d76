"""The write path for accounts: one function creates a user of any role with the links that role needs."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
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
from marketplace.accounts.models import Address, ProducerInvitation
from marketplace.core import addresses
from marketplace.core.errors import DomainError
from marketplace.core.text import nfc
from marketplace.core.validation import validated_save

MANAGER_GROUP_NAME = "Quản lý chương trình"

# The apps whose data a programme manager looks after in the admin.
MANAGER_APP_LABELS = (
    "accounts",
    "producers",
    "catalogue",
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


def request_password_reset(*, users, site_url: str, language: str = "vi") -> None:
    """A password reset link for each of these users (those of an address asked for), each sent by a job."""
    for user in users:
        tasks.send_password_reset_email.defer(user_id=user.pk, site_url=site_url, language=language)


def send_password_reset_email(user_id: int, site_url: str, language: str = "vi") -> None:
    """E-mail a single-use link to set a new password; its token is made now, so it is valid from this moment.

    Nothing goes to an account closed since it was asked for.
    """
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    with translation.override(language):
        context = {"link": site_url.rstrip("/") + path}
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
def sign_up_shopper(*, email: str, full_name: str, phone: str, password: str):
    """A shopper's own account. The whole Vietnamese name goes in first_name (family name first, as written),
    so get_full_name() gives it back in the right order."""
    full_name = addresses.required_text(full_name, field="full_name", max_length=150)
    phone = addresses.clean_phone(phone)
    user = create_user(email=email, password=password, role=get_user_model().Role.SHOPPER, first_name=full_name)
    user.phone = phone
    user.save(update_fields=["phone"])
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
