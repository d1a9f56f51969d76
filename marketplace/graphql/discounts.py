"""Saleor's gift cards, vouchers, order and line discounts, granted refunds, invoices, tax classes and stored
payment methods: types our shop has no data for.

Xứ Quảng Market sells no gift cards, grants no vouchers or promotions, grants no refunds ahead of making them (a
refund is made in the back office and shows in the order's totals), issues no invoices through the API (a VAT
invoice is the back office's), keeps VAT rates by date rather than tax classes, and stores no cards for later. A
storefront generated from Saleor's schema still queries these fields, so they exist with Saleor's names and
shapes, and every one of them answers empty or null: what Saleor answers for an order, a checkout or an account
that has none.
"""

import graphene
from graphene import relay

from marketplace.graphql.core import CountableConnection, Money, PositiveDecimal
from marketplace.graphql.inputs import ObjectWithMetadataFields

OrderDiscountType = graphene.Enum(
    "OrderDiscountType", [(name, name) for name in ("SALE", "VOUCHER", "MANUAL", "PROMOTION", "ORDER_PROMOTION")]
)
DiscountValueTypeEnum = graphene.Enum("DiscountValueTypeEnum", [("FIXED", "FIXED"), ("PERCENTAGE", "PERCENTAGE")])
JobStatusEnum = graphene.Enum("JobStatusEnum", [(name, name) for name in ("PENDING", "SUCCESS", "FAILED", "DELETED")])


class GiftCard(ObjectWithMetadataFields, graphene.ObjectType):
    """User.giftCards, Checkout.giftCards, Order.giftCards: always empty. No gift card exists here, so nothing
    records who created, bought, was given or used one, nor its events or tags: every field is Saleor's, and none
    has a resolver to run."""

    display_code = graphene.String(required=True)
    last_4_code_chars = graphene.String(required=True, name="last4CodeChars")
    code = graphene.String(required=True)
    created = graphene.DateTime(required=True)
    expiry_date = graphene.Date()
    is_active = graphene.Boolean(required=True)
    initial_balance = graphene.Field(Money, required=True)
    current_balance = graphene.Field(Money, required=True)
    created_by = graphene.Field("marketplace.graphql.account.User")
    used_by = graphene.Field("marketplace.graphql.account.User", deprecation_reason="No longer supported")
    created_by_email = graphene.String()
    used_by_email = graphene.String(deprecation_reason="No longer supported")
    assigned_to = graphene.Field("marketplace.graphql.account.User")
    assigned_to_email = graphene.String()
    last_used_on = graphene.DateTime()
    app = graphene.Field("marketplace.graphql.staff.App")
    product = graphene.Field("marketplace.graphql.catalogue.types.Product")
    events = graphene.List(
        graphene.NonNull(lambda: GiftCardEvent),
        required=True,
        filter=graphene.Argument(lambda: GiftCardEventFilterInput),
    )
    tags = graphene.List(graphene.NonNull(lambda: GiftCardTag), required=True)
    bought_in_channel = graphene.String()
    user = graphene.Field("marketplace.graphql.account.User", deprecation_reason="Use `createdBy` field instead.")
    end_date = graphene.DateTime(deprecation_reason="Use `expiryDate` field instead.")
    start_date = graphene.DateTime(deprecation_reason="No longer supported")

    class Meta:
        interfaces = (relay.Node,)


GiftCardEventsEnum = graphene.Enum(
    "GiftCardEventsEnum",
    [
        (name, name)
        for name in (
            "ISSUED",
            "BOUGHT",
            "UPDATED",
            "ACTIVATED",
            "DEACTIVATED",
            "BALANCE_RESET",
            "EXPIRY_DATE_UPDATED",
            "TAGS_UPDATED",
            "SENT_TO_CUSTOMER",
            "RESENT",
            "NOTE_ADDED",
            "USED_IN_ORDER",
            "REFUNDED_IN_ORDER",
            "BALANCE_ADJUSTED",
            "ASSIGNED_TO_USER",
            "UNASSIGNED_FROM_USER",
        )
    ],
)


class GiftCardEventFilterInput(graphene.InputObjectType):
    type = graphene.Field(GiftCardEventsEnum)
    orders = graphene.List(graphene.NonNull(graphene.ID))


class GiftCardEventBalance(graphene.ObjectType):
    initial_balance = graphene.Field(Money)
    current_balance = graphene.Field(Money, required=True)
    old_initial_balance = graphene.Field(Money)
    old_current_balance = graphene.Field(Money)


class GiftCardEventAssignment(graphene.ObjectType):
    old_assigned_to = graphene.Field("marketplace.graphql.account.User")
    current_assigned_to = graphene.Field("marketplace.graphql.account.User")
    old_assigned_to_email = graphene.String()
    current_assigned_to_email = graphene.String()


