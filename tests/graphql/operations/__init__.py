"""Storefront-style operations, written the way a Saleor 3 storefront queries, kept as .graphql files.

Each is validated against our schema and against Saleor's public schema (shared/reference/saleor-schema.graphql,
found beside the repository), then executed with assertions by the tests of its folder.
"""

from functools import cache
from pathlib import Path

from django.conf import settings
from graphql import GraphQLSchema, build_schema, parse, validate

HERE = Path(__file__).resolve().parent
SALEOR_SCHEMA_PATH = Path("shared") / "reference" / "saleor-schema.graphql"


def operation(folder: str, name: str) -> str:
    return (HERE / folder / f"{name}.graphql").read_text(encoding="utf-8")


def operations_in(folder: str) -> list[Path]:
    return sorted((HERE / folder).glob("*.graphql"))


@cache
def saleor_schema() -> GraphQLSchema:
    """Saleor's schema, from the shared/ folder next to the repository (or next to a folder above it: a
    worktree lives one level deeper)."""
    for folder in Path(settings.BASE_DIR).resolve().parents:
        candidate = folder / SALEOR_SCHEMA_PATH
        if candidate.exists():
            return build_schema(candidate.read_text(encoding="utf-8"))
    raise FileNotFoundError(f"{SALEOR_SCHEMA_PATH} is not beside the repository or a folder above it")


def validation_errors(schema: GraphQLSchema, text: str) -> list[str]:
    return [error.message for error in validate(schema, parse(text))]
