"""No request can hurt the server: the API refuses what is too costly, too deep, too wide or malformed, quickly,
without touching the database, with a JSON error in Saleor's shape; and internal text never reaches a client."""

import json
import time

import graphene
import pytest
from django.db import OperationalError
from django.test import RequestFactory
from graphql import get_introspection_query, parse

from marketplace.graphql import limits
from marketplace.graphql.schema import schema
from marketplace.graphql.views import SchemaView
from tests.storefront import catalogue_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

# A refusal costs no SQL and milliseconds of parsing; the margin is for a machine shared with other test runs.
QUICK_SECONDS = 1.5

PRODUCT_PAGE = """
  products(first: 100) { totalCount edges { node {
    id name slug category { name parent { name } } thumbnail(size: 200) { url alt } media { url }
    pricing { priceRange { start { gross { amount } net { amount } tax { amount } } stop { gross { amount } } } }
    variants { sku quantityAvailable pricing { price { gross { amount } } } }
    producer { name } ocopRating { stars }
  } } }
"""


def post(client, body, content_type="application/json", **extra):
    if not isinstance(body, (bytes, str)):
        body = json.dumps(body)
    started = time.monotonic()
    response = client.post("/graphql/", body, content_type=content_type, **extra)
    response.seconds = time.monotonic() - started
    return response


def codes(response) -> list[str]:
    assert response["Content-Type"].startswith("application/json")
    return [error["extensions"]["exception"]["code"] for error in response.json()["errors"]]


TAXED = "{ gross { amount currency } net { amount } tax { amount } }"
# 3,900 a page: 13 of them cost more than 50,000 with 13 aliases and under 1,000 fields.
FAT_PAGE = f"""products(first: 100) {{ edges {{ node {{
    id name category {{ name parent {{ name parent {{ name }} }} }} thumbnail(size: 200) {{ url }} media {{ url alt }}
    pricing {{ priceRange {{ start {TAXED} stop {TAXED} }} priceRangeUndiscounted {{ start {TAXED} stop {TAXED} }} }}
    variants {{ sku pricing {{ price {TAXED} priceUndiscounted {TAXED} }} }}
    producer {{ name }} ocopRating {{ stars }}
}} }} }}"""


def aliased_pages(count: int, page: str = PRODUCT_PAGE) -> str:
    return "{" + "".join(f"p{index}: {page}" for index in range(count)) + "}"


def nested_parents(depth: int) -> str:
    return '{ category(slug: "x") { ' + "parent { " * depth + "name" + " }" * depth + " } }"


def test_a_page_of_100_products_with_everything_is_allowed_and_costs_what_the_docs_say(client):
    catalogue_data.shopper_catalogue()
    document = parse("{" + PRODUCT_PAGE + "}")
    assert limits.check_limits(schema.graphql_schema, document, {}) == []
    assert limits.query_cost(schema.graphql_schema, document) == 2_100
    response = post(client, {"query": "{" + PRODUCT_PAGE + "}"})
    assert response.status_code == 200
    assert "errors" not in response.json()
    assert response.json()["data"]["products"]["totalCount"] == 10
    # Saleor's report of the cost, on every answer.
    assert response.json()["extensions"] == {"cost": {"requestedQueryCost": 2_100, "maximumAvailable": 50_000}}


def test_the_100_kb_request_of_500_aliased_pages_is_refused_at_once(client, django_assert_num_queries):
    """Today it keeps a worker busy for over 100 s."""
    body = json.dumps({"query": aliased_pages(500)})
    assert len(body) > 100_000
    with django_assert_num_queries(0):
        response = post(client, body)
    assert response.status_code == 413
    assert codes(response) == ["RequestTooLarge"]
    assert response.seconds < QUICK_SECONDS


def test_aliases_beyond_the_limit_are_refused_before_any_sql(client, django_assert_num_queries):
    query = "{" + " ".join(f'c{index}: category(slug: "x") {{ name }}' for index in range(21)) + "}"
    with django_assert_num_queries(0):
        response = post(client, {"query": query})
    assert response.status_code == 400
    assert codes(response) == ["QueryAliasError"]
    assert "data" not in response.json()


def test_a_query_costlier_than_the_maximum_is_refused_before_any_sql(client, django_assert_num_queries):
    assert limits.query_cost(schema.graphql_schema, parse("{" + FAT_PAGE + "}")) == 3_900
    with django_assert_num_queries(0):
        response = post(client, {"query": aliased_pages(13, FAT_PAGE)})
    assert response.status_code == 400
    assert codes(response) == ["QueryCostError"]
    assert "maximum cost of 50000" in response.json()["errors"][0]["message"]
    assert response.json()["extensions"]["cost"]["requestedQueryCost"] == 13 * 3_900
    assert response.seconds < QUICK_SECONDS
    # The same with `first` as a variable: the variable's value is the multiplier.
    query = "query($n: Int) {" + "".join(f"p{i}: {FAT_PAGE.replace('100', '$n')}" for i in range(13)) + "}"
    assert codes(post(client, {"query": query, "variables": {"n": 100}})) == ["QueryCostError"]
    assert post(client, {"query": query, "variables": {"n": 2}}).status_code == 200