class GiftCardEvent(graphene.ObjectType):
    date = graphene.DateTime()
    type = graphene.Field(GiftCardEventsEnum)
    user = graphene.Field("marketplace.graphql.account.User")
    app = graphene.Field("marketplace.graphql.staff.App")
    message = graphene.String()
    email = graphene.String()
    order_id = graphene.ID()
    order_number = graphene.String()
    tags = graphene.List(graphene.NonNull(graphene.String))
    old_tags = graphene.List(graphene.NonNull(graphene.String))
    balance = graphene.Field(GiftCardEventBalance)
    assigned_to = graphene.Field(GiftCardEventAssignment)
    expiry_date = graphene.Date()
    old_expiry_date = graphene.Date()

    class Meta:
        interfaces = (relay.Node,)


class GiftCardTag(graphene.ObjectType):
    name = graphene.String(required=True)

    class Meta:
        interfaces = (relay.Node,)


class _Discount(graphene.ObjectType):
    """What an order's and an order line's discounts both answer (we give none: the lists are empty)."""

    type = graphene.Field(OrderDiscountType, required=True)
    name = graphene.String()
    translated_name = graphene.String()
    value_type = graphene.Field(DiscountValueTypeEnum, required=True)
    value = graphene.Field(PositiveDecimal, required=True)
    reason = graphene.String()

    class Meta:
        abstract = True


class OrderDiscount(_Discount):
    amount = graphene.Field(Money, required=True)
    total = graphene.Field(Money, required=True)

    class Meta:
        interfaces = (relay.Node,)


class Invoice(ObjectWithMetadataFields, graphene.ObjectType):
    status = graphene.Field(JobStatusEnum, required=True)
    created_at = graphene.DateTime(required=True)
    updated_at = graphene.DateTime(required=True)
    message = graphene.String()
    number = graphene.String()
    external_url = graphene.String()
    url = graphene.String()
    order = graphene.Field("marketplace.graphql.orders.Order")

    class Meta:
        interfaces = (relay.Node,)


class GiftCardCountableConnection(CountableConnection):
    """User.giftCards: always empty."""

    class Meta:
        node = GiftCard
        strict_types = True


class OrderLineDiscount(_Discount):
    total = graphene.Field(Money, required=True)
    unit = graphene.Field(Money, required=True)

    class Meta:
        interfaces = (relay.Node,)


VoucherTypeEnum = graphene.Enum(
    "VoucherTypeEnum", [(name, name) for name in ("SHIPPING", "ENTIRE_ORDER", "SPECIFIC_PRODUCT")]
)


class Voucher(ObjectWithMetadataFields, graphene.ObjectType):
    """Order.voucher and Checkout.voucher: always null. Saleor's fields (codes, the products it applies to, its
    channel listings and translations among them), so that a storefront's `voucher { code discountValue … }` is
    a valid query."""

    name = graphene.String()
    code = graphene.String()
    usage_limit = graphene.Int()
    used = graphene.Int(required=True)
    start_date = graphene.DateTime(required=True)
    end_date = graphene.DateTime()
    apply_once_per_order = graphene.Boolean(required=True)
    apply_once_per_customer = graphene.Boolean(required=True)
    single_use = graphene.Boolean(required=True)
    only_for_staff = graphene.Boolean(required=True)
    min_checkout_items_quantity = graphene.Int()
    countries = graphene.List(graphene.NonNull("marketplace.graphql.core.CountryDisplay"))
    discount_value_type = graphene.Field(DiscountValueTypeEnum, required=True)
    discount_value = graphene.Float()
    currency = graphene.String()
    min_spent = graphene.Field(Money)
    type = graphene.Field(VoucherTypeEnum, required=True)
    codes = relay.ConnectionField(lambda: VoucherCodeCountableConnection)
    categories = relay.ConnectionField("marketplace.graphql.catalogue.types.CategoryCountableConnection")
    collections = relay.ConnectionField("marketplace.graphql.content.CollectionCountableConnection")
    products = relay.ConnectionField("marketplace.graphql.catalogue.types.ProductCountableConnection")
    variants = relay.ConnectionField("marketplace.graphql.catalogue.types.ProductVariantCountableConnection")
    translation = graphene.Field(
        lambda: VoucherTranslation,
        language_code=graphene.Argument("marketplace.graphql.languages.LanguageCodeEnum", required=True),
    )
    channel_listings = graphene.List(graphene.NonNull(lambda: VoucherChannelListing))

    class Meta:
        interfaces = (relay.Node,)


