from django.db import InterfaceError, OperationalError
from graphene_django.views import GraphQLView
from graphql import ExecutionResult

from marketplace.graphql.catalogue import response_cache


class SchemaView(GraphQLView):
    """GraphQL over HTTP, except that a database outage is not a field error.

    graphene turns every exception of a resolver into an entry of "errors" with a 200; an unreachable database (or
    a statement past its time limit) is re-raised instead, so DatabaseUnavailableMiddleware answers 503 with JSON
    like every other endpoint, and the driver's message does not reach the client.
    """

    def execute_graphql_request(self, request, data, query, variables, operation_name, *args, **kwargs):
        # A catalogue-only query may be answered from the cache (marketplace/graphql/catalogue/response_cache.py).
        cached = response_cache.cached_answer(request, query, variables, operation_name)
        if cached is not None:
            return ExecutionResult(data=cached)
        result = super().execute_graphql_request(request, data, query, variables, operation_name, *args, **kwargs)
        response_cache.keep_answer(request, result)
        for error in (result.errors or []) if result else []:
            original = getattr(error, "original_error", error)
            if isinstance(original, (OperationalError, InterfaceError)):
                raise original
        return result
