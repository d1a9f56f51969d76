"""GraphQL over HTTP, guarded: nothing a client sends costs the server more than the limits allow, and every
answer is JSON in Saleor's error shape (`errors[].extensions.exception.code`).

Before anything runs, a request is refused with a JSON error when it is too large (413), not UTF-8, not JSON,
nested too deep, not an object, or a batch of more than MAX_BATCH operations (400), of a content type we do not
read (415), or of a method other than GET and POST (405; OPTIONS answers a CORS preflight); a query that fails to
parse, exceeds a limit of marketplace.graphql.limits (cost, depth, aliases, page size, size, text) or fails
validation gets 400 and no data. Pages of the origins in settings.XQ_API_ALLOWED_ORIGINS may call the API from a
browser (CORS, never with credentials).

While it runs, an error a resolver raises reaches the client as it is only when it was written for the client
(a GraphQLError, a DomainError, a PermissionDenied); anything else is logged with the request id and answered
"Internal Server Error" (INTERNAL_ERROR), so no driver or Python message leaks. An unreachable database (or a
statement past its time limit) is re-raised instead, so DatabaseUnavailableMiddleware answers 503 with JSON like
every other endpoint.

GraphiQL, the in-browser editor, is served only under DEBUG (or to a view built with graphiql=True), from our own
static files; elsewhere a GET without a query is a 400 like any other.
"""

import json
import logging
import time
from fnmatch import fnmatchcase

from csp.decorators import csp_update
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from graphene_django.views import GraphQLView
from graphql import ExecutionResult, GraphQLError, OperationType, execute, get_operation_ast, parse, validate

from marketplace.core.errors import DomainError
from marketplace.graphql import documents, limits
from marketplace.graphql.auth import authenticate_request
from marketplace.graphql.catalogue import response_cache
from marketplace.graphql.execution import PlainFieldsExecutionContext

logger = logging.getLogger(__name__)

READABLE_CONTENT_TYPES = ("application/json", "application/graphql")
CORS_ALLOWED_HEADERS = "Origin, Content-Type, Accept, Authorization, Authorization-Bearer, Source-Service-Name"
INTERNAL_ERROR_MESSAGE = "Internal Server Error"


class RequestRefused(Exception):
    """The request is answered with one error and an HTTP status, before any GraphQL runs."""

    def __init__(self, status: int, message: str, code: str):
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code

    def response(self) -> JsonResponse:
        response = JsonResponse({"errors": [error_entry(self.message, self.code)]}, status=self.status)
        if self.status == 405:
            response["Allow"] = "GET, POST, OPTIONS"
        return response


def error_extensions(code: str) -> dict:
    return {"extensions": {"exception": {"code": code}}}


def error_entry(message: str, code: str) -> dict:
    return {"message": message, **error_extensions(code)}


def json_depth(value) -> int:
    """How deep lists and objects nest in a decoded JSON value (iteratively: the value may be hostile)."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        if deepest > limits.MAX_JSON_DEPTH:
            return deepest
        stack.extend((child, depth + 1) for child in children)
    return deepest


def decode_json(text: str, what: str):
    try:
        value = json.loads(text)
    except RecursionError:
        raise RequestRefused(400, f"The {what} nests JSON too deep.", "JSONDecodeError") from None
    except ValueError:
        raise RequestRefused(400, f"The {what} is not valid JSON.", "JSONDecodeError") from None
    if json_depth(value) > limits.MAX_JSON_DEPTH:
        raise RequestRefused(
            400, f"The {what} nests JSON deeper than {limits.MAX_JSON_DEPTH} levels.", "JSONDecodeError"
        )
    return value


# GraphiQL's stylesheet carries its fonts inline (data: URIs); nothing else of the page needs more than our CSP.
@csp_update({"font-src": ["data:"]})
def graphiql_page(request):
    return render(request, "graphql/graphiql.html", {"endpoint": request.path})


def allow_origin(request, response):
    """CORS as Saleor answers it, without credentials: the caller's origin is echoed when settings allow it."""
    patch_vary_headers(response, ["Origin"])
    origin = request.headers.get("Origin")
    if origin and any(fnmatchcase(origin, allowed) for allowed in settings.XQ_API_ALLOWED_ORIGINS):
        response["Access-Control-Allow-Origin"] = origin
    return response


