"""Saleor's Address, AddressInput, CountryCode and CountryDisplay, mapped onto our delivery address.

This is the ONE mapping between Saleor's address fields and ours (`marketplace.core.models.DeliveryAddress`: the
post-2025 two-tier form, street + ward/commune + city, no district). The address book (account mutations), the
checkout's addresses and the orders' addresses all read and write through it, so an address a storefront sends
means the same wherever it goes.

Saleor's field → ours, when an address comes in (`delivery_fields_from_input`):

- `firstName`, `lastName` → the recipient's full name: joined with one space, in the order a storefront shows
  them. Given back whole in `firstName`, `lastName` empty (our sign-up also keeps the whole Vietnamese name, family
  name first, in one field).
- `streetAddress1`, `streetAddress2` → house number and street, joined with ", "; given back in `streetAddress1`.
- `city` → the ward, commune or special zone, the locality of the two-tier form (Saleor's form for Vietnam is
  street, city, province). Named by its official code ("26734") or its name, with or without "Phường"/"Xã"/
  "Đặc khu", in any case, with or without diacritics when that is unambiguous.
  `cityArea` is read as the ward instead when `city` is blank or names Hồ Chí Minh City itself (a storefront with
  a Western form: city = Hồ Chí Minh, area = ward). Given back: `city` = the ward's name, `cityArea` empty.
- `countryArea` → the province: blank or Hồ Chí Minh City, where we deliver; given back as the city's name.
- `country` → VN only (missing means VN); given back as `{code: "VN", country: "Việt Nam"}`.
- `phone` → a Vietnamese number (0…, 84…, +84…), stored as 0xxxxxxxxx; given back in E.164 (+84…) as Saleor does.
- `postalCode`, `companyName`, `skipValidation` → not kept: our addresses have no such fields, and every address is
  checked by `marketplace.core.addresses` whatever the client asks.

Errors: the checks raise `DomainError` with our field names; `saleor_field` and `saleor_code` turn them into
Saleor's `field` and code (REQUIRED or INVALID, values that AccountErrorCode and CheckoutErrorCode share).
"""

from dataclasses import dataclass

import graphene
from django.utils.translation import gettext as _
from graphene import relay

from marketplace.core.addresses import WARD_NAMES
from marketplace.core.errors import DomainError
from marketplace.core.hcmc_wards import HCMC_PROVINCE_CODE, HCMC_PROVINCE_NAME
from marketplace.core.text import nfc, plain_key, tone_key
from marketplace.graphql.inputs import ObjectWithMetadataFields, refuse_metadata

# The countries of Saleor's CountryCode enum (ISO 3166-1 alpha-2, plus EU and XK), in Saleor's order.
_COUNTRY_CODES_TEXT = (
    "AF AX AL DZ AS AD AO AI AQ AG AR AM AW AU AT AZ BS BH BD BB BY BE BZ BJ BM BT BO BQ BA BW BV BR IO BN BG BF "
    "BI CV KH CM CA KY CF TD CL CN CX CC CO KM CG CD CK CR CI HR CU CW CY CZ DK DJ DM DO EC EG SV GQ ER EE SZ ET "
    "EU FK FO FJ FI FR GF PF TF GA GM GE DE GH GI GR GL GD GP GU GT GG GN GW GY HT HM VA HN HK HU IS IN ID IR IQ "
    "IE IM IL IT JM JP JE JO KZ KE KI XK KW KG LA LV LB LS LR LY LI LT LU MO MG MW MY MV ML MT MH MQ MR MU YT MX "
    "FM MD MC MN ME MS MA MZ MM NA NR NP NL NC NZ NI NE NG NU NF KP MK MP NO OM PK PW PS PA PG PY PE PH PN PL PT "
    "PR QA RE RO RU RW BL SH KN LC MF PM VC WS SM ST SA SN RS SC SL SG SX SK SI SB SO ZA GS KR SS ES LK SD SR SJ "
    "SE CH SY TW TJ TZ TH TL TG TK TO TT TN TR TM TC TV UG UA AE GB UM US UY UZ VU VE VN VG VI WF EH YE ZM ZW"
)
COUNTRY_CODES = tuple(_COUNTRY_CODES_TEXT.split())

