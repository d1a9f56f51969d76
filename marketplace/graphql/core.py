"""Types shared by every part of the API, in Saleor's shapes."""

from decimal import Decimal

import graphene
from django.utils.translation import get_language_info, gettext_lazy
from graphene import relay

from marketplace.core.money import vat_included
from marketplace.core.text import nfc
from marketplace.graphql.codes import COUNTRY_CODES, LANGUAGE_CODES


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
        # graphene-django stores the count it already made for slicing; no second COUNT query.
        return root.length


# --- Languages, countries and metadata, shared by every type that carries them -----------------------------------

LanguageCodeEnum = graphene.Enum("LanguageCodeEnum", [(code, code) for code in LANGUAGE_CODES])
CountryCode = graphene.Enum("CountryCode", [(code, code) for code in COUNTRY_CODES])


def language_of(language_code) -> str:
    """Our language for a LanguageCodeEnum value: "EN", "EN_US" → "en"; "VI", "VI_VN" → "vi"."""
    value = getattr(language_code, "value", language_code) or ""
    return str(value).split("_", 1)[0].lower()


class LanguageDisplay(graphene.ObjectType):
    code = graphene.Field(LanguageCodeEnum, required=True)
    language = graphene.String(required=True)

    @staticmethod
    def of(code: str) -> "LanguageDisplay":
        """`code` is one of settings.LANGUAGES ("vi", "en"), named in its own language ("Tiếng Việt", "English")."""
        return LanguageDisplay(code=code.upper(), language=nfc(get_language_info(code)["name_local"]))


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


class MetadataItem(graphene.ObjectType):
    key = graphene.String(required=True)
    value = graphene.String(required=True)


class Metadata(graphene.types.Scalar):
    """A map of metadata keys to values, as Saleor's `Metadata` scalar."""

    serialize = staticmethod(dict)
    parse_value = staticmethod(dict)

    @staticmethod
    def parse_literal(node, _variables=None):
        return None


class ObjectWithMetadata(graphene.Interface):
    """Saleor's metadata fields. We keep no metadata yet: every object answers with none (and no one may read
    private metadata over the public API)."""

    private_metadata = graphene.List(graphene.NonNull(MetadataItem), required=True)
    private_metafield = graphene.String(key=graphene.String(required=True))
    private_metafields = graphene.Field(Metadata, keys=graphene.List(graphene.NonNull(graphene.String)))
    metadata = graphene.List(graphene.NonNull(MetadataItem), required=True)
    metafield = graphene.String(key=graphene.String(required=True))
    metafields = graphene.Field(Metadata, keys=graphene.List(graphene.NonNull(graphene.String)))

    @staticmethod
    def resolve_private_metadata(root, info):
        return []

    @staticmethod
    def resolve_private_metafield(root, info, key):
        return None

    @staticmethod
    def resolve_private_metafields(root, info, keys=None):
        return {}

    @staticmethod
    def resolve_metadata(root, info):
        return []

    @staticmethod
    def resolve_metafield(root, info, key):
        return None

    @staticmethod
    def resolve_metafields(root, info, keys=None):
        return {}
