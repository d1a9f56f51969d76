"""Saleor's Shop settings beyond the storefront's: the mail sender, permissions, staff notifications, usage,
announcements, tax apps and a few switches. Shop in content.py takes them from ShopSettingsFields.

The staff-only ones (Saleor asks MANAGE_SETTINGS or a staff user) are for managers only, as our other staff-only
fields: anyone else gets Saleor's PermissionDenied. Shop is never in the catalogue's answer cache, so a manager's
answer is never served to anyone else.
"""

from email.utils import parseaddr

import graphene
from django.conf import settings
from django.db.models import Q
from graphene import relay

from inventory.models import Warehouse
from marketplace.accounts.models import User as UserModel
from marketplace.catalogue.models import ProductVariant
from marketplace.channels.models import Channel
from marketplace.graphql.auth import require_manager
from marketplace.graphql.inputs import Metadata
from marketplace.graphql.staff import PERMISSION_NAMES, Permission
from marketplace.orders.models import Order

AccountConfirmModeEnum = graphene.Enum(
    "AccountConfirmModeEnum", [("MERGE_DISABLED", "MERGE_DISABLED"), ("REQUIRE_PASSWORD", "REQUIRE_PASSWORD")]
)
AnnouncementImportanceEnum = graphene.Enum(
    "AnnouncementImportanceEnum", [(name, name) for name in ("CRITICAL", "HIGH", "MODERATE", "LOW", "UNSET")]
)


class StaffNotificationRecipient(graphene.ObjectType):
    user = graphene.Field("marketplace.graphql.account.User")
    email = graphene.String()
    active = graphene.Boolean()

    class Meta:
        interfaces = (relay.Node,)


class Limits(graphene.ObjectType):
    channels = graphene.Int()
    orders = graphene.Int()
    product_variants = graphene.Int()
    staff_users = graphene.Int()
    warehouses = graphene.Int()


class LimitInfo(graphene.ObjectType):
    current_usage = graphene.Field(Limits, required=True)
    allowed_usage = graphene.Field(Limits, required=True)


class Announcement(graphene.ObjectType):
    created_at = graphene.DateTime(required=True)
    updated_at = graphene.DateTime(required=True)
    title = graphene.String(required=True)
    message_html = graphene.String(required=True)
    importance = graphene.Field(AnnouncementImportanceEnum, required=True)
    type = graphene.String(required=True)
    extra = graphene.Field(Metadata, required=True)


def current_usage() -> Limits:
    """What the shop holds of what Saleor's plans limit: channels, orders (the online ones, every status, as the
    API's orders are; a kiosk's sales are receipts, not orders), variants, staff accounts (managers and kiosk staff)
    and physical warehouses (the online one and the kiosks; the ledger's virtual places are no warehouses)."""
    staff = Q(is_superuser=True) | Q(role__in=[UserModel.Role.MANAGER, UserModel.Role.KIOSK_STAFF])
    return Limits(
        channels=Channel.objects.count(),
        orders=Order.objects.count(),
        product_variants=ProductVariant.objects.count(),
        staff_users=UserModel.objects.filter(staff).count(),
        warehouses=Warehouse.objects.filter(kind__in=Warehouse.PHYSICAL_KINDS).count(),
    )


class ShopSettingsFields:
    default_mail_sender_name = graphene.String()
    default_mail_sender_address = graphene.String()
    permissions = graphene.List(graphene.NonNull(Permission), required=True)
    staff_notification_recipients = graphene.List(graphene.NonNull(StaffNotificationRecipient))
    limits = graphene.Field(LimitInfo, required=True, deprecation_reason="No longer supported")
    announcements = graphene.List(graphene.NonNull(Announcement), required=True)
    available_tax_apps = graphene.List(graphene.NonNull("marketplace.graphql.staff.App"), required=True)
    use_legacy_shipping_zone_stock_availability = graphene.Boolean(required=True)
    use_legacy_update_webhook_emission = graphene.Boolean(deprecation_reason="No longer supported")
    account_confirm_merge_mode = graphene.Field(AccountConfirmModeEnum, required=True)

    @staticmethod
    def resolve_default_mail_sender_name(root, info):
        require_manager(info, "MANAGE_SETTINGS")
        return parseaddr(settings.DEFAULT_FROM_EMAIL)[0] or None

    @staticmethod
    def resolve_default_mail_sender_address(root, info):
        require_manager(info, "MANAGE_SETTINGS")
        return parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or None

    @staticmethod
    def resolve_permissions(root, info):
        return [Permission(code=code) for code in PERMISSION_NAMES]

    @staticmethod
    def resolve_staff_notification_recipients(root, info):
        require_manager(info, "MANAGE_SETTINGS")
        return []  # the only e-mails we send go to shoppers and invited accounts: staff are told of nothing

    @staticmethod
    def resolve_limits(root, info):
        require_manager(info, "AUTHENTICATED_STAFF_USER")
        return LimitInfo(current_usage=current_usage(), allowed_usage=Limits())  # no plan limits anything

    @staticmethod
    def resolve_announcements(root, info):
        require_manager(info, "AUTHENTICATED_STAFF_USER")
        return []  # Saleor Cloud's news for a dashboard: there is no cloud behind us

    @staticmethod
    def resolve_available_tax_apps(root, info):
        require_manager(info, "AUTHENTICATED_STAFF_USER, MANAGE_APPS")
        return []  # VAT is computed by our own taxes app; we run no apps (marketplace/graphql/apps.py)

    @staticmethod
    def resolve_use_legacy_shipping_zone_stock_availability(root, info):
        return False  # a channel sells what its own warehouses hold; we have no shipping zones

    @staticmethod
    def resolve_use_legacy_update_webhook_emission(root, info):
        return None  # we send no webhooks at all, so neither way of sending them applies

    @staticmethod
    def resolve_account_confirm_merge_mode(root, info):
        return AccountConfirmModeEnum.MERGE_DISABLED  # an account never takes over orders placed as a guest
