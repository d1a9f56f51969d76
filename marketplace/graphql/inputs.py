"""Saleor's generic input types and scalars (filters, ranges, sorting direction, metadata), shared by every part of
the API: one class per Saleor name, so the schema holds each name once."""

import graphene
from django.utils.translation import gettext as _

from marketplace.core.errors import DomainError


class PositiveInt(graphene.Scalar):
    """Saleor's PositiveInt: a whole number greater than zero."""

    @staticmethod
    def serialize(value):
        return int(value)

    @staticmethod
    def parse_value(value):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError("PositiveInt takes a whole number greater than 0.")
        return value

    @staticmethod
    def parse_literal(node, _variables=None):
        from graphql.language import IntValueNode

        if isinstance(node, IntValueNode) and int(node.value) > 0:
            return int(node.value)
        return graphene.types.scalars.Undefined


class OrderDirection(graphene.Enum):
    ASC = "ASC"
    DESC = "DESC"


class MetadataInput(graphene.InputObjectType):
    key = graphene.String(required=True)
    value = graphene.String(required=True)


def refuse_metadata(value, *, field: str = "metadata") -> None:
    """Saleor's inputs carry metadata to keep on the object; nothing here keeps any (every object's `metadata` is
    empty), so metadata given is the client's INVALID error rather than silently lost. An empty list is fine."""
    if value:
        raise DomainError(_("Cửa hàng không lưu metadata."), code="invalid", field=field)


class MetadataItem(graphene.ObjectType):
    key = graphene.String(required=True)
    value = graphene.String(required=True)


class MetadataFilter(graphene.InputObjectType):
    key = graphene.String(required=True)
    value = graphene.String()


class StringFilterInput(graphene.InputObjectType):
    eq = graphene.String()
    one_of = graphene.List(graphene.NonNull(graphene.String))


class ContainsFilterInput(graphene.InputObjectType):
    contains_any = graphene.List(graphene.NonNull(graphene.String))
    contains_all = graphene.List(graphene.NonNull(graphene.String))


class MetadataValueFilterInput(graphene.InputObjectType):
    eq = graphene.String()
    one_of = graphene.List(graphene.NonNull(graphene.String))


class MetadataFilterInput(graphene.InputObjectType):
    """Saleor's `where` filter on a metadata key (and value). We keep no metadata: a filter given matches nothing."""

    key = graphene.String(required=True)
    value = MetadataValueFilterInput()


class GlobalIDFilterInput(graphene.InputObjectType):
    eq = graphene.ID()
    one_of = graphene.List(graphene.NonNull(graphene.ID))


class IntRangeInput(graphene.InputObjectType):
    gte = graphene.Int()
    lte = graphene.Int()


class PriceRangeInput(graphene.InputObjectType):
    gte = graphene.Float()
    lte = graphene.Float()


class DecimalRangeInput(graphene.InputObjectType):
    gte = graphene.Decimal()
    lte = graphene.Decimal()


class DecimalFilterInput(graphene.InputObjectType):
    eq = graphene.Decimal()
    one_of = graphene.List(graphene.NonNull(graphene.Decimal))
    range = graphene.Field(DecimalRangeInput)


class DateRangeInput(graphene.InputObjectType):
    gte = graphene.Date()
    lte = graphene.Date()


class DateTimeRangeInput(graphene.InputObjectType):
    gte = graphene.DateTime()
    lte = graphene.DateTime()


class DateTimeFilterInput(graphene.InputObjectType):
    eq = graphene.DateTime()
    one_of = graphene.List(graphene.NonNull(graphene.DateTime))
    range = graphene.Field(DateTimeRangeInput)


class Metadata(graphene.Scalar):
    """Saleor's Metadata: a JSON object of string keys and string values (an output only)."""

    @staticmethod
    def serialize(value):
        return {str(key): str(item) for key, item in dict(value).items()}

    @staticmethod
    def parse_value(value):
        raise ValueError("Metadata is not an input.")

    @staticmethod
    def parse_literal(node, _variables=None):
        return graphene.types.scalars.Undefined


def _metadata_keys_arg():
    return graphene.List(graphene.NonNull(graphene.String))


class ObjectWithMetadataFields:
    """Saleor's metadata fields, public and private. We keep no metadata on any object, so every one of them
    answers empty (an empty list, an empty object, no value for a key): the honest answer of an object that has
    none, and no private data to guard."""

    metadata = graphene.NonNull(graphene.List(graphene.NonNull(MetadataItem)))
    metafield = graphene.String(key=graphene.String(required=True))
    metafields = graphene.Field(Metadata, keys=_metadata_keys_arg())
    private_metadata = graphene.NonNull(graphene.List(graphene.NonNull(MetadataItem)))
    private_metafield = graphene.String(key=graphene.String(required=True))
    private_metafields = graphene.Field(Metadata, keys=_metadata_keys_arg())

    @staticmethod
    def resolve_metadata(root, info):
        return []

    resolve_private_metadata = resolve_metadata

    @staticmethod
    def resolve_metafield(root, info, key):
        return None

    resolve_private_metafield = resolve_metafield

    @staticmethod
    def resolve_metafields(root, info, keys=None):
        return {}

    resolve_private_metafields = resolve_metafields
