"""A query text seen before is neither parsed nor validated again, yet every check that depends on the request
still runs; hostile texts cannot fill memory; plain fields read on the short path answer as graphql-core would."""

import json

import graphene
import pytest
from django.test import RequestFactory
from graphql import parse

from marketplace.graphql import documents, views
from marketplace.graphql.schema import schema
from marketplace.graphql.views import SchemaView
from tests.storefront import catalogue_data

pytestmark = pytest.mark.django_db

PAGE = (
    "query Page($first: Int!, $search: String) { products(first: $first, search: $search) { edges { node { name } } } }"
)


@pytest.fixture(autouse=True)
def empty_cache():
    documents.checked_documents.clear()
    yield
    documents.checked_documents.clear()


@pytest.fixture
def validations(monkeypatch):
    """How many times the view validated a document."""
    calls = []
    real_validate = views.validate

    def counting_validate(*args, **kwargs):
        calls.append(args[1])
        return real_validate(*args, **kwargs)

    monkeypatch.setattr(views, "validate", counting_validate)
    return calls


def post(client, query, variables=None, operation_name=None):
    body = {"query": query, "variables": variables, "operationName": operation_name}
    return client.post("/graphql/", json.dumps(body), content_type="application/json")


def test_a_text_seen_before_is_not_validated_again_and_answers_the_same(client, validations):
    catalogue_data.shopper_catalogue()
    first = post(client, PAGE, {"first": 2})
    again = post(client, PAGE, {"first": 2})
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json()
    assert len(first.json()["data"]["products"]["edges"]) == 2
    assert len(validations) == 1
    assert len(documents.checked_documents) == 1


def test_the_checks_that_depend_on_the_request_still_run_on_a_known_text(client, validations):
    assert post(client, PAGE, {"first": 2}).status_code == 200
    too_large = post(client, PAGE, {"first": 500})
    assert too_large.status_code == 400
    assert too_large.json()["errors"][0]["extensions"]["exception"]["code"] == "PageSizeError"
    bad_text = post(client, PAGE, {"first": 2, "search": "nu\x00oc"})
    assert bad_text.status_code == 400
    assert "NUL characters" in bad_text.json()["errors"][0]["message"]
    assert len(validations) == 1


def test_a_batch_shares_its_budget_with_a_known_text(client):
    aliased = "query { " + " ".join(f"a{index}: __typename" for index in range(15)) + " }"
    assert post(client, aliased).status_code == 200
    batch = client.post(
        "/graphql/", json.dumps([{"query": aliased}, {"query": aliased}]), content_type="application/json"
    )
    answers = batch.json()
    assert "data" in answers[0]
    assert answers[1]["errors"][0]["extensions"]["exception"]["code"] == "QueryAliasError"


@pytest.mark.parametrize(
    "query",
    [
        "{ products(first: 2) { edges { node { nosuchfield } } } }",  # invalid
        '{ product(slug: "a\\u0000b") { name } }',  # an unstorable literal
        "{ products(first: 2) { edges { node { name } } ",  # does not parse
    ],
)
def test_a_refused_text_is_never_kept_and_is_refused_again(client, validations, query):
    first, again = post(client, query), post(client, query)
    assert first.status_code == again.status_code == 400
    assert first.json() == again.json()
    assert len(documents.checked_documents) == 0


def test_a_mutation_documents_unstorable_literal_still_refuses_its_query_operation(client):
    text = 'mutation M { tokenVerify(token: "x\\u0000") { isValid } } query Q { product(slug: "a\\u0000") { name } }'
    assert post(client, text, operation_name="M").status_code == 200
    assert len(documents.checked_documents) == 1
    refused = post(client, text, operation_name="Q")
    assert refused.status_code == 400
    assert "NUL characters" in refused.json()["errors"][0]["message"]


class Nap(graphene.ObjectType):
    nap = graphene.Int()

    @staticmethod
    def resolve_nap(root, info):
        return 1


def test_a_document_is_valid_only_for_the_schema_it_was_validated_against():
    other = SchemaView.as_view(schema=graphene.Schema(query=Nap))
    main = SchemaView.as_view(schema=schema)
    factory = RequestFactory()
    body = json.dumps({"query": "{ nap }"})
    assert json.loads(other(factory.post("/graphql/", body, content_type="application/json")).content) == {
        "data": {"nap": 1},
        "extensions": {"cost": {"requestedQueryCost": 0, "maximumAvailable": 50_000}},
    }
    refused = main(factory.post("/graphql/", body, content_type="application/json"))
    assert refused.status_code == 400
    assert "Cannot query field 'nap'" in json.loads(refused.content)["errors"][0]["message"]


