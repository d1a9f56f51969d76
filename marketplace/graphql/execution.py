"""graphql-core's execution with a short path for plain fields.

A page of 32 products with their variants resolves some 1,500 fields, and most of them are plain: a scalar read
from an attribute of the object (a name, a slug, an amount, a URL) by graphene's default resolver, with no
arguments. graphql-core treats each like any other field (resolve info, arguments, middleware, value
completion): ~20 µs apiece. Here such a field is read and serialized directly; everything else, and any plain
field whose value is missing, raises or does not serialize, goes the usual way, so the answer and its errors are
the same. Middleware (the request's time limit) therefore runs for every field with a resolver of its own, not
for plain reads, which cannot take long.

Two more kinds of field take a short path of their own: a Relay `id` (the object's key read as above and turned
into its global ID, as graphene's node field does), and an object read by the default resolver without arguments
(a product's `category`, a price range's `start`, a price's `gross`), whose sub-fields are executed directly on
the value read, without the resolve info, arguments, middleware and completion of the field itself; an error in
a sub-field is located and propagated exactly as graphql-core's own execute_field does.
"""

from functools import partial

from graphene.relay.node import GlobalID
from graphene.types.resolver import attr_resolver, dict_or_attr_resolver, dict_resolver
from graphql import ExecutionContext, GraphQLField, GraphQLNonNull, GraphQLObjectType, Undefined, is_leaf_type
from graphql.error import located_error

_DEFAULT_RESOLVERS = (dict_or_attr_resolver, attr_resolver, dict_resolver)
_ID_RESOLVER = GlobalID.id_resolver
# The kinds of plan.
LEAF, GLOBAL_ID, OBJECT = "leaf", "id", "object"
# Field definition id -> (the definition, kept so that the id stays its own; its plan or None).
_plans: dict[int, tuple[GraphQLField, tuple | None]] = {}


def _default_read(resolve) -> tuple | None:
    """(attribute name, default value) of graphene's default resolver; None for any other resolver."""
    if not isinstance(resolve, partial) or resolve.func not in _DEFAULT_RESOLVERS:
        return None
    if len(resolve.args) != 2 or resolve.keywords:
        return None
    return resolve.args


def _plain_field(field_def: GraphQLField) -> tuple | None:
    """(kind, attribute name, default value, type, required, extra) of a field on a short path; None for any other.

    LEAF: a scalar or enum read by the default resolver. GLOBAL_ID: Relay's `id` (extra: the node and the type
    name). OBJECT: an object type without is_type_of read by the default resolver."""
    if field_def.args:
        return None
    resolve = field_def.resolve
    required = isinstance(field_def.type, GraphQLNonNull)
    inner_type = field_def.type.of_type if required else field_def.type
    read = _default_read(resolve)
    if read is not None:
        if is_leaf_type(inner_type):
            return LEAF, *read, inner_type, required, None
        if isinstance(inner_type, GraphQLObjectType) and inner_type.is_type_of is None:
            return OBJECT, *read, inner_type, required, None
        return None
    if (
        isinstance(resolve, partial)
        and resolve.func is _ID_RESOLVER
        and len(resolve.args) == 2
        and set(resolve.keywords) == {"parent_type_name"}
        and resolve.keywords["parent_type_name"]
        and is_leaf_type(inner_type)
    ):
        parent_read = _default_read(resolve.args[0])
        if parent_read is not None:
            node, type_name = resolve.args[1], resolve.keywords["parent_type_name"]
            return GLOBAL_ID, *parent_read, inner_type, required, (node, type_name)
    return None


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
        kind, attname, default, field_type, required, extra = plan
        try:
            value = source.get(attname, default) if isinstance(source, dict) else getattr(source, attname, default)
        except Exception:  # noqa: BLE001 - the usual path reports it as graphql-core does
            return super().execute_field(parent_type, source, field_nodes, path)
        if value is None and kind is not GLOBAL_ID and not required:
            return None
        if value is None or value is Undefined or isinstance(value, Exception):
            return super().execute_field(parent_type, source, field_nodes, path)
        if kind is OBJECT:
            return self._execute_object(field_type, field_def, field_nodes, path, value)
        try:
            if kind is GLOBAL_ID:
                node, type_name = extra
                value = node.to_global_id(type_name, value)
            serialized = field_type.serialize(value)
        except Exception:  # noqa: BLE001 - the usual path reports it as graphql-core does
            serialized = None
        if serialized is None or serialized is Undefined:
            return super().execute_field(parent_type, source, field_nodes, path)
        return serialized

    def _execute_object(self, object_type, field_def, field_nodes, path, value):
        """What complete_object_value gives for `value` (an object type without is_type_of), with graphql-core's
        handling of an error raised by a sub-field: located at this field, null here if the field may be null,
        else propagated to the parent."""
        try:
            return self.execute_fields(object_type, value, path, self.collect_subfields(object_type, field_nodes))
        except Exception as raw_error:  # noqa: BLE001 - handled as graphql-core's execute_field handles it
            error = located_error(raw_error, field_nodes, path.as_list())
            self.handle_field_error(error, field_def.type, path)
            return None
