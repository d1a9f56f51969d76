"""core.statements: a statement compiled once binds each run's values where its markers were, and its rows read as
Django's own run of the queryset reads them (fields converted from the database, joined models, absent ones None)."""

import pytest
from django.db.models import Count
from django.db.models.expressions import RawSQL

from marketplace.catalogue.models import Category, ProductEvent
from marketplace.core.statements import ModelRows, Statement, kept
from tests.storefront import catalogue_data as data

pytestmark = pytest.mark.django_db

IDS = [-1]
# The ids as one array parameter (Django's `IN (%s, %s, …)` would give each its own, and no place to the array).
AMONG_IDS = RawSQL("SELECT unnest(%s::bigint[])", (IDS,))


def test_an_id_array_is_bound_at_each_run_and_a_json_field_read_as_django_reads_it():
    product = data.product(
        name="Mì Quảng", group=data.category("Đặc sản", "dac-san"), maker=data.producer("Bà Mua"), photos=0
    )
    event = ProductEvent.objects.create(
        product=product, kind=ProductEvent.Kind.values[0], changes={"giá": [1, 2], "tên": "mới"}
    )
    statement = Statement(ProductEvent.objects.filter(pk__in=AMONG_IDS), ids=IDS)
    [raw] = statement.raw(ids=[event.pk])
    assert raw.changes == ProductEvent.objects.get(pk=event.pk).changes == {"giá": [1, 2], "tên": "mới"}
    assert statement.raw(ids=[]) == []
    [row] = ModelRows(ProductEvent.objects.filter(pk__in=AMONG_IDS), related=("product",), ids=IDS).run(ids=[event.pk])
    assert (row.changes, row.product.name) == (event.changes, "Mì Quảng")


def test_a_joined_model_that_is_absent_is_none_and_annotations_are_read():
    parent = data.category("Đặc sản", "dac-san")
    child = data.category("Bánh", "banh", parent=parent)
    statement = ModelRows(
        Category.objects.filter(slug="\x00marker").order_by("pk"), related=("parent",), slug="\x00marker"
    )
    [top] = statement.run(slug="dac-san")
    [below] = statement.run(slug="banh")
    assert top.parent is None and top.parent_id is None
    assert (below.parent.pk, below.parent.name) == (parent.pk, "Đặc sản")
    assert below == child and below._state.adding is False


def test_a_marker_that_is_not_among_the_parameters_is_refused():
    with pytest.raises(ValueError, match="unchanged"):
        Statement(Category.objects.filter(pk__in=IDS), ids=IDS)  # one parameter per id, no array
    with pytest.raises(ValueError, match="unchanged"):
        Statement(Category.objects.filter(slug__startswith="\x00marker"), slug="\x00marker")


def test_kept_builds_once_per_key_and_starts_over_when_full(monkeypatch):
    monkeypatch.setattr("marketplace.core.statements.MAX_KEPT", 2)
    statements, built = {}, []
    for key in ("a", "a", "b", "c"):
        kept(statements, key, lambda key=key: built.append(key) or key)
    assert built == ["a", "b", "c"] and statements == {"c": "c"}


def test_the_rows_of_a_values_queryset_are_read_by_their_names(django_assert_num_queries):
    data.category("Đặc sản", "dac-san")
    data.category("Bánh", "banh", parent=Category.objects.get())
    counted = Category.objects.filter(pk__in=AMONG_IDS).values("parent_id").annotate(groups=Count("pk"))
    statement = Statement(counted.order_by("parent_id"), ids=IDS)
    ids = list(Category.objects.values_list("pk", flat=True))
    with django_assert_num_queries(1):
        found = statement.mappings(ids=ids)
    assert found == [{"parent_id": min(ids), "groups": 1}, {"parent_id": None, "groups": 1}]
    assert statement.mappings(ids=[]) == []
