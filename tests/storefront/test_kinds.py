"""The programme's three kinds of product on the storefront: badges, the startup's story, the startup page, the
kind filter and its counts, search for "khoi nghiep", and the awards in JSON-LD."""

import datetime
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from inventory.models import StockMovement
from marketplace.catalogue import selectors
from marketplace.catalogue.models import Product
from marketplace.catalogue.services import add_ocop_certificate
from marketplace.producers.services import create_startup_profile, delete_startup_profile
from tests.catalogue.test_listed_products import expiring_on
from tests.storefront import catalogue_data as data


@pytest.fixture
def kinds(db, settings, tmp_path):
    """One product of each combination that matters: all three kinds, none, an expired and an unapproved CNNT."""
    food = data.category("Thực phẩm", "thuc-pham", sort_order=1)
    drinks = data.category("Đồ uống", "do-uong", sort_order=2)
    mitri = data.producer("Công ty TNHH Minh Triết", legal_form="company")
    plain = data.producer("Cơ sở Nước mắm Hà Quảng", legal_form="household")
    thanh_tra = data.producer("Công ty TNHH Thanh Trà Tiên Phước", legal_form="company")
    data.startup(
        mitri,
        name="MITRI TEA – trà sâm thảo mộc",
        status="flagship",
        founders_story="Anh Triết rời Sài Gòn về Phú Ninh pha trà sâm trong bếp của mẹ.",
        support_received="Giải Nhì cuộc thi khởi nghiệp tỉnh",
        support_decision_number="123/QĐ-UBND",
    )
    data.startup(thanh_tra, name="Thanh Trà Tiên Phước")
    items = {
        "all_three": data.product(name="MITRI TEA trà sâm", group=drinks, maker=mitri, price=120_000, stars=3),
        "none": data.product(name="Nước mắm Hà Quảng", group=food, maker=plain, price=70_000),
        "expired_cnnt": data.product(name="Mắm nêm Hà Quảng", group=food, maker=plain, price=50_000, stars=4),
        "pending_cnnt": data.product(name="Mứt vỏ thanh trà", group=food, maker=thanh_tra, price=85_000),
    }
    data.rural_industry(items["all_three"], level=2)
    data.rural_industry(items["expired_cnnt"], level=3, age_days=1500, expires_in_days=-10)
    data.rural_industry(items["pending_cnnt"], level=1, is_published=False)
    return items


def _card(html: str, name: str) -> str:
    """The HTML of the product card named `name`."""
    match = re.search(
        r'<article class="card[^"]*">(?:(?!</article>).)*?'
        + re.escape(f'<h3 class="card__name">{name}</h3>')
        + r".*?</article>",
        html,
        re.S,
    )
    assert match, name
    return match.group(0)


def test_a_product_of_all_three_kinds_shows_every_badge_its_story_and_its_awards(client, kinds):
    card = _card(client.get("/").content.decode(), "MITRI TEA trà sâm")
    assert "ocop-badge" in card and "Khởi nghiệp" in card and "CNNT tiêu biểu" in card

    response = client.get(reverse("storefront:product", args=[kinds["all_three"].slug]))
    html = response.content.decode()
    summary = html.split('class="product__summary"')[1].split("</div>")[0]
    assert "ocop-badge" in summary and "kind-badge--startup" in summary and "kind-badge--cnnt" in summary
    assert "Câu chuyện khởi nghiệp: MITRI TEA – trà sâm thảo mộc" in html
    assert "Anh Triết rời Sài Gòn về Phú Ninh" in html and "Dự án tiêu biểu" in html
    assert "Giải Nhì cuộc thi khởi nghiệp tỉnh" in html and "123/QĐ-UBND" in html
    assert "Sản phẩm công nghiệp nông thôn tiêu biểu" in html and "Cấp tỉnh" in html

    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert any(award.startswith("Sản phẩm OCOP 3 sao") for award in ld["award"])
    assert any(award.startswith("Sản phẩm công nghiệp nông thôn tiêu biểu cấp tỉnh") for award in ld["award"])
    names = {prop["name"]: prop["value"] for prop in ld["additionalProperty"]}
    assert names == {"OCOP": 3, "Khởi nghiệp": "MITRI TEA – trà sâm thảo mộc", "CNNT tiêu biểu": "cấp tỉnh"}


def test_a_product_of_no_kind_shows_no_badge_no_story_no_award(client, kinds):
    card = _card(client.get(reverse("storefront:category", args=["thuc-pham"])).content.decode(), "Nước mắm Hà Quảng")
    assert "kind-badge" not in card and "ocop-badge" not in card

    html = client.get(reverse("storefront:product", args=[kinds["none"].slug])).content.decode()
    assert "kind-badges" not in html and "Câu chuyện khởi nghiệp" not in html
    assert "Sản phẩm công nghiệp nông thôn tiêu biểu" not in html
    assert '"award"' not in html and '"additionalProperty"' not in html


