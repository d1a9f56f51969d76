"""Unique slugs for rows named in Vietnamese."""

from django.db import models
from django.utils.text import slugify

from marketplace.core.text import plain_key


def unique_slug(model: type[models.Model], text: str, *, field: str = "slug", fallback: str = "muc") -> str:
    """A slug from the text without diacritics ("Nước mắm" → "nuoc-mam"), numbered if already taken."""
    max_length = model._meta.get_field(field).max_length
    base = slugify(plain_key(text))[: max_length - 8].strip("-") or fallback
    taken = set(model._default_manager.filter(**{f"{field}__startswith": base}).values_list(field, flat=True))
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate
