"""Step 4: producer A cannot see or change producer B's products, photos, certificates, stock or sales by
guessing ids or URLs; others' objects answer 404 (their existence is not confirmed). Nor can a member reach the
admin, nor GraphQL reach anything not yet approved."""

import datetime

import pytest
from django.urls import reverse
from graphene import relay

from inventory import locations
from inventory.models import Warehouse
from inventory.services import receive_goods
from marketplace.catalogue import services
from marketplace.catalogue.models import ProductMedia
from marketplace.channels.models import ProductVariantChannelListing
from marketplace.producers.models import OcopCertificate

from .conftest import pdf, photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def b_objects(member_b, draft_b):
    """Producer B's draft with a pending photo, a certificate with a scan, and stock at a kiosk."""
    media = services.upload_product_photo(product=draft_b, user=member_b, uploaded_file=photo(), alt="Hộp trà")
    certificate = services.submit_certificate(
        product=draft_b,
        user=member_b,
        stars=5,
        score=92,
        decision_number="77/QĐ-TTg",
        decision_date=datetime.date(2025, 5, 1),
        authority="Bộ Nông nghiệp",
        document=pdf(),
    )
    kiosk = Warehouse.objects.get(slug=locations.KIOSK_TAM_KY)
    receive_goods(warehouse=kiosk, producer=draft_b.producer, lines=[(draft_b.variants.get(), 31)])
    return {"product": draft_b, "variant": draft_b.variants.get(), "media": media, "certificate": certificate}


def test_reading_another_producers_objects_is_404(client_a, b_objects, draft_a):
    product, variant = b_objects["product"], b_objects["variant"]
    for url in [
        reverse("portal:product", args=[product.pk]),
        reverse("portal:variant", args=[product.pk, variant.pk]),
        reverse("portal:variant", args=[draft_a.pk, variant.pk]),  # B's variant under A's own product
        reverse("portal:variant_create", args=[product.pk]),
        reverse("portal:photo_preview", args=[b_objects["media"].pk, 256]),
        reverse("portal:certificate_document", args=[b_objects["certificate"].pk]),
        reverse("portal:review_queue"),
    ]:
        assert client_a.get(url).status_code == 404, url
    dashboard = client_a.get(reverse("portal:dashboard")).text
    assert "Trà sâm Ngọc Linh" not in dashboard and "31" not in dashboard


def test_changing_another_producers_objects_is_404_and_changes_nothing(client_a, b_objects, draft_a, channel):
    product, variant, media = b_objects["product"], b_objects["variant"], b_objects["media"]
    attempts = {
        reverse("portal:product", args=[product.pk]): {"name": "Bị sửa", "category": product.category_id},
        reverse("portal:variant", args=[product.pk, variant.pk]): {f"price_{channel.pk}": "1"},
        reverse("portal:variant_create", args=[product.pk]): {"sku": "HACK-1"},
        reverse("portal:photo_upload", args=[product.pk]): {"images": [photo()]},
        reverse("portal:photos_arrange", args=[product.pk]): {f"order_{media.pk}": "0", f"alt_{media.pk}": "x"},
        reverse("portal:photo_delete", args=[media.pk]): {},
        reverse("portal:certificate_add", args=[product.pk]): {"stars": 3, "score": 60, "decision_number": "x"},
        reverse("portal:submit", args=[product.pk]): {},
        reverse("portal:certificate_delete", args=[b_objects["certificate"].pk]): {},
    }
    for url, data in attempts.items():
        assert client_a.post(url, data).status_code == 404, url
    # A's own arrange form naming B's photo is refused too.
    client_a.post(
        reverse("portal:photos_arrange", args=[draft_a.pk]), {f"order_{media.pk}": "0", f"alt_{media.pk}": "x"}
    )

    product.refresh_from_db()
    media.refresh_from_db()
    assert (product.name, product.status) == ("Trà sâm Ngọc Linh", "draft")
    assert ProductVariantChannelListing.objects.get(variant=variant).price_amount == 250_000
    assert not product.variants.filter(sku="HACK-1").exists()
    assert ProductMedia.all_objects.filter(product=product).count() == 1 and media.alt == "Hộp trà"
    assert OcopCertificate.all_objects.filter(product=product).count() == 1
    assert not product.events.filter(user__email="a@htx.vn").exists()