class SchemaView(GraphQLView):
    # None: GraphiQL follows settings.DEBUG, read at each request (the URL conf may be loaded before a test sets it).
    graphiql = None

    def dispatch(self, request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "POST, GET, OPTIONS"
            response["Access-Control-Allow-Headers"] = CORS_ALLOWED_HEADERS
            response["Access-Control-Max-Age"] = "600"
            return allow_origin(request, response)
        # Who asks comes from the request's bearer token (marketplace.graphql.auth), never the shop's session alone.
        authenticate_request(request)
        return allow_origin(request, self.answer(request))

    def answer(self, request):
        try:
            if request.method not in ("GET", "POST"):
                raise RequestRefused(405, "The API answers GET and POST requests.", "MethodNotAllowed")
            data = self.parse_body(request)
            request.graphql_budget = limits.Budget()
            request.graphql_deadline = time.monotonic() + limits.TIME_LIMIT_SECONDS
            if self.show_graphiql(request, data):
                return graphiql_page(request)
            if isinstance(data, list):
                if not data or len(data) > limits.MAX_BATCH:
                    raise RequestRefused(
                        400, f"A batch holds from 1 to {limits.MAX_BATCH} operations.", "BatchTooLarge"
                    )
                answers = [self.get_response(request, entry) for entry in data]
                content = [answer for answer, _ in answers]
                status = max(status for _, status in answers)
            else:
                content, status = self.get_response(request, data)
        except RequestRefused as refused:
            return refused.response()
        return HttpResponse(self.json_encode(request, content), status=status, content_type="application/json")

    def show_graphiql(self, request, data) -> bool:
        """The editor, for a developer's browser (DEBUG) asking for the page itself."""
        return (
            (settings.DEBUG if self.graphiql is None else self.graphiql)
            and request.method == "GET"
            and not request.GET.get("query")
            and self.can_display_graphiql(request, data)
        )

    def parse_body(self, request):
        if request.method == "GET":
            return {}
        declared = request.META.get("CONTENT_LENGTH") or "0"
        if not declared.isdigit():
            raise RequestRefused(400, "The Content-Length header is not a number.", "InvalidRequestBody")
        if int(declared) > limits.MAX_BODY_BYTES:
            raise RequestRefused(
                413, f"The request body is larger than {limits.MAX_BODY_BYTES} bytes.", "RequestTooLarge"
            )
        content_type = self.get_content_type(request)
        if content_type not in READABLE_CONTENT_TYPES:
            raise RequestRefused(
                415, "Send the request as application/json (or application/graphql).", "UnsupportedMediaType"
            )
        try:
            text = request.body.decode("utf-8")
        except UnicodeDecodeError:
            raise RequestRefused(400, "The request body is not UTF-8.", "InvalidRequestBody") from None
        if content_type == "application/graphql":
            return {"query": text}
        data = decode_json(text, "request body")
        if not isinstance(data, (dict, list)):
            raise RequestRefused(
                400, "The request body must be a JSON object (or a list of them).", "InvalidRequestBody"
            )
        return data

    def get_graphql_params(self, request, data):
        if not isinstance(data, dict):
            raise RequestRefused(400, "Each operation must be a JSON object.", "InvalidRequestBody")
        query = request.GET.get("query") or data.get("query")
        variables = request.GET.get("variables") or data.get("variables")
        operation_name = request.GET.get("operationName") or data.get("operationName")
        if isinstance(variables, str):
            variables = decode_json(variables, "variables") if variables else None
        if variables is not None and not isinstance(variables, dict):
            raise RequestRefused(400, "`variables` must be a JSON object.", "InvalidRequestBody")
        if operation_name in ("", "null"):
            operation_name = None
        if operation_name is not None and not isinstance(operation_name, str):
            raise RequestRefused(400, "`operationName` must be a string.", "InvalidRequestBody")
        return query, variables, operation_name

    def get_response(self, request, data, show_graphiql=False):
        query, variables, operation_name = self.get_graphql_params(request, data)
        result = self.execute_graphql_request(request, query, variables, operation_name)
        extensions = {"extensions": result.extensions} if result.extensions else {}
        if result.data is None and result.errors and not any(error.path for error in result.errors):
            # Refused before running (syntax, limits, validation): Saleor's 400 and no data.
            return {"errors": [self.format_error(error) for error in result.errors], **extensions}, 400
        content = {"data": result.data}
        if result.errors:
            content["errors"] = [self.format_error(error) for error in result.errors]
        return {**content, **extensions}, 200

    def execute_graphql_request(self, request, query, variables, operation_name):
        if not isinstance(query, str) or not query.strip():
            return ExecutionResult(None, [GraphQLError("Must provide a query string.")])
        # A text seen before is not parsed or validated again (marketplace/graphql/documents.py).
        schema = self.schema.graphql_schema
        checked = documents.checked_documents.get(schema, query)
        if checked is None:
            try:
                document = parse(query, max_lexical_tokens=limits.MAX_TOKENS, max_comments=limits.MAX_TOKENS)
            except GraphQLError as error:
                return ExecutionResult(None, [error])
            bad_literals = None  # looked for once the limits have passed: a document too large is refused first
        else:
            document, bad_literals = checked.document, checked.unstorable_literals
        operation = get_operation_ast(document, operation_name)
        if request.method == "GET" and operation is not None and operation.operation != OperationType.QUERY:
            raise RequestRefused(405, "Mutations are sent with POST.", "MethodNotAllowed")
        budget = request.graphql_budget
        errors = limits.check_limits(schema, document, variables, budget)
        if not errors and bad_literals is None:
            bad_literals = tuple(limits.unstorable_literals(document))
        # Mutations answer unstorable text as data on the field it was typed in (errors { field code }), as Saleor's
        # storefronts expect; queries, which have no such place, are refused here before any resolver meets it.
        is_mutation = operation is not None and operation.operation == OperationType.MUTATION
        errors = (
            errors
            or ([] if is_mutation else limits.check_text(bad_literals, variables))
            or ([] if checked is not None else validate(schema, document))
        )
        cost = {"cost": {"requestedQueryCost": budget.last_cost, "maximumAvailable": limits.MAX_QUERY_COST}}
        if errors:
            return ExecutionResult(None, errors, cost)
        if checked is None:
            documents.checked_documents.remember(schema, query, documents.CheckedDocument(document, bad_literals))
        # A catalogue-only query may be answered from the cache (marketplace/graphql/catalogue/response_cache.py).
        cached = response_cache.cached_answer(request, query, variables, operation_name, document=document)
        if cached is not None:
            return ExecutionResult(cached, None, cost)
        try:
            result = execute(
                schema,
                document,
                root_value=self.get_root_value(request),
                context_value=self.get_context(request),
                variable_values=variables,
                operation_name=operation_name,
                middleware=[limits.TimeLimitMiddleware(), *(self.get_middleware(request) or ())],
                execution_context_class=PlainFieldsExecutionContext,
            )
        except limits.QueryTimeout:
            logger.warning("GraphQL request stopped after %s s", limits.TIME_LIMIT_SECONDS)
            message = f"The query ran longer than {limits.TIME_LIMIT_SECONDS:g} s and was stopped."
            return ExecutionResult(None, [limits.limit_error(message, "QueryTimeout")], cost)
        for error in result.errors or ():
            if isinstance(error.original_error, (OperationalError, InterfaceError)):
                raise error.original_error
        response_cache.keep_answer(request, result)
        return ExecutionResult(result.data, result.errors, cost)

    @staticmethod
    def format_error(error):
        """Saleor's shape; the message of anything not written for the client is replaced (and logged)."""
        original = error.original_error if isinstance(error, GraphQLError) else error
        if isinstance(original, GraphQLError):
            original = original.original_error or original
        if original is None or isinstance(original, GraphQLError):
            formatted = error.formatted
            extensions = formatted.setdefault("extensions", {})
            extensions.setdefault("exception", {"code": "GraphQLError"})
            return formatted
        formatted = {key: value for key, value in error.formatted.items() if key in ("locations", "path")}
        if isinstance(original, DomainError):
            return {"message": original.message, **formatted, **error_extensions(original.code)}
        if isinstance(original, PermissionDenied):
            message = str(original) or "You do not have permission to perform this action."
            return {"message": message, **formatted, **error_extensions("PermissionDenied")}
        logger.error(
            "GraphQL resolver failed at %s",
            error.path,
            exc_info=(type(original), original, original.__traceback__),
        )
        return {"message": INTERNAL_ERROR_MESSAGE, **formatted, **error_extensions("INTERNAL_ERROR")}
