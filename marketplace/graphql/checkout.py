"""Saleor's checkout over our carts: the `checkout` query and the checkout mutations.

Every mutation calls the service the cart and checkout pages call (marketplace.checkout.services), so the same
reservations, prices, VAT, per-customer limits and oversell guarantee hold, and an order placed here is the same
order in the back office. Refusals are data (`errors { field message code }`, Saleor's CheckoutErrorCode).

Who may use a checkout: a guest checkout whoever holds its ID or token (the token is the secret, as in Saleor); a
checkout attached to an account only that account (the bearer token's, marketplace.graphql.auth). Another's checkout
is simply not found.
"""

import uuid

import graphene
from django.conf import settings
from django.utils.translation import gettext as _
from graphene import relay
from graphql import GraphQLError

from marketplace.catalogue.models import ProductVariant
from marketplace.channels.models import Channel
from marketplace.checkout import services
from marketplace.checkout.selectors import (
    checkout_by_token,
    checkout_for_customer,
    checkout_totals,
    shipping_methods_for,
)
from marketplace.core.errors import DomainError
from marketplace.graphql.addresses import AddressInput, address_from_delivery, delivery_fields_from_input
from marketplace.graphql.auth import viewer
from marketplace.graphql.catalogue.types import ProductVariant as ProductVariantType
from marketplace.graphql.channels import ChannelNode
from marketplace.graphql.core import (
    CountableConnection,
    Money,
    PositiveDecimal,
    TaxedMoney,
    parse_global_id,
    pk_from_global_id,
    uuid_from_global_id,
)
from marketplace.graphql.discounts import GiftCard, StoredPaymentMethod, Voucher
from marketplace.graphql.errors import CheckoutError, SaleorMutation
from marketplace.graphql.inputs import MetadataInput, ObjectWithMetadataFields, refuse_metadata
from marketplace.graphql.languages import LanguageCodeEnum, shop_language
from marketplace.graphql.orders import Order
from marketplace.graphql.payments import PaymentGateway, payment_gateways
from marketplace.graphql.shipping import DeliveryMethod, ShippingMethod, Warehouse
from marketplace.orders.models import Order as OrderModel
from marketplace.orders.selectors import order_for_checkout, with_details

CURRENCY = "VND"
# Lines one mutation may name: a cart, not a warehouse; each line costs a few queries.
MAX_LINES_PER_REQUEST = 100


def _current_user(info):
    """The signed-in shopper (a session, or an API token through marketplace.graphql.auth), else None."""
    return viewer(info)


def _totals(checkout):
    """The checkout's prices, availability and totals, computed once per checkout per request."""
    if not hasattr(checkout, "_api_totals"):
        totals = checkout_totals(checkout)
        for line_info in totals.lines:
            # What ProductVariant.pricing and quantityAvailable read (the catalogue's selectors annotate the same).
            line_info.variant.price = line_info.unit_price or 0
            line_info.variant.available = line_info.available
        products = [line_info.variant.product for line_info in totals.lines]
        for product in products:
            product.api_batch = products  # what the Product type reads on first ask, for all the lines at once
        checkout._api_totals = totals
    return checkout._api_totals


class Delivery(graphene.ObjectType):
    id = graphene.ID(required=True)
    shipping_method = graphene.Field(ShippingMethod)


class CheckoutLineProblemVariantNotAvailable(graphene.ObjectType):
    line = graphene.Field(lambda: CheckoutLine, required=True)


class CheckoutLineProblemInsufficientStock(graphene.ObjectType):
    available_quantity = graphene.Int()
    line = graphene.Field(lambda: CheckoutLine, required=True)
    variant = graphene.Field(ProductVariantType, required=True)


class CheckoutProblemDeliveryMethodStale(graphene.ObjectType):
    delivery = graphene.Field(Delivery, required=True)


class CheckoutProblemDeliveryMethodInvalid(graphene.ObjectType):
    delivery = graphene.Field(Delivery, required=True)


class CheckoutLineProblem(graphene.Union):
    class Meta:
        types = (CheckoutLineProblemInsufficientStock, CheckoutLineProblemVariantNotAvailable)


