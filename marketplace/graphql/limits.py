"""What one GraphQL request may ask for, checked before anything runs.

A parsed document is measured once, in one walk that visits each fragment once (a fragment spread reuses what
its fragment measured), so the walk itself costs time in proportion to the size of the document, never to what
the fragments would expand to:

- **depth**: fields nested inside fields, fragments counted as where they are spread (introspection included:
  `__type { fields { type { fields … } } }` multiplies like any list);
- **aliases**: aliased fields written in the document (the operations of a batch share the allowance, and
  share the cost allowance too);
- **time**: TimeLimitMiddleware stops resolving fields once a request has run TIME_LIMIT_SECONDS;
- **page size**: every `first`/`last` argument, literal or variable, from 0 to MAX_PAGE_SIZE;
- **text**: no string argument or variable of a query may hold NUL or an unpaired surrogate (nothing can store
  them; mutations answer it as data on the field instead);
- **cost**, the idea of Saleor's query cost: a field that returns an object costs 1 plus what it selects,
  multiplied by its `first`/`last` (MAX_PAGE_SIZE when a paginated field is given neither), and a list of the
  schema's own description (`types`, `fields`, …) by INTROSPECTION_LIST_MULTIPLIER. Leaves cost nothing; the
  number of fields in the document is limited apart (MAX_FIELDS), because graphql-core's validation compares
  fields of a selection set pairwise.

Every refusal is a GraphQLError whose `extensions.exception.code` names it (QueryCostError, QueryDepthError,
QueryAliasError, PageSizeError, QueryTooLarge, QueryTimeout), the shape Saleor gives its own errors.
"""

import os
import time
from dataclasses import dataclass, field

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    OperationType,
    StringValueNode,
    VariableNode,
    get_named_type,
    is_list_type,
)
from graphql.language import DocumentNode, SelectionSetNode, Visitor, visit
from graphql.type import GraphQLInterfaceType, get_nullable_type

# The HTTP request: its body (a storefront's largest operation with its fragments is ~20 KB), how deep its JSON
# (variables included) may nest, and how many operations a batch may hold (each under every limit below).
MAX_BODY_BYTES = 64 * 1024
MAX_JSON_DEPTH = 32
MAX_BATCH = 10
# Wall-clock time one request may spend resolving fields (each SQL statement has its own limit too): past it,
# no further field starts and the client gets a QueryTimeout error. gunicorn's worker timeout is 60 s.
TIME_LIMIT_SECONDS = float(os.environ.get("XQ_GRAPHQL_TIME_LIMIT", "10"))
# Saleor's default GRAPHQL_QUERY_MAX_COMPLEXITY. A page of 100 products with prices, thumbnail, media, variants,
# category and producer costs 2,100; 25 such pages in one request (or 100 categories × 100 products) are refused.
# The introspection query of GraphiQL costs about 16,400.
MAX_QUERY_COST = 50_000
# Fields nested in fields, leaves included: a storefront's deepest operation nests about 10, the introspection
# query of GraphiQL and of code generators 15 (its type references nest `ofType` 7 deep; newer ones go further).
MAX_DEPTH = 20
# Each aliased root field runs its resolver again (a page of products: ~50 ms of fixed work before any row).
MAX_ALIASES = 20
MAX_PAGE_SIZE = 100
# Field selections written in one document (fragments counted once); a large storefront operation has ~300.
# Validation compares same-named fields pairwise: 1,000 such fields take it ~0.7 s, 2,000 over 1 s.
MAX_FIELDS = 1_000
# Tokens the parser reads before it gives up; GraphiQL's introspection query has ~300.
MAX_TOKENS = 10_000
# The lists of introspection (`__Schema.types`, `__Type.fields`, …) have no `first`; this stands for their length.
INTROSPECTION_LIST_MULTIPLIER = 10
# Costs are counted up to this, so that a hostile document's cost stays a small number.
COST_CEILING = 10**9
PAGINATION_ARGUMENTS = ("first", "last")


def limit_error(message: str, code: str, nodes=None) -> GraphQLError:
    return GraphQLError(message, nodes, extensions={"exception": {"code": code}})


@dataclass
class Measure:
    depth: int = 0
    cost: int = 0


