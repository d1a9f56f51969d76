"""schema.graphql, the printed schema at the root of the repository, is the API the code serves: clients and
reviewers read it, and a change to the API shows up in it (and in review) or fails here."""

import io
from pathlib import Path

from django.core.management import call_command

REGENERATE = "make schema"
COMMITTED = Path(__file__).resolve().parents[2] / "schema.graphql"


def test_the_committed_schema_is_the_one_the_code_serves(tmp_path):
    printed = tmp_path / "schema.graphql"
    call_command("graphql_schema", out=str(printed), stdout=io.StringIO())
    assert COMMITTED.exists(), f"schema.graphql is missing; write it with `{REGENERATE}` and commit it."
    committed = COMMITTED.read_text(encoding="utf-8")
    served = printed.read_text(encoding="utf-8")
    assert committed == served, (
        f"schema.graphql differs from the schema the code serves; regenerate it with `{REGENERATE}` "
        "(manage.py graphql_schema --out schema.graphql), review the difference and commit it."
    )