class CheckoutProblem(graphene.Union):
    class Meta:
        types = (
            CheckoutProblemDeliveryMethodStale,
            CheckoutProblemDeliveryMethodInvalid,
            CheckoutLineProblemInsufficientStock,
            CheckoutLineProblemVariantNotAvailable,
        )


def _line_problems(line_info) -> list:
    if not line_info.is_sellable:
        return [CheckoutLineProblemVariantNotAvailable(line=line_info)]
    if not line_info.is_available:
        return [
            CheckoutLineProblemInsufficientStock(
                available_quantity=line_info.available, line=line_info, variant=line_info.variant
            )
        ]
    return []


class CheckoutLine(ObjectWithMetadataFields, graphene.ObjectType):
    """A line of the checkout; the root is the selectors' LineInfo (line, unit price in the channel, stock)."""

    id = graphene.ID(required=True)
    variant = graphene.Field(ProductVariantType, required=True)
    quantity = graphene.Int(required=True)
    unit_price = graphene.Field(TaxedMoney, required=True)
    undiscounted_unit_price = graphene.Field(Money, required=True)
    total_price = graphene.Field(TaxedMoney, required=True)
    undiscounted_total_price = graphene.Field(Money, required=True)
    requires_shipping = graphene.Boolean(required=True, default_value=True)
    problems = graphene.List(graphene.NonNull(CheckoutLineProblem))
    is_gift = graphene.Boolean(default_value=False)
    # Prices have no "before" to show: the shop runs no sales.
    prior_unit_price = graphene.Field(Money)
    prior_total_price = graphene.Field(Money)
    price_override_reason = graphene.String()

    @staticmethod
    def resolve_id(root, info):
        return relay.Node.to_global_id("CheckoutLine", root.line.pk)

    @staticmethod
    def resolve_unit_price(root, info):
        return TaxedMoney.from_gross(root.unit_price or 0, root.vat_rate, CURRENCY)

    @staticmethod
    def resolve_undiscounted_unit_price(root, info):
        return Money.of(root.unit_price or 0, CURRENCY)

    @staticmethod
    def resolve_total_price(root, info):
        return TaxedMoney.of(root.total, root.vat, CURRENCY)

    @staticmethod
    def resolve_undiscounted_total_price(root, info):
        return Money.of(root.total, CURRENCY)

    @staticmethod
    def resolve_problems(root, info):
        return _line_problems(root)


CheckoutChargeStatusEnum = graphene.Enum(
    "CheckoutChargeStatusEnum", [(name, name) for name in ("NONE", "PARTIAL", "FULL", "OVERCHARGED")]
)
CheckoutAuthorizeStatusEnum = graphene.Enum(
    "CheckoutAuthorizeStatusEnum", [(name, name) for name in ("NONE", "PARTIAL", "FULL")]
)


