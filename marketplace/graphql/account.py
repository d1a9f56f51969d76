"""Accounts over the API, in Saleor's shapes: sign-in tokens (JWT), registration, passwords, the profile, the address
book, closing an account, and `me` with its addresses and orders.

Every mutation parses its arguments and calls one service of marketplace.accounts.services; a refusal
(DomainError) comes back as data, `errors { field message code }` with Saleor's AccountErrorCode, never as a 500
or internal text. Signing in goes through django.contrib.auth.authenticate() with the request, so django-axes
counts API failures and page failures together and locks both alike (marketplace.accounts.throttling).
"""

import graphene
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group as DjangoGroup
from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from graphene import relay
from graphene.types.generic import GenericScalar
from graphql import GraphQLError

from marketplace.accounts import api_tokens, selectors, services
from marketplace.accounts.models import User as UserModel
from marketplace.accounts.throttling import lockout_message
from marketplace.checkout.selectors import checkouts_of
from marketplace.core.errors import DomainError
from marketplace.graphql import addresses
from marketplace.graphql.addresses import Address, AddressInput, address_from_book
from marketplace.graphql.auth import require_viewer, viewer
from marketplace.graphql.catalogue.attributes import AssignedAttribute
from marketplace.graphql.catalogue.ids import check_text_arguments
from marketplace.graphql.catalogue.pagination import queryset_connection
from marketplace.graphql.catalogue.types import Image, ThumbnailFormatEnum
from marketplace.graphql.channels import ChannelNode
from marketplace.graphql.checkout import CheckoutCountableConnection, CheckoutType
from marketplace.graphql.core import pk_from_global_id
from marketplace.graphql.discounts import GiftCardCountableConnection, PaymentSource, StoredPaymentMethod
from marketplace.graphql.errors import SaleorMutation
from marketplace.graphql.inputs import MetadataInput, ObjectWithMetadataFields, PositiveInt, refuse_metadata
from marketplace.graphql.languages import LanguageCodeEnum, shop_language
from marketplace.graphql.order_where import CustomerOrderWhereInput, filter_customer_orders
from marketplace.graphql.orders import OrderCountableConnection, batch_orders
from marketplace.graphql.staff import (
    App,
    CustomerEvent,
    CustomerType,
    Group,
    UserPermission,
    accessible_channels,
    check_owner_or_staff,
    is_staff_viewer,
    permission_denied,
    saleor_permissions,
)
from marketplace.orders.models import OrderEvent
from marketplace.orders.selectors import orders_for_user, with_details

_ACCOUNT_ERROR_CODES_TEXT = (
    "ACTIVATE_OWN_ACCOUNT ACTIVATE_SUPERUSER_ACCOUNT DUPLICATED_INPUT_ITEM DEACTIVATE_OWN_ACCOUNT "
    "DEACTIVATE_SUPERUSER_ACCOUNT DELETE_NON_STAFF_USER DELETE_OWN_ACCOUNT DELETE_STAFF_ACCOUNT "
    "DELETE_SUPERUSER_ACCOUNT GRAPHQL_ERROR INACTIVE INVALID INVALID_PASSWORD LEFT_NOT_MANAGEABLE_PERMISSION "
    "INVALID_CREDENTIALS NOT_FOUND OUT_OF_SCOPE_USER OUT_OF_SCOPE_GROUP OUT_OF_SCOPE_PERMISSION "
    "PASSWORD_ENTIRELY_NUMERIC PASSWORD_TOO_COMMON PASSWORD_TOO_SHORT PASSWORD_TOO_SIMILAR "
    "PASSWORD_RESET_ALREADY_REQUESTED REQUIRED UNIQUE JWT_SIGNATURE_EXPIRED JWT_INVALID_TOKEN "
    "JWT_DECODE_ERROR JWT_MISSING_TOKEN JWT_INVALID_CSRF_TOKEN CHANNEL_INACTIVE MISSING_CHANNEL_SLUG "
    "ACCOUNT_NOT_CONFIRMED LOGIN_ATTEMPT_DELAYED DISABLED_AUTHENTICATION_METHOD UNKNOWN_IP_ADDRESS "
    "FILE_SIZE_LIMIT_EXCEEDED"
)
AccountErrorCode = graphene.Enum("AccountErrorCode", [(code, code) for code in _ACCOUNT_ERROR_CODES_TEXT.split()])
ACCOUNT_ERROR_CODES = frozenset(AccountErrorCode._meta.enum.__members__)
AddressTypeEnum = graphene.Enum("AddressTypeEnum", [("BILLING", "billing"), ("SHIPPING", "shipping")])

