"""The back office's client for the orders tests: a manager with the orders app's permissions, signed in."""

import pytest
from django.contrib.auth.models import Permission


@pytest.fixture
def manager_client(client, django_user_model):
    manager = django_user_model.objects.create_user(
        username="quanly", email="quanly@example.com", password="x-pass-123", role="manager", is_staff=True
    )
    manager.user_permissions.set(Permission.objects.filter(content_type__app_label="orders"))
    client.force_login(manager)
    return client
