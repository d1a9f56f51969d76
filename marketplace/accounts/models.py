import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from marketplace.core.models import DeliveryAddress, language_code_constraint, language_code_field


def new_api_token_key() -> str:
    return secrets.token_urlsafe(16)


class User(AbstractUser):
    """One account per person. The role decides which face they land on and what they may touch."""

    class Role(models.TextChoices):
        SHOPPER = "shopper", _("Khách mua hàng")
        PRODUCER = "producer", _("Thành viên chủ thể OCOP")
        KIOSK_STAFF = "kiosk_staff", _("Nhân viên ki-ốt")
        MANAGER = "manager", _("Quản lý chương trình")

    email = models.EmailField(_("email"), unique=True)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices, default=Role.SHOPPER)
    producer = models.ForeignKey(
        "producers.Producer",
        verbose_name=_("chủ thể"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    kiosk = models.ForeignKey(
        "inventory.Warehouse",
        verbose_name=_("ki-ốt"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
    )
    # Every API token (JWT) of the account carries this key; a new key makes all of them invalid at once
    # (tokensDeactivateAll, a password set from a reset link).
    api_token_key = models.CharField(_("khoá phiên API"), max_length=32, default=new_api_token_key, editable=False)
    # The language the account reads the shop in (vi or en): Saleor's User.languageCode, set at accountRegister and
    # accountUpdate; a new API checkout of the account starts in it.
    language_code = language_code_field()

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        constraints = [
            # A producer member belongs to exactly one producer; kiosk staff to exactly one kiosk.
            models.CheckConstraint(
                condition=Q(role="producer", producer__isnull=False) | (~Q(role="producer") & Q(producer__isnull=True)),
                name="user_producer_iff_producer_role",
            ),
            models.CheckConstraint(
                condition=Q(role="kiosk_staff", kiosk__isnull=False) | (~Q(role="kiosk_staff") & Q(kiosk__isnull=True)),
                name="user_kiosk_iff_kiosk_staff_role",
            ),
            language_code_constraint("user_language_code_vi_or_en"),
        ]

    @property
    def is_manager(self) -> bool:
        return self.is_superuser or self.role == self.Role.MANAGER


class ProducerInvitation(models.Model):
    """A manager's invitation for a person to join a producer's portal as a member.

    The e-mailed link carries a signed, timestamped token naming this row; the row makes the link single-use
    (accepted_at) and lets a manager see who was invited and whether they joined.
    """

    producer = models.ForeignKey(
        "producers.Producer", verbose_name=_("chủ thể"), on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email"))
    invited_by = models.ForeignKey(
        User, verbose_name=_("người mời"), on_delete=models.PROTECT, related_name="invitations_sent"
    )
    created_at = models.DateTimeField(_("ngày mời"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("ngày nhận lời"), null=True, blank=True)
    user = models.OneToOneField(
        User,
        verbose_name=_("tài khoản"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitation",
    )

    class Meta:
        verbose_name = _("lời mời thành viên chủ thể")
        verbose_name_plural = _("lời mời thành viên chủ thể")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True, user__isnull=True) | Q(accepted_at__isnull=False),
                name="invitation_user_only_when_accepted",
            )
        ]

    def __str__(self):
        return f"{self.email} → {self.producer}"


class Address(DeliveryAddress):
    """A delivery address in a shopper's address book; the default one pre-fills their checkout."""

    user = models.ForeignKey(User, verbose_name=_("tài khoản"), on_delete=models.CASCADE, related_name="addresses")
    phone = models.CharField(_("số điện thoại"), max_length=20)
    is_default = models.BooleanField(_("mặc định"), default=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("địa chỉ giao hàng")
        verbose_name_plural = _("sổ địa chỉ")
        ordering = ["-is_default", "-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user"], condition=Q(is_default=True), name="address_one_default_per_user"),
        ]

    def __str__(self):
        return self.shipping_address_line