class VoucherCode(graphene.ObjectType):
    id = graphene.ID(required=True)
    code = graphene.String()
    used = graphene.Int()
    is_active = graphene.Boolean()
    created_at = graphene.DateTime(required=True)


class VoucherCodeCountableConnection(CountableConnection):
    class Meta:
        node = VoucherCode
        strict_types = True


class VoucherTranslation(graphene.ObjectType):
    language = graphene.Field("marketplace.graphql.languages.LanguageDisplay", required=True)
    name = graphene.String()
    translatable_content = graphene.Field(lambda: VoucherTranslatableContent)

    class Meta:
        interfaces = (relay.Node,)


class VoucherTranslatableContent(graphene.ObjectType):
    voucher_id = graphene.ID(required=True)
    name = graphene.String()
    translation = graphene.Field(
        VoucherTranslation,
        language_code=graphene.Argument("marketplace.graphql.languages.LanguageCodeEnum", required=True),
    )
    voucher = graphene.Field(Voucher, deprecation_reason="Get model fields from the root level queries.")

    class Meta:
        interfaces = (relay.Node,)


class VoucherChannelListing(graphene.ObjectType):
    channel = graphene.Field("marketplace.graphql.channels.ChannelNode", required=True)
    discount_value = graphene.Float(required=True)
    currency = graphene.String(required=True)
    min_spent = graphene.Field(Money)

    class Meta:
        interfaces = (relay.Node,)


SaleTypeEnum = graphene.Enum("SaleType", [("FIXED", "FIXED"), ("PERCENTAGE", "PERCENTAGE")])


class Sale(ObjectWithMetadataFields, graphene.ObjectType):
    """SaleTranslatableContent.sale (deprecated in Saleor): never returned, as no sale exists."""

    name = graphene.String(required=True)
    type = graphene.Field(SaleTypeEnum, required=True)
    start_date = graphene.DateTime(required=True)
    end_date = graphene.DateTime()
    created = graphene.DateTime(required=True)
    updated_at = graphene.DateTime(required=True)
    categories = relay.ConnectionField("marketplace.graphql.catalogue.types.CategoryCountableConnection")
    collections = relay.ConnectionField("marketplace.graphql.content.CollectionCountableConnection")
    products = relay.ConnectionField("marketplace.graphql.catalogue.types.ProductCountableConnection")
    variants = relay.ConnectionField("marketplace.graphql.catalogue.types.ProductVariantCountableConnection")
    translation = graphene.Field(
        lambda: SaleTranslation,
        language_code=graphene.Argument("marketplace.graphql.languages.LanguageCodeEnum", required=True),
    )
    channel_listings = graphene.List(graphene.NonNull(lambda: SaleChannelListing))
    discount_value = graphene.Float()
    currency = graphene.String()

    class Meta:
        interfaces = (relay.Node,)


class SaleChannelListing(graphene.ObjectType):
    channel = graphene.Field("marketplace.graphql.channels.ChannelNode", required=True)
    discount_value = graphene.Float(required=True)
    currency = graphene.String(required=True)

    class Meta:
        interfaces = (relay.Node,)


class SaleTranslation(graphene.ObjectType):
    language = graphene.Field("marketplace.graphql.languages.LanguageDisplay", required=True)
    name = graphene.String()
    translatable_content = graphene.Field(lambda: SaleTranslatableContent)

    class Meta:
        interfaces = (relay.Node,)


class SaleTranslatableContent(graphene.ObjectType):
    """A member of TranslatableItem, as the promotions' below: `translations(kind: SALE)` (PROMOTION,
    PROMOTION_RULE, VOUCHER) answers an empty list, since the shop runs no sales, promotions or vouchers (prices
    are set per channel in the back office). The types exist so that a client generating its types from Saleor's
    schema finds every member of the union; none is ever returned."""

    sale_id = graphene.ID(required=True)
    name = graphene.String(required=True)
    translation = graphene.Field(
        SaleTranslation,
        language_code=graphene.Argument("marketplace.graphql.languages.LanguageCodeEnum", required=True),
    )
    sale = graphene.Field(Sale, deprecation_reason="Get model fields from the root level queries.")

    class Meta:
        interfaces = (relay.Node,)


class _PromotionTranslation(graphene.ObjectType):
    """What a promotion's and a promotion rule's translations both hold."""

    language = graphene.Field("marketplace.graphql.languages.LanguageDisplay", required=True)
    name = graphene.String()
    description = graphene.JSONString()

    class Meta:
        abstract = True


class PromotionTranslation(_PromotionTranslation):
    translatable_content = graphene.Field(lambda: PromotionTranslatableContent)

    class Meta:
        interfaces = (relay.Node,)