CountryCode = graphene.Enum("CountryCode", [(code, code) for code in COUNTRY_CODES])

# We deliver in Viet Nam only.
COUNTRY = "VN"
COUNTRY_NAME = "Việt Nam"


class CountryDisplay(graphene.ObjectType):
    code = graphene.String(required=True)
    country = graphene.String(required=True)


class Address(ObjectWithMetadataFields, graphene.ObjectType):
    """Saleor's Address: a book entry (its own ID) or the address a checkout or an order delivers to."""

    first_name = graphene.String(required=True)
    last_name = graphene.String(required=True)
    company_name = graphene.String(required=True)
    street_address1 = graphene.String(required=True)
    street_address2 = graphene.String(required=True)
    city = graphene.String(required=True)
    city_area = graphene.String(required=True)
    postal_code = graphene.String(required=True)
    country = graphene.Field(CountryDisplay, required=True)
    country_area = graphene.String(required=True)
    phone = graphene.String()
    is_default_shipping_address = graphene.Boolean()
    is_default_billing_address = graphene.Boolean()

    class Meta:
        interfaces = (relay.Node,)


class AddressInput(graphene.InputObjectType):
    first_name = graphene.String()
    last_name = graphene.String()
    company_name = graphene.String()
    street_address1 = graphene.String()
    street_address2 = graphene.String()
    city = graphene.String()
    city_area = graphene.String()
    postal_code = graphene.String()
    country = CountryCode()
    country_area = graphene.String()
    phone = graphene.String()
    skip_validation = graphene.Boolean(default_value=False)
    metadata = graphene.List(graphene.NonNull("marketplace.graphql.inputs.MetadataInput"))


@dataclass(frozen=True)
class AddressData:
    """What the Address type shows. `id` is the raw part of the Relay ID (an address book entry's primary key;
    for a checkout's or an order's address, a key of the caller's choosing such as "order-12")."""

    id: str
    first_name: str
    street_address1: str
    city: str
    phone: str | None
    country_area: str = HCMC_PROVINCE_NAME
    is_default_shipping_address: bool | None = None
    is_default_billing_address: bool | None = None
    last_name: str = ""
    company_name: str = ""
    street_address2: str = ""
    city_area: str = ""
    postal_code: str = ""
    country: CountryDisplay = CountryDisplay(code=COUNTRY, country=COUNTRY_NAME)


def e164(phone: str) -> str | None:
    """A stored Vietnamese number (0xxxxxxxxx) as Saleor gives phones: +84xxxxxxxxx."""
    if not phone:
        return None
    return "+84" + phone[1:] if phone.startswith("0") else phone


def address_from_delivery(source, *, id: str, phone: str, is_default: bool | None = None) -> AddressData | None:
    """The Address of a DeliveryAddress (a checkout, an order, a book entry); None while it has no ward yet."""
    if not source.shipping_ward_code:
        return None
    return AddressData(
        id=str(id),
        first_name=source.shipping_full_name,
        street_address1=source.shipping_street_address,
        city=source.shipping_ward,
        country_area=source.shipping_city or HCMC_PROVINCE_NAME,
        phone=e164(phone),
        is_default_shipping_address=is_default,
        is_default_billing_address=is_default,
    )


def address_from_book(address) -> AddressData:
    """An entry of a shopper's address book (accounts.Address); its default serves shipping and billing alike."""
    return address_from_delivery(address, id=address.pk, phone=address.phone, is_default=address.is_default)


# --- Coming in -----------------------------------------------------------------------------------------------------

