"""Step 3: producers submit, managers approve or reject; the live version stays until approval; history kept."""

import pytest
from django.urls import reverse

from inventory import locations
from marketplace.catalogue import selectors as storefront
from marketplace.catalogue import services
from marketplace.catalogue.models import Product, ProductEvent, ProductMedia, ProductRevision
from marketplace.channels.models import Channel, ProductVariantChannelListing
from marketplace.core.errors import DomainError
from marketplace.producers.models import OcopCertificate

from .conftest import make_product, photo

pytestmark = pytest.mark.django_db


def live_price(product, channel):
    return ProductVariantChannelListing.objects.get(variant__product=product, channel=channel).price_amount


def test_a_change_to_a_live_product_waits_while_the_published_version_stays(
    client_a, manager_client, member_a, manager, live_a, channel
):
    variant = live_a.variants.get()
    services.update_product(product=live_a, user=member_a, name="Nước mắm Cát Trắng nhĩ 40 độ đạm")
    services.change_variant_price(variant=variant, channel=channel, price_amount=99_000, user=member_a)
    services.upload_product_photo(product=live_a, user=member_a, uploaded_file=photo(), alt="Chai mới")

    live_a.refresh_from_db()
    assert live_a.name == "Nước mắm Cát Trắng nhĩ" and live_a.status == Product.Status.PUBLISHED
    assert live_price(live_a, channel) == 95_000
    assert list(ProductMedia.objects.filter(product=live_a)) == []
    assert storefront.visible_products().filter(pk=live_a.pk).exists()  # still sold as approved
    revision = ProductRevision.objects.get(product=live_a)
    assert revision.changes == {
        "product": {"name": "Nước mắm Cát Trắng nhĩ 40 độ đạm"},
        "prices": {str(variant.pk): {str(channel.pk): 99_000}},
    }

    revision = services.submit_for_review(product=live_a, user=member_a)
    with pytest.raises(DomainError) as locked:
        services.update_product(product=live_a, user=member_a, name="Khác")
    assert locked.value.code == "in_review"
    queue = manager_client.get(reverse("portal:review_queue")).text
    assert "Nước mắm Cát Trắng nhĩ" in queue
    review = manager_client.get(reverse("portal:review", args=[revision.pk])).text
    assert "99.000 ₫" in review or "99000" in review

    response = manager_client.post(
        reverse("portal:review", args=[revision.pk]), {"action": "approve", "comment": "Tốt"}
    )
    assert response.status_code == 302
    live_a.refresh_from_db()
    assert live_a.name == "Nước mắm Cát Trắng nhĩ 40 độ đạm"
    assert live_price(live_a, channel) == 99_000
    assert ProductMedia.objects.filter(product=live_a).count() == 1
    revision.refresh_from_db()
    assert (revision.status, revision.reviewed_by) == (ProductRevision.Status.APPROVED, manager)
    kinds = list(live_a.events.order_by("pk").values_list("kind", flat=True))
    assert kinds == ["created", "proposed", "proposed", "photo_added", "submitted", "approved"]
    proposed = live_a.events.filter(kind="proposed").order_by("pk").first()
    assert proposed.user == member_a and proposed.changes == {
        "tên sản phẩm": ["Nước mắm Cát Trắng nhĩ", "Nước mắm Cát Trắng nhĩ 40 độ đạm"]
    }
    approved = live_a.events.get(kind="approved")
    assert approved.user == manager and approved.comment == "Tốt"
    assert approved.changes["CT-NHI-500 – giá tại " + channel.name] == [None, 99_000]


def test_a_rejection_leaves_the_live_product_and_shows_the_comment(client_a, member_a, manager, live_a, channel):
    services.change_variant_price(variant=live_a.variants.get(), channel=channel, price_amount=1_000, user=member_a)
    revision = services.submit_for_review(product=live_a, user=member_a)
    with pytest.raises(DomainError) as silent:
        services.reject_revision(revision=revision, user=manager, comment="  ")
    assert silent.value.code == "comment_required"
    services.reject_revision(revision=revision, user=manager, comment="Giá 1.000 ₫ có nhầm không?")
    assert live_price(live_a, channel) == 95_000
    page = client_a.get(reverse("portal:product", args=[live_a.pk])).text
    assert "Giá 1.000 ₫ có nhầm không?" in page and "Bị từ chối" in page
    dashboard = client_a.get(reverse("portal:dashboard")).text
    assert "Giá 1.000 ₫ có nhầm không?" in dashboard
    # The producer corrects and resubmits the same revision.
    services.change_variant_price(variant=live_a.variants.get(), channel=channel, price_amount=100_000, user=member_a)
    assert services.submit_for_review(product=live_a, user=member_a).pk == revision.pk
    services.approve_revision(revision=revision, user=manager)
    assert live_price(live_a, channel) == 100_000
    assert live_a.events.filter(kind=ProductEvent.Kind.REJECTED, user=manager).get().comment.startswith("Giá 1.000")