def test_an_expired_recognition_hides_its_badge_but_the_page_says_it_expired(client, kinds):
    card = _card(client.get(reverse("storefront:category", args=["thuc-pham"])).content.decode(), "Mắm nêm Hà Quảng")
    assert "ocop-badge" in card  # the OCOP certificate is still valid
    assert "CNNT tiêu biểu" not in card

    html = client.get(reverse("storefront:product", args=[kinds["expired_cnnt"].slug])).content.decode()
    summary = html.split('class="product__summary"')[1].split("</div>")[0]
    assert "kind-badge--cnnt" not in summary
    assert "certificate--expired" in html and "Hết hạn ngày" in html
    assert "công nghiệp nông thôn" not in html.split("application/ld+json")[1].split("</script>")[0]


def test_an_unapproved_recognition_shows_nowhere(client, kinds):
    html = client.get(reverse("storefront:product", args=[kinds["pending_cnnt"].slug])).content.decode()
    assert "kind-badge--cnnt" not in html and "Sản phẩm công nghiệp nông thôn tiêu biểu" not in html
    assert "kind-badge--startup" in html  # its producer is a startup project all the same


def test_the_kind_filter_counts_what_choosing_it_shows(client, kinds):
    url = reverse("storefront:category", args=["thuc-pham"])
    html = client.get(url).content.decode()
    assert ">Sản phẩm khởi nghiệp (1)<" in html  # the unapproved CNNT's product, by its startup producer
    assert ">Sản phẩm OCOP (1)<" in html  # Mắm nêm: 4★
    assert ">Sản phẩm CNNT tiêu biểu (0)<" in html  # expired and unapproved recognitions do not count
    for kind, expected in (("startup", ["Mứt vỏ thanh trà"]), ("ocop", ["Mắm nêm Hà Quảng"]), ("cnnt", [])):
        page = client.get(url, {"kind": kind}).context["page"]
        assert [product.name for product in page.object_list] == expected
    # The other filters narrow the counts too: nothing of 5★ here.
    html = client.get(url, {"stars": "5"}).content.decode()
    assert ">Sản phẩm OCOP (0)<" in html and ">Sản phẩm khởi nghiệp (0)<" in html
    # A hand-made value is ignored, as the other filters' are.
    assert len(client.get(url, {"kind": "flagship"}).context["page"].object_list) == 3


def test_kind_counts_over_the_whole_catalogue(kinds):
    assert selectors.listing_kind_counts() == {"startup": 2, "ocop": 2, "cnnt": 1}


def test_search_finds_startup_products_by_khoi_nghiep(client, kinds):
    for query in ("khoi nghiep", "khởi nghiệp", "san pham khoi nghiep"):
        page = client.get(reverse("storefront:search"), {"q": query}).context["page"]
        assert sorted(product.name for product in page.object_list) == ["MITRI TEA trà sâm", "Mứt vỏ thanh trà"]


def test_marking_a_producer_a_startup_makes_its_existing_products_findable_and_unmarking_undoes_it(client, kinds):
    plain = kinds["none"].producer
    search = reverse("storefront:search")
    profile = create_startup_profile(producer=plain, project_name="Mắm Hà Quảng", founded_year=2022)
    names = {product.name for product in client.get(search, {"q": "khoi nghiep"}).context["page"].object_list}
    assert {"Nước mắm Hà Quảng", "Mắm nêm Hà Quảng"} <= names
    delete_startup_profile(profile=profile)
    names = {product.name for product in client.get(search, {"q": "khoi nghiep"}).context["page"].object_list}
    assert names == {"MITRI TEA trà sâm", "Mứt vỏ thanh trà"}


def test_startup_page_lists_the_projects_and_only_their_products(client, kinds):
    response = client.get("/khoi-nghiep/")
    assert response.status_code == 200
    assert [product.name for product in response.context["page"].object_list] == [
        "MITRI TEA trà sâm",
        "Mứt vỏ thanh trà",
    ]
    # Flagships first.
    assert [project.project_name for project in response.context["projects"]] == [
        "MITRI TEA – trà sâm thảo mộc",
        "Thanh Trà Tiên Phước",
    ]
    producer = kinds["pending_cnnt"].producer.slug
    narrowed = client.get("/khoi-nghiep/", {"producer": producer}).context["page"].object_list
    assert [product.name for product in narrowed] == ["Mứt vỏ thanh trà"]


def test_home_and_navigation_lead_to_the_startup_page(client, kinds):
    html = client.get("/").content.decode()
    assert html.count('href="/khoi-nghiep/"') >= 3  # header link, section title, "see all"
    assert "Sản phẩm khởi nghiệp" in html
    assert 'href="/khoi-nghiep/"' in client.get(reverse("storefront:search"), {"q": "mam"}).content.decode()