class CheckoutType(ObjectWithMetadataFields, graphene.ObjectType):
    id = graphene.ID(required=True)
    token = graphene.UUID(required=True)
    created = graphene.DateTime(required=True)
    updated_at = graphene.DateTime(required=True)
    last_change = graphene.DateTime(required=True)
    channel = graphene.Field(ChannelNode, required=True)
    user = graphene.Field("marketplace.graphql.account.User")
    email = graphene.String()
    customer_note = graphene.String(required=True)
    shipping_address = graphene.Field("marketplace.graphql.addresses.Address")
    billing_address = graphene.Field("marketplace.graphql.addresses.Address")
    lines = graphene.List(graphene.NonNull(CheckoutLine), required=True)
    quantity = graphene.Int(required=True)
    is_shipping_required = graphene.Boolean(required=True, default_value=True)
    subtotal_price = graphene.Field(TaxedMoney, required=True)
    shipping_price = graphene.Field(TaxedMoney, required=True)
    total_price = graphene.Field(TaxedMoney, required=True)
    total_balance = graphene.Field(Money, required=True)
    discount = graphene.Field(Money)
    discount_name = graphene.String()
    voucher_code = graphene.String()
    shipping_methods = graphene.List(graphene.NonNull(ShippingMethod), required=True)
    available_shipping_methods = graphene.List(graphene.NonNull(ShippingMethod), required=True)
    available_collection_points = graphene.List(graphene.NonNull(Warehouse), required=True, default_value=())
    shipping_method = graphene.Field(ShippingMethod)
    delivery_method = graphene.Field(DeliveryMethod)
    delivery = graphene.Field(Delivery)
    available_payment_gateways = graphene.List(graphene.NonNull(PaymentGateway), required=True)
    stock_reservation_expires = graphene.DateTime(source="reserved_until")
    display_gross_prices = graphene.Boolean(required=True, default_value=True)
    tax_exemption = graphene.Boolean(required=True, default_value=False)
    authorize_status = graphene.Field(CheckoutAuthorizeStatusEnum, required=True, default_value="NONE")
    # A checkout is paid only once it is an order (transactionInitialize places it): nothing paid, no transactions.
    charge_status = graphene.Field(CheckoutChargeStatusEnum, required=True, default_value="NONE")
    transactions = graphene.List(graphene.NonNull("marketplace.graphql.payments.TransactionItemType"), default_value=())
    problems = graphene.List(graphene.NonNull(CheckoutProblem))
    # The shop sells no gift cards and grants no discounts (checkoutAddPromoCode refuses every code).
    gift_cards = graphene.List(graphene.NonNull(GiftCard), required=True, default_value=())
    translated_discount_name = graphene.String()
    voucher = graphene.Field(Voucher)
    # No card is kept for later: Stripe is asked afresh each time.
    stored_payment_methods = graphene.List(
        graphene.NonNull(StoredPaymentMethod), amount=PositiveDecimal(), default_value=()
    )
    # The shopper's language (vi or en), which the order keeps; checkoutLanguageCodeUpdate changes it.
    language_code = graphene.Field(LanguageCodeEnum, required=True)

    class Meta:
        name = "Checkout"

    @staticmethod
    def resolve_language_code(root, info):
        return root.language_code.upper()

    @staticmethod
    def resolve_id(root, info):
        return relay.Node.to_global_id("Checkout", root.pk)

    @staticmethod
    def resolve_token(root, info):
        return root.pk

    @staticmethod
    def resolve_created(root, info):
        return root.created_at

    @staticmethod
    def resolve_updated_at(root, info):
        return root.last_change

    @staticmethod
    def resolve_email(root, info):
        return root.email or None

    @staticmethod
    def resolve_shipping_address(root, info):
        return address_from_delivery(root, id=f"checkout-{root.pk}", phone=root.phone)

    # We invoice to the delivery address: a checkout keeps one address (docs/checkout-and-payments.md).
    resolve_billing_address = resolve_shipping_address

    @staticmethod
    def resolve_lines(root, info):
        return _totals(root).lines

    @staticmethod
    def resolve_quantity(root, info):
        return _totals(root).quantity

    @staticmethod
    def resolve_subtotal_price(root, info):
        totals = _totals(root)
        return TaxedMoney.of(totals.subtotal, sum(line.vat for line in totals.lines), CURRENCY)

    @staticmethod
    def resolve_shipping_price(root, info):
        totals = _totals(root)
        return TaxedMoney.of(totals.shipping_price, totals.shipping_vat, CURRENCY)

    @staticmethod
    def resolve_total_price(root, info):
        totals = _totals(root)
        return TaxedMoney.of(totals.total, totals.vat, CURRENCY)

    @staticmethod
    def resolve_total_balance(root, info):
        return Money.of(-_totals(root).total, CURRENCY)  # paid (nothing yet) minus the total, as Saleor counts

    @staticmethod
    def resolve_shipping_methods(root, info):
        # As Saleor: none until there is an address to deliver to; each priced for this checkout's subtotal.
        if not root.shipping_ward_code:
            return []
        subtotal = _totals(root).subtotal
        methods = shipping_methods_for(root)
        for method in methods:
            method.paid_price = method.price_for_subtotal(subtotal)
        return methods

    resolve_available_shipping_methods = resolve_shipping_methods

    @staticmethod
    def resolve_shipping_method(root, info):
        method = root.shipping_method
        if method is not None:
            method.paid_price = _totals(root).shipping_price
        return method

    @staticmethod
    def resolve_delivery_method(root, info):
        return CheckoutType.resolve_shipping_method(root, info)

    @staticmethod
    def resolve_delivery(root, info):
        method = CheckoutType.resolve_shipping_method(root, info)
        if method is None:
            return None
        return Delivery(id=relay.Node.to_global_id("Delivery", f"{root.pk}:{method.pk}"), shipping_method=method)

    @staticmethod
    def resolve_available_payment_gateways(root, info):
        return payment_gateways(root.channel)

    @staticmethod
    def resolve_problems(root, info):
        problems = [problem for line in _totals(root).lines for problem in _line_problems(line)]
        method = root.shipping_method
        if method is not None and not method.is_active:
            delivery = CheckoutType.resolve_delivery(root, info)
            problems.append(CheckoutProblemDeliveryMethodInvalid(delivery=delivery))
        return problems


