"""The public GraphQL API: Saleor 3's names and shapes for what we share with Saleor, OCOP fields added."""

import graphene

from marketplace.graphql.account import AccountMutations, AccountQueries
from marketplace.graphql.catalogue import CatalogueQueries
from marketplace.graphql.channels import ChannelQueries
from marketplace.graphql.checkout import CheckoutMutations, CheckoutQueries
from marketplace.graphql.orders import OrderQueries
from marketplace.graphql.payments import PaymentMutations


class Query(CatalogueQueries, ChannelQueries, AccountQueries, OrderQueries, CheckoutQueries, graphene.ObjectType):
    pass


class Mutation(AccountMutations, CheckoutMutations, PaymentMutations, graphene.ObjectType):
    pass


schema = graphene.Schema(query=Query, mutation=Mutation)
