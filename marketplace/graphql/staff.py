"""The staff side of Saleor's User type, mapped honestly onto our roles.

Saleor's dashboard reads a user's permissions, permission groups, the groups they may edit, the channels they may
reach and the customer's events. We have four roles: managers (the shop's staff, who hold the managers' Django
group and with it every permission of the programme's apps), kiosk staff (who sell at one kiosk: its channel),
producers' members (their own portal, nothing of Saleor's) and shoppers. So:

- `userPermissions`: Saleor's PermissionEnum values that the account's Django permissions grant (an app's
  permissions grant the enums of that app, table below); a superuser holds all. Shoppers, producers and kiosk staff
  hold no Django permission: an empty list, as Saleor gives a customer.
- `permissionGroups`: the account's Django groups; `editableGroups`: every group, for a manager (they manage staff),
  else none.
- `accessibleChannels` / `restrictedAccessToChannels`: a manager reaches every channel (not restricted); kiosk staff
  the channels that sell from their kiosk (restricted); others none (restricted), as a customer without groups.
- `events`: we record no customer events: an empty list, for the staff only (Saleor asks MANAGE_USERS or
  MANAGE_STAFF; anyone else gets PermissionDenied).
- `customerType`: we keep none (null), for the owner and the staff (Saleor: MANAGE_USERS or OWNER).
"""

import graphene
from django.contrib.auth.models import Group as GroupModel
from graphene import relay
from graphql import GraphQLError

from marketplace.channels.models import Channel as ChannelModel
from marketplace.graphql.apps import (
    AppBrand,
    AppExtension,
    AppProblem,
    AppToken,
    AppTypeEnum,
    CircuitBreakerStateEnum,
    Webhook,
)
from marketplace.graphql.auth import viewer
from marketplace.graphql.catalogue.attributes import Attribute, AttributeCountableConnection, AttributeWhereInput
from marketplace.graphql.catalogue.pagination import queryset_connection
from marketplace.graphql.channels import ChannelNode
from marketplace.graphql.inputs import ObjectWithMetadataFields, PositiveInt

# Saleor's permissions, in its order, with the names its dashboard shows.
PERMISSION_NAMES = {
    "MANAGE_USERS": "Manage customers.",
    "MANAGE_STAFF": "Manage staff.",
    "IMPERSONATE_USER": "Impersonate user.",
    "MANAGE_APPS": "Manage apps",
    "MANAGE_OBSERVABILITY": "Manage observability",
    "MANAGE_CHECKOUTS": "Manage checkouts",
    "HANDLE_CHECKOUTS": "Handle checkouts",
    "HANDLE_TAXES": "Handle taxes",
    "MANAGE_TAXES": "Manage taxes",
    "MANAGE_CHANNELS": "Manage channels.",
    "MANAGE_CUSTOMER_TYPES_AND_ATTRIBUTES": "Manage customer types and attributes.",
    "MANAGE_DISCOUNTS": "Manage sales and vouchers.",
    "MANAGE_GIFT_CARD": "Manage gift cards.",
    "MANAGE_MENUS": "Manage navigation.",
    "MANAGE_ORDERS": "Manage orders.",
    "MANAGE_ORDERS_IMPORT": "Manage orders import.",
    "MANAGE_PAGES": "Manage pages.",
    "MANAGE_PAGE_TYPES_AND_ATTRIBUTES": "Manage page types and attributes.",
    "HANDLE_PAYMENTS": "Handle payments",
    "MANAGE_PLUGINS": "Manage plugins",
    "MANAGE_PRODUCTS": "Manage products.",
    "MANAGE_PRODUCT_TYPES_AND_ATTRIBUTES": "Manage product types and attributes.",
    "MANAGE_SHIPPING": "Manage shipping.",
    "MANAGE_SETTINGS": "Manage settings.",
    "MANAGE_TRANSLATIONS": "Manage translations.",
}
PermissionEnum = graphene.Enum("PermissionEnum", [(code, code) for code in PERMISSION_NAMES])