# Our services' DomainError codes → Saleor's AccountErrorCode; the address checks' codes not listed here become
# REQUIRED or INVALID (marketplace.graphql.addresses.saleor_code).
ACCOUNT_CODES = {
    "email_taken": "UNIQUE",
    "weak_password": "INVALID_PASSWORD",
    "wrong_password": "INVALID_CREDENTIALS",
    "invalid_token": "INVALID",
    "invalid_redirect": "INVALID",
    "inactive": "INACTIVE",
    "not_found": "NOT_FOUND",
    "required": "REQUIRED",
}
# Our field names → the Saleor argument or input field the client sent.
ACCOUNT_FIELDS = {
    **addresses.SALEOR_FIELDS,
    "username": "email",
    "first_name": "firstName",
    "last_name": "lastName",
    "old_password": "oldPassword",
    "redirect_url": "redirectUrl",
    "language_code": "languageCode",
}


class AccountError(graphene.ObjectType):
    field = graphene.String()
    message = graphene.String()
    code = graphene.Field(AccountErrorCode, required=True)
    address_type = graphene.Field(AddressTypeEnum)
    attributes = graphene.List(graphene.NonNull(graphene.ID))


def account_error(code: str, message: str, field: str | None = None) -> AccountError:
    return AccountError(code=code if code in ACCOUNT_ERROR_CODES else "INVALID", message=str(message), field=field)


# --- Types ---------------------------------------------------------------------------------------------------------


def _address_book(user) -> list:
    """The account's addresses, read once per request whichever fields ask (addresses, the two defaults)."""
    prefetch_related_objects([user], "addresses")
    return list(user.addresses.all())


