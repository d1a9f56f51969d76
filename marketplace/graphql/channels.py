"""Channels (the HCMC online supermarket and each kiosk), in Saleor's shape.

Saleor's channel settings answer what the shop actually does (docs/api-channels.md lists each value and where it
comes from). They are the staff's, as in Saleor (managers here); an answer holding one is never cached. A list
of channels reads each fact once for all of them (`api_batch`): the same statements whatever its length.
"""

import graphene
from django.utils.functional import cached_property
from graphene import relay
from graphene_django import DjangoObjectType
from graphql import GraphQLError

from inventory.selectors import channel_warehouses
from marketplace.channels.models import Channel
from marketplace.channels.selectors import channels_with_orders
from marketplace.checkout.selectors import shipping_methods_by_channel
from marketplace.graphql.addresses import CountryCode
from marketplace.graphql.catalogue.ids import check_text_arguments, pk_from_global_id
from marketplace.graphql.catalogue.staff import staff_only
from marketplace.graphql.core import CountryDisplay
from marketplace.graphql.inputs import ObjectWithMetadataFields
from marketplace.graphql.payments import TransactionFlowStrategyEnum
from marketplace.graphql.shipping import ShippingMethod, Warehouse
from marketplace.payments.selectors import unpaid_order_windows


class _WholeNumber(graphene.Scalar):
    @staticmethod
    def serialize(value):
        return int(value)

    @staticmethod
    def parse_value(value):
        return int(value)

    @staticmethod
    def parse_literal(node, _variables=None):
        return int(node.value)


class Minute(_WholeNumber):
    """The `Minute` scalar type represents number of minutes by integer value."""


class Hour(_WholeNumber):
    """The `Hour` scalar type represents number of hours by integer value."""


class Day(_WholeNumber):
    """The `Day` scalar type represents number of days by integer value."""


AllocationStrategyEnum = graphene.Enum(
    "AllocationStrategyEnum",
    [("PRIORITIZE_SORTING_ORDER", "PRIORITIZE_SORTING_ORDER"), ("PRIORITIZE_HIGH_STOCK", "PRIORITIZE_HIGH_STOCK")],
)
MarkAsPaidStrategyEnum = graphene.Enum(
    "MarkAsPaidStrategyEnum", [("TRANSACTION_FLOW", "TRANSACTION_FLOW"), ("PAYMENT_FLOW", "PAYMENT_FLOW")]
)
TaxCalculationStrategy = graphene.Enum("TaxCalculationStrategy", [("FLAT_RATES", "FLAT_RATES"), ("TAX_APP", "TAX_APP")])


class StockSettings(graphene.ObjectType):
    allocation_strategy = graphene.Field(AllocationStrategyEnum, required=True)


class OrderSettings(graphene.ObjectType):
    automatically_confirm_all_new_orders = graphene.Boolean(required=True)
    automatically_fulfill_non_shippable_gift_card = graphene.Boolean(required=True)
    expire_orders_after = Minute()
    mark_as_paid_strategy = graphene.Field(MarkAsPaidStrategyEnum, required=True)
    delete_expired_orders_after = graphene.Field(
        Day, required=True, description="0: expired orders are kept, never deleted (Saleor's settings hold 1–120)."
    )
    allow_unpaid_orders = graphene.Boolean(required=True)
    include_draft_order_in_voucher_usage = graphene.Boolean(required=True)
    draft_order_line_price_freeze_period = Hour()
    use_legacy_line_discount_propagation = graphene.Boolean(required=True)


class CheckoutSettings(graphene.ObjectType):
    use_legacy_error_flow = graphene.Boolean(required=True)
    automatically_complete_fully_paid_checkouts = graphene.Boolean(required=True)
    automatic_completion_delay = Minute()
    automatic_completion_cut_off_date = graphene.DateTime()
    allow_legacy_gift_card_use = graphene.Boolean(required=True)


class PaymentSettings(graphene.ObjectType):
    default_transaction_flow_strategy = graphene.Field(TransactionFlowStrategyEnum, required=True)
    release_funds_for_expired_checkouts = graphene.Boolean()
    checkout_ttl_before_releasing_funds = Hour()
    checkout_release_funds_cut_off_date = graphene.DateTime()


