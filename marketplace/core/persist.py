"""Helpers services use to write models: validated saves that speak DomainError, and unique slugs."""

import unicodedata

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.text import slugify

from marketplace.core.errors import DomainError
from marketplace.core.text import plain_key


def domain_error_from(error: ValidationError) -> DomainError:
    """The first message of a ValidationError as a DomainError naming the field it belongs to."""
    if hasattr(error, "error_dict"):
        field, errors = next(iter(error.error_dict.items()))
        first = errors[0]
        field = None if field == NON_FIELD_ERRORS else field
    else:
        field, first = None, error.error_list[0]
    message = next(iter(first))  # iterating a single ValidationError renders its params into the message
    return DomainError(message, code=first.code or "invalid", field=field)


def validated_save(instance: models.Model, *, exclude=None) -> models.Model:
    """Run every model check (fields, clean, unique and check constraints) before saving.

    The database constraints remain the last word; this turns the common refusals into Vietnamese messages.
    """
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as error:
        raise domain_error_from(error) from error
    instance.save()
    return instance


def text_block(value: str) -> str:
    """Multi-line text (descriptions, stories) in NFC with outer blank space trimmed; line breaks are kept."""
    return unicodedata.normalize("NFC", value or "").strip()


def unique_slug(model: type[models.Model], text: str, *, field: str = "slug", fallback: str = "muc") -> str:
    """A slug from the text without diacritics ("Nước mắm" → "nuoc-mam"), numbered if already taken."""
    max_length = model._meta.get_field(field).max_length
    base = slugify(plain_key(text))[: max_length - 8].strip("-") or fallback
    taken = set(model._default_manager.filter(**{f"{field}__startswith": base}).values_list(field, flat=True))
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate
