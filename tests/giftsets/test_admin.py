"""The gift set editor in the admin: a manager composes a set through the services and sees what each place can
sell; a producer member cannot reach it; a hostile part is refused next to the page, never a 500."""

import pytest

from marketplace.accounts.services import create_user
from marketplace.catalogue.models import GiftSetComponent, Product
from marketplace.catalogue.services import create_product, create_variant
from tests.catalogue.adminpages import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


def _url(gift_set):
    return f"/admin/catalogue/product/{gift_set.product_id}/change/"


def test_the_set_editor_shows_the_parts_and_what_each_place_can_sell(manager_client, gift_set, stocked):
    response = manager_client.get(_url(gift_set))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nước mắm làng Bích Họa" in page and "set_components-0-component" in page
    # Hội An: 4 boxes (fish sauce 9 // 2); HCMC: 2 (rice paper).
    assert "Ki-ốt Hội An" in page or "Hội An" in page
    assert "<strong>4</strong>" in page and "<strong>2</strong>" in page


def test_a_manager_adds_a_part_through_the_service(manager_client, gift_set, producers, category):
    honey = create_variant(
        product=create_product(producer=producers["tea"], category=category, name="Mật ong dú Kỳ Tân"), sku="MO-KT"
    )
    data = form_data(manager_client.get(_url(gift_set)))
    data["set_components-3-component"] = str(honey.pk)
    data["set_components-3-quantity"] = "2"
    assert manager_client.post(_url(gift_set), data).status_code == 302
    added = GiftSetComponent.objects.get(component=honey)
    assert added.quantity == 2
    assert gift_set.product.events.filter(changes__has_key="Thành phần hộp quà").exists()


def test_a_set_offered_as_its_own_part_is_refused_without_a_500(manager_client, gift_set, producers, category):
    other = create_product(producer=producers["programme"], category=category, name="Hộp quà nhỏ", is_gift_set=True)
    other_variant = create_variant(product=other, sku="QT-NHO")
    data = form_data(manager_client.get(_url(gift_set)))
    data["set_components-3-component"] = str(other_variant.pk)
    data["set_components-3-quantity"] = "1"
    response = manager_client.post(_url(gift_set), data, follow=True)
    assert response.status_code == 200
    assert "Không thể đặt một hộp quà vào trong hộp quà khác." in response.content.decode()
    assert not GiftSetComponent.objects.filter(component=other_variant).exists()


def test_the_autocomplete_offers_no_set_as_a_part(manager_client, gift_set):
    response = manager_client.get(
        "/admin/autocomplete/",
        {"term": "QT", "app_label": "catalogue", "model_name": "giftsetcomponent", "field_name": "component"},
    )
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == []
    response = manager_client.get(
        "/admin/autocomplete/",
        {"term": "CT-NM", "app_label": "catalogue", "model_name": "giftsetcomponent", "field_name": "component"},
    )
    assert len(response.json()["results"]) == 1


def test_a_producer_member_cannot_open_the_set_editor(client, gift_set, producers):
    member = create_user(
        email="thanhvien@cattrang.test", password="mat-khau-dai-123", role="producer", producer=producers["fish"]
    )
    client.force_login(member)
    response = client.get(_url(gift_set))
    assert response.status_code in (302, 403)
    assert Product.objects.get(pk=gift_set.product_id).set_components.count() == 3


def test_removing_every_part_of_a_published_set_is_refused_without_a_500(manager_client, gift_set):
    data = form_data(manager_client.get(_url(gift_set)))
    for index in range(3):
        data[f"set_components-{index}-DELETE"] = "on"
    response = manager_client.post(_url(gift_set), data, follow=True)
    assert response.status_code == 200
    assert "Không thể bỏ thành phần cuối cùng của hộp quà đang bán." in response.content.decode()
    # The admin saves the page in one transaction: the two removals before the refusal are undone too.
    assert GiftSetComponent.objects.filter(gift_set=gift_set.product).count() == 3


@pytest.mark.parametrize("quantity", ["²", "a\x00b", "9" * 400, "-1", "1e3"])
def test_a_hostile_quantity_in_the_set_editor_is_refused_without_a_500(manager_client, gift_set, quantity):
    data = form_data(manager_client.get(_url(gift_set)))
    data["set_components-0-quantity"] = quantity
    response = manager_client.post(_url(gift_set), data)
    assert response.status_code == 200  # the page again, with the field's error
    assert "errorlist" in response.content.decode()
    assert GiftSetComponent.objects.get(pk=data["set_components-0-id"]).quantity == 1
