"""Pieces shared by the admin pages of several apps."""

from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from marketplace.core.errors import DomainError
from marketplace.core.money import format_vnd


class KeysOnlyAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete box looks the submitted value up again to show it; a value that is no key at all
    ("²") makes that lookup raise instead of showing the form's error. Such a value is shown as nothing chosen."""

    def optgroups(self, name, value, attr=None):
        key = self.field.target_field

        def is_key(candidate):
            try:
                key.get_prep_value(key.to_python(candidate))
            except (TypeError, ValueError, ValidationError):
                return False
            return True

        return super().optgroups(name, [candidate for candidate in value if is_key(candidate)], attr)


class SafeAutocompleteMixin:
    """A ModelAdmin whose autocomplete_fields survive hostile input (see KeysOnlyAutocompleteSelect)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = KeysOnlyAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class SaveThroughServiceMixin:
    """A ModelAdmin whose add page creates the object with the app's create service, and whose change page (and
    list_editable columns) save it with the app's update service.

    The form still validates the fields (the same model checks the services run), so the manager sees errors
    next to the fields; the services then add what they own, such as a slug made from the name when left empty,
    normalised text and the history of the change.
    """

    # create_service(**fields) -> the saved object; an empty slug is passed as None
    create_service = None
    create_fields: list[str] | None = None  # the form fields passed to it; None for all of them

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "slug" and field is not None:
            field.required = False
            field.help_text = _("Để trống để tạo tự động từ tên.")
        return field

    def update_through_service(self, obj, user, fields: dict):
        """Save the fields that changed with the app's update service; returns the saved object."""
        raise NotImplementedError

    def changeform_view(self, request, *args, **kwargs):
        # The form checks what the model checks; a refusal only the service can make (a rule on other rows, a
        # race) arrives during the save. The admin's transaction is undone by then: say why, and show the page again.
        try:
            return super().changeform_view(request, *args, **kwargs)
        except DomainError as refused:
            self.message_user(request, refused.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def changelist_view(self, request, extra_context=None):
        try:
            return super().changelist_view(request, extra_context)
        except DomainError as refused:
            self.message_user(request, refused.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        if change:
            changed = {name: form.cleaned_data[name] for name in form.changed_data}
            if "slug" in changed and not changed["slug"]:
                del changed["slug"]  # left empty: the slug stays (links to the page keep working)
            saved = self.update_through_service(obj, request.user, changed) if changed else obj
        else:
            names = self.create_fields if self.create_fields is not None else form.cleaned_data.keys()
            values = {name: form.cleaned_data[name] for name in names}
            if "slug" in values:
                values["slug"] = values["slug"] or None  # the service makes one from the name
            saved = type(self).create_service(**values)
        # The inline formsets hold `obj` (the form's instance) as their parent: it becomes the saved row.
        for field in obj._meta.concrete_fields:
            if not field.generated:  # computed by the database, and not loaded after an insert
                setattr(obj, field.attname, getattr(saved, field.attname))
        obj._state.adding = False
        obj._state.db = saved._state.db


def save_formset_through_services(formset, *, create, update, delete) -> None:
    """Save an inline formset's rows with services instead of model saves: create(cleaned_data) for a new row,
    update(instance, changed values) for a changed one, delete(instance) for a removed one.

    The admin saves the page in one transaction, so a refusal leaves the whole page unsaved.
    """
    formset.save(commit=False)  # works out new, changed and deleted rows without writing them
    for instance in formset.deleted_objects:
        delete(instance)
    form_of = {id(form.instance): form for form in formset.initial_forms}
    for instance, changed in formset.changed_objects:
        form = form_of[id(instance)]
        update(instance, {name: form.cleaned_data[name] for name in changed})
    formset.new_objects = [
        create(form.cleaned_data)
        for form in formset.extra_forms
        if form.has_changed() and not formset._should_delete_form(form)
    ]


class ReadOnlyAdminMixin:
    """Lists and detail pages only: the rows are written by the services (the till, the stock pages, checkout),
    never by hand. For a ModelAdmin or an inline."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    """A document's lines shown under it, every listed field read-only."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields


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
