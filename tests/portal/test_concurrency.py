"""Reviews and edits at the same moment, each in its own connection: row locks keep the outcome whole."""

import functools

import pytest

from marketplace.accounts.models import User
from marketplace.accounts.services import accept_invitation, invitation_token, invite_producer_member
from marketplace.catalogue import services
from marketplace.catalogue.models import ProductEvent, ProductRevision
from marketplace.channels.models import ProductVariantChannelListing
from marketplace.core.errors import DomainError
from tests.concurrency import race

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_two_managers_approving_at_once_apply_the_change_once(member_a, manager, live_a, channel):
    second = User.objects.create_user(username="ql2", email="ql2@xuquang.vn", password=PASSWORD, role="manager")
    services.change_variant_price(variant=live_a.variants.get(), channel=channel, price_amount=99_000, user=member_a)
    revision = services.submit_for_review(product=live_a, user=member_a)

    results = race(
        [functools.partial(services.approve_revision, revision=revision, user=user) for user in (manager, second)]
    )

    approved = [result for result in results if isinstance(result, ProductRevision)]
    refused = [result for result in results if isinstance(result, DomainError)]
    assert len(approved) == 1 and [error.code for error in refused] == ["not_submitted"]
    assert (
        ProductVariantChannelListing.objects.get(variant=live_a.variants.get(), channel=channel).price_amount == 99_000
    )
    assert ProductEvent.objects.filter(product=live_a, kind="approved").count() == 1


def test_an_edit_racing_an_approval_is_either_in_it_or_refused(member_a, manager, live_a, channel):
    variant = live_a.variants.get()
    services.change_variant_price(variant=variant, channel=channel, price_amount=99_000, user=member_a)
    revision = services.submit_for_review(product=live_a, user=member_a)
    edit = functools.partial(services.update_product, product=live_a, user=member_a, name="Đổi tên giữa chừng")
    approve = functools.partial(services.approve_revision, revision=revision, user=manager)

    edit_result, approve_result = race([edit, approve])

    assert isinstance(approve_result, ProductRevision)
    # The edit either met the submitted revision (refused) or came after the approval (a new proposal).
    if isinstance(edit_result, DomainError):
        assert edit_result.code == "in_review"
        assert not ProductRevision.objects.filter(product=live_a, status="draft").exists()
    else:
        assert ProductRevision.objects.get(product=live_a, status="draft").changes == {
            "product": {"name": "Đổi tên giữa chừng"}
        }
    live_a.refresh_from_db()
    assert live_a.name == "Nước mắm Cát Trắng nhĩ"


def test_one_invitation_link_sent_twice_at_once_makes_one_account(producer_a, manager):
    token = invitation_token(invite_producer_member(producer=producer_a, email="moi@htx.vn", invited_by=manager))

    results = race([functools.partial(accept_invitation, token=token, password=PASSWORD) for _ in range(4)])

    assert sum(isinstance(result, User) for result in results) == 1
    assert {result.code for result in results if isinstance(result, DomainError)} == {"invitation_used"}
    assert User.objects.filter(email="moi@htx.vn").count() == 1
