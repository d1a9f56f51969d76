"""What Saleor's schema has that ours lacks, for every type a client can reach through the fields we serve.

    .venv/bin/python -m tests.graphql.schema_diff [--all]

Starting from our Query and Mutation fields, walks every type reachable through our fields' and arguments' types
(object, interface, input, enum and union types) and, for each that Saleor also has
(../shared/reference/saleor-schema.graphql), lists: fields, input fields and arguments Saleor has and we lack,
enum values and union members we lack, and shared fields, input fields or arguments whose type differs. Root
fields we do not serve at all are not listed (the catalogue's script, catalogue_schema_diff, lists those).
tests/graphql/test_schema_completeness.py keeps the answer at zero, less the differences listed there on purpose.
"""

import sys
from pathlib import Path

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLUnionType,
    build_schema,
    get_named_type,
)

ROOT = Path(__file__).resolve().parents[2]
OURS = ROOT / "schema.graphql"
SALEOR = ROOT.parent.parent / "shared" / "reference" / "saleor-schema.graphql"
if not SALEOR.exists():
    SALEOR = Path("/work/shared/reference/saleor-schema.graphql")


def load():
    return build_schema(OURS.read_text()), build_schema(SALEOR.read_text())


def reachable(schema) -> list[str]:
    """Names of the types reachable from the schema's Query and Mutation fields, in the order first met."""
    seen: dict[str, None] = {}
    todo = [schema.query_type, schema.mutation_type]
    while todo:
        named = todo.pop(0)
        if named is None or named.name in seen or named.name.startswith("__"):
            continue
        seen[named.name] = None
        if isinstance(named, GraphQLObjectType | GraphQLInterfaceType):
            for field in named.fields.values():
                todo.append(get_named_type(field.type))
                todo.extend(get_named_type(arg.type) for arg in field.args.values())
            todo.extend(named.interfaces)
            if isinstance(named, GraphQLInterfaceType):
                todo.extend(schema.get_possible_types(named))
        elif isinstance(named, GraphQLInputObjectType):
            todo.extend(get_named_type(field.type) for field in named.fields.values())
        elif isinstance(named, GraphQLUnionType):
            todo.extend(named.types)
    return list(seen)


def compare(ours, saleor, show_extra: bool = False) -> list[str]:
    lines = []
    for name in reachable(ours):
        mine, theirs = ours.type_map[name], saleor.type_map.get(name)
        if theirs is None or type(theirs) is not type(mine):
            continue
        if isinstance(theirs, GraphQLEnumType):
            lines.extend(f"{name}.{value}: enum value missing" for value in theirs.values if value not in mine.values)
            continue
        if isinstance(theirs, GraphQLUnionType):
            have = {member.name for member in mine.types}
            lines.extend(f"{name}: member {m.name} missing" for m in theirs.types if m.name not in have)
            continue
        if not isinstance(theirs, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType):
            continue
        for field_name, field in theirs.fields.items():
            own = mine.fields.get(field_name)
            if own is None:
                if name in ("Query", "Mutation"):
                    continue  # a root field we do not serve: the catalogue's script lists those
                lines.append(f"{name}.{field_name}: {field.type} missing")
                continue
            if str(own.type) != str(field.type):
                lines.append(f"{name}.{field_name}: type {own.type}, Saleor {field.type}")
            for arg_name, arg in getattr(field, "args", {}).items():
                own_arg = own.args.get(arg_name)
                if own_arg is None:
                    lines.append(f"{name}.{field_name}({arg_name}: {arg.type}) argument missing")
                elif str(own_arg.type) != str(arg.type):
                    lines.append(f"{name}.{field_name}({arg_name}): type {own_arg.type}, Saleor {arg.type}")
        if show_extra:
            lines.extend(f"{name}.{field}: ours only" for field in mine.fields.keys() - theirs.fields.keys())
    return lines


def main(argv: list[str]) -> int:
    ours, saleor = load()
    lines = compare(ours, saleor, "--all" in argv)
    for line in lines:
        print(line)
    types = reachable(ours)
    shared = [name for name in types if name in saleor.type_map]
    gaps = [line for line in lines if "ours only" not in line]
    print(f"\n{len(gaps)} differences over {len(shared)} types shared with Saleor ({len(types)} reachable)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