class TaxConfigurationPerCountry(graphene.ObjectType):
    country = graphene.Field(CountryDisplay, required=True)
    charge_taxes = graphene.Boolean(required=True)
    tax_calculation_strategy = graphene.Field(TaxCalculationStrategy)
    display_gross_prices = graphene.Boolean(required=True)
    tax_app_id = graphene.String()
    use_weighted_tax_for_shipping = graphene.Boolean()


class TaxConfiguration(ObjectWithMetadataFields, graphene.ObjectType):
    """A channel's VAT: consumer prices include it, at the flat rate of the day (marketplace.taxes.VatRate), and
    the delivery fee carries the same rate as the goods."""

    channel = graphene.Field(lambda: ChannelNode, required=True)
    charge_taxes = graphene.Boolean(required=True)
    tax_calculation_strategy = graphene.Field(TaxCalculationStrategy)
    display_gross_prices = graphene.Boolean(required=True)
    prices_entered_with_tax = graphene.Boolean(required=True)
    countries = graphene.NonNull(
        graphene.List(graphene.NonNull(TaxConfigurationPerCountry)),
        description="Exceptions by country: none (each channel sells in Việt Nam only).",
    )
    tax_app_id = graphene.String()
    use_weighted_tax_for_shipping = graphene.Boolean()

    class Meta:
        interfaces = (relay.Node,)


class ShippingMethodsPerCountry(graphene.ObjectType):
    country_code = graphene.Field(CountryCode, required=True)
    shipping_methods = graphene.List(graphene.NonNull(ShippingMethod))


class _ChannelFacts:
    """What the staff's fields read, for every channel of a list at once (one statement per fact, on first ask)."""

    def __init__(self, channels):
        self.ids = [channel.pk for channel in channels]

    @cached_property
    def with_orders(self) -> set[int]:
        return channels_with_orders(self.ids)

    @cached_property
    def warehouses(self):
        return channel_warehouses(self.ids)

    @cached_property
    def shipping_methods(self):
        return shipping_methods_by_channel(self.ids)

    @cached_property
    def unpaid_windows(self):
        return unpaid_order_windows(self.ids)


def _facts(channel) -> _ChannelFacts:
    if getattr(channel, "api_facts", None) is None:
        channel.api_facts = _ChannelFacts([channel])
    return channel.api_facts


def _with_facts(channels) -> list:
    channels = list(channels)
    facts = _ChannelFacts(channels)
    for channel in channels:
        channel.api_facts = facts
    return channels