class PromotionTranslatableContent(graphene.ObjectType):
    promotion_id = graphene.ID(required=True)
    name = graphene.String(required=True)
    description = graphene.JSONString()
    translation = graphene.Field(
        PromotionTranslation,
        language_code=graphene.Argument("marketplace.graphql.languages.LanguageCodeEnum", required=True),
    )

    class Meta:
        interfaces = (relay.Node,)


class PromotionRuleTranslation(_PromotionTranslation):
    translatable_content = graphene.Field(lambda: PromotionRuleTranslatableContent)

    class Meta:
        interfaces = (relay.Node,)


class PromotionRuleTranslatableContent(graphene.ObjectType):
    promotion_rule_id = graphene.ID(required=True)
    name = graphene.String()
    description = graphene.JSONString()
    translation = graphene.Field(
        PromotionRuleTranslation,
        language_code=graphene.Argument("marketplace.graphql.languages.LanguageCodeEnum", required=True),
    )

    class Meta:
        interfaces = (relay.Node,)


OrderGrantedRefundStatusEnum = graphene.Enum(
    "OrderGrantedRefundStatusEnum", [(name, name) for name in ("NONE", "PENDING", "SUCCESS", "FAILURE")]
)


class OrderGrantedRefundLine(graphene.ObjectType):
    id = graphene.ID(required=True)
    quantity = graphene.Int(required=True)
    order_line = graphene.Field("marketplace.graphql.orders.OrderLine", required=True)
    reason = graphene.String()
    reason_reference = graphene.Field("marketplace.graphql.content.PageNode")


class OrderGrantedRefund(graphene.ObjectType):
    """Order.grantedRefunds: always empty (refunds are made, not granted ahead)."""

    id = graphene.ID(required=True)
    created_at = graphene.DateTime(required=True)
    updated_at = graphene.DateTime(required=True)
    amount = graphene.Field(Money, required=True)
    reason = graphene.String()
    reason_reference = graphene.Field("marketplace.graphql.content.PageNode")
    user = graphene.Field("marketplace.graphql.account.User")
    shipping_costs_included = graphene.Boolean(required=True)
    lines = graphene.List(graphene.NonNull(OrderGrantedRefundLine))
    status = graphene.Field(OrderGrantedRefundStatusEnum, required=True)
    transaction_events = graphene.List(graphene.NonNull("marketplace.graphql.payments.TransactionEventType"))
    transaction = graphene.Field("marketplace.graphql.payments.TransactionItemType")
    app = graphene.Field("marketplace.graphql.staff.App")


class TaxClassCountryRate(graphene.ObjectType):
    country = graphene.Field("marketplace.graphql.core.CountryDisplay", required=True)
    rate = graphene.Float(required=True)
    tax_class = graphene.Field(lambda: TaxClass)


class TaxClass(ObjectWithMetadataFields, graphene.ObjectType):
    """Order.shippingTaxClass, OrderLine.taxClass: always null (VAT rates are kept by date, not by class; the
    rates an order was sold at are its `shippingTaxRate` and each line's `taxRate`)."""

    name = graphene.String(required=True)
    countries = graphene.List(graphene.NonNull(TaxClassCountryRate), required=True)

    class Meta:
        interfaces = (relay.Node,)


TokenizedPaymentFlowEnum = graphene.Enum("TokenizedPaymentFlowEnum", [("INTERACTIVE", "INTERACTIVE")])


class CreditCard(graphene.ObjectType):
    brand = graphene.String(required=True)
    first_digits = graphene.String()
    last_digits = graphene.String(required=True)
    exp_month = graphene.Int()
    exp_year = graphene.Int()


class StoredPaymentMethod(graphene.ObjectType):
    """User.storedPaymentMethods, Checkout.storedPaymentMethods: always empty (no card is kept for later)."""

    id = graphene.ID(required=True)
    gateway = graphene.Field("marketplace.graphql.payments.PaymentGateway", required=True)
    payment_method_id = graphene.String(required=True)
    credit_card_info = graphene.Field(CreditCard)
    supported_payment_flows = graphene.List(graphene.NonNull(TokenizedPaymentFlowEnum))
    type = graphene.String(required=True)
    name = graphene.String()
    data = graphene.Field("marketplace.graphql.core.JSON")


class PaymentSource(graphene.ObjectType):
    """User.storedPaymentSources (Saleor's older stored cards): always empty."""

    gateway = graphene.String(required=True)
    payment_method_id = graphene.String()
    credit_card_info = graphene.Field(CreditCard)
    metadata = graphene.List(graphene.NonNull("marketplace.graphql.inputs.MetadataItem"), required=True)