def test_a_new_product_is_published_by_approval_with_its_photos_and_certificate(member_a, manager, draft_a):
    services.upload_product_photo(product=draft_a, user=member_a, uploaded_file=photo(), alt="Chai")
    services.submit_certificate(
        product=draft_a,
        user=member_a,
        stars=4,
        score=80,
        decision_number="5/QĐ",
        decision_date="2025-01-02",
        authority="UBND tỉnh Quảng Nam",
    )
    assert not storefront.visible_products().filter(pk=draft_a.pk).exists()
    revision = services.submit_for_review(product=draft_a, user=member_a)
    draft_a.refresh_from_db()
    assert draft_a.status == Product.Status.IN_REVIEW
    with pytest.raises(DomainError):
        services.approve_revision(revision=revision, user=member_a)  # a member cannot approve
    services.approve_revision(revision=revision, user=manager)
    draft_a.refresh_from_db()
    assert draft_a.status == Product.Status.PUBLISHED
    assert storefront.visible_products().filter(pk=draft_a.pk).exists()
    assert OcopCertificate.objects.filter(product=draft_a).count() == 1
    assert ProductMedia.objects.filter(product=draft_a).count() == 1


def test_rejecting_a_new_product_marks_it_rejected(member_a, manager, draft_a):
    revision = services.submit_for_review(product=draft_a, user=member_a)
    services.reject_revision(revision=revision, user=manager, comment="Thiếu ảnh")
    draft_a.refresh_from_db()
    assert draft_a.status == Product.Status.REJECTED
    services.update_product(product=draft_a, user=member_a, shelf_life="12 tháng")  # editable again, in place
    draft_a.refresh_from_db()
    assert draft_a.shelf_life == "12 tháng"


def test_removing_a_live_photo_waits_for_approval(member_a, manager, live_a):
    media = services.add_product_media(product=live_a, uploaded_file=photo())
    services.remove_product_photo(media=media, user=member_a)
    assert ProductMedia.objects.filter(pk=media.pk).exists()
    revision = services.submit_for_review(product=live_a, user=member_a)
    services.approve_revision(revision=revision, user=manager)
    assert not ProductMedia.all_objects.filter(pk=media.pk).exists()


def test_approval_is_one_transaction(member_a, manager, live_a, draft_b, channel):
    """A proposal that no longer holds at approval (barcode taken since) changes nothing at all."""
    variant = live_a.variants.get()
    services.update_variant(variant=variant, user=member_a, barcode="8930000000019")
    services.change_variant_price(variant=variant, channel=channel, price_amount=120_000, user=member_a)
    revision = services.submit_for_review(product=live_a, user=member_a)
    taker = draft_b.variants.get()
    taker.barcode = "8930000000019"
    taker.save()
    with pytest.raises(DomainError):
        services.approve_revision(revision=revision, user=manager)
    assert live_price(live_a, channel) == 95_000
    revision.refresh_from_db()
    assert revision.status == ProductRevision.Status.SUBMITTED


def test_nothing_to_submit_is_refused(member_a, live_a):
    with pytest.raises(DomainError) as refused:
        services.submit_for_review(product=live_a, user=member_a)
    assert refused.value.code == "nothing_to_submit"


def test_the_product_page_previews_the_card_with_the_waiting_values(client_a, member_a, live_a, channel):
    services.update_product(product=live_a, user=member_a, name="Nước mắm nhĩ mới")
    services.change_variant_price(variant=live_a.variants.get(), channel=channel, price_amount=77_000, user=member_a)
    page = client_a.get(reverse("portal:product", args=[live_a.pk])).text
    preview = page[page.index('class="card-preview"') : page.index("</aside>")]
    assert "Nước mắm nhĩ mới" in preview and "77.000 ₫" in preview


@pytest.mark.parametrize("status", [Product.Status.DRAFT, Product.Status.PUBLISHED])
def test_a_refused_price_saves_nothing_of_the_variant_edit(member_a, producer_a, category, channel, status):
    """save_variant_with_prices: details and prices are one transaction; a refused price leaves the rest too."""
    product = make_product(producer_a, category, channel, name="Nước mắm nhĩ", sku="CT-NHI-750", status=status)
    variant = product.variants.get()
    kiosk = Channel.objects.get(slug=locations.KIOSK_HOI_AN)
    events = ProductEvent.objects.count()
    with pytest.raises(DomainError) as refused:
        services.save_variant_with_prices(
            variant=variant, user=member_a, name="Chai 750 ml", prices=[(channel, 120_000), (kiosk, -1)]
        )
    assert refused.value.code == "negative_price"
    variant.refresh_from_db()
    assert variant.name == "Chai 500 ml" and live_price(product, channel) == 95_000
    assert not ProductVariantChannelListing.objects.filter(variant=variant, channel=kiosk).exists()
    assert ProductEvent.objects.count() == events
    assert not ProductRevision.objects.filter(product=product).exclude(changes={}).exists()