class User(ObjectWithMetadataFields, graphene.ObjectType):
    """An account as Saleor shows it. Shoppers keep their whole name (family name first) in firstName."""

    email = graphene.String(required=True)
    first_name = graphene.String(required=True)
    last_name = graphene.String(required=True)
    is_staff = graphene.Boolean(required=True)
    is_active = graphene.Boolean(required=True)
    is_confirmed = graphene.Boolean(required=True)
    addresses = graphene.List(graphene.NonNull(Address), required=True)
    default_shipping_address = graphene.Field(Address)
    default_billing_address = graphene.Field(Address)
    orders = relay.ConnectionField(OrderCountableConnection, where=CustomerOrderWhereInput())
    note = graphene.String()
    language_code = graphene.Field(LanguageCodeEnum, required=True)
    last_login = graphene.DateTime()
    date_joined = graphene.DateTime(required=True)
    updated_at = graphene.DateTime(required=True)
    checkouts = relay.ConnectionField(CheckoutCountableConnection, channel=graphene.String())
    checkout = graphene.Field(CheckoutType, deprecation_reason="Use `checkoutIds` instead.")
    checkout_ids = graphene.List(graphene.NonNull(graphene.ID), channel=graphene.String())
    checkout_tokens = graphene.List(
        graphene.NonNull(graphene.UUID), channel=graphene.String(), deprecation_reason="Use `checkoutIds` instead."
    )
    # We keep no avatar and link no external system.
    avatar = graphene.Field(
        Image, size=graphene.Int(), format=graphene.Argument(ThumbnailFormatEnum, default_value="ORIGINAL")
    )
    external_reference = graphene.String()
    # Customer attributes: we keep none on accounts.
    assigned_attribute = graphene.Field(AssignedAttribute, slug=graphene.String(required=True))
    assigned_attributes = graphene.NonNull(
        graphene.List(graphene.NonNull(AssignedAttribute)), limit=PositiveInt(default_value=100)
    )
    # The shop sells no gift cards and keeps no card for later (Stripe is asked afresh each time).
    gift_cards = relay.ConnectionField(GiftCardCountableConnection)
    stored_payment_methods = graphene.List(
        graphene.NonNull(StoredPaymentMethod), channel=graphene.String(required=True)
    )
    stored_payment_sources = graphene.List(
        graphene.NonNull(PaymentSource),
        channel=graphene.String(),
        deprecation_reason="Use `storedPaymentMethods` instead.",
    )

    # The staff side (marketplace.graphql.staff): our roles in Saleor's terms.
    user_permissions = graphene.List(graphene.NonNull(UserPermission))
    permission_groups = graphene.List(graphene.NonNull(Group))
    editable_groups = graphene.List(graphene.NonNull(Group))
    accessible_channels = graphene.List(graphene.NonNull(ChannelNode))
    restricted_access_to_channels = graphene.Boolean(required=True)
    events = graphene.List(graphene.NonNull(CustomerEvent))
    customer_type = graphene.Field(CustomerType)

    class Meta:
        interfaces = (relay.Node,)

    @staticmethod
    def resolve_user_permissions(root, info):
        check_owner_or_staff(info, root)
        return [UserPermission(code=code) for code in saleor_permissions(root)]

    @staticmethod
    def resolve_permission_groups(root, info):
        check_owner_or_staff(info, root)
        return list(root.groups.order_by("pk").prefetch_related("permissions__content_type"))

    @staticmethod
    def resolve_editable_groups(root, info):
        check_owner_or_staff(info, root)
        if not (root.is_active and root.is_manager):
            return []
        return list(DjangoGroup.objects.order_by("pk").prefetch_related("permissions__content_type"))

    @staticmethod
    def resolve_accessible_channels(root, info):
        check_owner_or_staff(info, root)
        return accessible_channels(root)

    @staticmethod
    def resolve_restricted_access_to_channels(root, info):
        check_owner_or_staff(info, root)
        return not root.is_manager

    @staticmethod
    def resolve_events(root, info):
        if not is_staff_viewer(info):
            raise permission_denied("MANAGE_USERS, MANAGE_STAFF")
        return []

    @staticmethod
    def resolve_customer_type(root, info):
        check_owner_or_staff(info, root, "MANAGE_USERS, OWNER")
        return None

    @staticmethod
    def resolve_assigned_attribute(root, info, slug):
        return None

    @staticmethod
    def resolve_assigned_attributes(root, info, limit=100):
        return []

    @staticmethod
    def resolve_gift_cards(root, info, **args):
        return queryset_connection(GiftCardCountableConnection, args, [])

    @staticmethod
    def resolve_stored_payment_methods(root, info, channel):
        check_text_arguments({"channel": channel})
        return []

    @staticmethod
    def resolve_stored_payment_sources(root, info, channel=None):
        check_text_arguments({"channel": channel})
        return []

    @staticmethod
    def resolve_checkouts(root, info, channel=None, **args):
        check_text_arguments({"channel": channel})
        return queryset_connection(CheckoutCountableConnection, args, checkouts_of(root, channel))

    @staticmethod
    def resolve_checkout(root, info):
        return checkouts_of(root).first()

    @staticmethod
    def resolve_checkout_ids(root, info, channel=None):
        return [
            relay.Node.to_global_id("Checkout", token) for token in User.resolve_checkout_tokens(root, info, channel)
        ]

    @staticmethod
    def resolve_checkout_tokens(root, info, channel=None):
        check_text_arguments({"channel": channel})
        return list(checkouts_of(root, channel).values_list("token", flat=True))

    @staticmethod
    def resolve_avatar(root, info, size=None, format=None):
        return None

    @staticmethod
    def resolve_is_confirmed(root, info):
        return root.is_active

    @staticmethod
    def resolve_addresses(root, info):
        return [address_from_book(address) for address in _address_book(root)]

    @staticmethod
    def resolve_default_shipping_address(root, info):
        default = next((address for address in _address_book(root) if address.is_default), None)
        return address_from_book(default) if default else None

    resolve_default_billing_address = resolve_default_shipping_address

    @staticmethod
    def resolve_orders(root, info, where=None, **args):
        check_owner_or_staff(info, root, "MANAGE_STAFF, OWNER")
        orders = filter_customer_orders(with_details(orders_for_user(root)), where)
        if root.is_manager:
            # The staff may read each order's history and payments: fetched for the page at once.
            orders = orders.prefetch_related(
                Prefetch("events", OrderEvent.objects.select_related("user")), "transactions"
            )
        connection = queryset_connection(OrderCountableConnection, args, orders)
        batch_orders(edge.node for edge in connection.edges)
        return connection

    @staticmethod
    def resolve_note(root, info):
        return None

    @staticmethod
    def resolve_language_code(root, info):
        return root.language_code.upper()

    @staticmethod
    def resolve_updated_at(root, info):
        return root.last_login or root.date_joined


