"""Saleor's CustomerOrderWhereInput: the `where` of User.orders, turned into a filter of the customer's orders.

Each field narrows the orders; AND/OR combine whole inputs. What we keep nothing of (metadata, vouchers, gift
cards, invoices through the API, click-and-collect) filters as Saleor's would over orders that have none: asking for
it to be present finds nothing, asking for it to be absent keeps everything. A malformed ID or a NUL is the
client's error, never a database one.
"""

import graphene
from django.db.models import Count, F, Q
from django.utils.translation import gettext as _

from marketplace.catalogue.models import Category as CategoryModel
from marketplace.core.errors import DomainError
from marketplace.graphql.catalogue.ids import check_text_arguments
from marketplace.graphql.core import CountryCode, pk_from_global_id, uuid_from_global_id
from marketplace.graphql.inputs import (
    DateTimeRangeInput,
    DecimalFilterInput,
    GlobalIDFilterInput,
    IntRangeInput,
    MetadataFilterInput,
    StringFilterInput,
)
from marketplace.graphql.orders import OrderAuthorizeStatusEnum, OrderChargeStatusEnum, OrderStatusEnum
from marketplace.orders.models import OrderLine

# Deeper AND/OR than this is refused (Saleor limits nesting the same way).
MAX_NESTING = 5
NOTHING = Q(pk__in=[])


class IntFilterInput(graphene.InputObjectType):
    eq = graphene.Int()
    one_of = graphene.List(graphene.NonNull(graphene.Int))
    range = IntRangeInput()


class UUIDFilterInput(graphene.InputObjectType):
    eq = graphene.UUID()
    one_of = graphene.List(graphene.NonNull(graphene.UUID))


class OrderAuthorizeStatusEnumFilterInput(graphene.InputObjectType):
    eq = OrderAuthorizeStatusEnum()
    one_of = graphene.List(graphene.NonNull(OrderAuthorizeStatusEnum))


class OrderChargeStatusEnumFilterInput(graphene.InputObjectType):
    eq = OrderChargeStatusEnum()
    one_of = graphene.List(graphene.NonNull(OrderChargeStatusEnum))


class OrderStatusEnumFilterInput(graphene.InputObjectType):
    eq = OrderStatusEnum()
    one_of = graphene.List(graphene.NonNull(OrderStatusEnum))


class InvoiceFilterInput(graphene.InputObjectType):
    created_at = DateTimeRangeInput()


class PriceFilterInput(graphene.InputObjectType):
    currency = graphene.String()
    amount = DecimalFilterInput(required=True)


class CountryCodeEnumFilterInput(graphene.InputObjectType):
    eq = CountryCode()
    one_of = graphene.List(graphene.NonNull(CountryCode))
    not_one_of = graphene.List(graphene.NonNull(CountryCode))


class AddressFilterInput(graphene.InputObjectType):
    phone_number = StringFilterInput()
    country = CountryCodeEnumFilterInput()


class CustomerOrderWhereInput(graphene.InputObjectType):
    metadata = MetadataFilterInput()
    ids = graphene.List(graphene.NonNull(graphene.ID))
    number = IntFilterInput()
    channel_id = GlobalIDFilterInput()
    created_at = DateTimeRangeInput()
    updated_at = DateTimeRangeInput()
    user_email = StringFilterInput()
    authorize_status = OrderAuthorizeStatusEnumFilterInput()
    charge_status = OrderChargeStatusEnumFilterInput()
    status = OrderStatusEnumFilterInput()
    checkout_token = UUIDFilterInput()
    checkout_id = GlobalIDFilterInput()
    is_click_and_collect = graphene.Boolean()
    is_gift_card_used = graphene.Boolean()
    is_gift_card_bought = graphene.Boolean()
    voucher_code = StringFilterInput()
    has_invoices = graphene.Boolean()
    invoices = graphene.List(graphene.NonNull(InvoiceFilterInput))
    has_fulfillments = graphene.Boolean()
    lines_count = IntFilterInput()
    total_gross = PriceFilterInput()
    total_net = PriceFilterInput()
    product_type_id = GlobalIDFilterInput()
    billing_address = AddressFilterInput()
    shipping_address = AddressFilterInput()
    AND = graphene.List(graphene.NonNull(lambda: CustomerOrderWhereInput), name="AND")
    OR = graphene.List(graphene.NonNull(lambda: CustomerOrderWhereInput), name="OR")


def _plain(value):
    # An enum input arrives as the enum's member; its value is Saleor's name.
    return getattr(value, "value", value)


def _values(filter_input, convert=_plain) -> list | None:
    """The values an eq/oneOf input allows (enums as their names), or None when it sets neither."""
    if filter_input is None:
        return None
    if filter_input.get("eq") is not None:
        return [convert(filter_input["eq"])]
    if filter_input.get("one_of") is not None:
        return [convert(value) for value in filter_input["one_of"]]
    return None


def _range(field: str, bounds) -> Q:
    q = Q()
    if bounds:
        if bounds.get("gte") is not None:
            q &= Q(**{f"{field}__gte": bounds["gte"]})
        if bounds.get("lte") is not None:
            q &= Q(**{f"{field}__lte": bounds["lte"]})
    return q


def _number(field: str, filter_input) -> Q:
    values = _values(filter_input)
    q = Q(**{f"{field}__in": values}) if values is not None else Q()
    return q & _range(field, (filter_input or {}).get("range"))


