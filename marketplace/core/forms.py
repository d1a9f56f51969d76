"""How every page shows a service's refusal: next to the field it names, or above the form."""

from django.core.exceptions import ValidationError

from marketplace.core.errors import DomainError


def add_domain_error(form, error: DomainError, *, field_map: dict[str, str] | None = None) -> None:
    """Put the refusal on the form's field of that name (field_map renames the service's field to the form's)."""
    field = (field_map or {}).get(error.field, error.field)
    form.add_error(field if field in form.fields else None, error.message)


def as_validation_error(error: DomainError) -> ValidationError:
    """The refusal as a form field's own error, for a clean_<field> method that asks a service's check."""
    return ValidationError(error.message, code=error.code)
