"""Types shared by every part of the API, in Saleor's shapes."""

import uuid
from decimal import Decimal

import graphene
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from graphene import relay
from graphene.utils.str_converters import to_camel_case
from graphql import GraphQLError
from graphql.utilities import value_from_ast_untyped
from graphql_relay import from_global_id

from marketplace.core.errors import DomainError
from marketplace.core.money import vat_included
from marketplace.graphql.codes import COUNTRY_CODES


class Money(graphene.ObjectType):
    """An amount in a currency. VND has no minor unit, so fractionDigits is 0 and amount is a whole number."""

    currency = graphene.String(required=True)
    amount = graphene.Float(required=True)
    fractional_amount = graphene.Int(required=True)
    fraction_digits = graphene.Int(required=True)

    @staticmethod
    def of(amount: int, currency: str) -> "Money":
        return Money(currency=currency, amount=amount, fractional_amount=amount, fraction_digits=0)


class TaxedMoney(graphene.ObjectType):
    """A consumer price: gross includes VAT; net and tax are derived from the rate in force."""

    currency = graphene.String(required=True)
    gross = graphene.Field(Money, required=True)
    net = graphene.Field(Money, required=True)
    tax = graphene.Field(Money, required=True)

    @staticmethod
    def from_gross(gross: int, vat_rate: Decimal, currency: str) -> "TaxedMoney":
        return TaxedMoney.of(gross, vat_included(gross, vat_rate), currency)

    @staticmethod
    def of(gross: int, tax: int, currency: str) -> "TaxedMoney":
        """A sum whose VAT was added up line by line (the project's rounding rule), not computed on the sum."""
        return TaxedMoney(
            currency=currency,
            gross=Money.of(gross, currency),
            net=Money.of(gross - tax, currency),
            tax=Money.of(tax, currency),
        )


class TaxedMoneyRange(graphene.ObjectType):
    start = graphene.Field(TaxedMoney)
    stop = graphene.Field(TaxedMoney)


class CountableConnection(relay.Connection):
    """A Relay connection with Saleor's totalCount."""

    class Meta:
        abstract = True

    total_count = graphene.Int()

    @staticmethod
    def resolve_total_count(root, info):
        # A connection may bring its own count, run only when asked for (the catalogue's keyset pages do);
        # graphene-django's stores the count it already made for slicing: no second COUNT query.
        count = getattr(root, "count", None)
        return count() if callable(count) else root.length


class JSON(graphene.Scalar):
    """Saleor's JSON scalar: any JSON value, given as is (not as a string, unlike JSONString)."""

    @staticmethod
    def serialize(value):
        return value

    @staticmethod
    def parse_value(value):
        return value

    @staticmethod
    def parse_literal(node, _variables=None):
        return value_from_ast_untyped(node, _variables)


class PositiveDecimal(graphene.Scalar):
    """Saleor's PositiveDecimal: a number ≥ 0. Amounts of đồng are whole; the mutations that take one check it."""

    @staticmethod
    def serialize(value):
        return float(value)

    @staticmethod
    def parse_value(value):
        try:
            number = Decimal(str(value))
        except ArithmeticError as error:
            raise GraphQLError("Not a number.") from error
        if not number.is_finite() or number < 0:
            raise GraphQLError("Expected a positive number.")
        return number

    @staticmethod
    def parse_literal(node, _variables=None):
        value = getattr(node, "value", None)
        return PositiveDecimal.parse_value(value) if value is not None else None


def parse_global_id(global_id, *, field: str) -> tuple[str, str]:
    """The (type, key) of a Relay global ID, or DomainError(code="invalid") on `field`: a mutation answers a
    malformed ID as an error entry, never as a crash or the decoder's own text."""
    refused = DomainError(_("Mã không hợp lệ."), code="invalid", field=field)
    if not isinstance(global_id, str) or len(global_id) > 200:
        raise refused
    try:
        resolved = from_global_id(global_id)
    except (TypeError, ValueError, UnicodeError) as error:
        raise refused from error
    if not resolved.type or not resolved.id or "\x00" in resolved.id:
        raise refused
    return resolved.type, resolved.id


def pk_from_global_id(global_id, type_name: str, *, field: str) -> int:
    """The integer key inside a Relay global ID of `type_name`; DomainError(code="invalid") for anything else."""
    kind, key = parse_global_id(global_id, field=field)
    if kind != type_name or not (key.isascii() and key.isdigit() and len(key) < 19):
        raise DomainError(_("Mã không hợp lệ."), code="invalid", field=field)
    return int(key)


def uuid_from_global_id(global_id, type_name: str, *, field: str) -> uuid.UUID:
    """The UUID inside a Relay global ID of `type_name` (checkouts, orders, transactions are named by token)."""
    kind, key = parse_global_id(global_id, field=field)
    try:
        if kind != type_name:
            raise ValueError(kind)
        return uuid.UUID(key)
    except ValueError as error:
        raise DomainError(_("Mã không hợp lệ."), code="invalid", field=field) from error


def reject_nul(value, field: str | None = None) -> None:
    """PostgreSQL text cannot hold NUL: an argument holding one, however deep, is refused up front as INVALID, on
    its own (Saleor, camelCase) name."""
    if isinstance(value, str):
        if "\x00" in value:
            raise DomainError(
                _("Nội dung chứa ký tự không hợp lệ."), code="invalid", field=field and to_camel_case(field)
            )
    elif isinstance(value, dict):
        for name, item in value.items():
            reject_nul(item, name)
    elif isinstance(value, (list, tuple)):
        for item in value:
            reject_nul(item, field)


# --- Countries ---------------------------------------------------------------------------------------------------

CountryCode = graphene.Enum("CountryCode", [(code, code) for code in COUNTRY_CODES])


class ReducedRate(graphene.ObjectType):
    rate = graphene.Float(required=True)
    rate_type = graphene.String(required=True)


class VAT(graphene.ObjectType):
    """Saleor keeps this type for old clients and always answers null; so do we (rates are in marketplace.taxes)."""

    country_code = graphene.String(required=True)
    standard_rate = graphene.Float()
    reduced_rates = graphene.List(graphene.NonNull(ReducedRate), required=True, default_value=())


class CountryDisplay(graphene.ObjectType):
    code = graphene.String(required=True)
    country = graphene.String(required=True)
    vat = graphene.Field(VAT, deprecation_reason="Always returns `null`.")

    @staticmethod
    def of(code: str) -> "CountryDisplay":
        return CountryDisplay(code=code, country=str(COUNTRY_NAMES.get(code, code)))


# The countries the programme sells to; a name in the shopper's language.
COUNTRY_NAMES = {"VN": gettext_lazy("Việt Nam")}
