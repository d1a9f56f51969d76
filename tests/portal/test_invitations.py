"""Step 1: a manager invites a member; the e-mailed link is signed, expires and works once."""

import re

import pytest
from django.core import mail, signing
from django.urls import reverse

from marketplace.accounts.models import ProducerInvitation, User
from marketplace.accounts.services import (
    INVITATION_VALIDITY,
    accept_invitation,
    invitation_token,
    invite_producer_member,
)
from marketplace.core.errors import DomainError
from tests.jobs import run_deferred_jobs

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def link_in(message) -> str:
    return re.search(r"http://testserver(/nha-san-xuat/loi-moi/\S+/)", message.body).group(1)


def invite_through_page(manager_client, producer, email="moi@htx.vn"):
    response = manager_client.post(reverse("portal:invite"), {"producer": producer.pk, "email": email})
    assert response.status_code == 302
    return response


def test_manager_invites_and_member_sets_password_and_lands_in_portal(manager_client, producer_a):
    invite_through_page(manager_client, producer_a, email="Moi@HTX.vn")
    assert mail.outbox == []  # a worker sends it
    assert run_deferred_jobs() == ["marketplace.accounts.tasks.send_invitation_email"]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["moi@htx.vn"]
    assert "HTX Cát Trắng" in message.subject
    assert "đặt mật khẩu" in message.body
    link = link_in(message)

    manager_client.logout()
    page = manager_client.get(link)
    assert page.status_code == 200
    assert "moi@htx.vn" in page.text
    response = manager_client.post(
        link, {"first_name": "Hoa", "last_name": "Lê", "password": PASSWORD, "password_again": PASSWORD}
    )
    assert response.status_code == 302 and response.url == reverse("portal:dashboard")
    user = User.objects.get(email="moi@htx.vn")
    assert (user.role, user.producer, user.is_staff, user.first_name) == ("producer", producer_a, False, "Hoa")
    assert user.check_password(PASSWORD)
    invitation = ProducerInvitation.objects.get()
    assert invitation.accepted_at is not None and invitation.user == user
    dashboard = manager_client.get(reverse("portal:dashboard"))
    assert dashboard.status_code == 200 and "HTX Cát Trắng" in dashboard.text


def test_a_used_link_is_refused_clearly(client, producer_a, manager):
    invite_producer_member(producer=producer_a, email="moi@htx.vn", invited_by=manager)
    run_deferred_jobs()
    link = link_in_path(mail.outbox[0])
    data = {"password": PASSWORD, "password_again": PASSWORD}
    assert client.post(link, data).status_code == 302
    client.logout()
    again = client.get(link)
    assert again.status_code == 400
    assert "đã được dùng" in again.text
    assert client.post(link, data).status_code == 400
    assert User.objects.filter(email="moi@htx.vn").count() == 1


def link_in_path(message) -> str:
    return re.search(r"(/nha-san-xuat/loi-moi/\S+/)", message.body).group(1)


def test_an_expired_link_is_refused(client, producer_a, manager, monkeypatch):
    invite_producer_member(producer=producer_a, email="moi@htx.vn", invited_by=manager)
    run_deferred_jobs()
    link = link_in_path(mail.outbox[0])
    # The signer reads the clock when checking: move it past the validity.
    real_time = signing.time.time
    monkeypatch.setattr(signing.time, "time", lambda: real_time() + INVITATION_VALIDITY.total_seconds() + 60)
    response = client.get(link)
    assert response.status_code == 400
    assert "hết hạn" in response.text
    assert client.post(link, {"password": PASSWORD, "password_again": PASSWORD}).status_code == 400
    assert not User.objects.filter(email="moi@htx.vn").exists()


def test_a_tampered_link_is_refused(client, producer_a, producer_b, manager):
    invitation = invite_producer_member(producer=producer_a, email="moi@htx.vn", invited_by=manager)
    token = invitation_token(invitation)
    _payload, signature = token.split(":", 1)
    forged = signing.b64_encode(b'{"id":1,"email":"x@y.vn"}').decode() + ":" + signature
    for bad in (forged, token[:-2] + "xx", "abc"):
        response = client.get(reverse("portal:accept_invitation", args=[bad]))
        assert response.status_code == 400
        assert "không hợp lệ" in response.text


def test_weak_password_is_refused_next_to_the_field(client, producer_a, manager):
    invitation = invite_producer_member(producer=producer_a, email="moi@htx.vn", invited_by=manager)
    link = reverse("portal:accept_invitation", args=[invitation_token(invitation)])
    response = client.post(link, {"password": "12345678", "password_again": "12345678"})
    assert response.status_code == 200
    assert "field-error" in response.text
    assert not User.objects.filter(email="moi@htx.vn").exists()
    mismatch = client.post(link, {"password": PASSWORD, "password_again": PASSWORD + "x"})
    assert "không giống nhau" in mismatch.text


def test_only_managers_invite(member_a, producer_a, client):
    with pytest.raises(DomainError) as refused:
        invite_producer_member(producer=producer_a, email="moi@htx.vn", invited_by=member_a)
    assert refused.value.code == "not_manager"
    client.force_login(member_a)
    assert client.get(reverse("portal:invite")).status_code == 404


def test_an_address_with_an_account_is_not_invited(manager, member_a, producer_a):
    with pytest.raises(DomainError) as refused:
        invite_producer_member(producer=producer_a, email="A@htx.vn", invited_by=manager)
    assert refused.value.code == "email_taken"


def test_two_acceptances_of_one_link_make_one_account(producer_a, manager):
    token = invitation_token(invite_producer_member(producer=producer_a, email="moi@htx.vn", invited_by=manager))
    accept_invitation(token=token, password=PASSWORD)
    with pytest.raises(DomainError) as refused:
        accept_invitation(token=token, password=PASSWORD)
    assert refused.value.code == "invitation_used"


def test_the_invitation_page_lists_waiting_accepted_and_lapsed_invitations(manager_client, producer_a, manager):
    waiting = invite_producer_member(producer=producer_a, email="cho@htx.vn", invited_by=manager)
    accepted = invite_producer_member(producer=producer_a, email="nhan@htx.vn", invited_by=manager)
    accept_invitation(token=invitation_token(accepted), password=PASSWORD)
    old = invite_producer_member(producer=producer_a, email="cu@htx.vn", invited_by=manager)
    ProducerInvitation.objects.filter(pk=old.pk).update(created_at=old.created_at - INVITATION_VALIDITY)
    text = manager_client.get(reverse("portal:invite")).text
    rows = {email: text[text.index(email) :].split("</li>")[0] for email in (waiting.email, "nhan@htx.vn", "cu@htx.vn")}
    assert "Đang chờ" in rows["cho@htx.vn"]
    assert "Đã nhận lời" in rows["nhan@htx.vn"]
    assert "Hết hạn" in rows["cu@htx.vn"]


def test_the_admin_invite_link_names_the_producer_with_the_same_parameter_as_the_statement_link(
    manager_client, producer_a
):
    listing = manager_client.get("/admin/producers/producer/").text
    link = f"{reverse('portal:invite')}?producer={producer_a.pk}"
    assert link in listing
    page = manager_client.get(link).text
    assert re.search(rf'<option value="{producer_a.pk}" selected>', page)
