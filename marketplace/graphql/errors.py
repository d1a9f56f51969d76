"""Errors as data, Saleor's way: a mutation that a business rule refuses answers `errors { field message code }`
with the code from Saleor's enum for that mutation, and a 200. A DomainError of our services becomes one entry; a
malformed ID, a NUL byte or any other hostile value becomes an INVALID entry, never a 500 or internal text.
"""

import graphene

from marketplace.core.errors import DomainError
from marketplace.graphql.addresses import SALEOR_FIELDS as ADDRESS_FIELDS
from marketplace.graphql.core import reject_nul


def enum_of(name: str, values: str) -> type[graphene.Enum]:
    return graphene.Enum(name, [(value, value) for value in values.split()])


def codes_of(enum: type[graphene.Enum]) -> frozenset[str]:
    return frozenset(enum._meta.enum.__members__)


CheckoutErrorCode = enum_of(
    "CheckoutErrorCode",
    "BILLING_ADDRESS_NOT_SET CHECKOUT_NOT_FULLY_PAID GRAPHQL_ERROR PRODUCT_NOT_PUBLISHED "
    "PRODUCT_UNAVAILABLE_FOR_PURCHASE INSUFFICIENT_STOCK INVALID INVALID_SHIPPING_METHOD NOT_FOUND PAYMENT_ERROR "
    "PRICE_OVERRIDE_REASON_WITHOUT_OVERRIDE QUANTITY_GREATER_THAN_LIMIT REQUIRED SHIPPING_ADDRESS_NOT_SET "
    "SHIPPING_METHOD_NOT_APPLICABLE DELIVERY_METHOD_NOT_APPLICABLE SHIPPING_METHOD_NOT_SET SHIPPING_NOT_REQUIRED "
    "TAX_ERROR UNIQUE VOUCHER_NOT_APPLICABLE GIFT_CARD_NOT_APPLICABLE ZERO_QUANTITY MISSING_CHANNEL_SLUG "
    "CHANNEL_INACTIVE UNAVAILABLE_VARIANT_IN_CHANNEL EMAIL_NOT_SET NO_LINES INACTIVE_PAYMENT NON_EDITABLE_GIFT_LINE "
    "NON_REMOVABLE_GIFT_LINE SHIPPING_CHANGE_FORBIDDEN MISSING_ADDRESS_DATA",
)
PaymentGatewayInitializeErrorCode = enum_of("PaymentGatewayInitializeErrorCode", "GRAPHQL_ERROR INVALID NOT_FOUND")
TransactionInitializeErrorCode = enum_of(
    "TransactionInitializeErrorCode", "GRAPHQL_ERROR INVALID NOT_FOUND UNIQUE CHECKOUT_COMPLETION_IN_PROGRESS"
)
TransactionProcessErrorCode = enum_of(
    "TransactionProcessErrorCode",
    "GRAPHQL_ERROR INVALID NOT_FOUND TRANSACTION_ALREADY_PROCESSED MISSING_PAYMENT_APP_RELATION MISSING_PAYMENT_APP "
    "CHECKOUT_COMPLETION_IN_PROGRESS",
)


class CheckoutError(graphene.ObjectType):
    field = graphene.String()
    message = graphene.String()
    code = graphene.Field(CheckoutErrorCode, required=True)
    variants = graphene.List(graphene.NonNull(graphene.ID))
    lines = graphene.List(graphene.NonNull(graphene.ID))
    address_type = graphene.Field("marketplace.graphql.account.AddressTypeEnum")

    codes = codes_of(CheckoutErrorCode)


def _simple_error(name: str, code_enum) -> type[graphene.ObjectType]:
    return type(
        name,
        (graphene.ObjectType,),
        {
            "field": graphene.String(),
            "message": graphene.String(),
            "code": graphene.Field(code_enum, required=True),
            "codes": codes_of(code_enum),
        },
    )


PaymentGatewayInitializeError = _simple_error("PaymentGatewayInitializeError", PaymentGatewayInitializeErrorCode)
TransactionInitializeError = _simple_error("TransactionInitializeError", TransactionInitializeErrorCode)
TransactionProcessError = _simple_error("TransactionProcessError", TransactionProcessErrorCode)

# Our services' DomainError codes → Saleor's; a code an error type's enum lacks is reported as INVALID.
SALEOR_CODES = {
    "invalid": "INVALID",
    "invalid_ward": "INVALID",
    "too_long": "INVALID",
    "required": "REQUIRED",
    "not_found": "NOT_FOUND",
    "not_available": "UNAVAILABLE_VARIANT_IN_CHANNEL",
    "insufficient_stock": "INSUFFICIENT_STOCK",
    "quantity_greater_than_limit": "QUANTITY_GREATER_THAN_LIMIT",
    "zero_quantity": "ZERO_QUANTITY",
    "empty_checkout": "NO_LINES",
    "email_not_set": "EMAIL_NOT_SET",
    "email_required": "EMAIL_NOT_SET",
    "shipping_address_not_set": "SHIPPING_ADDRESS_NOT_SET",
    "shipping_method_not_set": "SHIPPING_METHOD_NOT_SET",
    "invalid_shipping_method": "INVALID_SHIPPING_METHOD",
    "missing_channel_slug": "MISSING_CHANNEL_SLUG",
    "voucher_not_applicable": "VOUCHER_NOT_APPLICABLE",
    "channel_inactive": "CHANNEL_INACTIVE",
    "not_configured": "PAYMENT_ERROR",
    "already_paid": "INVALID",
    "not_payable": "INVALID",
}
# Our field names → the argument or input field a Saleor client sent.
SALEOR_FIELDS = {
    **ADDRESS_FIELDS,
    "variant": "variantId",
    "shipping_method": "deliveryMethodId",
    "payment_method": "paymentGateway",
    "customer_note": "customerNote",
    "ward_code": "city",
}


def error_entry(error_class, error: DomainError):
    code = SALEOR_CODES.get(error.code, error.code.upper())
    field = SALEOR_FIELDS.get(error.field, error.field) if error.field else None
    return error_class(field=field, message=str(error.message), code=code if code in error_class.codes else "INVALID")


class SaleorMutation(graphene.Mutation):
    """A mutation whose refusals are data. Subclasses declare `errors` (and Saleor's deprecated twin
    `checkoutErrors` where Saleor has it), set `error_class`, and implement `perform(info, **arguments)`, which
    calls one service and returns `cls.ok(...)`."""

    error_class = CheckoutError
    # Values of the payload's other required fields when the mutation is refused.
    refused_payload: dict = {}

    class Meta:
        abstract = True

    @classmethod
    def mutate(cls, root, info, **arguments):
        try:
            reject_nul(arguments)
            return cls.perform(info, **arguments)
        except DomainError as error:
            return cls.refused(error)

    @classmethod
    def refused(cls, error: DomainError):
        """The payload of a refusal: one error entry, Saleor's code for our own."""
        return cls.ok(errors=[error_entry(cls.error_class, error)], **cls.refused_payload)

    @classmethod
    def perform(cls, info, **arguments):
        raise NotImplementedError

    @classmethod
    def ok(cls, *, errors=(), **fields):
        if "checkout_errors" in cls._meta.fields:
            fields["checkout_errors"] = list(errors)
        return cls(errors=list(errors), **fields)