def test_home_shows_the_startup_products_in_their_listing_s_order(client, kinds):
    """The home page's entry reads the startups' products from their producers: the same products in the same
    (featured) order as the startup page; a certificate expiring today no longer ranks its product first."""
    home = client.get("/").context["startup_products"]
    listing = client.get("/khoi-nghiep/").context["page"].object_list
    assert [p.name for p in home] == [p.name for p in listing] == ["MITRI TEA trà sâm", "Mứt vỏ thanh trà"]  # 3★ first
    certificate = add_ocop_certificate(
        product=kinds["pending_cnnt"],
        stars=4,
        score=75,
        decision_number="4sao/QĐ-UBND",
        decision_date=timezone.localdate() - datetime.timedelta(days=10),
        authority="UBND tỉnh Quảng Nam",
    )
    assert [p.name for p in client.get("/").context["startup_products"]] == ["Mứt vỏ thanh trà", "MITRI TEA trà sâm"]
    expiring_on(certificate, timezone.localdate())
    assert [p.name for p in client.get("/").context["startup_products"]] == ["MITRI TEA trà sâm", "Mứt vỏ thanh trà"]


def test_startup_page_query_count_does_not_grow(client, kinds, django_assert_num_queries):
    # the catalogue version, producers for the filter, projects, count, the page's ids, those products, their first
    # photos
    with django_assert_num_queries(7) as first:
        client.get("/khoi-nghiep/")
    for n in range(4):
        data.product(name=f"Trà sâm mẫu {n}", group=kinds["all_three"].category, maker=kinds["all_three"].producer)
    with django_assert_num_queries(len(first.captured_queries)):
        assert len(client.get("/khoi-nghiep/").context["page"].object_list) == 6


def test_product_kinds_is_the_one_definition_reports_and_the_api_share(kinds):
    rows = {product.name: selectors.kinds_of(product) for product in selectors.product_kinds(Product.objects.all())}
    assert rows == {
        "MITRI TEA trà sâm": ["startup", "ocop", "cnnt"],
        "Nước mắm Hà Quảng": [],
        "Mắm nêm Hà Quảng": ["ocop"],
        "Mứt vỏ thanh trà": ["startup"],
    }
    # Reached from other rows, e.g. the stock ledger's movements, for a report that splits sales by kind.
    movements = StockMovement.objects.annotate(**selectors.product_kind_expressions(ref="product_variant__product"))
    by_product = {movement.product_variant.product.name: selectors.kinds_of(movement) for movement in movements}
    assert by_product["MITRI TEA trà sâm"] == ["startup", "ocop", "cnnt"]
    assert by_product["Nước mắm Hà Quảng"] == []
    startup_rows = StockMovement.objects.filter(selectors.of_kind("startup", ref="product_variant__product"))
    assert {movement.product_variant.product.name for movement in startup_rows} == {
        "MITRI TEA trà sâm",
        "Mứt vỏ thanh trà",
    }


KINDS_OVER_THE_API = """
query Kinds($filter: ProductFilterInput) {
  products(first: 20, channel: "sieu-thi-hcm", filter: $filter) {
    edges { node { name assignedAttribute(slug: "product-kind") {
      ... on AssignedMultiChoiceAttribute { value { slug name } }
    } } }
  }
}
"""


def test_the_api_gives_each_product_its_kinds_and_filters_on_them(client, kinds):
    def ask(filter=None):
        response = client.post(
            "/graphql/", {"query": KINDS_OVER_THE_API, "variables": {"filter": filter}}, content_type="application/json"
        )
        assert response.status_code == 200, response.content
        edges = response.json()["data"]["products"]["edges"]
        return {
            edge["node"]["name"]: [value["slug"] for value in edge["node"]["assignedAttribute"]["value"]]
            for edge in edges
        }

    assert ask() == {
        "MITRI TEA trà sâm": ["khoi-nghiep", "ocop", "cnnt-tieu-bieu"],
        "Nước mắm Hà Quảng": [],
        "Mắm nêm Hà Quảng": ["ocop"],
        "Mứt vỏ thanh trà": ["khoi-nghiep"],
    }
    startups = ask({"attributes": [{"slug": "product-kind", "values": ["khoi-nghiep"]}]})
    assert set(startups) == {"MITRI TEA trà sâm", "Mứt vỏ thanh trà"}
    cnnt = ask({"attributes": [{"slug": "product-kind", "values": ["cnnt-tieu-bieu"]}]})
    assert set(cnnt) == {"MITRI TEA trà sâm"}  # the expired and the unapproved recognitions count nowhere