# --- Finding a checkout ---------------------------------------------------------------------------------------------


def _token_of(id=None, token=None, checkout_id=None):
    """The checkout token the arguments name: a Relay ID (`id`, or the older `checkoutId`), or the token itself."""
    named = [value for value in (id, token, checkout_id) if value is not None]
    if len(named) != 1:
        raise DomainError(_("Cần đúng một trong hai: id hoặc token."), code="invalid", field="id")
    if token is not None:
        return token
    value = named[0]
    try:
        return uuid.UUID(value)  # a bare token in `id`, as older storefronts send it
    except (TypeError, ValueError, AttributeError):
        return uuid_from_global_id(value, "Checkout", field="id")


def _checkout(info, **arguments):
    checkout = checkout_for_customer(_token_of(**arguments), _current_user(info))
    if checkout is None:
        raise DomainError(_("Không tìm thấy giỏ hàng."), code="not_found", field="id")
    return checkout


def _fresh(checkout):
    """The checkout as it stands after a mutation, for the payload (totals recomputed)."""
    return checkout_by_token(checkout.pk)


def _check_count(items, *, field: str = "lines") -> None:
    if len(items) > MAX_LINES_PER_REQUEST:
        raise DomainError(
            _("Tối đa %(max)d dòng mỗi lần.") % {"max": MAX_LINES_PER_REQUEST}, code="invalid", field=field
        )


def _variants(lines, *, field="variantId") -> list[tuple[ProductVariant, int]]:
    """(variant, quantity) pairs of Saleor's line inputs; an unknown variant is NOT_FOUND, a bad ID INVALID."""
    _check_count(lines)
    pairs = []
    for line in lines:
        pk = pk_from_global_id(line.get("variant_id"), "ProductVariant", field=field)
        pairs.append((pk, line.get("quantity")))
    variants = ProductVariant.objects.select_related("product").in_bulk([pk for pk, _quantity in pairs])
    if len(variants) != len({pk for pk, _quantity in pairs}):
        raise DomainError(_("Không tìm thấy sản phẩm này."), code="not_found", field=field)
    return [(variants[pk], quantity) for pk, quantity in pairs]


def _line_variants(checkout, lines) -> list[tuple[ProductVariant, int]]:
    """Saleor's CheckoutLineUpdateInput names a line by `lineId` (or, deprecated, by `variantId`)."""
    _check_count(lines)
    by_line = [line for line in lines if line.get("line_id") is not None]
    line_pks = [pk_from_global_id(line["line_id"], "CheckoutLine", field="lineId") for line in by_line]
    held = {line.pk: line.variant for line in checkout.lines.select_related("variant__product").filter(pk__in=line_pks)}
    if len(held) != len(set(line_pks)):
        raise DomainError(_("Không tìm thấy dòng này trong giỏ hàng."), code="not_found", field="lineId")
    pairs = [(held[pk], line.get("quantity")) for pk, line in zip(line_pks, by_line, strict=True)]
    by_variant = [line for line in lines if line.get("line_id") is None]
    if any(line.get("variant_id") is None for line in by_variant):
        raise DomainError(_("Vui lòng chọn dòng cần sửa."), code="required", field="lineId")
    return pairs + _variants(by_variant)


def _storefront_channel(slug):
    """Checkouts are online only: the HCMC online supermarket's channel (the default), never a kiosk's."""
    slug = slug or settings.STOREFRONT_CHANNEL_SLUG
    channel = Channel.objects.filter(slug=slug).first()
    if channel is None:
        raise DomainError(_("Không có kênh bán này."), code="not_found", field="channel")
    if slug != settings.STOREFRONT_CHANNEL_SLUG or not channel.is_active:
        raise DomainError(_("Kênh bán này không nhận đơn trực tuyến."), code="channel_inactive", field="channel")
    return channel