def test_the_cache_is_bounded_by_count_and_by_characters_least_recently_used_first():
    cache = documents.DocumentCache(max_documents=3, max_characters=60)

    def keep(text):
        cache.remember(schema, text, documents.CheckedDocument(parse(text), ()))

    for name in ("a", "b", "c"):
        keep(f"{{ {name} }}")
    assert cache.get(schema, "{ a }") is not None  # now the most recently used
    keep("{ d }")
    assert len(cache) == 3
    assert cache.get(schema, "{ b }") is None
    assert cache.get(schema, "{ a }") is not None
    long_text = "{ " + "x " * 20 + "}"  # 43 characters: the three oldest must go to make room
    keep(long_text)
    assert cache.characters <= 60
    assert cache.get(schema, long_text) is not None
    keep("{ " + "y " * 40 + "}")  # longer than the whole cache: never kept
    assert cache.get(schema, "{ " + "y " * 40 + "}") is None
    assert cache.characters <= 60


def test_hostile_distinct_texts_do_not_grow_the_cache_past_its_bounds(client, monkeypatch):
    monkeypatch.setattr(documents, "checked_documents", documents.DocumentCache(max_documents=5))
    for index in range(20):
        assert post(client, f"query Q{index} {{ __typename }}").status_code == 200
    assert len(documents.checked_documents) == 5


class Colour(graphene.Enum):
    RED = "RED"


class Row(graphene.ObjectType):
    label = graphene.String(required=True)
    note = graphene.String()
    colour = graphene.Field(Colour)
    amount = graphene.Int()


class Rows(graphene.ObjectType):
    rows = graphene.List(Row)

    @staticmethod
    def resolve_rows(root, info):
        class Broken:
            label = "c"

            @property
            def amount(self):
                raise ValueError("no amount")

        return [
            {"label": "a", "note": None, "colour": "RED", "amount": 3},
            Row(label="b", note="n", colour=Colour.RED, amount="4"),
            Broken(),
            {"label": None, "amount": "not a number"},
        ]


def test_plain_fields_answer_and_fail_as_graphql_core_answers_them():
    view = SchemaView.as_view(schema=graphene.Schema(query=Rows))
    request = RequestFactory().post(
        "/graphql/", json.dumps({"query": "{ rows { label note colour amount } }"}), content_type="application/json"
    )
    answer = json.loads(view(request).content)
    assert answer["data"]["rows"][:2] == [
        {"label": "a", "note": None, "colour": "RED", "amount": 3},
        {"label": "b", "note": "n", "colour": "RED", "amount": 4},
    ]
    # The object whose attribute raises keeps its other fields; the required label that is null nulls its row.
    assert answer["data"]["rows"][2] == {"label": "c", "note": None, "colour": None, "amount": None}
    assert answer["data"]["rows"][3] is None
    errors = {tuple(error["path"]): error["message"] for error in answer["errors"]}
    assert errors[("rows", 2, "amount")] == "Internal Server Error"
    assert errors[("rows", 3, "label")] == "Internal Server Error"


class Inner(graphene.ObjectType):
    label = graphene.String(required=True)
    amount = graphene.Int()


class Thing(graphene.ObjectType):
    name = graphene.String()
    inner = graphene.Field(Inner)
    required_inner = graphene.Field(Inner, required=True)

    class Meta:
        interfaces = (graphene.relay.Node,)


class Things(graphene.ObjectType):
    things = graphene.List(Thing)

    @staticmethod
    def resolve_things(root, info):
        class Raising:
            id = 4
            name = "raising"

            @property
            def inner(self):
                raise ValueError("no inner")

            required_inner = {"label": "r"}

        return [
            Thing(id=1, name="whole", inner={"label": "a", "amount": 1}, required_inner=Inner(label="b", amount=2)),
            # A required label that is null nulls the nullable `inner` only, with its error.
            Thing(id=2, name="null label", inner={"label": None}, required_inner={"label": "c"}),
            # A required label that is null under the required `requiredInner` nulls the whole thing.
            Thing(id=3, name="null required", inner=None, required_inner={"label": None}),
            Raising(),
            # No id: the global ID is graphene's own, from the usual path.
            {"id": None, "name": "no id", "inner": None, "required_inner": {"label": "d", "amount": "x"}},
        ]


def test_objects_and_global_ids_on_the_short_path_answer_and_fail_as_graphql_core():
    from graphql import ExecutionContext, execute

    from marketplace.graphql.execution import PlainFieldsExecutionContext

    document = parse("{ things { id name inner { label amount } requiredInner { label amount } } }")
    graphql_schema = graphene.Schema(query=Things).graphql_schema
    ours = execute(graphql_schema, document, execution_context_class=PlainFieldsExecutionContext)
    theirs = execute(graphql_schema, document, execution_context_class=ExecutionContext)
    assert ours.data == theirs.data
    assert [(error.message, error.path) for error in ours.errors] == [
        (error.message, error.path) for error in theirs.errors
    ]
    assert ours.data["things"][0] == {
        "id": graphene.relay.Node.to_global_id("Thing", 1),
        "name": "whole",
        "inner": {"label": "a", "amount": 1},
        "requiredInner": {"label": "b", "amount": 2},
    }
    assert ours.data["things"][1]["inner"] is None and ours.data["things"][2] is None
    assert {tuple(error.path) for error in ours.errors} >= {("things", 1, "inner", "label"), ("things", 3, "inner")}
