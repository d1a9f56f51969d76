"""The public GraphQL API: Saleor 3's names and shapes for what we share with Saleor, OCOP fields added."""

import graphene

from marketplace.graphql.account import AccountMutations, AccountQueries
from marketplace.graphql.catalogue import CATALOGUE_TYPES, CatalogueQueries
from marketplace.graphql.channels import ChannelQueries
from marketplace.graphql.checkout import CheckoutMutations, CheckoutQueries
from marketplace.graphql.content import ContentQueries
from marketplace.graphql.orders import OrderQueries
from marketplace.graphql.payments import PAYMENT_TYPES, PaymentMutations
from marketplace.graphql.translations import TranslationQueries


class Query(
    CatalogueQueries,
    ChannelQueries,
    ContentQueries,
    AccountQueries,
    OrderQueries,
    CheckoutQueries,
    TranslationQueries,
    graphene.ObjectType,
):
    pass


class Mutation(AccountMutations, CheckoutMutations, PaymentMutations, graphene.ObjectType):
    pass


schema = graphene.Schema(query=Query, mutation=Mutation, types=CATALOGUE_TYPES + PAYMENT_TYPES)
