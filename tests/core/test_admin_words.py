"""What a manager reads around the admin: the sign-in asks for what staff really type."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_the_admin_sign_in_asks_for_the_email(client):
    page = client.get(reverse("admin:login")).content.decode()
    assert "Tên đăng nhập" not in page
    assert '<label for="id_username" class="required">Email:</label>' in page
