"""Shoppers' accounts: sign up, sign in (the guest cart follows), password reset, address book, their orders."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from procrastinate.contrib.django.models import ProcrastinateJob

from marketplace.accounts.models import Address, User
from marketplace.accounts.services import create_user, save_address, sign_up_shopper
from marketplace.checkout.models import Checkout
from marketplace.checkout.services import add_to_checkout, create_checkout
from marketplace.checkout.session import SESSION_KEY
from marketplace.core.errors import DomainError
from tests.checkout.fixtures import SAIGON_WARD
from tests.jobs import run_deferred_jobs

BEN_THANH_WARD = "26743"  # Phường Bến Thành
PASSWORD = "Ca-phe-sua-da-2026"


@pytest.fixture
def lan(db):
    return sign_up_shopper(
        email="Lan@Example.com", full_name="Nguyễn Thị  Lan", phone="0901 234 567", password=PASSWORD
    )


@pytest.fixture
def binh(db):
    return sign_up_shopper(email="binh@example.com", full_name="Trần Văn Bình", phone="0912345678", password=PASSWORD)


def _address(user, *, street="12 Lê Lợi", ward=SAIGON_WARD, **extra):
    return save_address(
        user=user, full_name=user.first_name, phone=user.phone, street_address=street, ward_code=ward, **extra
    )


# --- sign up ----------------------------------------------------------------------------------------------------


def test_sign_up_page_creates_a_signed_in_shopper(client, db):
    response = client.post(
        reverse("accounts:sign_up"),
        {
            "email": "Mai@Example.com",
            "full_name": "Lê Thị Mai",
            "phone": "+84 903 111 222",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    assert response.status_code == 302 and response.url == reverse("accounts:home")
    user = User.objects.get()
    assert (user.email, user.username, user.phone, user.get_full_name(), user.role) == (
        "mai@example.com",
        "mai@example.com",
        "0903111222",
        "Lê Thị Mai",
        User.Role.SHOPPER,
    )
    assert client.get(reverse("accounts:home")).status_code == 200


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"password1": "12345678", "password2": "12345678"}, "password1", "quá phổ biến"),
        ({"password2": "something-else-2026"}, "password2", "không khớp"),
        ({"phone": "12345"}, "phone", "Số điện thoại không hợp lệ"),
        ({"email": "binh@example.com"}, "email", "đã được dùng"),
    ],
)
def test_sign_up_refusals_are_shown_next_to_their_field(client, binh, changes, field, message):
    data = {
        "email": "mai@example.com",
        "full_name": "Lê Thị Mai",
        "phone": "0903111222",
        "password1": PASSWORD,
        "password2": PASSWORD,
    } | changes
    response = client.post(reverse("accounts:sign_up"), data)

    assert response.status_code == 400  # the form again, with its errors
    assert any(message in error for error in response.context["form"].errors[field])
    assert User.objects.count() == 1
    assert "_auth_user_id" not in client.session


def test_sign_up_shows_every_error_at_once_and_keeps_what_was_typed_but_the_passwords(client, binh):
    data = {
        "email": "binh@example.com",  # taken
        "full_name": "Lê Thị Mai",
        "phone": "12345",  # not a phone number
        "password1": "12345678",  # too common
        "password2": "12345678",
    }
    response = client.post(reverse("accounts:sign_up"), data)

    errors = response.context["form"].errors
    assert set(errors) == {"email", "phone", "password1"}  # all three in one answer, not one per try
    page = response.content.decode()
    assert 'value="binh@example.com"' in page and 'value="Lê Thị Mai"' in page and 'value="12345"' in page
    assert 'value="12345678"' not in page  # passwords are not sent back, and the page says so
    assert "mật khẩu không được giữ lại" in page
    assert User.objects.count() == 1


def test_sign_up_service_validates_the_password_against_the_person(db):
    with pytest.raises(DomainError) as refused:
        sign_up_shopper(email="nguyenthilan@example.com", full_name="Lan", phone="0901234567", password="nguyenthilan")
    assert refused.value.field == "password"


# --- sign in / out -----------------------------------------------------------------------------------------------


def test_sign_in_by_email_in_any_case_joins_the_guest_cart(client, lan, variant, second_variant, channel):
    own = create_checkout(channel=channel, user=lan)
    add_to_checkout(own, variant=variant, quantity=1, user=lan)
    client.post(reverse("checkout:add"), {"variant_id": variant.pk, "quantity": 2})
    client.post(reverse("checkout:add"), {"variant_id": second_variant.pk, "quantity": 1})
    assert client.session[SESSION_KEY]

    response = client.post(reverse("accounts:login"), {"username": "LAN@example.com ", "password": PASSWORD})

    assert response.status_code == 302 and response.url == reverse("accounts:home")
    cart = Checkout.objects.get()
    assert cart.user == lan
    assert {line.variant_id: line.quantity for line in cart.lines.all()} == {variant.pk: 3, second_variant.pk: 1}
    assert SESSION_KEY not in client.session


@pytest.mark.parametrize("typed", ["0901 234 567", "+84901234567", "0901234567"])
def test_sign_in_by_phone_number(client, lan, typed):
    response = client.post(reverse("accounts:login"), {"username": typed, "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("accounts:home")
    assert client.session["_auth_user_id"] == str(lan.pk)


def test_a_phone_shared_by_two_accounts_does_not_sign_in(client, lan):
    sign_up_shopper(email="me@example.com", full_name="Mẹ Lan", phone="0901234567", password=PASSWORD)
    response = client.post(reverse("accounts:login"), {"username": "0901234567", "password": PASSWORD})
    assert "Email/số điện thoại hoặc mật khẩu không đúng." in response.content.decode()


def test_the_account_page_leaves_no_gap_for_an_empty_field(client, lan):
    lan.phone = ""
    lan.save()
    client.force_login(lan)
    page = client.get(reverse("accounts:home")).content.decode()
    assert "<p>Nguyễn Thị Lan · lan@example.com</p>" in page


def test_sign_in_goes_back_to_a_safe_next_page_only(client, lan):
    response = client.post(
        reverse("accounts:login") + "?next=/thanh-toan/", {"username": lan.email, "password": PASSWORD}
    )
    assert response.url == "/thanh-toan/"
    client.logout()
    response = client.post(
        reverse("accounts:login") + "?next=https://evil.example/", {"username": lan.email, "password": PASSWORD}
    )
    assert response.url == reverse("accounts:home")


def test_a_wrong_password_or_a_staff_account_is_refused_here_and_staff_keep_the_admin_login(client, lan, db):
    response = client.post(reverse("accounts:login"), {"username": lan.email, "password": "wrong-password"})
    assert "Email/số điện thoại hoặc mật khẩu không đúng." in response.content.decode()

    manager = create_user(email="quanly@example.com", password=PASSWORD, role=User.Role.MANAGER)
    response = client.post(reverse("accounts:login"), {"username": manager.email, "password": PASSWORD})
    assert response.status_code == 200 and "_auth_user_id" not in client.session

    assert client.get("/admin/").url.startswith("/admin/login/")
    response = client.post("/admin/login/?next=/admin/", {"username": manager.email, "password": PASSWORD})
    assert response.status_code == 302 and response.url == "/admin/"


def test_account_pages_send_guests_to_the_shopper_sign_in(client, db):
    for name in ("accounts:home", "accounts:addresses", "orders:list"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login") + "?next=")


def test_sign_out_is_a_post_and_ends_the_session(client, lan):
    client.force_login(lan)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.url == reverse("storefront:home")
    assert "_auth_user_id" not in client.session


def test_the_header_links_to_sign_in_or_to_the_account(client, lan, variant):
    assert reverse("accounts:login") in client.get(reverse("checkout:cart")).content.decode()
    client.force_login(lan)
    page = client.get(reverse("checkout:cart")).content.decode()
    assert f'href="{reverse("accounts:home")}"' in page and "Tài khoản của tôi" in page


# --- password reset ----------------------------------------------------------------------------------------------


def test_password_reset_by_email_in_vietnamese(client, lan):
    response = client.post(reverse("accounts:password_reset"), {"email": "lan@example.com"})
    assert response.url == reverse("accounts:password_reset_done")
    assert mail.outbox == []  # a worker sends it; the job keeps no token
    assert ProcrastinateJob.objects.get().args == {
        "user_id": lan.pk,
        "site_url": "http://testserver",
        "language": "vi",
    }
    assert run_deferred_jobs() == ["marketplace.accounts.tasks.send_password_reset_email"]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Đặt lại mật khẩu tài khoản Xứ Quảng Market"
    link = re.search(r"http://testserver(/tai-khoan/dat-lai-mat-khau/\S+/)", message.body).group(1)

    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Banh-trang-Hai-An-9", "new_password2": "Banh-trang-Hai-An-9"},
    )
    assert response.url == reverse("accounts:password_reset_complete")
    lan.refresh_from_db()
    assert lan.check_password("Banh-trang-Hai-An-9")
    assert not client.get(link, follow=True).context["validlink"]  # used once


def test_password_reset_for_an_unknown_email_sends_nothing_and_says_the_same(client, db):
    response = client.post(reverse("accounts:password_reset"), {"email": "ai-do@example.com"})
    assert response.url == reverse("accounts:password_reset_done")
    assert run_deferred_jobs() == []
    assert mail.outbox == []


# --- address book -----------------------------------------------------------------------------------------------


def test_addresses_are_checked_like_checkout_and_one_is_the_default(lan):
    first = _address(lan)
    second = _address(lan, street="5 Nguyễn Huệ", ward=BEN_THANH_WARD)
    assert (first.is_default, second.is_default) == (True, False)
    assert (second.shipping_ward, second.shipping_city) == ("Phường Bến Thành", "Thành phố Hồ Chí Minh")

    third = _address(lan, street="7 Hàm Nghi", make_default=True)
    first.refresh_from_db()
    assert not first.is_default and third.is_default
    assert Address.objects.filter(user=lan, is_default=True).count() == 1

    with pytest.raises(DomainError) as refused:
        _address(lan, ward="00001")
    assert refused.value.code == "invalid_ward"


def test_address_book_pages_add_edit_default_and_delete(client, lan):
    client.force_login(lan)
    response = client.post(
        reverse("accounts:address_add"),
        {"full_name": "Nguyễn Thị Lan", "phone": "0901234567", "street_address": "12 Lê Lợi", "ward_code": SAIGON_WARD},
    )
    assert response.url == reverse("accounts:addresses")
    home = Address.objects.get()
    client.post(
        reverse("accounts:address_add"),
        {
            "full_name": "Lan (cơ quan)",
            "phone": "0901234567",
            "street_address": "5 Nguyễn Huệ",
            "ward_code": BEN_THANH_WARD,
        },
    )
    office = Address.objects.exclude(pk=home.pk).get()
    client.post(reverse("accounts:address_make_default", args=[office.pk]))
    client.post(
        reverse("accounts:address_edit", args=[home.pk]),
        {"full_name": "Nguyễn Thị Lan", "phone": "0901234567", "street_address": "14 Lê Lợi", "ward_code": SAIGON_WARD},
    )
    home.refresh_from_db()
    office.refresh_from_db()
    assert (home.shipping_street_address, home.is_default, office.is_default) == ("14 Lê Lợi", False, True)

    client.post(reverse("accounts:address_delete", args=[office.pk]))
    home.refresh_from_db()
    assert home.is_default and not Address.objects.filter(pk=office.pk).exists()
    assert "14 Lê Lợi" in client.get(reverse("accounts:addresses")).content.decode()


def test_an_address_form_with_a_bad_ward_shows_the_error(client, lan):
    client.force_login(lan)
    response = client.post(
        reverse("accounts:address_add"),
        {"full_name": "Lan", "phone": "0901234567", "street_address": "12 Lê Lợi", "ward_code": "99999"},
    )
    assert response.status_code == 400 and response.context["form"].errors["ward_code"]
    assert not Address.objects.exists()


def test_another_shoppers_address_is_a_404_everywhere(client, lan, binh):
    theirs = _address(binh)
    client.force_login(lan)
    assert client.get(reverse("accounts:address_edit", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("accounts:address_delete", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("accounts:address_make_default", args=[theirs.pk])).status_code == 404
    assert Address.objects.filter(pk=theirs.pk, is_default=True).exists()
    assert "12 Lê Lợi" not in client.get(reverse("accounts:addresses")).content.decode()


def test_the_default_or_picked_address_pre_fills_checkout(client, lan, binh, variant):
    _address(lan)
    office = _address(lan, street="5 Nguyễn Huệ", ward=BEN_THANH_WARD)
    theirs = _address(binh, street="99 Pasteur")
    client.force_login(lan)
    client.post(reverse("checkout:add"), {"variant_id": variant.pk, "quantity": 1})

    initial = client.get(reverse("checkout:details")).context["form"].initial
    assert (initial["street_address"], initial["ward_code"], initial["email"]) == (
        "12 Lê Lợi",
        SAIGON_WARD,
        "lan@example.com",
    )
    page = client.get(reverse("checkout:details"))
    assert f"?address={office.pk}" in page.content.decode()
    picked = client.get(reverse("checkout:details") + f"?address={office.pk}").context["form"].initial
    assert (picked["street_address"], picked["ward_code"]) == ("5 Nguyễn Huệ", BEN_THANH_WARD)
    ignored = client.get(reverse("checkout:details") + f"?address={theirs.pk}").context["form"].initial
    assert ignored["street_address"] == "12 Lê Lợi"


# --- orders --------------------------------------------------------------------------------------------------------


def test_the_account_shows_the_shoppers_orders_and_404s_anyone_elses(client, lan, binh, place_order, variant):
    mine = place_order([(variant, 1)], email=lan.email, user=lan)
    theirs = place_order([(variant, 1)], email=binh.email, user=binh)
    client.force_login(lan)

    home = client.get(reverse("accounts:home")).content.decode()
    assert reverse("accounts:order", args=[mine.number]) in home
    assert reverse("accounts:order", args=[theirs.number]) not in home
    assert reverse("orders:list") in home

    response = client.get(reverse("accounts:order", args=[mine.number]))
    assert response.status_code == 200 and response.context["order"] == mine
    assert client.get(reverse("accounts:order", args=[theirs.number])).status_code == 404
    assert client.get(reverse("accounts:order", args=[999_999])).status_code == 404


def test_the_account_page_takes_the_same_queries_for_any_number_of_orders(
    client, lan, place_order, variant, django_assert_num_queries
):
    _address(lan)
    client.force_login(lan)
    place_order([(variant, 1)], email=lan.email, user=lan)
    # session with its user (one statement: marketplace/accounts/sessions.py), recent orders, default address
    with django_assert_num_queries(3):
        client.get(reverse("accounts:home"))
    for _ in range(3):
        place_order([(variant, 1)], email=lan.email, user=lan)
    with django_assert_num_queries(3):
        client.get(reverse("accounts:home"))


def test_a_manager_sees_a_shoppers_address_book_in_the_admin_read_only(client, lan):
    _address(lan)
    manager = create_user(email="quanly@example.com", password=PASSWORD, role=User.Role.MANAGER)
    client.force_login(manager)
    page = client.get(reverse("admin:accounts_user_change", args=[lan.pk]))
    assert page.status_code == 200
    assert "12 Lê Lợi" in page.content.decode()
    assert 'name="addresses-0-shipping_street_address"' not in page.content.decode()
