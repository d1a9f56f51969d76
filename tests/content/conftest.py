"""Content fixtures: the demo's own pages and menus, made through the content services."""

import pytest

from marketplace.accounts.services import create_user
from marketplace.content import services
from marketplace.demo import content as demo_content
from marketplace.producers.services import create_producer

PASSWORD = "mat-khau-dai-123"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def policy_type(db):
    return services.create_page_type(name="Chính sách", slug="chinh-sach")


def make_demo_page(slug: str, page_type, **changes):
    spec = next(spec for spec in demo_content.PAGES if spec.slug == slug)
    page = services.create_page(
        page_type=page_type,
        title=spec.title,
        slug=spec.slug,
        content=spec.content,
        seo_description=spec.seo_description,
        is_published=True,
        **changes,
    )
    services.set_page_translation(page=page, language_code="en", title=spec.title_en, content=spec.content_en)
    return page


@pytest.fixture
def returns_page(policy_type):
    return make_demo_page("doi-tra", policy_type)


@pytest.fixture
def manager(db):
    return create_user(email="quanly@xuquang.vn", password=PASSWORD, role="manager", first_name="Minh")


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


@pytest.fixture
def producer_client(client, db):
    producer = create_producer(name="HTX Cát Trắng", legal_form="cooperative")
    member = create_user(email="member@cattrang.vn", password=PASSWORD, role="producer", producer=producer)
    client.force_login(member)
    return client
