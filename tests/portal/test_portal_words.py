"""Producer portal forms and history in words a producer reads (issue 14, item 15): prices typed "80.000",
0 ₫ refused, the history naming photos, prices and variants as people do."""

import pytest
from django.urls import reverse

from marketplace.catalogue import services
from marketplace.core.errors import DomainError
from marketplace.core.numbers import parse_vnd
from tests.portal.conftest import photo

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "amount"),
    [("80.000", 80_000), ("80000", 80_000), ("80,000", 80_000), (" 80 000 ₫", 80_000), ("₫80,000", 80_000),
     ("80.000đ", 80_000), ("²", None), ("", None), ("abc", None), ("9" * 16, None)],
)  # fmt: skip
def test_amounts_as_people_type_them(typed, amount):
    assert parse_vnd(typed) == amount


def variant_url(product):
    return reverse("portal:variant", args=[product.pk, product.variants.get().pk])


def test_a_price_typed_with_dots_is_read_and_shown_grouped(client_a, live_a, channel):
    url = variant_url(live_a)
    page = client_a.get(url).text
    assert f'name="price_{channel.pk}" value="95.000"' in page and "data-vnd" in page
    assert "portal/money-input.js" in page
    response = client_a.post(url, {"name": "Chai 500 ml", f"price_{channel.pk}": "85.000"})
    assert response.status_code == 302
    assert live_a.revisions.get().changes["prices"][str(live_a.variants.get().pk)] == {str(channel.pk): 85_000}


@pytest.mark.parametrize("typed", ["0", "0.000", "0 ₫"])
def test_a_price_of_nothing_is_refused_in_the_form(client_a, live_a, channel, typed):
    response = client_a.post(variant_url(live_a), {"name": "Chai 500 ml", f"price_{channel.pk}": typed})
    assert response.status_code == 200
    assert "Giá bán phải lớn hơn 0 ₫." in response.text
    assert not live_a.revisions.exists()


def test_a_price_of_nothing_is_refused_by_the_service(member_a, live_a, channel):
    with pytest.raises(DomainError) as refused:
        services.set_variant_price(variant=live_a.variants.get(), channel=channel, price_amount=0)
    assert refused.value.code == "zero_price"


def test_the_history_names_photos_prices_and_variants_in_words(client_a, member_a, live_a, channel):
    client_a.post(variant_url(live_a), {"name": "Chai 500 ml", f"price_{channel.pk}": "85.000"})
    services.upload_product_photo(product=live_a, user=member_a, uploaded_file=photo())
    page = client_a.get(reverse("portal:product", args=[live_a.pk])).text
    history = page.split('<ol class="history">')[1].split("</ol>")[0]
    assert "Ảnh mới" in history
    assert f"Chai 500 ml – giá tại {channel.name}: 95.000 ₫ → 85.000 ₫" in history
    assert "CT-NHI-500" not in history and "85000" not in history and "ảnh:" not in history


def test_the_category_list_is_sorted_and_opens_on_a_prompt(client_a, category):
    from marketplace.catalogue.models import Category

    drinks = Category.objects.create(name="Đồ uống", slug="do-uong")
    Category.objects.create(name="Trà", slug="tra", parent=drinks)
    Category.objects.create(name="Bánh", slug="banh")
    page = client_a.get(reverse("portal:product_create")).text
    select = page.split('name="category"')[1].split("</select>")[0]
    options = [part.split("</option>")[0].split(">", 1)[1] for part in select.split("<option")[1:]]
    assert options == ["— Chọn nhóm sản phẩm —", "Bánh", "Thực phẩm", "Đồ uống", "Đồ uống › Trà"] or options == [
        "— Chọn nhóm sản phẩm —", "Bánh", "Đồ uống", "Đồ uống › Trà", "Thực phẩm"
    ]  # fmt: skip
    assert "---------" not in select


def test_make_main_photo_puts_it_first(client_a, member_a, draft_a):
    first = services.upload_product_photo(product=draft_a, user=member_a, uploaded_file=photo())
    second = services.upload_product_photo(product=draft_a, user=member_a, uploaded_file=photo("hai.jpg"))
    page = client_a.get(reverse("portal:product", args=[draft_a.pk])).text
    assert f'name="main" value="{second.pk}"' in page and f'name="main" value="{first.pk}"' not in page
    data = {f"order_{first.pk}": "1", f"alt_{first.pk}": "", f"order_{second.pk}": "2", f"alt_{second.pk}": ""}
    response = client_a.post(reverse("portal:photos_arrange", args=[draft_a.pk]), {**data, "main": str(second.pk)})
    assert response.status_code == 302
    from marketplace.catalogue.models import ProductMedia

    assert list(
        ProductMedia.all_objects.filter(product=draft_a).order_by("sort_order").values_list("pk", flat=True)
    ) == [
        second.pk,
        first.pk,
    ]


def test_submit_and_approve_buttons_are_not_red():
    from django.contrib.staticfiles import finders

    with open(finders.find("portal/portal.css"), encoding="utf-8") as source:
        css = source.read()
    primary = [line for line in css.splitlines() if line.startswith(".button--primary")]
    assert primary and all("--accent" not in line for line in primary)