# --- Mutations -----------------------------------------------------------------------------------------------------


def _errors(*errors: AccountError) -> dict:
    return {"errors": list(errors), "account_errors": list(errors)}


class UserOrApp(graphene.Union):
    """Who made a payment or one of its steps (TransactionItem.createdBy): always an account here, since no app
    acts on payments."""

    class Meta:
        types = (User, App)

    @classmethod
    def resolve_type(cls, instance, info):
        return User


class AccountMutation(SaleorMutation):
    """A mutation whose refusals are data (errors.SaleorMutation, with AccountErrorCode). A subclass implements
    `perform(info, **arguments)`, which calls one service and returns `cls(...)`; `field_map` renames a service's
    field to the argument the client sent."""

    errors = graphene.List(graphene.NonNull(AccountError), required=True)
    account_errors = graphene.List(
        graphene.NonNull(AccountError), required=True, deprecation_reason="Use `errors` field instead."
    )

    field_map: dict[str, str] = {}

    class Meta:
        abstract = True

    @classmethod
    def refused(cls, error: DomainError):
        code = ACCOUNT_CODES.get(error.code) or addresses.saleor_code(error.code)
        field = cls.field_map.get(error.field) or ACCOUNT_FIELDS.get(error.field, error.field)
        return cls.failed(account_error(code, error.message, field))

    @classmethod
    def failed(cls, *errors: AccountError):
        return cls(**_errors(*errors))

    @classmethod
    def done(cls, **fields):
        return cls(errors=[], account_errors=[], **fields)


def _tokens_for(user) -> dict:
    return {"token": api_tokens.access_token(user), "refresh_token": api_tokens.refresh_token(user), "user": user}


# As the sign-in page's field (and EmailField's own limit).
MAX_EMAIL_LENGTH = 254


class SignInMutation(AccountMutation):
    """A mutation that signs the shopper in: Saleor's token, refreshToken, csrfToken and user."""

    token = graphene.String()
    refresh_token = graphene.String()
    csrf_token = graphene.String()
    user = graphene.Field(User)

    class Meta:
        abstract = True


