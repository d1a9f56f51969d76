"""The write path for producers (OCOP "chủ thể")."""

from django.db import transaction
from django.utils.translation import gettext as _

from marketplace.catalogue.services import reindex_products
from marketplace.core.errors import DomainError
from marketplace.core.slugs import unique_slug
from marketplace.core.text import nfc, text_block
from marketplace.core.validation import validated_save
from marketplace.producers.models import Producer

# Free text that may span several lines keeps its line breaks; every other text field is folded to one line.
_MULTILINE_FIELDS = {"story"}


def _normalised(field_name: str, value):
    if not isinstance(value, str):
        return value
    return text_block(value) if field_name in _MULTILINE_FIELDS else nfc(value)


@transaction.atomic
def create_producer(**fields) -> Producer:
    """Create a producer from model field values; the slug comes from the name unless given."""
    values = {name: _normalised(name, value) for name, value in fields.items()}
    if not values.get("slug"):
        values["slug"] = unique_slug(Producer, values.get("name", ""), fallback="chu-the")
    return validated_save(Producer(**values))


@transaction.atomic
def update_producer(*, producer: Producer, **fields) -> Producer:
    """A manager changes a producer's record; renaming it refreshes the search keys of its products, which
    hold the producer's name."""
    producer = Producer.objects.select_for_update().get(pk=producer.pk)
    old_name = producer.name
    for name, value in fields.items():
        setattr(producer, name, _normalised(name, value))
    validated_save(producer)
    if producer.name != old_name:
        reindex_products(producer.products.all())
    return producer


# What a producer's member may change about their own producer; the rest (name, tax code, commission) is the
# programme's business.
PROFILE_FIELDS = ("contact_name", "phone", "email", "street_address", "story")


@transaction.atomic
def update_producer_profile(*, producer, user, **fields) -> Producer:
    """A member (or a manager) updates the producer's contact details and story."""
    if not (getattr(user, "is_manager", False) or getattr(user, "producer_id", None) == producer.pk):
        raise DomainError(_("Bạn không quản lý hồ sơ của chủ thể này."), code="not_member")
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise DomainError(_("Không sửa được trường này."), code="not_editable", field=sorted(unknown)[0])
    producer = Producer.objects.select_for_update().get(pk=producer.pk)
    for name, value in fields.items():
        setattr(producer, name, _normalised(name, value))
    return validated_save(producer)
