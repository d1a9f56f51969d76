"""The write path for producers (OCOP "chủ thể")."""

from django.db import transaction

from marketplace.core.persist import text_block, unique_slug, validated_save
from marketplace.core.text import nfc
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
