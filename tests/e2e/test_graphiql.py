"""GraphiQL on a developer's machine (DEBUG): it loads from our own static files, with no CDN, under the site's
content security policy (the open_page fixture fails the test on anything the policy blocks), introspects the
schema and runs a query; the limits answer in it like anywhere else."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_graphiql_runs_offline_under_the_policy_when_debug(open_page, live_site, settings, screenshot):
    settings.DEBUG = True
    page = open_page()
    outside = []
    page.on(
        "request", lambda request: outside.append(request.url) if not request.url.startswith(live_site.url) else None
    )
    page.goto("/graphql/")
    expect(page.locator(".graphiql-container")).to_be_visible()
    editor = page.locator(".graphiql-query-editor .CodeMirror").first
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("{ products(first: 101) { totalCount ")
    page.keyboard.press("Control+Enter")
    expect(page.locator(".graphiql-response")).to_contain_text("PageSizeError")
    screenshot(page, "graphiql-page-size-error")
    # The schema came from introspection: the documentation explorer lists the root fields.
    page.get_by_label("Show Documentation Explorer").click()
    page.locator(".graphiql-doc-explorer a", has_text="Query").first.click()
    expect(page.locator(".graphiql-doc-explorer")).to_contain_text("products")
    screenshot(page, "graphiql-docs")
    assert outside == []


def test_production_has_no_graphiql(page, settings):
    settings.DEBUG = False
    response = page.goto("/graphql/")
    assert response.status == 400
    assert response.headers["content-type"].startswith("application/json")
    assert "extensions" in page.content()
