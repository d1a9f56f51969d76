"""Validated saves: every model check runs before a write, and its refusals come back as DomainError."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models

from marketplace.core.errors import DomainError


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