def _ids(filter_input, kind: str, field: str, by_uuid: bool = False):
    def convert(value):
        if by_uuid:
            return uuid_from_global_id(value, kind, field=field)
        return pk_from_global_id(value, kind, field=field)

    return _values(filter_input, convert)


def _authorize_status(statuses: list[str]) -> Q:
    covered = F("authorized_total") + F("total_charged_amount")
    by_status = {
        "FULL": Q(total_amount__lte=covered),
        "PARTIAL": Q(total_amount__gt=covered) & Q(authorized_total__gt=-F("total_charged_amount")),
        "NONE": Q(total_amount__gt=covered) & Q(authorized_total__lte=-F("total_charged_amount")),
    }
    q = NOTHING
    for status in statuses:
        q |= by_status[status]
    return q


def _address(address) -> Q:
    q = Q()
    if not address:
        return q
    phones = _values(address.get("phone_number"))
    if phones is not None:
        # Saleor writes phones in E.164 (+84…); we keep the national form (0…). Either finds the order.
        national = [f"0{phone[3:]}" for phone in phones if phone.startswith("+84")]
        q &= Q(user_phone__in=[*phones, *national])
    country = address.get("country")
    if country:
        # Every address we deliver to is in Viet Nam.
        allowed = {"VN"}
        if (eq := _values(country)) is not None:
            allowed &= set(eq)
        if country.get("not_one_of") is not None:
            allowed -= {_plain(code) for code in country["not_one_of"]}
        q &= Q() if allowed else NOTHING
    return q


def _absent_feature(wanted) -> Q:
    """A filter on something no order of ours has: True finds nothing, False (or unset) keeps all."""
    return NOTHING if wanted else Q()


def where_q(where, depth: int = 0) -> Q:
    if depth > MAX_NESTING:
        raise DomainError(_("Bộ lọc lồng AND/OR quá sâu."), code="invalid", field="where")
    q = Q()
    if where.get("metadata") is not None:
        q &= NOTHING  # we keep no metadata: no order has the key
    if where.get("ids") is not None:
        q &= Q(token__in=[uuid_from_global_id(value, "Order", field="ids") for value in where["ids"]])
    if (number := where.get("number")) is not None:
        q &= _number("number", number)
    if (channels := _ids(where.get("channel_id"), "Channel", "channelId")) is not None:
        q &= Q(channel_id__in=channels)
    q &= _range("created_at", where.get("created_at")) & _range("updated_at", where.get("updated_at"))
    if (emails := _values(where.get("user_email"))) is not None:
        q &= Q(user_email__in=emails)
    if (statuses := _values(where.get("authorize_status"))) is not None:
        q &= _authorize_status(statuses)
    if (statuses := _values(where.get("charge_status"))) is not None:
        q &= Q(charge_status__in=[status.lower() for status in statuses])
    if (statuses := _values(where.get("status"))) is not None:
        q &= Q(status__in=[status.lower() for status in statuses])
    if (tokens := _values(where.get("checkout_token"))) is not None:
        q &= Q(checkout_token__in=tokens)
    if (tokens := _ids(where.get("checkout_id"), "Checkout", "checkoutId", by_uuid=True)) is not None:
        q &= Q(checkout_token__in=tokens)
    for feature in ("is_click_and_collect", "is_gift_card_used", "is_gift_card_bought", "has_invoices"):
        q &= _absent_feature(where.get(feature))
    if _values(where.get("voucher_code")) is not None or where.get("invoices"):
        q &= NOTHING
    if where.get("has_fulfillments") is not None:
        q &= Q(fulfillment_count__gt=0) if where["has_fulfillments"] else Q(fulfillment_count=0)
    if where.get("lines_count") is not None:
        q &= _number("line_count", where["lines_count"])
    for name, field in (("total_gross", "total_amount"), ("total_net", "net_amount")):
        if (price := where.get(name)) is not None:
            if price.get("currency") not in (None, "VND"):
                q &= NOTHING
            q &= _number(field, price["amount"])
    if (types := _ids(where.get("product_type_id"), "ProductType", "productTypeId")) is not None:
        q &= Q(pk__in=_orders_with_product_types(types))
    # One contact phone and one (Vietnamese) address serve as both billing and shipping address.
    q &= _address(where.get("billing_address")) & _address(where.get("shipping_address"))
    for part in where.get("AND") or ():
        q &= where_q(part, depth + 1)
    if where.get("OR"):
        either = NOTHING
        for part in where["OR"]:
            either |= where_q(part, depth + 1)
        q &= either
    return q


def _orders_with_product_types(type_ids):
    """Our product types are the catalogue's groups (top categories, as Product.productType shows them)."""
    categories = CategoryModel.objects.filter(Q(pk__in=type_ids) | Q(parent_id__in=type_ids)).values("pk")
    return OrderLine.objects.filter(variant__product__category_id__in=categories).values("order_id")


def filter_customer_orders(orders, where):
    """The orders (annotated with the transaction totals by orders.selectors.with_details) that match `where`."""
    if not where:
        return orders
    check_text_arguments(where)
    q = where_q(where)
    return orders.annotate(
        fulfillment_count=Count("fulfillments", distinct=True),
        line_count=Count("lines", distinct=True),
        net_amount=F("total_amount") - F("vat_amount"),
    ).filter(q)
