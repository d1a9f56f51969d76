"""create_user: the one way accounts are made, with the links each role needs."""

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory

from inventory import locations
from inventory.models import Warehouse
from marketplace.accounts.models import User
from marketplace.accounts.services import MANAGER_GROUP_NAME, create_user
from marketplace.core.errors import DomainError
from marketplace.producers.services import create_producer

PASSWORD = "mat-khau-du-dai-2026"


@pytest.fixture
def producer(db):
    return create_producer(name="HTX Thử nghiệm", legal_form="cooperative", tax_code="4000000002")


@pytest.fixture
def kiosk(db):
    return Warehouse.objects.get(slug=locations.KIOSK_HOI_AN)


def test_a_shopper_logs_in_with_the_normalised_email(db):
    user = create_user(email="  Khach.Hang@Example.VN ", password=PASSWORD, role=User.Role.SHOPPER, first_name="Hòa")
    assert user.email == user.username == "khach.hang@example.vn"
    assert not user.is_staff
    assert authenticate(RequestFactory().post("/"), username="khach.hang@example.vn", password=PASSWORD) == user


def test_a_manager_gets_the_admin_and_the_managers_permissions(db):
    manager = create_user(email="ql@example.vn", password=PASSWORD, role=User.Role.MANAGER)
    assert manager.is_staff and not manager.is_superuser
    assert list(manager.groups.values_list("name", flat=True)) == [MANAGER_GROUP_NAME]
    assert manager.has_perm("catalogue.change_product")
    assert manager.has_perm("inventory.view_stockmovement")
    # The ledger is append-only: no permission invites an edit the database would refuse.
    assert not manager.has_perm("inventory.change_stockmovement")
    assert not manager.has_perm("auth.change_group")


def test_producer_members_and_kiosk_staff_are_linked(producer, kiosk):
    member = create_user(email="tv@example.vn", password=PASSWORD, role=User.Role.PRODUCER, producer=producer)
    staff = create_user(email="nv@example.vn", password=PASSWORD, role=User.Role.KIOSK_STAFF, kiosk=kiosk)
    assert member.producer == producer and member.kiosk is None
    assert staff.kiosk == kiosk and staff.producer is None


@pytest.mark.parametrize(
    ("role", "links", "code"),
    [
        (User.Role.PRODUCER, {}, "producer_mismatch"),
        (User.Role.SHOPPER, {"producer": True}, "producer_mismatch"),
        (User.Role.KIOSK_STAFF, {}, "kiosk_mismatch"),
        (User.Role.MANAGER, {"kiosk": True}, "kiosk_mismatch"),
        ("owner", {}, "invalid_role"),
    ],
)
def test_role_and_links_must_agree(producer, kiosk, role, links, code):
    kwargs = {"producer": producer if links.get("producer") else None, "kiosk": kiosk if links.get("kiosk") else None}
    with pytest.raises(DomainError) as refused:
        create_user(email="x@example.vn", password=PASSWORD, role=role, **kwargs)
    assert refused.value.code == code
    assert not User.objects.exists()


def test_kiosk_staff_need_a_kiosk_not_any_location(db):
    warehouse = Warehouse.objects.get(slug=locations.FULFILMENT_HCM)
    with pytest.raises(DomainError) as refused:
        create_user(email="nv@example.vn", password=PASSWORD, role=User.Role.KIOSK_STAFF, kiosk=warehouse)
    assert refused.value.code == "not_a_kiosk"


def test_an_email_is_one_account_whatever_its_case(db):
    create_user(email="an@example.vn", password=PASSWORD, role=User.Role.SHOPPER)
    with pytest.raises(DomainError) as refused:
        create_user(email="AN@example.vn", password=PASSWORD, role=User.Role.SHOPPER)
    assert (refused.value.code, refused.value.field) == ("email_taken", "email")


def test_a_weak_password_is_refused_with_a_message(db):
    with pytest.raises(DomainError) as refused:
        create_user(email="an@example.vn", password="12345678", role=User.Role.SHOPPER)
    assert (refused.value.code, refused.value.field) == ("weak_password", "password")
    assert refused.value.message
    assert not User.objects.exists()
