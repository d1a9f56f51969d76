"""Channels (the HCMC online supermarket and each kiosk), in Saleor's shape."""

import graphene
from graphene import relay
from graphene_django import DjangoObjectType
from graphql import GraphQLError

from marketplace.channels.models import Channel
from marketplace.graphql.catalogue.ids import check_text_arguments, pk_from_global_id
from marketplace.graphql.core import CountryDisplay
from marketplace.graphql.inputs import ObjectWithMetadataFields


class ChannelNode(ObjectWithMetadataFields, DjangoObjectType):
    currency_code = graphene.String(required=True)
    default_country = graphene.Field(CountryDisplay, required=True)
    countries = graphene.List(graphene.NonNull(CountryDisplay), description="The countries the channel sells to.")

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


class ChannelQueries(graphene.ObjectType):
    channels = graphene.List(graphene.NonNull(ChannelNode))
    channel = graphene.Field(ChannelNode, id=graphene.ID(), slug=graphene.String())

    @staticmethod
    def resolve_channels(root, info):
        return Channel.objects.filter(is_active=True).order_by("pk")

    @staticmethod
    def resolve_channel(root, info, id=None, slug=None):
        check_text_arguments([id, slug])
        if (id is None) == (slug is None):
            raise GraphQLError("Provide exactly one of `id` or `slug`.")
        channels = Channel.objects.filter(is_active=True)
        if slug is not None:
            return channels.filter(slug=slug).first()
        return channels.filter(pk=pk_from_global_id(id, "Channel")).first()