_WARD_PREFIXES = ("phuong", "p", "xa", "dac khu")
_CITY_KEYS = {"ho chi minh", "tp ho chi minh", "thanh pho ho chi minh", "hcm", "tp hcm", "tphcm", "hcmc", "sai gon"}


def _without_prefix(key: str) -> str:
    for prefix in _WARD_PREFIXES:
        if key.startswith(prefix + " "):
            return key[len(prefix) + 1 :]
    return key


def _index(key_of) -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for code, name in WARD_NAMES.items():
        for key in {key_of(name), _without_prefix(key_of(name))}:
            index.setdefault(key, []).append(code)
    return index


# Exact names (tones compared as "hoà" = "hòa") first, then names without diacritics, used only when one ward fits.
_BY_TONE = _index(tone_key)
_BY_PLAIN = _index(plain_key)


def ward_code_of(value: str) -> str | None:
    """The official code of the ward a shopper named (by code or by name); None when no single ward fits."""
    value = nfc(value)
    if value in WARD_NAMES:
        return value
    for index, key_of in ((_BY_TONE, tone_key), (_BY_PLAIN, plain_key)):
        key = key_of(value)
        codes = index.get(key) or index.get(_without_prefix(key)) or []
        if len(set(codes)) == 1:
            return codes[0]
    return None


def _is_the_city(value: str) -> bool:
    return nfc(value) == HCMC_PROVINCE_CODE or plain_key(value) in _CITY_KEYS


def _ward_from_input(city: str, city_area: str) -> str:
    named = city_area if (not nfc(city) or _is_the_city(city)) and nfc(city_area) else city
    if not nfc(named):
        raise DomainError(_("Vui lòng chọn phường/xã thuộc TP. Hồ Chí Minh."), code="required", field="ward_code")
    code = ward_code_of(named)
    if code is None:
        raise DomainError(_("Vui lòng chọn phường/xã thuộc TP. Hồ Chí Minh."), code="invalid_ward", field="ward_code")
    return code


def delivery_fields_from_input(data) -> dict:
    """Our keyword arguments for an address service (full_name, street_address, ward_code, phone) from a Saleor
    AddressInput. Only the mapping is checked here; the service checks the values (length, phone format…)."""
    data = data or {}
    refuse_metadata(data.get("metadata"))
    country = data.get("country")
    country = getattr(country, "value", country)
    if country not in (None, COUNTRY):
        raise DomainError(_("Chúng tôi chỉ giao hàng trong TP. Hồ Chí Minh."), code="invalid", field="country")
    if nfc(data.get("country_area") or "") and not _is_the_city(data["country_area"]):
        raise DomainError(_("Chúng tôi chỉ giao hàng trong TP. Hồ Chí Minh."), code="invalid", field="country_area")
    names = (nfc(data.get("first_name") or ""), nfc(data.get("last_name") or ""))
    streets = (nfc(data.get("street_address1") or ""), nfc(data.get("street_address2") or ""))
    return {
        "full_name": " ".join(part for part in names if part),
        "street_address": ", ".join(part for part in streets if part),
        "ward_code": _ward_from_input(data.get("city") or "", data.get("city_area") or ""),
        "phone": nfc(data.get("phone") or ""),
    }


# --- Errors --------------------------------------------------------------------------------------------------------

# Our field names (DomainError.field of the address checks) → Saleor's AddressInput fields.
SALEOR_FIELDS = {
    "full_name": "firstName",
    "street_address": "streetAddress1",
    "ward_code": "city",
    "phone": "phone",
    "country": "country",
    "country_area": "countryArea",
}
# The address checks' codes → the Saleor code both AccountErrorCode and CheckoutErrorCode have.
SALEOR_CODES = {"required": "REQUIRED"}


def saleor_field(field: str | None) -> str | None:
    return SALEOR_FIELDS.get(field, field) if field else None


def saleor_code(code: str) -> str:
    """REQUIRED for a missing value, INVALID for any other refusal of an address field."""
    return SALEOR_CODES.get(code, "INVALID")
