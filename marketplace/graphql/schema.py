"""The public GraphQL API: Saleor 3's names and shapes for what we share with Saleor, OCOP fields added."""

import graphene

from marketplace.graphql.catalogue import CATALOGUE_TYPES, CatalogueQueries
from marketplace.graphql.channels import ChannelQueries
from marketplace.graphql.content import ContentQueries


class Query(CatalogueQueries, ChannelQueries, ContentQueries, graphene.ObjectType):
    pass


schema = graphene.Schema(query=Query, types=CATALOGUE_TYPES)
