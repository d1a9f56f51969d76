"""Our msgids are Vietnamese; a Vietnamese msgid that is also one of Django's English msgids (\"Thu\" is its
Thursday) is shown in Django's Vietnamese instead of ours. A context (`pgettext`, `{% translate … context … %}`)
keeps such a word ours; this test finds every one that lacks it. The other way round, Django's newer English words that
its Vietnamese catalogue lacks are translated in locale/vi/."""

import gettext
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.utils.text import camel_case_to_spaces
from django.utils.translation import trans_real

# English msgids we use on purpose with Django's own Vietnamese: the admin's breadcrumb, a language's name, and the
# words of Django's app list that marketplace/core/django_templates/admin/app_list.html keeps.
BORROWED_FROM_DJANGO = {
    "Home",
    "English",
    "Model name",
    "Add link",
    "Change or view list link",
    "Add",
    "View",
    "Change",
    "You don’t have permission to view or edit anything.",
}


def our_msgids() -> set[str]:
    compiled = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.mo"
    with compiled.open("rb") as file:
        catalogue = gettext.GNUTranslations(file)._catalog
    # Plural entries are keyed (msgid, n); entries with a context carry it before "\x04" and cannot collide.
    return {key[0] if isinstance(key, tuple) else key for key in catalogue} - {""}


def test_no_msgid_of_ours_is_translated_by_djangos_vietnamese_catalogue():
    django_vietnamese = trans_real.translation("vi")._catalog
    collisions = {
        msgid: django_vietnamese[msgid]
        for msgid in our_msgids() - BORROWED_FROM_DJANGO
        if msgid in django_vietnamese and django_vietnamese[msgid] != msgid
    }
    assert collisions == {}, "give these msgids a context (pgettext): " + repr(collisions)


ENGLISH_LEFT_BY_DJANGO = ["Skip to main content", "Toggle theme", "Show counts", "Hide counts", "Toggle navigation"]


@pytest.mark.django_db
def test_the_admin_speaks_vietnamese_where_djangos_catalogue_is_silent(admin_client):
    page = admin_client.get("/admin/orders/order/").content.decode()
    assert [english for english in ENGLISH_LEFT_BY_DJANGO if english in page] == []
    assert "Chuyển tới nội dung chính" in page and "Hiện số lượng" in page


def our_models():
    return [model for model in apps.get_models() if model.__module__.startswith(("marketplace.", "inventory."))]


def test_every_model_and_field_of_ours_has_a_vietnamese_name():
    """Django makes "order event" and "Order" from a class or field name: English headings in the admin."""
    unnamed = []
    for model in our_models():
        meta = model._meta
        if (
            meta.verbose_name == camel_case_to_spaces(model.__name__)
            or meta.verbose_name_plural == f"{meta.verbose_name}s"
        ):
            unnamed.append(model.__name__)
        unnamed += [
            f"{model.__name__}.{field.name}"
            for field in meta.get_fields()
            if not field.auto_created
            and getattr(field, "verbose_name", None) == field.name.replace("_", " ")
            and field.name != "email"
        ]
    assert unnamed == []
