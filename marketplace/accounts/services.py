"""The write path for accounts: one function creates a user of any role with the links that role needs."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.accounts.models import Address, ProducerInvitation
from marketplace.checkout import services as checkout_rules
from marketplace.checkout.hcmc_wards import HCMC_PROVINCE_NAME
from marketplace.core.errors import DomainError
from marketplace.core.persist import validated_save
from marketplace.core.text import nfc

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
    email = User.objects.normalize_email(nfc(email)).lower()
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
    if User.objects.filter(email__iexact=email).exists():
        raise DomainError(_("Email này đã được dùng cho một tài khoản khác."), code="email_taken", field="email")

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
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise DomainError(" ".join(error.messages), code="weak_password", field="password") from error
    user.set_password(password)
    validated_save(user)
    if is_manager:
        user.groups.add(sync_manager_group())
    return user


# An invitation link is signed with the project's secret key under its own salt and works for this long.
INVITATION_SALT = "xuquang.accounts.producer-invitation"
INVITATION_VALIDITY = datetime.timedelta(days=7)


def invitation_token(invitation: ProducerInvitation) -> str:
    """The signed, timestamped token of an invitation link; it names the invitation and its e-mail address."""
    return signing.TimestampSigner(salt=INVITATION_SALT).sign_object({"id": invitation.pk, "email": invitation.email})


@transaction.atomic
def invite_producer_member(*, producer, email: str, invited_by, accept_url_builder=None) -> ProducerInvitation:
    """Invite a person to the producer's portal and e-mail them a single-use link to set their password.

    accept_url_builder(path) -> the absolute URL of that path (a view passes request.build_absolute_uri).
    The e-mail leaves only once the invitation is committed.
    """
    User = get_user_model()
    if not getattr(invited_by, "is_manager", False):
        raise DomainError(_("Chỉ quản lý chương trình mới được mời thành viên."), code="not_manager")
    email = User.objects.normalize_email(nfc(email)).lower()
    if User.objects.filter(email__iexact=email).exists():
        raise DomainError(_("Email này đã được dùng cho một tài khoản khác."), code="email_taken", field="email")
    invitation = validated_save(ProducerInvitation(producer=producer, email=email, invited_by=invited_by))
    token = invitation_token(invitation)
    path = reverse("portal:accept_invitation", args=[token])
    link = accept_url_builder(path) if accept_url_builder else path
    context = {"invitation": invitation, "link": link, "valid_days": INVITATION_VALIDITY.days}
    subject = _("Lời mời tham gia cổng chủ thể Xứ Quảng Market – %(producer)s") % {"producer": producer.name}
    body = render_to_string("accounts/invitation_email.txt", context)
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email]))
    return invitation


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


@transaction.atomic
def sign_up_shopper(*, email: str, full_name: str, phone: str, password: str):
    """A shopper's own account. The whole Vietnamese name goes in first_name (family name first, as written),
    so get_full_name() gives it back in the right order."""
    full_name = checkout_rules.required_text(full_name, field="full_name", max_length=150)
    phone = checkout_rules.clean_phone(phone)
    user = create_user(email=email, password=password, role=get_user_model().Role.SHOPPER, first_name=full_name)
    user.phone = phone
    user.save(update_fields=["phone"])
    return user


def _address_fields(*, full_name: str, phone: str, street_address: str, ward_code: str) -> dict:
    """The address checks of checkout itself, so a saved address is always one checkout accepts."""
    ward_code = nfc(ward_code)
    if ward_code not in checkout_rules.WARD_NAMES:
        raise DomainError(_("Vui lòng chọn phường/xã thuộc TP. Hồ Chí Minh."), code="invalid_ward", field="ward_code")
    return {
        "shipping_full_name": checkout_rules.required_text(full_name, field="full_name", max_length=120),
        "phone": checkout_rules.clean_phone(phone),
        "shipping_street_address": checkout_rules.required_text(street_address, field="street_address", max_length=255),
        "shipping_ward_code": ward_code,
        "shipping_ward": checkout_rules.WARD_NAMES[ward_code],
        "shipping_city": HCMC_PROVINCE_NAME,
    }


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