@dataclass
class _Walk:
    schema: GraphQLSchema
    fragments: dict[str, FragmentDefinitionNode]
    variables: dict
    operation: OperationDefinitionNode
    errors: list[GraphQLError] = field(default_factory=list)
    fragment_measures: dict[str, Measure] = field(default_factory=dict)
    in_progress: set[str] = field(default_factory=set)

    def selection_set(self, selection_set: SelectionSetNode | None, parent_type) -> Measure:
        total = Measure()
        if selection_set is None:
            return total
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                measure = self.field(selection, parent_type)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner_type = self.schema.get_type(condition.name.value) if condition else parent_type
                measure = self.selection_set(selection.selection_set, inner_type)
            elif isinstance(selection, FragmentSpreadNode):
                measure = self.fragment(selection.name.value)
            else:  # pragma: no cover - the language has no other selection
                continue
            total.depth = max(total.depth, measure.depth)
            total.cost = min(total.cost + measure.cost, COST_CEILING)
        return total

    def fragment(self, name: str) -> Measure:
        # Unknown and cyclic fragments measure nothing here; validation reports them.
        if name in self.fragment_measures:
            return self.fragment_measures[name]
        definition = self.fragments.get(name)
        if definition is None or name in self.in_progress:
            return Measure()
        self.in_progress.add(name)
        measure = self.selection_set(
            definition.selection_set, self.schema.get_type(definition.type_condition.name.value)
        )
        self.in_progress.discard(name)
        self.fragment_measures[name] = measure
        return measure

    def field(self, node: FieldNode, parent_type) -> Measure:
        field_type = _field_type(self.schema, parent_type, node.name.value)
        paginated = False
        multiplier = 1
        for argument in node.arguments or ():
            if argument.name.value not in PAGINATION_ARGUMENTS:
                continue
            paginated = True
            size = self.int_value(argument.value)
            if size is None:
                continue
            if size < 0 or size > MAX_PAGE_SIZE:
                self.errors.append(
                    limit_error(
                        f"`{argument.name.value}` takes a value from 0 to {MAX_PAGE_SIZE}; {size} was given.",
                        "PageSizeError",
                        [argument],
                    )
                )
                size = MAX_PAGE_SIZE
            multiplier = max(multiplier, size)
        if not paginated and field_type is not None and _takes_pagination(parent_type, node.name.value):
            multiplier = MAX_PAGE_SIZE
        if (
            not paginated
            and isinstance(parent_type, GraphQLNamedType)
            and parent_type.name.startswith("__")
            and field_type is not None
            and _is_list(parent_type, node.name.value)
        ):
            multiplier = INTROSPECTION_LIST_MULTIPLIER
        if node.selection_set is None:
            return Measure(depth=1, cost=0)
        inner = self.selection_set(node.selection_set, get_named_type(field_type) if field_type else None)
        return Measure(depth=inner.depth + 1, cost=min(multiplier * (1 + inner.cost), COST_CEILING))

    def int_value(self, value) -> int | None:
        if isinstance(value, IntValueNode):
            return int(value.value)
        if isinstance(value, VariableNode):
            given = self.variables.get(value.name.value)
            if given is None:
                given = self.variable_default(value.name.value)
            if isinstance(given, int) and not isinstance(given, bool):
                return given
        return None

    def variable_default(self, name: str):
        for definition in self.operation.variable_definitions or ():
            if definition.variable.name.value == name and isinstance(definition.default_value, IntValueNode):
                return int(definition.default_value.value)
        return None


def _field_definition(parent_type, name: str):
    if isinstance(parent_type, (GraphQLObjectType, GraphQLInterfaceType)):
        return parent_type.fields.get(name)
    return None


def _field_type(schema: GraphQLSchema, parent_type, name: str):
    if name == "__schema":
        return schema.get_type("__Schema")
    if name == "__type":
        return schema.get_type("__Type")
    definition = _field_definition(parent_type, name)
    return definition.type if definition else None


def _takes_pagination(parent_type, name: str) -> bool:
    definition = _field_definition(parent_type, name)
    return definition is not None and any(arg in definition.args for arg in PAGINATION_ARGUMENTS)


def _is_list(parent_type, name: str) -> bool:
    definition = _field_definition(parent_type, name)
    if definition is None:
        return False
    return is_list_type(get_nullable_type(definition.type))


def _count(document: DocumentNode) -> tuple[int, list[FieldNode]]:
    """Field selections and aliased fields written in the document (each fragment once)."""
    fields = 0
    aliased = []
    stack = [definition.selection_set for definition in document.definitions if hasattr(definition, "selection_set")]
    while stack:
        selection_set = stack.pop()
        if selection_set is None:
            continue
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                fields += 1
                if selection.alias is not None:
                    aliased.append(selection)
            if getattr(selection, "selection_set", None) is not None:
                stack.append(selection.selection_set)
    return fields, aliased


def _unstorable(text: str) -> bool:
    """NUL (PostgreSQL text cannot hold it) or a lone surrogate (not encodable as UTF-8)."""
    return "\x00" in text or any("\ud800" <= char <= "\udfff" for char in text)


class _StringValues(Visitor):
    def __init__(self):
        super().__init__()
        self.bad: list[StringValueNode] = []

    def enter_string_value(self, node: StringValueNode, *_):
        if _unstorable(node.value):
            self.bad.append(node)


