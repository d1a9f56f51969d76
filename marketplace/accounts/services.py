"""The write path for accounts: one function creates a user of any role with the links that role needs."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from marketplace.core.errors import DomainError
from marketplace.core.persist import validated_save
from marketplace.core.text import nfc

MANAGER_GROUP_NAME = "Quản lý chương trình"

# The apps whose data a programme manager looks after in the admin.
MANAGER_APP_LABELS = ("accounts", "producers", "catalogue", "channels", "inventory", "checkout", "orders", "payments")
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
