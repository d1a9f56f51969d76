"""selectors.group_base_facts and search_base_facts, a listing base's facts read through statements kept compiled
(core.statements), give what listing_base_facts gives for the same base, group after group and search after search
(the group's id, the tsquery and the moment bound at each run), and follow a publication moved to tomorrow; and
selectors.group_first_page_ids, an unfiltered group's first page of ids, gives the ORM's in every sort."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from marketplace.catalogue import search, selectors
from marketplace.catalogue.models import Category
from marketplace.channels.models import ProductChannelListing


def _same(kept: dict, base) -> dict:
    """The kept statement's facts equal the ORM's run of listing_base_facts (without its constant `one`)."""
    orm = {name: value for name, value in selectors.listing_base_facts(base).get().items() if name != "one"}
    assert {**kept, "producer_ids": sorted(kept["producer_ids"])} == {
        **orm,
        "producer_ids": sorted(orm["producer_ids"]),
    }
    return kept


def _group(group: Category) -> dict:
    selectors.group_base_facts(group)  # the statement built (the group's own id bound at each run)
    with CaptureQueriesContext(connection) as captured:
        kept = selectors.group_base_facts(group)
    assert len(captured) == 1
    in_group = selectors.listed_products().filter(selectors.in_category_tree(group))
    return _same(kept, in_group)


def _search(text: str) -> dict:
    terms = search.parse_query(text)
    with CaptureQueriesContext(connection) as captured:
        kept = selectors.search_base_facts(terms)
    assert len(captured) == 1
    return _same(kept, search.search_products(selectors.listed_products(), terms))


def test_every_group_and_search_counts_as_the_orm_does(catalogue):
    groups = list(Category.objects.order_by("pk"))
    assert len(groups) > 2
    totals = [_group(group)["total"] for group in groups]
    assert len(set(totals)) > 1 and max(totals) > 0
    found = [_search(text) for text in ("cao lau", "banh", "mì quảng", "không có gì")]
    assert found[0]["total"] > 0 and found[-1] == {**found[-1], "total": 0, "producer_ids": []}

    # The moment is each run's: a product published tomorrow leaves its group's counts today.
    cao_lau = catalogue["cao_lau"]
    before = _group(cao_lau.category)["total"]
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    ProductChannelListing.objects.filter(product=cao_lau).update(published_at=tomorrow)
    assert _group(cao_lau.category)["total"] == before - 1


def test_an_unfiltered_group_s_first_page_of_ids_is_the_orm_s_in_every_sort(catalogue):
    for group in Category.objects.order_by("pk"):
        in_group = selectors.listed_products().filter(selectors.in_category_tree(group))
        for sort in (*selectors.SORTS, "unknown"):
            listing = selectors.listing_products(selectors.ListingFilters(), sort, base=in_group)
            for size in (2, 24):
                expected = list(listing.keyed.values_list("product_id", flat=True)[:size])
                assert selectors.group_first_page_ids(group, sort, size) == expected