class CreateToken(SignInMutation):
    """Sign in with an e-mail address (or the account's phone number) and password: an access and a refresh token."""

    class Arguments:
        audience = graphene.String()
        email = graphene.String(required=True)
        password = graphene.String(required=True)

    @classmethod
    def perform(cls, info, email, password, audience=None):
        request = info.context
        if len(email) > MAX_EMAIL_LENGTH:
            # No account has such a name (the sign-in page refuses it too), and axes could not record it.
            return cls.failed(
                account_error("INVALID_CREDENTIALS", _("Email/số điện thoại hoặc mật khẩu không đúng."), "email")
            )
        user = authenticate(request, username=selectors.sign_in_username(email), password=password)
        if getattr(request, "axes_locked_out", False):
            # Answered here, as data: AxesMiddleware would otherwise replace the whole GraphQL response.
            request.axes_locked_out = False
            return cls.failed(account_error("LOGIN_ATTEMPT_DELAYED", lockout_message(request), "email"))
        if user is None:
            return cls.failed(
                account_error("INVALID_CREDENTIALS", _("Email/số điện thoại hoặc mật khẩu không đúng."), "email")
            )
        if user.role != UserModel.Role.SHOPPER or user.is_staff:
            # As on the shop's sign-in page: staff, producers and kiosk staff sign in on their own pages.
            return cls.failed(
                account_error(
                    "INVALID_CREDENTIALS",
                    _("Tài khoản này không phải tài khoản khách mua hàng. Hãy đăng nhập ở trang dành cho bạn."),
                    "email",
                )
            )
        UserModel.objects.filter(pk=user.pk).update(last_login=timezone.now())
        return cls.done(**_tokens_for(user))


class RefreshToken(AccountMutation):
    token = graphene.String()
    user = graphene.Field(User)

    class Arguments:
        csrf_token = graphene.String()
        refresh_token = graphene.String()

    @classmethod
    def perform(cls, info, refresh_token=None, csrf_token=None):
        if not refresh_token:
            return cls.failed(account_error("JWT_MISSING_TOKEN", _("Thiếu mã làm mới."), "refreshToken"))
        try:
            user = api_tokens.user_from_token(refresh_token, api_tokens.REFRESH)
        except api_tokens.TokenError as error:
            return cls.failed(account_error(error.code, error.message, "refreshToken"))
        return cls.done(token=api_tokens.access_token(user), user=user)


class VerifyToken(AccountMutation):
    user = graphene.Field(User)
    is_valid = graphene.Boolean(required=True)
    payload = GenericScalar()

    class Arguments:
        token = graphene.String(required=True)

    @classmethod
    def perform(cls, info, token):
        try:
            user = api_tokens.user_from_token(token, api_tokens.ACCESS)
        except api_tokens.TokenError as error:
            return cls.failed(account_error(error.code, error.message, "token"))
        return cls.done(user=user, is_valid=True, payload=api_tokens.decode(token))

    @classmethod
    def failed(cls, *errors: AccountError):
        return cls(is_valid=False, **_errors(*errors))


class DeactivateAllUserTokens(AccountMutation):
    @classmethod
    def perform(cls, info):
        services.deactivate_api_tokens(user=require_viewer(info))
        return cls.done()


class AccountRegisterInput(graphene.InputObjectType):
    first_name = graphene.String()
    last_name = graphene.String()
    language_code = LanguageCodeEnum()
    email = graphene.String(required=True)
    password = graphene.String(required=True)
    redirect_url = graphene.String()
    channel = graphene.String()
    metadata = graphene.List(graphene.NonNull(MetadataInput))


class AccountRegister(AccountMutation):
    """A shopper's account, open at once as on the sign-up page (no confirmation email)."""

    user = graphene.Field(User)
    requires_confirmation = graphene.Boolean()

    class Arguments:
        input = AccountRegisterInput(required=True)

    @classmethod
    def perform(cls, info, input):
        refuse_metadata(input.get("metadata"))
        names = (input.get("first_name") or "", input.get("last_name") or "")
        user = services.sign_up_shopper(
            email=input["email"],
            full_name=" ".join(name.strip() for name in names if name.strip()),
            phone="",
            password=input["password"],
            language_code=shop_language(input.get("language_code")) or "vi",
        )
        return cls.done(user=user, requires_confirmation=False)


