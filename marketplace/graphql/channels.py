import graphene
from graphene import relay
from graphene_django import DjangoObjectType

from marketplace.channels.models import Channel


class ChannelNode(DjangoObjectType):
    currency_code = graphene.String(required=True)

    class Meta:
        model = Channel
        name = "Channel"
        interfaces = (relay.Node,)
        fields = ("id", "name", "slug", "is_active", "currency_code")


class ChannelQueries(graphene.ObjectType):
    channels = graphene.List(graphene.NonNull(ChannelNode))
    channel = graphene.Field(ChannelNode, slug=graphene.String(required=True))

    @staticmethod
    def resolve_channels(root, info):
        return Channel.objects.filter(is_active=True).order_by("pk")

    @staticmethod
    def resolve_channel(root, info, slug):
        return Channel.objects.filter(slug=slug, is_active=True).first()
