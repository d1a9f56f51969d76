from django.db import InterfaceError, OperationalError
from graphene_django.views import GraphQLView

from marketplace.graphql.auth import authenticate_request


class SchemaView(GraphQLView):
    """GraphQL over HTTP, except that a database outage is not a field error.

    graphene turns every exception of a resolver into an entry of "errors" with a 200; an unreachable database (or
    a statement past its time limit) is re-raised instead, so DatabaseUnavailableMiddleware answers 503 with JSON
    like every other endpoint, and the driver's message does not reach the client.

    Who asks comes from the request's bearer token only (marketplace.graphql.auth), never the shop's session.
    """

    def dispatch(self, request, *args, **kwargs):
        authenticate_request(request)
        return super().dispatch(request, *args, **kwargs)

    def execute_graphql_request(self, *args, **kwargs):
        result = super().execute_graphql_request(*args, **kwargs)
        for error in (result.errors or []) if result else []:
            original = getattr(error, "original_error", error)
            if isinstance(original, (OperationalError, InterfaceError)):
                raise original
        return result