def test_anonymous_visitors_are_sent_to_sign_in_and_files_are_not_public(client, b_objects):
    url = reverse("portal:certificate_document", args=[b_objects["certificate"].pk])
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("portal:login"))
    assert client.get(reverse("portal:photo_preview", args=[b_objects["media"].pk, 256])).status_code == 302
    # The public thumbnail URL does not serve a photo waiting for review, nor does /media/ exist.
    assert client.get(reverse("thumbnail", args=[b_objects["media"].pk, 256])).status_code == 404
    assert client.get("/media/" + b_objects["certificate"].document.name).status_code == 404


def test_a_shopper_account_does_not_reach_the_portal(client, b_objects):
    from marketplace.accounts.services import create_user

    shopper = create_user(email="khach@example.vn", password="Mot-mat-khau-dai-2026", role="shopper")
    client.force_login(shopper)
    assert client.get(reverse("portal:dashboard")).status_code == 404
    assert client.get(reverse("portal:product", args=[b_objects["product"].pk])).status_code == 404


def test_a_producer_member_is_not_staff_and_the_admin_refuses_them(client_a, member_a, b_objects):
    assert not member_a.is_staff
    for url in ["/admin/", f"/admin/catalogue/product/{b_objects['product'].pk}/change/"]:
        response = client_a.get(url)
        assert response.status_code == 302 and "/admin/login/" in response.url


def test_managers_see_every_producers_files(manager_client, b_objects):
    assert manager_client.get(reverse("portal:product", args=[b_objects["product"].pk])).status_code == 200
    scan = manager_client.get(reverse("portal:certificate_document", args=[b_objects["certificate"].pk]))
    assert scan.status_code == 200


GRAPHQL_PRODUCT = "query($id: ID!) { product(id: $id) { name media { url } ocopRating { stars } } }"


def graphql(client, query, **variables):
    response = client.post("/graphql/", {"query": query, "variables": variables}, content_type="application/json")
    return response.json()


def test_graphql_does_not_reach_a_draft_by_global_id(client_a, b_objects):
    global_id = relay.Node.to_global_id("Product", b_objects["product"].pk)
    result = graphql(client_a, GRAPHQL_PRODUCT, id=global_id)
    assert result["data"]["product"] is None


def test_graphql_and_storefront_keep_pending_photos_and_certificates_of_a_live_product_hidden(client, member_a, live_a):
    services.upload_product_photo(product=live_a, user=member_a, uploaded_file=photo())
    services.submit_certificate(
        product=live_a,
        user=member_a,
        stars=4,
        score=75,
        decision_number="1/QĐ",
        decision_date=datetime.date.today() - datetime.timedelta(days=30),
        authority="UBND tỉnh Quảng Nam",
    )
    global_id = relay.Node.to_global_id("Product", live_a.pk)
    product = graphql(client, GRAPHQL_PRODUCT, id=global_id)["data"]["product"]
    assert product == {"name": "Nước mắm Cát Trắng nhĩ", "media": [], "ocopRating": None}
    page = client.get(reverse("storefront:product", args=[live_a.slug]))
    assert page.status_code == 200
    assert "/thumbnail/" not in page.text


def test_managers_find_submitted_revisions_and_history_in_the_admin(manager_client, member_a, live_a, channel):
    services.change_variant_price(variant=live_a.variants.get(), channel=channel, price_amount=99_000, user=member_a)
    revision = services.submit_for_review(product=live_a, user=member_a)
    listing = manager_client.get("/admin/catalogue/productrevision/")
    assert listing.status_code == 200
    assert reverse("portal:review", args=[revision.pk]) in listing.text
    history = manager_client.get("/admin/catalogue/productevent/")
    assert history.status_code == 200 and "Gửi duyệt" in history.text
    assert manager_client.get("/admin/accounts/producerinvitation/").status_code == 200
