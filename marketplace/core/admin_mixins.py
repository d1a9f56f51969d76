"""Pieces shared by the admin pages of several apps."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from marketplace.core.money import format_vnd


class CreateThroughServiceMixin:
    """A ModelAdmin whose add page creates the object with the app's create service.

    The form still validates the fields (the same model checks the service runs), so the manager sees errors
    next to the fields; the service then adds what it owns, such as a slug made from the name when left empty.
    Edits of existing objects are saved by the admin as usual.
    """

    # create_service(**fields, slug=None) -> the saved object
    create_service = None
    create_fields: list[str] | None = None  # the form fields passed to it; None for all of them

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "slug" and field is not None:
            field.required = False
            field.help_text = _("Để trống để tạo tự động từ tên.")
        return field

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        names = self.create_fields if self.create_fields is not None else form.cleaned_data.keys()
        values = {name: form.cleaned_data[name] for name in names if name != "slug"}
        created = type(self).create_service(**values, slug=form.cleaned_data.get("slug") or None)
        # The inline formsets hold `obj` (the form's instance) as their parent: it becomes the saved row.
        for field in obj._meta.concrete_fields:
            if not field.generated:  # computed by the database, and not loaded after an insert
                setattr(obj, field.attname, getattr(created, field.attname))
        obj._state.adding = False
        obj._state.db = created._state.db
        return None


class UpdateThroughServiceMixin:
    """A ModelAdmin whose change page saves the object with the app's update service.

    The service gets the changed fields only, under the keyword of the model's name (`producer=…`), so what a
    change sets off runs for the admin too: renaming a producer or a category reindexes its products' search
    keys. A slug left empty keeps the one the object has.
    """

    # update_service(<model name>=obj, **changed fields) -> the saved object
    update_service = None

    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        values = {name: form.cleaned_data[name] for name in form.changed_data if name in form.cleaned_data}
        if not values.get("slug", True):
            del values["slug"]
        updated = type(self).update_service(**{obj._meta.model_name: obj}, **values)
        for field in obj._meta.concrete_fields:
            setattr(obj, field.attname, getattr(updated, field.attname))
        return None


def vnd_display(model, field_name: str):
    """An admin column or read-only field showing a model's whole-đồng amount as "150.000 ₫".

    Assign it to a ModelAdmin attribute and name that attribute in list_display, fields or fieldsets.
    """

    @admin.display(description=model._meta.get_field(field_name).verbose_name, ordering=field_name)
    def show(*args):
        # Bound as a method of the ModelAdmin (self, obj) or used as a plain callable (obj).
        value = getattr(args[-1], field_name)
        return "" if value is None else format_vnd(value)

    return show