# --- Inputs ---------------------------------------------------------------------------------------------------------


class CheckoutLineInput(graphene.InputObjectType):
    quantity = graphene.Int(required=True)
    variant_id = graphene.ID(required=True)
    force_new_line = graphene.Boolean(default_value=False)
    # Saleor lets apps holding HANDLE_CHECKOUTS set a line's price; nobody here may (see _refuse_line_extras).
    price = PositiveDecimal()
    price_override_reason = graphene.String()
    metadata = graphene.List(graphene.NonNull(MetadataInput))


class CheckoutLineUpdateInput(graphene.InputObjectType):
    variant_id = graphene.ID()
    quantity = graphene.Int()
    line_id = graphene.ID()
    price = PositiveDecimal()
    price_override_reason = graphene.String()
    metadata = graphene.List(graphene.NonNull(MetadataInput))


def _refuse_line_extras(lines) -> None:
    """A price set by the client is Saleor's PermissionDenied for anyone but an app holding HANDLE_CHECKOUTS (we
    have no apps); metadata on a line is INVALID (see refuse_metadata)."""
    for line in lines:
        if line.get("price") is not None or line.get("price_override_reason") is not None:
            raise GraphQLError(
                "You need one of the following permissions: HANDLE_CHECKOUTS",
                extensions={"exception": {"code": "PermissionDenied"}},
            )
        refuse_metadata(line.get("metadata"))


class CheckoutAddressValidationRules(graphene.InputObjectType):
    check_required_fields = graphene.Boolean(default_value=True)
    check_fields_format = graphene.Boolean(default_value=True)
    enable_fields_normalization = graphene.Boolean(default_value=True)


class CheckoutValidationRules(graphene.InputObjectType):
    shipping_address = CheckoutAddressValidationRules()
    billing_address = CheckoutAddressValidationRules()


class CheckoutCreateInput(graphene.InputObjectType):
    channel = graphene.String()
    lines = graphene.List(graphene.NonNull(CheckoutLineInput))
    email = graphene.String()
    save_shipping_address = graphene.Boolean()
    shipping_address = AddressInput()
    save_billing_address = graphene.Boolean()
    billing_address = AddressInput()
    language_code = LanguageCodeEnum()
    validation_rules = CheckoutValidationRules()
    metadata = graphene.List(graphene.NonNull(MetadataInput))
    private_metadata = graphene.List(graphene.NonNull(MetadataInput))


# --- Mutations ------------------------------------------------------------------------------------------------------


def checkout_mutation(name: str, *, deprecated_errors: bool = True, payload=None, refused_payload=None, **arguments):
    """Build a Saleor checkout mutation from its `perform` function: `name` is its payload type, `arguments` its
    arguments; the payload has `checkout`, `errors` and (where Saleor still has it) `checkoutErrors`."""
    payload = payload or {"checkout": graphene.Field(CheckoutType)}

    def build(perform):
        attributes = {
            "Arguments": type("Arguments", (), arguments),
            "perform": classmethod(perform),
            "__doc__": perform.__doc__,
            "errors": graphene.List(graphene.NonNull(CheckoutError), required=True),
            "refused_payload": refused_payload or {},
            **payload,
        }
        if deprecated_errors:
            attributes["checkout_errors"] = graphene.List(
                graphene.NonNull(CheckoutError), required=True, deprecation_reason="Use `errors` field instead."
            )
        return type(name, (SaleorMutation,), attributes)

    return build


def _ids(**extra):
    """The ways Saleor's checkout mutations name their checkout: `id`, `token`, and the older `checkoutId`."""
    return {"id": graphene.ID(), "token": graphene.UUID(), "checkout_id": graphene.ID(), **extra}


def _address_arguments(name: str):
    return _ids(
        **{name: AddressInput(required=True)},
        save_address=graphene.Boolean(),
        validation_rules=CheckoutAddressValidationRules(),
    )