class ConfirmAccount(AccountMutation):
    user = graphene.Field(User)

    class Arguments:
        email = graphene.String(required=True)
        password = graphene.String()
        token = graphene.String(required=True)

    @classmethod
    def perform(cls, info, email, token, password=None):
        return cls.done(user=services.confirm_account(email=email, token=token))


class RequestPasswordReset(AccountMutation):
    """E-mail a link to set a new password to the account of this address, if there is one: the answer is the
    same either way, so nobody learns which addresses have accounts."""

    class Arguments:
        channel = graphene.String()
        email = graphene.String(required=True)
        redirect_url = graphene.String(required=True)

    @classmethod
    def perform(cls, info, email, redirect_url, channel=None):
        request = info.context
        services.request_password_reset(
            users=selectors.users_for_password_reset(email),
            site_url=request.build_absolute_uri("/"),
            language=translation.get_language() or "vi",
            redirect_url=redirect_url,
        )
        return cls.done()


class SetPassword(SignInMutation):
    """The new password from a reset link (email and token); signs in with fresh tokens, every older one revoked."""

    class Arguments:
        email = graphene.String(required=True)
        password = graphene.String(required=True)
        token = graphene.String(required=True)

    @classmethod
    def perform(cls, info, email, password, token):
        user = services.set_password_from_reset(email=email, token=token, password=password)
        return cls.done(**_tokens_for(user))


class PasswordChange(AccountMutation):
    user = graphene.Field(User)
    field_map = {"password": "newPassword"}

    class Arguments:
        new_password = graphene.String(required=True)
        old_password = graphene.String()

    @classmethod
    def perform(cls, info, new_password, old_password=None):
        user = services.change_password(
            user=require_viewer(info), old_password=old_password or "", new_password=new_password
        )
        return cls.done(user=user)


def _own_account(info, customer_id):
    """The signed-in shopper; naming another customer (a staff feature of Saleor's) is refused."""
    user = require_viewer(info)
    if customer_id is not None and pk_from_global_id(customer_id, "User", field="customer_id") != user.pk:
        raise GraphQLError(
            "You do not have permission to perform this action.",
            extensions={"exception": {"code": "PermissionDenied"}},
        )
    return user


class AccountInput(graphene.InputObjectType):
    first_name = graphene.String()
    last_name = graphene.String()
    language_code = LanguageCodeEnum()
    default_billing_address = AddressInput()
    default_shipping_address = AddressInput()
    metadata = graphene.List(graphene.NonNull(MetadataInput))


class AccountUpdate(AccountMutation):
    """The shopper's name, and a new default address (shipping and billing are one address here)."""

    user = graphene.Field(User)
    field_map = {"customer_id": "customerId"}

    class Arguments:
        customer_id = graphene.ID()
        input = AccountInput(required=True)

    @classmethod
    def perform(cls, info, input, customer_id=None):
        user = _own_account(info, customer_id)
        refuse_metadata(input.get("metadata"))
        address = input.get("default_shipping_address") or input.get("default_billing_address")
        user = services.update_profile(
            user=user,
            first_name=input.get("first_name"),
            last_name=input.get("last_name"),
            default_address=addresses.delivery_fields_from_input(address) if address else None,
            language_code=shop_language(input.get("language_code")),
        )
        return cls.done(user=user)


def _book_entry(user, global_id: str):
    """One of the shopper's own addresses; another shopper's ID finds nothing, as a wrong one does."""
    address = selectors.addresses_for(user).filter(pk=pk_from_global_id(global_id, "Address", field="id")).first()
    if address is None:
        raise DomainError(_("Không tìm thấy địa chỉ này."), code="not_found", field="id")
    return address


