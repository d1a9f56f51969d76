"""Sign-in throttling (django-axes) on every face: the shop, the till, the producer portal and the admin.

After AXES_FAILURE_LIMIT wrong passwords for one username (or XQ_LOGIN_ADDRESS_FAILURE_LIMIT from one address)
the sign-in answers 429 with a Vietnamese message, even to the right password; after the cool-off, or once a
manager lifts the lock, the right password works again.
"""

import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from inventory import locations
from inventory.models import Warehouse
from marketplace.accounts.models import User
from marketplace.accounts.services import create_user
from marketplace.producers.services import create_producer

pytestmark = pytest.mark.django_db

PASSWORD = "Ca-phe-sua-da-2026"
LOCKED = "Đăng nhập sai quá nhiều lần"


@pytest.fixture(autouse=True)
def throttling(settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.XQ_LOGIN_ADDRESS_FAILURE_LIMIT = 20
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    settings.XQ_TRUSTED_PROXY_COUNT = 0


def _shopper():
    return create_user(email="lan@example.com", password=PASSWORD, role=User.Role.SHOPPER)


def _kiosk_staff():
    kiosk = Warehouse.objects.get(slug=locations.KIOSK_HOI_AN)
    return create_user(email="thu.ngan@example.com", password=PASSWORD, role=User.Role.KIOSK_STAFF, kiosk=kiosk)


def _producer_member():
    producer = create_producer(name="HTX Cát Trắng", legal_form="cooperative", tax_code="4000111222")
    return create_user(email="htx@example.com", password=PASSWORD, role=User.Role.PRODUCER, producer=producer)


def _manager():
    return create_user(email="quanly@example.com", password=PASSWORD, role=User.Role.MANAGER)


# Each face: its sign-in URL, the account that signs in there, and where the right password leads.
FACES = {
    "storefront": ("accounts:login", _shopper, "accounts:home"),
    "pos": ("pos:login", _kiosk_staff, "pos:home"),
    "portal": ("portal:login", _producer_member, "portal:dashboard"),
    "admin": ("admin:login", _manager, "admin:index"),
}


def _sign_in(client, url, username, password, **extra):
    data = {"username": username, "password": password}
    if url == reverse("admin:login"):
        data["next"] = reverse("admin:index")
    return client.post(url, data, **extra)


@pytest.mark.parametrize("face", FACES)
def test_repeated_failures_lock_the_account_until_the_cool_off_passes(client, settings, face):
    url_name, make_user, landing = FACES[face]
    url, user = reverse(url_name), make_user()

    for _attempt in range(4):
        refused = _sign_in(client, url, user.username, "sai-mat-khau")
        assert refused.status_code == 200  # the form again, with its error
        assert LOCKED not in refused.content.decode()
    fifth = _sign_in(client, url, user.username, "sai-mat-khau")
    assert fifth.status_code == 429
    assert LOCKED in fifth.content.decode()
    assert fifth["Retry-After"] == "900"

    right_but_locked = _sign_in(client, url, user.username, PASSWORD)
    assert right_but_locked.status_code == 429
    assert LOCKED in right_but_locked.content.decode()
    assert "_auth_user_id" not in client.session

    # The cool-off is shortened rather than waited for: the recorded failures are now older than it.
    settings.AXES_COOLOFF_TIME = timedelta(seconds=1)
    time.sleep(1.1)
    signed_in = _sign_in(client, url, user.username, PASSWORD)
    assert signed_in.status_code == 302
    assert signed_in["Location"] == reverse(landing)
    assert client.session["_auth_user_id"] == str(user.pk)


def test_the_lock_follows_the_username_from_any_address(client):
    user = _shopper()
    url = reverse("accounts:login")
    for attempt in range(5):
        _sign_in(client, url, user.username, "sai-mat-khau", REMOTE_ADDR=f"203.0.113.{attempt + 1}")

    elsewhere = _sign_in(client, url, user.username, PASSWORD, REMOTE_ADDR="198.51.100.7")

    assert elsewhere.status_code == 429


def test_an_address_trying_many_accounts_is_locked_at_its_own_larger_limit(client):
    user = _shopper()
    url = reverse("accounts:login")
    for attempt in range(19):  # one failure each for 19 different usernames: no username reaches its limit
        response = _sign_in(client, url, f"khach{attempt}@example.com", "sai-mat-khau", REMOTE_ADDR="203.0.113.9")
        assert response.status_code == 200
    assert _sign_in(client, url, user.username, PASSWORD, REMOTE_ADDR="203.0.113.9").status_code == 302
    client.logout()

    assert _sign_in(client, url, "khach99@example.com", "sai", REMOTE_ADDR="203.0.113.9").status_code == 429
    assert _sign_in(client, url, user.username, PASSWORD, REMOTE_ADDR="203.0.113.9").status_code == 429
    # Another address is not concerned, nor is this account.
    assert _sign_in(client, url, user.username, PASSWORD, REMOTE_ADDR="198.51.100.7").status_code == 302


def test_a_json_client_gets_a_json_error(client):
    user = _kiosk_staff()
    url = reverse("pos:login")
    for _attempt in range(5):
        response = _sign_in(client, url, user.username, "sai-mat-khau", HTTP_ACCEPT="application/json")

    assert response.status_code == 429
    error = response.json()["errors"][0]
    assert error["code"] == "locked_out"
    assert error["message"].startswith(LOCKED)


def test_behind_a_proxy_the_address_comes_from_x_forwarded_for_only_when_configured(client, settings):
    user = _shopper()
    url = reverse("accounts:login")

    # Not configured: the header is the client's to invent, so it is ignored.
    _sign_in(client, url, user.username, "sai", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert AccessAttempt.objects.get().ip_address == "10.0.0.2"

    # One proxy: the address it appended, not what the client put before it.
    settings.XQ_TRUSTED_PROXY_COUNT = 1
    _sign_in(client, url, user.username, "sai", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"10.0.0.2", "203.0.113.9"}


def test_a_manager_sees_and_lifts_a_lock_in_the_admin(client):
    user = _shopper()
    url = reverse("accounts:login")
    for _attempt in range(5):
        _sign_in(client, url, user.username, "sai-mat-khau")
    assert _sign_in(client, url, user.username, PASSWORD).status_code == 429

    manager = _manager()
    client.force_login(manager)
    changelist = client.get(reverse("admin:axes_accessattempt_changelist"), {"q": user.username})
    assert changelist.status_code == 200
    assert user.username in changelist.content.decode()
    attempt = AccessAttempt.objects.get(username=user.username)
    lifted = client.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"},
    )
    assert lifted.status_code == 302
    client.logout()

    assert _sign_in(client, url, user.username, PASSWORD).status_code == 302


def test_a_shopper_cannot_reach_the_lockout_list(client):
    client.force_login(_shopper())
    response = client.get(reverse("admin:axes_accessattempt_changelist"))
    assert response.status_code == 302  # to the admin's sign-in page
    assert response["Location"].startswith(reverse("admin:login"))