@checkout_mutation(
    "CheckoutCreate",
    input=CheckoutCreateInput(required=True),
    payload={"checkout": graphene.Field(CheckoutType), "created": graphene.Boolean()},
)
def CheckoutCreate(cls, info, input):
    """A new checkout in the online channel with the lines, email and address given: all of it, or nothing.
    A signed-in shopper's one checkout in the channel is used if they have one (the lines are added to it)."""
    channel = _storefront_channel(input.get("channel"))
    refuse_metadata(input.get("metadata"))
    refuse_metadata(input.get("private_metadata"), field="privateMetadata")
    _refuse_line_extras(input.get("lines") or [])
    lines = _variants(input.get("lines") or [])
    address = input.get("shipping_address")
    if input.get("billing_address"):
        services.check_billing_address(**delivery_fields_from_input(input["billing_address"]))
    checkout = services.create_checkout_with(
        channel=channel,
        user=_current_user(info),
        lines=lines,
        email=input.get("email"),
        address=delivery_fields_from_input(address) if address else None,
        language_code=shop_language(input.get("language_code")),
    )
    return cls.ok(checkout=_fresh(checkout), created=True)


@checkout_mutation(
    "CheckoutLanguageCodeUpdate", **_ids(language_code=graphene.Argument(LanguageCodeEnum, required=True))
)
def CheckoutLanguageCodeUpdate(cls, info, language_code, **ids):
    """The language the shopper reads the checkout in (vi or en); the order placed from it keeps it."""
    checkout = _checkout(info, **ids)
    services.set_checkout_language(checkout, language_code=shop_language(language_code))
    return cls.ok(checkout=_fresh(checkout))


@checkout_mutation("CheckoutLinesAdd", **_ids(lines=graphene.List(graphene.NonNull(CheckoutLineInput), required=True)))
def CheckoutLinesAdd(cls, info, lines, **ids):
    """Add lines; a variant already in the checkout gets the quantities added up."""
    _refuse_line_extras(lines)
    checkout = _checkout(info, **ids)
    services.add_lines(checkout, lines=_variants(lines), user=_current_user(info))
    return cls.ok(checkout=_fresh(checkout))


@checkout_mutation(
    "CheckoutLinesUpdate", **_ids(lines=graphene.List(graphene.NonNull(CheckoutLineUpdateInput), required=True))
)
def CheckoutLinesUpdate(cls, info, lines, **ids):
    """Set the quantities of lines (0 removes a line)."""
    _refuse_line_extras(lines)
    checkout = _checkout(info, **ids)
    services.set_line_quantities(checkout, lines=_line_variants(checkout, lines), user=_current_user(info))
    return cls.ok(checkout=_fresh(checkout))


def _line_pks(line_ids) -> list[int]:
    _check_count(line_ids, field="linesIds")
    return [pk_from_global_id(line_id, "CheckoutLine", field="linesIds") for line_id in line_ids]


@checkout_mutation(
    "CheckoutLinesDelete",
    deprecated_errors=False,
    id=graphene.ID(),
    token=graphene.UUID(),
    lines_ids=graphene.List(graphene.NonNull(graphene.ID), required=True),
)
def CheckoutLinesDelete(cls, info, lines_ids, **ids):
    checkout = _checkout(info, **ids)
    services.remove_lines(checkout, line_ids=_line_pks(lines_ids))
    return cls.ok(checkout=_fresh(checkout))


@checkout_mutation("CheckoutLineDelete", **_ids(line_id=graphene.ID()))
def CheckoutLineDelete(cls, info, line_id=None, **ids):
    """Saleor's older single-line delete (dropped in 3.24, still sent by storefronts): checkoutLinesDelete of one."""
    checkout = _checkout(info, **ids)
    if line_id is None:
        raise DomainError(_("Vui lòng chọn dòng cần xóa."), code="required", field="lineId")
    services.remove_lines(checkout, line_ids=[pk_from_global_id(line_id, "CheckoutLine", field="lineId")])
    return cls.ok(checkout=_fresh(checkout))


@checkout_mutation("CheckoutEmailUpdate", **_ids(email=graphene.String(required=True)))
def CheckoutEmailUpdate(cls, info, email, **ids):
    checkout = _checkout(info, **ids)
    services.set_checkout_email(checkout, email=email)
    return cls.ok(checkout=_fresh(checkout))