def test_the_operations_of_a_batch_share_one_cost_and_one_alias_allowance(client):
    seven_pages = {"query": aliased_pages(7, FAT_PAGE)}  # 27,300 each: one fits, two do not
    first, second = post(client, [seven_pages, seven_pages]).json()
    assert "errors" not in first
    assert second["errors"][0]["extensions"]["exception"]["code"] == "QueryCostError"
    twelve_aliases = {"query": "{" + " ".join(f"c{index}: __typename" for index in range(12)) + "}"}
    first, second = post(client, [twelve_aliases, twelve_aliases]).json()
    assert first["data"]["c11"] == "Query"
    assert second["errors"][0]["extensions"]["exception"]["code"] == "QueryAliasError"


def test_category_parents_100_deep_are_refused_and_20_deep_run(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = post(client, {"query": nested_parents(100)})
    assert response.status_code == 400
    assert codes(response) == ["QueryDepthError"]
    # category, its parents and the name: MAX_DEPTH fields deep.
    allowed = post(client, {"query": nested_parents(limits.MAX_DEPTH - 2)})
    assert allowed.status_code == 200, allowed.json()
    assert codes(post(client, {"query": nested_parents(limits.MAX_DEPTH - 1)})) == ["QueryDepthError"]


def test_depth_counts_through_fragments_and_a_fragment_bomb_is_measured_in_no_time(client):
    deep_fragment = (
        'query { ...Q } fragment Q on Query { category(slug: "x") { ...P } } '
        "fragment P on Category { " + "parent { " * 25 + "name" + " }" * 25 + " }"
    )
    assert codes(post(client, {"query": deep_fragment})) == ["QueryDepthError"]
    # Each fragment spreads the next one 10 times under aliases-free fields: 10^12 paths if expanded.
    bomb = ["query { products(first: 100) { edges { node { ...F0 } } } }"]
    for level in range(12):
        bomb.append(f"fragment F{level} on Product {{ " + f"...F{level + 1} " * 10 + "}")
    bomb.append("fragment F12 on Product { category { name } }")
    response = post(client, {"query": " ".join(bomb)})
    assert response.seconds < QUICK_SECONDS
    assert response.status_code in (200, 400)


@pytest.mark.parametrize(
    ("argument", "variables"),
    [("first: 101", {}), ("first: -1", {}), ("last: 5000", {}), ("first: $n", {"n": 1000}), ("first: $n", {"n": -5})],
)
def test_first_and_last_beyond_0_to_100_are_an_error_entry(client, argument, variables, django_assert_num_queries):
    query = "query($n: Int) { products(" + argument + ") { edges { node { name } } } }"
    with django_assert_num_queries(0):
        response = post(client, {"query": query, "variables": variables})
    assert response.status_code == 400
    assert codes(response) == ["PageSizeError"]
    assert "from 0 to 100" in response.json()["errors"][0]["message"]


def test_first_beyond_32_bits_is_a_graphql_error_not_a_500(client):
    response = post(client, {"query": "{ products(first: 99999999999999999999) { totalCount } }"})
    assert response.status_code == 400
    assert set(codes(response)) <= {"PageSizeError", "GraphQLError"}


def test_graphiql_introspection_is_allowed_and_a_nested_introspection_is_not(client):
    response = post(client, {"query": get_introspection_query(descriptions=True)})
    assert response.status_code == 200
    assert response.json()["data"]["__schema"]["queryType"]["name"] == "Query"
    nested = "{ __schema { types { fields { type { fields { type { fields { type { fields { name } } } } } } } } } }"
    assert codes(post(client, {"query": nested})) == ["QueryCostError"]


def test_too_many_fields_are_refused_before_validation_compares_them(client):
    response = post(client, {"query": "{ shop: __typename " + "__typename " * 5_000 + "}"})
    assert response.status_code == 400
    assert codes(response) == ["QueryTooLarge"]
    assert response.seconds < QUICK_SECONDS


@pytest.mark.parametrize("query", ["{ products(first: [" + "1 " * 10_001 + "]) { totalCount } }", "#\n" * 10_001])
def test_too_many_tokens_are_a_syntax_error(client, query):
    response = post(client, {"query": query})
    assert response.status_code == 400
    assert codes(response) == ["GraphQLError"]
    assert "tokens" in response.json()["errors"][0]["message"] or "comments" in response.json()["errors"][0]["message"]


@pytest.mark.parametrize(
    ("body", "content_type", "status", "code"),
    [
        (b"\xff\xfe{\x00", "application/json", 400, "InvalidRequestBody"),
        (b'{"query": "{ __typename }", "x": "\xc3\x28"}', "application/json", 400, "InvalidRequestBody"),
        ("[" * 1_000 + "]" * 1_000, "application/json", 400, "JSONDecodeError"),
        (
            '{"query": "{ __typename }", "variables": ' + '{"a": ' * 100 + "1" + "}" * 101,
            "application/json",
            400,
            "JSONDecodeError",
        ),
        (
            '{"query": "{ __typename }", "variables": ' + "[" * 50_000 + "]" * 50_000 + "}",
            "application/json",
            413,
            "RequestTooLarge",
        ),
        ("{not json", "application/json", 400, "JSONDecodeError"),
        ('"a string"', "application/json", 400, "InvalidRequestBody"),
        ('{"query": "{ __typename }", "variables": [1]}', "application/json", 400, "InvalidRequestBody"),
        ('{"query": "{ __typename }", "operationName": 5}', "application/json", 400, "InvalidRequestBody"),
        ('{"query": 5}', "application/json", 400, "GraphQLError"),
        ("{}", "application/json", 400, "GraphQLError"),
        ("query=%7B__typename%7D", "application/x-www-form-urlencoded", 415, "UnsupportedMediaType"),
        ("{ __typename }", "text/plain", 415, "UnsupportedMediaType"),
        ("[]", "application/json", 400, "BatchTooLarge"),
        (json.dumps([{"query": "{ __typename }"}] * 11), "application/json", 400, "BatchTooLarge"),
        ("[1]", "application/json", 400, "InvalidRequestBody"),
        ("x" * (64 * 1024 + 1), "application/json", 413, "RequestTooLarge"),
    ],
)
def test_malformed_bodies_get_a_json_4xx(client, body, content_type, status, code):
    response = post(client, body, content_type=content_type)
    assert response.status_code == status
    assert codes(response) == [code]


def test_a_graphql_body_and_a_batch_within_bounds_are_answered(client):
    response = post(client, "{ __typename }", content_type="application/graphql")
    assert response.json()["data"] == {"__typename": "Query"}
    batch = post(client, [{"query": "{ __typename }"}, {"query": "{ nope }"}])
    assert batch.status_code == 400
    first, second = batch.json()
    assert first["data"] == {"__typename": "Query"}
    assert second["errors"][0]["extensions"]["exception"]["code"] == "GraphQLError"


def test_methods_other_than_get_and_post_and_mutations_over_get_get_405(client):
    response = client.put("/graphql/", "{}", content_type="application/json")
    assert response.status_code == 405
    assert response["Allow"] == "GET, POST, OPTIONS"
    assert codes(response) == ["MethodNotAllowed"]
    over_get = client.get("/graphql/", {"query": "mutation { x }"})
    assert over_get.status_code == 405


def test_production_answers_a_get_without_query_with_json_not_a_page(client):
    response = client.get("/graphql/", HTTP_ACCEPT="text/html")
    assert response.status_code == 400
    assert codes(response) == ["GraphQLError"]
    query = client.get("/graphql/", {"query": "{ __typename }"}, HTTP_ACCEPT="text/html")
    assert query.json()["data"] == {"__typename": "Query"}


def test_graphiql_under_debug_is_served_from_our_own_static_files():
    request = RequestFactory().get("/graphql/", HTTP_ACCEPT="text/html")
    response = SchemaView.as_view(graphiql=True)(request)
    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/graphiql/2.4.7/graphiql.min.js" in page
    assert "/static/graphiql/graphiql-page.js" in page
    assert "http" not in page.replace("http-equiv", "")
    assert "<script>" not in page and "<style" not in page


class Boom(graphene.ObjectType):
    broken = graphene.Int(text=graphene.String())
    refused = graphene.Int()
    outage = graphene.Int()

    @staticmethod
    def resolve_broken(root, info, text=None):
        return int(text)  # "invalid literal for int() with base 10: …" must stay in the log

    @staticmethod
    def resolve_outage(root, info):
        raise OperationalError("connection to server at 127.0.0.1 failed")

    @staticmethod
    def resolve_refused(root, info):
        from marketplace.core.errors import DomainError

        raise DomainError("Hết hàng.", code="INSUFFICIENT_STOCK")


def test_an_unexpected_error_is_answered_internal_error_and_logged_with_its_text(caplog):
    view = SchemaView.as_view(schema=graphene.Schema(query=Boom))
    request = RequestFactory().post(
        "/graphql/", json.dumps({"query": '{ broken(text: "abc") refused }'}), content_type="application/json"
    )
    with caplog.at_level("ERROR", logger="marketplace.graphql.views"):
        response = view(request)
    assert response.status_code == 200
    answer = json.loads(response.content)
    assert answer["data"] == {"broken": None, "refused": None}
    broken, refused = sorted(answer["errors"], key=lambda error: error["path"])
    assert broken == {
        "message": "Internal Server Error",
        "locations": [{"line": 1, "column": 3}],
        "path": ["broken"],
        "extensions": {"exception": {"code": "INTERNAL_ERROR"}},
    }
    assert refused["message"] == "Hết hàng."
    assert refused["extensions"]["exception"]["code"] == "INSUFFICIENT_STOCK"
    assert "invalid literal" not in response.content.decode()
    assert "invalid literal for int()" in caplog.text


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        ('{ product(slug: "a\\u0000b") { name } }', {}),
        ("query($s: String) { product(slug: $s) { name } }", {"s": "\x00"}),
        ("query($s: String) { channel(slug: $s) { name } }", {"s": "\ud800"}),
        (
            "query($f: ProductFilterInput) { products(first: 1, filter: $f) { totalCount } }",
            {"f": {"search": "\udfff"}},
        ),
    ],
)
def test_nul_and_unpaired_surrogates_in_any_text_argument_are_refused_before_any_sql(
    client, query, variables, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = post(client, {"query": query, "variables": variables})
    assert response.status_code == 400
    assert "NUL characters or unpaired surrogates" in response.json()["errors"][0]["message"]
    assert codes(response) == ["GraphQLError"]


@pytest.mark.parametrize(
    "query",
    [
        '{ products(first: 5, search: "nu\\u0000oc") { totalCount } }',
        '{ product(slug: "a\\u0000b") { name } }',
        '{ category(id: "Q2F0ZWdvcnk6YWJj") { name } }',
        '{ product(id: "\\u0000\\ud800") { name } }',
    ],
)
def test_no_driver_or_python_text_reaches_the_client(client, query):
    catalogue_data.shopper_catalogue()
    response = post(client, query)
    assert response.status_code in (200, 400)
    text = response.content.decode()
    for leak in ("NUL", "invalid literal", "Traceback", "psycopg", "base 10"):
        assert leak not in text


def test_a_database_outage_is_raised_to_the_503_middleware_not_answered_as_a_field_error():
    view = SchemaView.as_view(schema=graphene.Schema(query=Boom))
    request = RequestFactory().post("/graphql/", json.dumps({"query": "{ outage }"}), content_type="application/json")
    with pytest.raises(OperationalError):
        view(request)


def test_a_request_past_its_time_limit_stops_resolving_and_says_so(monkeypatch):
    class Slow(graphene.ObjectType):
        nap = graphene.Int()

        @staticmethod
        def resolve_nap(root, info):
            time.sleep(0.1)
            return 1

    monkeypatch.setattr(limits, "TIME_LIMIT_SECONDS", 0.25)
    view = SchemaView.as_view(schema=graphene.Schema(query=Slow))
    query = "{" + " ".join(f"n{index}: nap" for index in range(20)) + "}"
    request = RequestFactory().post("/graphql/", json.dumps({"query": query}), content_type="application/json")
    started = time.monotonic()
    response = view(request)
    assert time.monotonic() - started < 0.6
    assert json.loads(response.content) == {
        "errors": [
            {
                "message": "The query ran longer than 0.25 s and was stopped.",
                "extensions": {"exception": {"code": "QueryTimeout"}},
            }
        ],
        "extensions": {"cost": {"requestedQueryCost": 0, "maximumAvailable": 50_000}},
    }


def test_a_storefront_on_another_origin_may_call_the_api_without_credentials(client, settings):
    settings.XQ_API_ALLOWED_ORIGINS = ["https://shop.example", "https://*.xuquang.vn"]
    preflight = client.options(
        "/graphql/", HTTP_ORIGIN="https://shop.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST"
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "https://shop.example"
    assert "POST" in preflight["Access-Control-Allow-Methods"]
    assert "Authorization" in preflight["Access-Control-Allow-Headers"]
    assert "Access-Control-Allow-Credentials" not in preflight
    answer = post(client, {"query": "{ __typename }"}, HTTP_ORIGIN="https://cho.xuquang.vn")
    assert answer["Access-Control-Allow-Origin"] == "https://cho.xuquang.vn"
    assert "Origin" in answer["Vary"]
    refused = post(client, "{", HTTP_ORIGIN="https://cho.xuquang.vn")
    assert refused.status_code == 400
    assert refused["Access-Control-Allow-Origin"] == "https://cho.xuquang.vn"
    elsewhere = post(client, {"query": "{ __typename }"}, HTTP_ORIGIN="https://evil.example")
    assert "Access-Control-Allow-Origin" not in elsewhere