# Our apps' Django permissions → the Saleor permissions they amount to. An app not listed (axes, procrastinate,
# reports…) has no Saleor counterpart; Saleor permissions not reached (apps, plugins, gift cards, discounts,
# observability, order import, impersonation) have nothing of ours behind them.
APP_PERMISSIONS = {
    "accounts": ("MANAGE_USERS", "MANAGE_STAFF"),
    "producers": ("MANAGE_USERS",),
    "catalogue": ("MANAGE_PRODUCTS", "MANAGE_PRODUCT_TYPES_AND_ATTRIBUTES", "MANAGE_TRANSLATIONS"),
    "inventory": ("MANAGE_PRODUCTS", "MANAGE_SHIPPING"),
    "content": ("MANAGE_PAGES", "MANAGE_PAGE_TYPES_AND_ATTRIBUTES", "MANAGE_MENUS", "MANAGE_TRANSLATIONS"),
    "channels": ("MANAGE_CHANNELS", "MANAGE_SETTINGS"),
    "taxes": ("MANAGE_TAXES", "HANDLE_TAXES"),
    "checkout": ("MANAGE_CHECKOUTS", "HANDLE_CHECKOUTS"),
    "orders": ("MANAGE_ORDERS",),
    "pos": ("MANAGE_ORDERS",),
    "payments": ("HANDLE_PAYMENTS",),
}


def permission_denied(permissions: str) -> GraphQLError:
    return GraphQLError(
        f"You need one of the following permissions: {permissions}",
        extensions={"exception": {"code": "PermissionDenied"}},
    )


def is_staff_viewer(info) -> bool:
    user = viewer(info)
    return user is not None and user.is_manager


def check_owner_or_staff(info, user, permissions: str = "MANAGE_STAFF, OWNER") -> None:
    """The account itself or the shop's staff; anyone else (who could reach another's account only through a bug
    elsewhere) gets Saleor's PermissionDenied."""
    asking = viewer(info)
    if asking is None or (asking.pk != user.pk and not asking.is_manager):
        raise permission_denied(permissions)


def saleor_permissions(user) -> list[str]:
    """The Saleor permissions of an account's Django permissions (its own and its groups'), in Saleor's order."""
    if not user.is_active:
        return []
    if user.is_superuser:
        return list(PERMISSION_NAMES)
    granted = {code for label in _permission_apps(user) for code in APP_PERMISSIONS.get(label, ())}
    return [code for code in PERMISSION_NAMES if code in granted]


def _permission_apps(user) -> set[str]:
    # ModelBackend caches the set on the user object: asked once per request whichever fields need it.
    return {permission.split(".", 1)[0] for permission in user.get_all_permissions()}


def group_permissions(group) -> list[str]:
    labels = {permission.content_type.app_label for permission in group.permissions.all()}
    granted = {code for label in labels for code in APP_PERMISSIONS.get(label, ())}
    return [code for code in PERMISSION_NAMES if code in granted]


def accessible_channels(user) -> list:
    if user.is_manager:
        return list(ChannelModel.objects.order_by("pk"))
    if user.role == user.Role.KIOSK_STAFF and user.kiosk_id is not None:
        return list(ChannelModel.objects.filter(warehouses=user.kiosk_id).order_by("pk").distinct())
    return []


class Permission(graphene.ObjectType):
    code = graphene.Field(PermissionEnum, required=True)
    name = graphene.String(required=True)

    @staticmethod
    def resolve_name(root, info):
        return PERMISSION_NAMES[root.code]


class Group(graphene.ObjectType):
    """A Django group of staff accounts (today the managers' group)."""

    name = graphene.String(required=True)
    users = graphene.List(graphene.NonNull("marketplace.graphql.account.User"))
    permissions = graphene.List(graphene.NonNull(Permission))
    user_can_manage = graphene.Boolean(required=True)
    accessible_channels = graphene.List(graphene.NonNull(ChannelNode))
    restricted_access_to_channels = graphene.Boolean(required=True)

    class Meta:
        interfaces = (relay.Node,)

    @classmethod
    def get_node(cls, info, id):
        if not is_staff_viewer(info):
            return None
        return GroupModel.objects.filter(pk=id).first()

    @staticmethod
    def resolve_users(root, info):
        if not is_staff_viewer(info):
            raise permission_denied("MANAGE_STAFF")
        return list(root.user_set.order_by("pk"))

    @staticmethod
    def resolve_permissions(root, info):
        return [Permission(code=code) for code in group_permissions(root)]

    @staticmethod
    def resolve_user_can_manage(root, info):
        return is_staff_viewer(info)

    @staticmethod
    def resolve_accessible_channels(root, info):
        return list(ChannelModel.objects.order_by("pk"))

    @staticmethod
    def resolve_restricted_access_to_channels(root, info):
        return False