@checkout_mutation("CheckoutShippingAddressUpdate", **_address_arguments("shipping_address"))
def CheckoutShippingAddressUpdate(cls, info, shipping_address, **ids):
    """The delivery address, in Saleor's AddressInput mapped onto the two-tier ward + city form
    (marketplace.graphql.addresses); its phone is the one the courier calls."""
    ids.pop("save_address", None)
    ids.pop("validation_rules", None)
    checkout = _checkout(info, **ids)
    services.set_shipping_address(checkout, **delivery_fields_from_input(shipping_address))
    return cls.ok(checkout=_fresh(checkout))


@checkout_mutation("CheckoutBillingAddressUpdate", **_address_arguments("billing_address"))
def CheckoutBillingAddressUpdate(cls, info, billing_address, **ids):
    """Accepted and checked like a delivery address, not kept: we invoice to the delivery address, which
    billingAddress gives back (docs/checkout-and-payments.md)."""
    ids.pop("save_address", None)
    ids.pop("validation_rules", None)
    checkout = _checkout(info, **ids)
    services.check_billing_address(**delivery_fields_from_input(billing_address))
    return cls.ok(checkout=_fresh(checkout))


def _shipping_method_pk(global_id, *, field: str) -> int | None:
    if global_id is None:
        return None
    kind, _key = parse_global_id(global_id, field=field)
    if kind == "Warehouse":
        raise DomainError(
            _("Chúng tôi chưa có điểm nhận hàng; vui lòng chọn giao hàng."), code="invalid_shipping_method", field=field
        )
    return pk_from_global_id(global_id, "ShippingMethod", field=field)


@checkout_mutation(
    "CheckoutDeliveryMethodUpdate",
    deprecated_errors=False,
    id=graphene.ID(),
    token=graphene.UUID(),
    delivery_method_id=graphene.ID(),
)
def CheckoutDeliveryMethodUpdate(cls, info, delivery_method_id=None, **ids):
    checkout = _checkout(info, **ids)
    method_pk = _shipping_method_pk(delivery_method_id, field="deliveryMethodId")
    services.set_delivery_method(checkout, shipping_method_id=method_pk)
    return cls.ok(checkout=_fresh(checkout))


@checkout_mutation("CheckoutShippingMethodUpdate", **_ids(shipping_method_id=graphene.ID()))
def CheckoutShippingMethodUpdate(cls, info, shipping_method_id=None, **ids):
    """Saleor's older name for checkoutDeliveryMethodUpdate, still in its schema (deprecated)."""
    checkout = _checkout(info, **ids)
    method_pk = _shipping_method_pk(shipping_method_id, field="shippingMethodId")
    services.set_delivery_method(checkout, shipping_method_id=method_pk)
    return cls.ok(checkout=_fresh(checkout))


@checkout_mutation(
    "CheckoutCustomerNoteUpdate", id=graphene.ID(required=True), customer_note=graphene.String(required=True)
)
def CheckoutCustomerNoteUpdate(cls, info, id, customer_note):
    checkout = _checkout(info, id=id)
    services.set_customer_note(checkout, note=customer_note)
    return cls.ok(checkout=_fresh(checkout))


@checkout_mutation("CheckoutAddPromoCode", **_ids(promo_code=graphene.String(required=True)))
def CheckoutAddPromoCode(cls, info, promo_code, **ids):
    """We have no vouchers or gift cards: every code is refused (VOUCHER_NOT_APPLICABLE), the checkout unchanged."""
    _checkout(info, **ids)
    raise DomainError(_("Mã khuyến mãi không hợp lệ."), code="voucher_not_applicable", field="promoCode")


@checkout_mutation("CheckoutRemovePromoCode", **_ids(promo_code=graphene.String(), promo_code_id=graphene.ID()))
def CheckoutRemovePromoCode(cls, info, promo_code=None, promo_code_id=None, **ids):
    """No code is ever applied, so there is nothing to remove: the checkout comes back as it is."""
    return cls.ok(checkout=_checkout(info, **ids))


