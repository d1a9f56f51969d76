"""A till search ranks the same offline as online: the server's rule (selectors.find_variants_for_till) and its
port to the browser (static/pos/search.js, run here under Node on the catalogue the till keeps) answer the same
cases in the same order."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from marketplace.catalogue.models import Category
from marketplace.producers.services import create_producer
from tests.pos.conftest import _variant

NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(NODE is None, reason="Node.js runs the till's search script")

NAMES = [
    ("Nước mắm làng Bích Họa", "NM-1"),
    ("Nước mắm nhĩ Cửa Khe", "NM-2"),
    ("Mắm cá cơm Hội An", "MC-1"),
    ("Bánh tráng nướng mè đen", "BT-1"),
    ("Hoà thảo mộc", "HT-1"),
    ("Hoa quả sấy Quế Sơn", "HQ-1"),
    ("Hòa Vang gạo lứt", "HV-1"),
    ("Trà hoa vàng", "TR-1"),
    ("Dầu mè đen Bảo Tâm", "DM-1"),
    ("Sâm Ngọc Linh 500ml", "SN-1"),
]
QUERIES = [
    "nuoc mam",
    "mắm",
    "mam",
    "Mắm",
    "hoa",
    "hòa",
    "hoà",
    "HOÀ THẢO",
    "me den",
    "den",
    "Đen",
    "ban",
    "cua khe",
    "500",
    "sam ngoc linh 500ml",
    "quả",
    "hoi an",
    "x",
    "!!!",
    "  nước   mắm  ",
    "khong co",
]

RUNNER = """
const search = require(process.argv[1]);
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const out = {};
for (const query of input.queries) out[query] = search.search(input.items, query, 20).map((item) => item.sku);
process.stdout.write(JSON.stringify(out));
"""


@pytest.fixture
def shelf(db):
    producer = create_producer(name="HTX Quảng Nam", legal_form="cooperative", tax_code="4000999888")
    food = Category.objects.create(name="Thực phẩm", slug="thuc-pham")
    return [_variant(producer, food, name, sku, "", 50_000) for name, sku in NAMES]


def offline_results(items, queries):
    script = Path(finders.find("pos/search.js"))
    answer = subprocess.run(
        [NODE, "-e", RUNNER, str(script)],
        input=json.dumps({"items": items, "queries": queries}),
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    return json.loads(answer.stdout)


def test_offline_search_ranks_as_the_server_does(client, staff_hoi_an, shelf):
    client.force_login(staff_hoi_an)
    items = client.get(reverse("pos:catalogue", args=["kiosk-hoi-an"])).json()["items"]
    url = reverse("pos:search", args=["kiosk-hoi-an"])
    online = {query: [item["sku"] for item in client.get(url, {"q": query}).json()["items"]] for query in QUERIES}
    assert offline_results(items, QUERIES) == online
    # And the rule is the one meant: exact diacritics first, then names starting with the query, then by name.
    assert online["hòa"] == ["HT-1", "HV-1", "HQ-1", "NM-1", "TR-1"]
    assert online["mắm"][:1] == ["MC-1"]
    assert online["nuoc mam"] == ["NM-1", "NM-2"]
    assert online["!!!"] == [] and online["khong co"] == []


def test_normalisation_matches_the_servers(shelf):
    from marketplace.catalogue.search import parse_query

    texts = ["Hoà", "hòa", "HOÀ THẢO", "Đèn lồng Hội An", "  nước   mắm  ", "Sâm Ngọc Linh 500ml", "a_b-c", "!!!"]
    script = Path(finders.find("pos/search.js"))
    runner = (
        "const s = require(process.argv[1]);"
        "const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "process.stdout.write(JSON.stringify(input.map((t) => s.parseQuery(t))));"
    )
    answer = subprocess.run(
        [NODE, "-e", runner, str(script)], input=json.dumps(texts), capture_output=True, text=True, check=True
    )
    assert json.loads(answer.stdout) == [{"plain": parse_query(t).plain, "tone": parse_query(t).tone} for t in texts]