class UserPermission(graphene.ObjectType):
    code = graphene.Field(PermissionEnum, required=True)
    name = graphene.String(required=True)
    source_permission_groups = graphene.List(graphene.NonNull(Group), user_id=graphene.ID(required=True))

    @staticmethod
    def resolve_name(root, info):
        return PERMISSION_NAMES[root.code]

    @staticmethod
    def resolve_source_permission_groups(root, info, user_id):
        from marketplace.graphql.core import pk_from_global_id

        pk = pk_from_global_id(user_id, "User", field="userId")
        asking = viewer(info)
        if asking is None or (asking.pk != pk and not asking.is_manager):
            raise permission_denied("MANAGE_STAFF, OWNER")
        groups = GroupModel.objects.filter(user__pk=pk).prefetch_related("permissions__content_type")
        return [group for group in groups if root.code in group_permissions(group)]


class App(ObjectWithMetadataFields, graphene.ObjectType):
    """Saleor's apps: we run none (marketplace/graphql/apps.py says why), so no App is ever answered and its
    fields, Saleor's all, have no resolvers to run."""

    identifier = graphene.String()
    permissions = graphene.List(graphene.NonNull(Permission))
    created = graphene.DateTime()
    is_active = graphene.Boolean()
    name = graphene.String()
    type = graphene.Field(AppTypeEnum)
    tokens = graphene.List(graphene.NonNull(AppToken))
    webhooks = graphene.List(graphene.NonNull(Webhook))
    about_app = graphene.String()
    data_privacy = graphene.String(deprecation_reason="Use `dataPrivacyUrl` instead.")
    data_privacy_url = graphene.String()
    homepage_url = graphene.String()
    support_url = graphene.String()
    configuration_url = graphene.String(deprecation_reason="Use `appUrl` instead.")
    app_url = graphene.String()
    manifest_url = graphene.String()
    version = graphene.String()
    access_token = graphene.String()
    author = graphene.String()
    extensions = graphene.List(graphene.NonNull(AppExtension), required=True)
    problems = graphene.List(graphene.NonNull(AppProblem), limit=graphene.Argument(PositiveInt))
    brand = graphene.Field(AppBrand)
    breaker_state = graphene.Field(CircuitBreakerStateEnum, required=True)
    breaker_last_state_change = graphene.DateTime()

    class Meta:
        interfaces = (relay.Node,)


CustomerEventsEnum = graphene.Enum(
    "CustomerEventsEnum",
    [
        (code, code.lower())
        for code in [
            "ACCOUNT_CREATED",
            "ACCOUNT_ACTIVATED",
            "ACCOUNT_DEACTIVATED",
            "PASSWORD_RESET_LINK_SENT",
            "PASSWORD_RESET",
            "EMAIL_CHANGED_REQUEST",
            "PASSWORD_CHANGED",
            "EMAIL_CHANGED",
            "PLACED_ORDER",
            "NOTE_ADDED_TO_ORDER",
            "CUSTOMER_DELETED",
            "NAME_ASSIGNED",
            "EMAIL_ASSIGNED",
            "NOTE_ADDED",
        ]
    ],
)


class CustomerEvent(graphene.ObjectType):
    """Saleor's history of a customer: we record none (an order's own history is Order.events)."""

    date = graphene.DateTime()
    type = graphene.Field(CustomerEventsEnum)
    user = graphene.Field("marketplace.graphql.account.User")
    app = graphene.Field(App)
    message = graphene.String()
    count = graphene.Int()
    order = graphene.Field("marketplace.graphql.orders.Order")

    class Meta:
        interfaces = (relay.Node,)


class CustomerType(ObjectWithMetadataFields, graphene.ObjectType):
    """Saleor's customer types (attribute sets for accounts): we keep none, so none is ever shown."""

    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    is_default = graphene.Boolean(required=True)
    attributes = graphene.List(graphene.NonNull(Attribute))
    available_attributes = relay.ConnectionField(
        AttributeCountableConnection, where=AttributeWhereInput(), search=graphene.String()
    )

    class Meta:
        interfaces = (relay.Node,)

    @staticmethod
    def resolve_attributes(root, info):
        return []

    @staticmethod
    def resolve_available_attributes(root, info, **args):
        return queryset_connection(AttributeCountableConnection, args, [])
