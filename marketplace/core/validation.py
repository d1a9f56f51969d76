"""Validated saves: every model check runs before a write, and its refusals come back as DomainError."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.translation import gettext as _

from marketplace.core.errors import DomainError
from marketplace.core.text import nfc


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


def refuse_nul(value: str, *, field: str) -> None:
    """PostgreSQL refuses NUL in text: refused here first, as the typist's error rather than a failed write."""
    if "\x00" in value:
        raise DomainError(_("Chữ không được chứa ký tự rỗng (NUL)."), code="invalid", field=field)


def checked_text(value: str, *, field: str, max_length: int) -> str:
    """A line of text a person typed, in NFC, or a DomainError: PostgreSQL refuses NUL in text, and a value kept
    as JSON (a proposed change) skips the column's own length check."""
    refuse_nul(value, field=field)
    text = nfc(value)
    if len(text) > max_length:
        raise DomainError(
            _("Tối đa %(limit)d ký tự (đang có %(count)d).") % {"limit": max_length, "count": len(text)},
            code="max_length",
            field=field,
        )
    return text
