"""graphql-core's execution with a short path for plain fields.

A page of 32 products with their variants resolves some 1,500 fields, and most of them are plain: a scalar read
from an attribute of the object (a name, a slug, an amount, a URL) by graphene's default resolver, with no
arguments. graphql-core treats each like any other field (resolve info, arguments, middleware, value
completion): ~20 µs apiece. Here such a field is read and serialized directly; everything else, and any plain
field whose value is missing, raises or does not serialize, goes the usual way, so the answer and its errors are
the same. Middleware (the request's time limit) therefore runs for every field with a resolver of its own, not
for plain reads, which cannot take long.
"""

from functools import partial

from graphene.types.resolver import attr_resolver, dict_or_attr_resolver, dict_resolver
from graphql import ExecutionContext, GraphQLField, GraphQLNonNull, Undefined, is_leaf_type

_DEFAULT_RESOLVERS = (dict_or_attr_resolver, attr_resolver, dict_resolver)
# Field definition id -> (the definition, kept so that the id stays its own; its plan or None).
_plans: dict[int, tuple[GraphQLField, tuple | None]] = {}


def _plain_field(field_def: GraphQLField) -> tuple | None:
    """(attribute name, default value, scalar or enum type, required) of a plain field; None for any other."""
    resolve = field_def.resolve
    if field_def.args or not isinstance(resolve, partial) or resolve.func not in _DEFAULT_RESOLVERS:
        return None
    if len(resolve.args) != 2 or resolve.keywords:
        return None
    required = isinstance(field_def.type, GraphQLNonNull)
    leaf_type = field_def.type.of_type if required else field_def.type
    if not is_leaf_type(leaf_type):
        return None
    attname, default = resolve.args
    return attname, default, leaf_type, required


def plain_field(field_def: GraphQLField) -> tuple | None:
    found = _plans.get(id(field_def))
    if found is None or found[0] is not field_def:
        found = _plans[id(field_def)] = (field_def, _plain_field(field_def))
    return found[1]


class PlainFieldsExecutionContext(ExecutionContext):
    def execute_field(self, parent_type, source, field_nodes, path):
        name = field_nodes[0].name.value
        field_def = None if name.startswith("__") else parent_type.fields.get(name)
        plan = plain_field(field_def) if field_def is not None else None
        if plan is None:
            return super().execute_field(parent_type, source, field_nodes, path)
        attname, default, leaf_type, required = plan
        value = Undefined
        try:
            value = source.get(attname, default) if isinstance(source, dict) else getattr(source, attname, default)
            if value is None or value is Undefined:
                serialized = None
            else:
                serialized = None if isinstance(value, Exception) else leaf_type.serialize(value)
        except Exception:  # noqa: BLE001 - the usual path below reports it as graphql-core does
            serialized = None
        if serialized is None or serialized is Undefined:
            if value is None and not required:
                return None
            return super().execute_field(parent_type, source, field_nodes, path)
        return serialized
