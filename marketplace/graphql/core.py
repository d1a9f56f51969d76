"""Types shared by every part of the API, in Saleor's shapes."""

from decimal import Decimal

import graphene
from django.utils.translation import gettext_lazy
from graphene import relay

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
        tax = vat_included(gross, vat_rate)
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


# --- Countries ---------------------------------------------------------------------------------------------------

CountryCode = graphene.Enum("CountryCode", [(code, code) for code in COUNTRY_CODES])


class VAT(graphene.ObjectType):
    """Saleor keeps this type for old clients and always answers null; so do we (rates are in marketplace.taxes)."""

    country_code = graphene.String(required=True)
    standard_rate = graphene.Float()


class CountryDisplay(graphene.ObjectType):
    code = graphene.String(required=True)
    country = graphene.String(required=True)
    vat = graphene.Field(VAT, deprecation_reason="Always returns `null`.")

    @staticmethod
    def of(code: str) -> "CountryDisplay":
        return CountryDisplay(code=code, country=str(COUNTRY_NAMES.get(code, code)))


# The countries the programme sells to; a name in the shopper's language.
COUNTRY_NAMES = {"VN": gettext_lazy("Việt Nam")}