@checkout_mutation("CheckoutCustomerAttach", **_ids(customer_id=graphene.ID()))
def CheckoutCustomerAttach(cls, info, customer_id=None, **ids):
    """The signed-in shopper takes the checkout as theirs. `customerId` is for staff apps in Saleor: refused."""
    user = _current_user(info)
    if user is None or customer_id is not None:
        raise DomainError(_("Vui lòng đăng nhập."), code="invalid", field="customerId" if customer_id else None)
    checkout = _checkout(info, **ids)
    services.attach_customer(checkout, user=user)
    return cls.ok(checkout=_fresh(checkout))


@checkout_mutation("CheckoutCustomerDetach", **_ids())
def CheckoutCustomerDetach(cls, info, **ids):
    user = _current_user(info)
    if user is None:
        raise DomainError(_("Vui lòng đăng nhập."), code="invalid", field=None)
    checkout = _checkout(info, **ids)
    services.detach_customer(checkout, user=user)
    return cls.ok(checkout=_fresh(checkout))


@checkout_mutation(
    "CheckoutComplete",
    payload={
        "order": graphene.Field(Order),
        "confirmation_needed": graphene.Boolean(required=True),
        "confirmation_data": graphene.JSONString(),
    },
    refused_payload={"confirmation_needed": False},
    **_ids(
        payment_data=graphene.JSONString(),
        redirect_url=graphene.String(),
        store_source=graphene.Boolean(),
        metadata=graphene.List(graphene.NonNull(MetadataInput)),
    ),
)
def CheckoutComplete(cls, info, **arguments):
    """Place the order. A checkout already paid through transactionInitialize is already its order, which is
    given back (so is a checkout completed twice); one completed without a transaction pays cash on delivery."""
    refuse_metadata(arguments.get("metadata"))
    ids = {name: arguments.get(name) for name in ("id", "token", "checkout_id")}
    token = _token_of(**ids)
    user = _current_user(info)
    checkout = checkout_for_customer(token, user)
    if checkout is None:
        order = order_for_checkout(token, user=user)
        if order is None:
            raise DomainError(_("Không tìm thấy giỏ hàng."), code="not_found", field="id")
    else:
        order = services.complete_checkout(checkout, user=user)
    # Read back with what the Order type shows, in a fixed number of queries.
    return cls.ok(order=with_details(OrderModel.objects.filter(pk=order.pk)).get(), confirmation_needed=False)


class CheckoutCountableConnection(CountableConnection):
    class Meta:
        node = CheckoutType
        strict_types = True


class CheckoutQueries(graphene.ObjectType):
    checkout = graphene.Field(CheckoutType, id=graphene.ID(), token=graphene.UUID())

    @staticmethod
    def resolve_checkout(root, info, id=None, token=None):
        try:
            return _checkout(info, id=id, token=token)
        except DomainError as error:
            if error.code == "not_found":
                return None
            raise GraphQLError(str(error.message)) from None


class CheckoutMutations(graphene.ObjectType):
    checkout_create = CheckoutCreate.Field()
    checkout_lines_add = CheckoutLinesAdd.Field()
    checkout_lines_update = CheckoutLinesUpdate.Field()
    checkout_lines_delete = CheckoutLinesDelete.Field()
    checkout_line_delete = CheckoutLineDelete.Field(
        deprecation_reason="Saleor 3.24 dropped it; served as checkoutLinesDelete of one line."
    )
    checkout_email_update = CheckoutEmailUpdate.Field()
    checkout_shipping_address_update = CheckoutShippingAddressUpdate.Field()
    checkout_billing_address_update = CheckoutBillingAddressUpdate.Field()
    checkout_delivery_method_update = CheckoutDeliveryMethodUpdate.Field()
    checkout_shipping_method_update = CheckoutShippingMethodUpdate.Field(
        deprecation_reason="Use `checkoutDeliveryMethodUpdate` instead."
    )
    checkout_customer_note_update = CheckoutCustomerNoteUpdate.Field()
    checkout_language_code_update = CheckoutLanguageCodeUpdate.Field()
    checkout_add_promo_code = CheckoutAddPromoCode.Field()
    checkout_remove_promo_code = CheckoutRemovePromoCode.Field()
    checkout_customer_attach = CheckoutCustomerAttach.Field()
    checkout_customer_detach = CheckoutCustomerDetach.Field()
    checkout_complete = CheckoutComplete.Field()
