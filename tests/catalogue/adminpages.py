"""Helpers for driving Django admin pages in tests."""

from django.db import connection
from django.db.models.fields.files import FieldFile
from django.test.utils import CaptureQueriesContext


def form_data(response) -> dict:
    """The POST body a browser would send back for an admin change or add page, unchanged."""
    data = {}

    def add(form):
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue  # an unchecked box or an empty choice sends nothing
            if isinstance(value, FieldFile):
                continue  # a browser sends no file back for a file already stored (or none)
            data[form.add_prefix(name)] = "on" if value is True else value

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        add(formset.management_form)
        for form in formset.forms:
            add(form)
    return data


def query_count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)