def unstorable_literals(document: DocumentNode) -> list[StringValueNode]:
    """The document's string literals that no field could store or compare (see check_text)."""
    strings = _StringValues()
    visit(document, strings)
    return strings.bad


def check_text(bad_literals, variables: dict | None) -> list[GraphQLError]:
    """Text no field could store or compare, refused once here rather than failing in whichever resolver meets it:
    `bad_literals` are the document's (unstorable_literals, found once per document text), the variables are
    looked at on every request."""
    stack = [variables]
    bad_variable = False
    while stack and not bad_variable:
        value = stack.pop()
        if isinstance(value, str):
            bad_variable = _unstorable(value)
        elif isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    if not bad_literals and not bad_variable:
        return []
    return [
        limit_error(
            "Text arguments may not contain NUL characters or unpaired surrogates.",
            "GraphQLError",
            list(bad_literals[:1]) or None,
        )
    ]


def _root_type(schema: GraphQLSchema, operation: OperationDefinitionNode):
    return {
        OperationType.QUERY: schema.query_type,
        OperationType.MUTATION: schema.mutation_type,
        OperationType.SUBSCRIPTION: schema.subscription_type,
    }[operation.operation]


def _measure_operations(schema: GraphQLSchema, document: DocumentNode, variables: dict | None):
    """(operation, its depth and cost, its page-size errors) for each operation of the document."""
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    for operation in (d for d in document.definitions if isinstance(d, OperationDefinitionNode)):
        walk = _Walk(schema, fragments, variables if isinstance(variables, dict) else {}, operation)
        measure = walk.selection_set(operation.selection_set, _root_type(schema, operation))
        yield operation, measure, walk.errors


@dataclass
class Budget:
    """What is left for one HTTP request: the operations of a batch share one cost and one alias allowance."""

    cost: int = MAX_QUERY_COST
    aliases: int = MAX_ALIASES
    # The cost of the last document checked, refused or not: answered as Saleor's extensions.cost.
    last_cost: int = 0


def check_limits(
    schema: GraphQLSchema, document: DocumentNode, variables: dict | None, budget: Budget | None = None
) -> list[GraphQLError]:
    """The refusals of a parsed document under this module's limits; empty when it may be validated and run, and
    then what it costs is taken from the budget."""
    budget = budget or Budget()
    fields, aliased = _count(document)
    if fields > MAX_FIELDS:
        return [limit_error(f"The query selects {fields} fields; at most {MAX_FIELDS} are allowed.", "QueryTooLarge")]
    errors = []
    if len(aliased) > budget.aliases:
        errors.append(
            limit_error(
                f"The request uses more than {MAX_ALIASES} aliases.",
                "QueryAliasError",
                aliased[budget.aliases : budget.aliases + 1],
            )
        )
    try:
        measured = list(_measure_operations(schema, document, variables))
    except RecursionError:
        return [*errors, limit_error(f"The query nests fields deeper than {MAX_DEPTH}.", "QueryDepthError")]
    budget.last_cost = max((measure.cost for _, measure, _ in measured), default=0)
    for operation, measure, page_size_errors in measured:
        errors.extend(page_size_errors)
        name = operation.name.value if operation.name else "anonymous"
        if measure.depth > MAX_DEPTH:
            errors.append(
                limit_error(
                    f"The operation '{name}' nests fields {measure.depth} deep; at most {MAX_DEPTH} are allowed.",
                    "QueryDepthError",
                    [operation],
                )
            )
        if measure.cost > budget.cost:
            errors.append(
                limit_error(
                    f"The operation '{name}' exceeds the maximum cost of {MAX_QUERY_COST} (a batch shares it).",
                    "QueryCostError",
                    [operation],
                )
            )
    if not errors:
        budget.aliases -= len(aliased)
        budget.cost -= budget.last_cost
    return errors


class QueryTimeout(BaseException):
    """Raised between two fields once a request has run past TIME_LIMIT_SECONDS. A BaseException so that
    graphql-core does not turn it into one error entry per remaining field: the whole execution stops."""


class TimeLimitMiddleware:
    """graphene middleware: no field starts resolving after the request's deadline (request.graphql_deadline)."""

    def resolve(self, next_resolver, root, info, **arguments):
        deadline = getattr(info.context, "graphql_deadline", None)
        if deadline is not None and time.monotonic() > deadline:
            raise QueryTimeout
        return next_resolver(root, info, **arguments)


def query_cost(schema: GraphQLSchema, document: DocumentNode, variables: dict | None = None) -> int:
    """The cost of the document's costliest operation (counted up to COST_CEILING): for tests and benches."""
    return max((measure.cost for _, measure, _ in _measure_operations(schema, document, variables)), default=0)