class AccountAddressCreate(AccountMutation):
    user = graphene.Field(User)
    address = graphene.Field(Address)
    field_map = {"customer_id": "customerId"}

    class Arguments:
        customer_id = graphene.ID()
        input = AddressInput(required=True)
        type = AddressTypeEnum()

    @classmethod
    def perform(cls, info, input, type=None, customer_id=None):
        user = _own_account(info, customer_id)
        address = services.save_address(
            user=user, make_default=type is not None, **addresses.delivery_fields_from_input(input)
        )
        return cls.done(user=user, address=address_from_book(address))


def _changed_input(address, data: dict) -> dict:
    """Saleor's update changes only the fields sent: the others keep the entry's values."""
    current = address_from_book(address)
    kept = {
        "first_name": current.first_name,
        "street_address1": current.street_address1,
        "city": "" if data.get("city_area") else current.city,
        "phone": address.phone,
    }
    return kept | {name: value for name, value in data.items() if value is not None}


class AccountAddressUpdate(AccountMutation):
    user = graphene.Field(User)
    address = graphene.Field(Address)

    class Arguments:
        id = graphene.ID(required=True)
        input = AddressInput(required=True)

    @classmethod
    def perform(cls, info, id, input):
        user = require_viewer(info)
        address = _book_entry(user, id)
        fields = addresses.delivery_fields_from_input(_changed_input(address, dict(input)))
        address = services.save_address(user=user, address=address, make_default=address.is_default, **fields)
        return cls.done(user=user, address=address_from_book(address))


class AccountAddressDelete(AccountMutation):
    user = graphene.Field(User)
    address = graphene.Field(Address)

    class Arguments:
        id = graphene.ID(required=True)

    @classmethod
    def perform(cls, info, id):
        user = require_viewer(info)
        address = _book_entry(user, id)
        shown = address_from_book(address)
        services.delete_address(user=user, address=address)
        return cls.done(user=user, address=shown)


class AccountSetDefaultAddress(AccountMutation):
    user = graphene.Field(User)

    class Arguments:
        id = graphene.ID(required=True)
        type = AddressTypeEnum(required=True)

    @classmethod
    def perform(cls, info, id, type):
        user = require_viewer(info)
        services.set_default_address(user=user, address=_book_entry(user, id))
        return cls.done(user=user)


class AccountRequestDeletion(AccountMutation):
    """E-mail the shopper a link to their storefront's page (redirectUrl) that closes the account (accountDelete)."""

    class Arguments:
        channel = graphene.String()
        redirect_url = graphene.String(required=True)

    @classmethod
    def perform(cls, info, redirect_url, channel=None):
        services.request_account_deletion(
            user=require_viewer(info), redirect_url=redirect_url, language=translation.get_language() or "vi"
        )
        return cls.done()


class AccountDelete(AccountMutation):
    """Close the signed-in shopper's account with the token of the link accountRequestDeletion e-mailed."""

    user = graphene.Field(User)

    class Arguments:
        token = graphene.String(required=True)

    @classmethod
    def perform(cls, info, token):
        services.delete_account(user=require_viewer(info), token=token)
        return cls.done(user=None)


class AccountQueries(graphene.ObjectType):
    me = graphene.Field(User)

    @staticmethod
    def resolve_me(root, info):
        return viewer(info)


class AccountMutations(graphene.ObjectType):
    token_create = CreateToken.Field()
    token_refresh = RefreshToken.Field()
    token_verify = VerifyToken.Field()
    tokens_deactivate_all = DeactivateAllUserTokens.Field()
    account_register = AccountRegister.Field()
    confirm_account = ConfirmAccount.Field()
    request_password_reset = RequestPasswordReset.Field()
    set_password = SetPassword.Field()
    password_change = PasswordChange.Field()
    account_update = AccountUpdate.Field()
    account_address_create = AccountAddressCreate.Field()
    account_address_update = AccountAddressUpdate.Field()
    account_address_delete = AccountAddressDelete.Field()
    account_set_default_address = AccountSetDefaultAddress.Field()
    account_request_deletion = AccountRequestDeletion.Field()
    account_delete = AccountDelete.Field()