class ChannelNode(ObjectWithMetadataFields, DjangoObjectType):
    currency_code = graphene.String(required=True)
    default_country = graphene.Field(CountryDisplay, required=True)
    countries = graphene.List(graphene.NonNull(CountryDisplay), description="The countries the channel sells to.")
    has_orders = graphene.Boolean(required=True, description="Staff only (MANAGE_CHANNELS).")
    warehouses = graphene.NonNull(
        graphene.List(graphene.NonNull(Warehouse)),
        description="The active places the channel sells from, whose stock it allocates. Staff only.",
    )
    available_shipping_methods_per_country = graphene.List(
        graphene.NonNull(ShippingMethodsPerCountry),
        countries=graphene.List(graphene.NonNull(CountryCode)),
        description="The channel's active delivery methods, for the one country it delivers to (Việt Nam).",
    )
    stock_settings = graphene.Field(StockSettings, required=True, description="Staff only.")
    order_settings = graphene.Field(OrderSettings, required=True, description="Staff only (MANAGE_ORDERS).")
    checkout_settings = graphene.Field(CheckoutSettings, required=True, description="Staff only.")
    payment_settings = graphene.Field(PaymentSettings, required=True, description="Staff only.")
    tax_configuration = graphene.Field(TaxConfiguration, required=True, description="Staff only.")

    class Meta:
        model = Channel
        name = "Channel"
        interfaces = (relay.Node,)
        fields = ("id", "name", "slug", "is_active", "currency_code")

    @classmethod
    def get_node(cls, info, id):
        return Channel.objects.filter(pk=id, is_active=True).first()

    @staticmethod
    def resolve_default_country(root, info):
        return CountryDisplay.of(root.default_country)

    @staticmethod
    def resolve_countries(root, info):
        # Each channel delivers (or hands over at its kiosk) in its own country only.
        return [CountryDisplay.of(root.default_country)]

    @staticmethod
    def resolve_available_shipping_methods_per_country(root, info, countries=None):
        wanted = None if countries is None else {getattr(code, "value", code) for code in countries}
        if wanted is not None and root.default_country not in wanted:
            return []
        methods = _facts(root).shipping_methods.get(root.pk, [])
        return [ShippingMethodsPerCountry(country_code=root.default_country, shipping_methods=methods)]

    @staticmethod
    def resolve_has_orders(root, info):
        staff_only(info, "MANAGE_CHANNELS")
        return root.pk in _facts(root).with_orders

    @staticmethod
    def resolve_warehouses(root, info):
        staff_only(info, "AUTHENTICATED_APP, AUTHENTICATED_STAFF_USER")
        return _facts(root).warehouses.get(root.pk, [])

    @staticmethod
    def resolve_stock_settings(root, info):
        staff_only(info, "AUTHENTICATED_APP, AUTHENTICATED_STAFF_USER")
        # inventory.allocation serves a line from the fullest of the channel's places first.
        return StockSettings(allocation_strategy="PRIORITIZE_HIGH_STOCK")

    @staticmethod
    def resolve_order_settings(root, info):
        staff_only(info, "MANAGE_CHANNELS, MANAGE_ORDERS")
        window = _facts(root).unpaid_windows.get(root.pk)
        return OrderSettings(
            # No order waits for a person to confirm it: cash on delivery is confirmed at once, a transfer or a
            # card order as soon as its money arrives.
            automatically_confirm_all_new_orders=True,
            automatically_fulfill_non_shippable_gift_card=False,  # no gift cards are sold
            expire_orders_after=None if window is None else int(window.total_seconds() // 60),
            mark_as_paid_strategy="TRANSACTION_FLOW",  # a payment recorded by hand is a TransactionItem
            delete_expired_orders_after=0,
            allow_unpaid_orders=True,  # cash on delivery: placed unpaid, paid to the courier
            include_draft_order_in_voucher_usage=False,
            draft_order_line_price_freeze_period=None,  # no draft orders
            use_legacy_line_discount_propagation=False,
        )

    @staticmethod
    def resolve_checkout_settings(root, info):
        staff_only(info, "MANAGE_CHANNELS, MANAGE_CHECKOUTS")
        return CheckoutSettings(
            use_legacy_error_flow=False,  # what blocks an order is listed in `checkout.problems`
            automatically_complete_fully_paid_checkouts=False,  # an order is placed first, then paid
            automatic_completion_delay=None,
            automatic_completion_cut_off_date=None,
            allow_legacy_gift_card_use=False,
        )

    @staticmethod
    def resolve_payment_settings(root, info):
        staff_only(info, "MANAGE_CHANNELS, HANDLE_PAYMENTS")
        return PaymentSettings(
            default_transaction_flow_strategy="CHARGE",  # cards are charged at once, never only authorized
            # No checkout holds money: a payment is taken for a placed order, which expires instead.
            release_funds_for_expired_checkouts=False,
            checkout_ttl_before_releasing_funds=None,
            checkout_release_funds_cut_off_date=None,
        )

    @staticmethod
    def resolve_tax_configuration(root, info):
        staff_only(info, "AUTHENTICATED_STAFF_USER, AUTHENTICATED_APP")
        return TaxConfiguration(
            id=root.pk,
            channel=root,
            charge_taxes=True,
            tax_calculation_strategy="FLAT_RATES",
            display_gross_prices=True,
            prices_entered_with_tax=True,
            countries=[],
            tax_app_id=None,
            use_weighted_tax_for_shipping=False,
        )


class ChannelQueries(graphene.ObjectType):
    channels = graphene.List(graphene.NonNull(ChannelNode))
    channel = graphene.Field(ChannelNode, id=graphene.ID(), slug=graphene.String())

    @staticmethod
    def resolve_channels(root, info):
        return _with_facts(Channel.objects.filter(is_active=True).order_by("pk"))

    @staticmethod
    def resolve_channel(root, info, id=None, slug=None):
        check_text_arguments([id, slug])
        if (id is None) == (slug is None):
            raise GraphQLError("Provide exactly one of `id` or `slug`.")
        channels = Channel.objects.filter(is_active=True)
        if slug is not None:
            return channels.filter(slug=slug).first()
        return channels.filter(pk=pk_from_global_id(id, "Channel")).first()
