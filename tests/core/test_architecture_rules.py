"""docs/architecture.md and the import-linter contracts in pyproject.toml are one list of rules."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_contract_is_written_down_and_every_written_rule_is_a_contract():
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
    checked = {contract["id"] for contract in contracts}
    rules = (ROOT / "docs/architecture.md").read_text().split("## The rules `make lint` checks", 1)[1]
    rules = rules.split("\n## ", 1)[0]
    written = set(re.findall(r"\(`([a-z-]+)`(?:, `([a-z-]+)`)?\)", rules))
    written = {name for pair in written for name in pair if name}
    assert checked == written
    assert all(not contract.get("ignore_imports") for contract in contracts)
