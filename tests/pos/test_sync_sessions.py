"""The till's sale sync signs in through the session read together with its user (marketplace/accounts/sessions.py):
one statement instead of two, and still refused at once when the session or the account is revoked."""

import uuid

import pytest
from django.contrib.auth import SESSION_KEY
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inventory.pos.models import Sale
from inventory.pos.services import open_cash_session
from marketplace.accounts import sessions
from tests.pos.test_views import post_json, sale_payload

URL = reverse("pos:record_sale", args=["kiosk-hoi-an"])


@pytest.fixture
def till(client, hoi_an, staff_hoi_an, stocked):
    """The Hội An till signed in with the staff's password, its cash session open, one sale already synced (so
    this process has read the session once, as a till's process has after its first sale)."""
    open_cash_session(kiosk=hoi_an, staff=staff_hoi_an, opening_float=0)
    sign_in(client, "lan.hoian")
    return client


def sign_in(client, username):
    """Through the POS sign-in page, as a till does (with the sign-in throttle's backend)."""
    landed = client.post(reverse("pos:login"), {"username": username, "password": "mat-khau-123"})
    assert landed.status_code == 302 and SESSION_KEY in client.session


def sell(client, variant):
    return post_json(client, URL, sale_payload(variant))


def test_the_first_sale_of_a_process_reads_session_and_user_then_one_statement_does(till, fish_sauce):
    assert sell(till, fish_sauce).status_code == 200  # the process reads the kiosk and the customer once
    sessions._USER_HINTS.clear()  # a worker that never saw this till
    with CaptureQueriesContext(connection) as first:
        assert sell(till, fish_sauce).status_code == 200
    with CaptureQueriesContext(connection) as second:
        assert sell(till, fish_sauce).status_code == 200
    assert (len(first), len(second)) == (2 + 2 + 2, 1 + 2 + 2)
    joined = second.captured_queries[0]["sql"]
    assert '"django_session"' in joined and '"accounts_user"' in joined
    assert Sale.objects.filter(staff__username="lan.hoian").count() == 3


def test_signing_out_revokes_the_cookie_a_till_kept(till, fish_sauce):
    assert sell(till, fish_sauce).status_code == 200  # the hint for this session is known
    stolen = Client()
    stolen.cookies = till.cookies.__class__(till.cookies)  # a copy of the till's cookies, taken before sign-out
    assert sell(stolen, fish_sauce).status_code == 200
    till.post(reverse("pos:logout"))
    refused = sell(stolen, fish_sauce)
    assert refused.status_code == 302 and refused.url.startswith(reverse("pos:login"))
    assert Sale.objects.count() == 2


def test_a_deactivated_account_is_refused_on_its_next_sale(till, fish_sauce, staff_hoi_an):
    assert sell(till, fish_sauce).status_code == 200
    staff_hoi_an.is_active = False
    staff_hoi_an.save(update_fields=["is_active"])
    refused = sell(till, fish_sauce)
    assert refused.status_code == 302 and refused.url.startswith(reverse("pos:login"))
    assert Sale.objects.count() == 1


def test_a_changed_password_signs_the_till_out(till, fish_sauce, staff_hoi_an):
    assert sell(till, fish_sauce).status_code == 200
    staff_hoi_an.set_password("mat-khau-moi-456")
    staff_hoi_an.save(update_fields=["password"])
    refused = sell(till, fish_sauce)
    assert refused.status_code == 302 and refused.url.startswith(reverse("pos:login"))
    assert Sale.objects.count() == 1


def test_a_stale_hint_never_lends_another_users_row(till, fish_sauce, manager, staff_hoi_an):
    """Were the hint wrong, the joined row is another user's: the session's own data decides, and the sale is
    recorded as the staff who signed in, never as the manager whose row the statement read."""
    assert sell(till, fish_sauce).status_code == 200
    session_key = till.cookies["sessionid"].value
    sessions._USER_HINTS[session_key] = str(manager.pk)
    assert sell(till, fish_sauce).status_code == 200
    assert set(Sale.objects.values_list("staff__username", flat=True)) == {"lan.hoian"}
    assert sessions._USER_HINTS[session_key] == str(staff_hoi_an.pk)  # corrected by the session's data


def test_staff_of_another_kiosk_are_refused_with_a_warm_session(client, tam_ky, staff_tam_ky, stocked, fish_sauce):
    sign_in(client, "binh.tamky")
    for _attempt in range(2):  # cold, then with the joined statement
        answer = sell(client, fish_sauce)
        assert answer.status_code == 403
    assert not Sale.objects.exists()


def test_an_unknown_or_forged_session_cookie_is_anonymous(client, fish_sauce, stocked, staff_hoi_an):
    forged = "x" * 32
    sessions._USER_HINTS[forged] = str(staff_hoi_an.pk)  # even a hint for it signs no one in
    client.cookies["sessionid"] = forged
    answer = sell(client, fish_sauce)
    assert answer.status_code == 302 and answer.url.startswith(reverse("pos:login"))
    assert not Sale.objects.exists()


def test_the_hints_are_bounded(till, fish_sauce, monkeypatch):
    monkeypatch.setattr(sessions, "MAX_HINTS", 3)
    sessions._USER_HINTS.clear()
    sessions._USER_HINTS.update({str(uuid.uuid4()): "1" for _n in range(3)})
    assert sell(till, fish_sauce).status_code == 200
    assert list(sessions._USER_HINTS) == [till.cookies["sessionid"].value]
    assert sessions._USER_HINTS[till.cookies["sessionid"].value] == till.session[SESSION_KEY]
